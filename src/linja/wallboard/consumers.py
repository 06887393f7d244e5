"""The wallboard's websocket: every change in the contact centre, at most every second,
and the clock (times in state, longest wait) every two seconds."""

from __future__ import annotations

from linja.contact.consumers import LiveParts
from linja.contact.live import WALLBOARD
from linja.orgs.models import Person
from linja.wallboard.parts import parts


class WallboardConsumer(LiveParts):
    every = 2.0
    settle = 1.0

    def groups_for(self) -> list[str] | None:
        user = self.scope.get("user")
        if not isinstance(user, Person) or not user.is_authenticated:
            return None
        self.person = user
        return [WALLBOARD]

    def parts(self) -> dict[str, str]:
        self.person.refresh_from_db(fields=["language"])
        return parts(self.person)
