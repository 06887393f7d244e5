"""Routing events as the log keeps them: a kind and the event's fields as JSON.

The kinds are the event types of :mod:`linja.engine.routing.events`, named as the phone
adapter API and the agent desktop name them; the fields are the engine's own, so an event
read back from the log is exactly the event the router saw.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from linja.engine.routing import Timer
from linja.engine.routing import events as ev
from linja.errors import LinjaError

KINDS: dict[str, type[Any]] = {
    "arrived": ev.ContactArrived,
    "abandoned": ev.ContactAbandoned,
    "accepted": ev.OfferAccepted,
    "declined": ev.OfferDeclined,
    "not_answered": ev.OfferNotAnswered,
    "ended": ev.ContactEnded,
    "wrapup_done": ev.WrapupDone,
    "logged_in": ev.AgentLoggedIn,
    "ready": ev.AgentReady,
    "paused": ev.AgentPaused,
    "logged_out": ev.AgentLoggedOut,
    "timer_due": ev.TimerDue,
    "transfer": ev.TransferRequested,
    "callback": ev.CallbackRequested,
    "queue_open": ev.QueueOverride,
    "queue_message": ev.QueueMessage,
}


RECONFIGURED = "reconfigured"
"""Not an engine event: the queues' configuration changed (:mod:`linja.contact.follow`).
Its fields are the routing rules from then on (:mod:`linja.engine.routing.configdata`)."""


def seconds(at: datetime) -> float:
    """An instant as the router counts time: POSIX seconds."""
    return at.timestamp()


def instant(at: float) -> datetime:
    return datetime.fromtimestamp(at, UTC)


def build(kind: str, at: datetime, data: dict[str, Any]) -> Any:
    """The engine's event of ``kind`` at ``at`` with the fields ``data``."""
    cls = KINDS.get(kind)
    if cls is None:
        raise LinjaError(f"unknown event {kind!r}; expected one of {', '.join(KINDS)}")
    fields = [f for f in cls._fields if f != "at"]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise LinjaError(
            f"event {kind}: unknown field {unknown[0]!r}; expected {', '.join(fields)}"
        )
    values = dict(data)
    if cls is ev.TimerDue:
        values["timer"] = Timer(**values["timer"])
    try:
        return cls(seconds(at), **values)
    except TypeError as exc:
        raise LinjaError(f"event {kind}: {exc}") from None


def fields_of(event: Any) -> dict[str, Any]:
    """The JSON the log keeps of ``event`` (without its instant, kept beside it)."""
    data = {name: value for name, value in event._asdict().items() if name != "at"}
    if isinstance(event, ev.TimerDue):
        data["timer"] = timer_fields(event.timer)
    if isinstance(event, ev.AgentLoggedIn):
        data["skills"] = dict(event.skills)
    return data


def timer_fields(timer: Timer) -> dict[str, Any]:
    """A timer as the log keeps it (``build`` makes it a timer again)."""
    return {"at": timer.at, "kind": timer.kind, "subject": timer.subject, "ticket": timer.ticket}
