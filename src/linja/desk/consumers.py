"""The agent desktop's websocket: the agent's parts, sent again when they change."""

from __future__ import annotations

from linja.contact.consumers import LiveParts
from linja.contact.live import agent_group
from linja.desk.parts import parts
from linja.orgs.models import Person


class DeskConsumer(LiveParts):
    every = 1.0  # the time in state and the offer's wait tick on

    def groups_for(self) -> list[str] | None:
        user = self.scope.get("user")
        if not isinstance(user, Person) or not user.is_authenticated:
            return None
        self.person = user
        return [agent_group(user.pk)]

    def parts(self) -> dict[str, str]:
        self.person.refresh_from_db(fields=["language"])
        return parts(self.person)
