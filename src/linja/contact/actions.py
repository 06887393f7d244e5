"""Every change to the live contact centre goes through here: a call or chat arriving and
ending, an agent logging in, getting ready, pausing, answering. Each is one event for the
routing service (:mod:`linja.contact.service`), logged, routed and carried out at once."""

from __future__ import annotations

import uuid
from datetime import datetime

from linja.contact.models import Contact, Event
from linja.contact.service import SERVICE, Outcome
from linja.errors import LinjaError
from linja.orgs.models import Person
from linja.queues.models import Queue


def arrive(
    queue: Queue, *, caller: str = "", contact: str | None = None, priority: int | None = None,
    at: datetime | None = None, key: str | None = None, source: str = "",
) -> Outcome:  # fmt: skip
    """A contact entered ``queue`` (named ``contact``, or a new name)."""
    name = contact or f"c-{uuid.uuid4().hex[:12]}"
    if Contact.objects.filter(key=name).exists() and not (
        key and Event.objects.filter(key=key).exists()  # a repeat: the service answers it
    ):
        raise LinjaError(f"contact {name!r} has already arrived; a new contact needs a new name")
    data = {"contact": name, "queue": queue.code, "priority": priority, "caller": caller or None}
    return SERVICE.submit("arrived", data, at=at, key=key, source=source)


def contact_event(
    kind: str, contact: str, *, agent: Person | None = None, at: datetime | None = None,
    key: str | None = None, source: str = "",
) -> Outcome:  # fmt: skip
    """``abandoned`` or ``ended`` (no agent); ``accepted``, ``declined`` or
    ``not_answered`` (the agent it was offered to)."""
    data: dict[str, object] = {"contact": contact}
    if kind in ("accepted", "declined", "not_answered"):
        if agent is None:
            raise LinjaError(f"{kind}: which agent?")
        data["agent"] = agent.username
    return SERVICE.submit(kind, data, at=at, key=key, source=source)


def log_in(person: Person, *, at: datetime | None = None, auto_answer: bool = False,
           source: str = "") -> Outcome:  # fmt: skip
    """``person`` logs in to the queues they answer, with their skill levels; they start
    paused, until they say they are ready."""
    skills = {m.queue.code: m.level for m in person.memberships.select_related("queue")}
    if not skills:
        raise LinjaError(f"{person.username} answers no queue: a team lead adds them first")
    organisation = person.home.name if person.home else ""
    data = {"agent": person.username, "skills": skills, "organisation": organisation,
            "auto_answer": auto_answer}  # fmt: skip
    return SERVICE.submit("logged_in", data, at=at, source=source)


def ready(person: Person, *, at: datetime | None = None, source: str = "") -> Outcome:
    return SERVICE.submit("ready", {"agent": person.username}, at=at, source=source)


def pause(person: Person, reason: str, *, at: datetime | None = None,
          source: str = "") -> Outcome:  # fmt: skip
    return SERVICE.submit("paused", {"agent": person.username, "reason": reason}, at=at,
                          source=source)  # fmt: skip


def wrapup_done(person: Person, *, at: datetime | None = None, source: str = "") -> Outcome:
    return SERVICE.submit("wrapup_done", {"agent": person.username}, at=at, source=source)


def log_out(person: Person, *, at: datetime | None = None, source: str = "") -> Outcome:
    return SERVICE.submit("logged_out", {"agent": person.username}, at=at, source=source)
