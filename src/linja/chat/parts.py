"""The citizen's chat page, in parts: where they are in the queue (position, expected
wait, the queue's messages) and the conversation."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from linja.contact.models import ChatSession, Contact
from linja.contact.service import SERVICE
from linja.queues.models import QueueText

PARTS = ("chat-status", "chat-messages", "chat-compose")


def queue_text(contact: Contact, key: str, language: str) -> str:
    text = QueueText.objects.filter(queue=contact.current_queue, key=key).first()
    return text.text(language) if text else ""


def context(session: ChatSession) -> dict[str, Any]:
    contact = Contact.objects.select_related("current_queue", "handler").get(pk=session.contact_id)
    language = session.language
    position, wait = SERVICE.place(contact.key)
    closed = contact.state == Contact.State.REJECTED
    return {
        "session": session, "contact": contact, "position": position, "wait": wait,
        "welcome": queue_text(contact, QueueText.Key.WELCOME, language),
        "queued": queue_text(contact, QueueText.Key.QUEUED, language),
        "incident": queue_text(contact, QueueText.Key.INCIDENT, language),
        "closed_text": queue_text(contact, QueueText.Key.CLOSED if contact.rejected_reason
                                  != "full" else QueueText.Key.FULL, language) if closed else "",
        "messages": list(contact.messages.filter(internal=False).select_related("author")),
        "agent_name": (contact.handler.first_name or contact.handler.username)
        if contact.handler else "",
    }  # fmt: skip


def parts(session: ChatSession) -> dict[str, str]:
    with translation.override(session.language):
        ctx = context(session)
        return {name: render_to_string(f"chat/{name}.html", ctx) for name in PARTS}
