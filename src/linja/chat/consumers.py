"""The citizen's chat websocket: their chat's parts, sent again when they change, and
every few seconds while they wait (their position moves as others are answered)."""

from __future__ import annotations

from linja.chat.parts import parts
from linja.contact.actions import chat_connected
from linja.contact.consumers import LiveParts
from linja.contact.live import contact_group
from linja.contact.models import ChatSession


class ChatConsumer(LiveParts):
    every = 3.0

    def groups_for(self) -> list[str] | None:
        secret = self.scope["url_route"]["kwargs"]["secret"]
        session = ChatSession.objects.filter(secret=secret).first()
        if session is None:
            return None
        self.session = session
        self.connected = False
        return [contact_group(session.contact_id)]

    def parts(self) -> dict[str, str]:
        if not self.connected:
            self.connected = True
            chat_connected(self.session, True)
        return parts(self.session)

    def gone(self) -> None:
        if getattr(self, "session", None) is not None:
            chat_connected(self.session, False)
