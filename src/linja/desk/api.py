"""/api/v1/agent/: the agent desktop for programs — a softphone, a bot of `linja loadgen`.
The token's person is the agent; each call does what the desktop's button does, through
the same actions, and a step that does not fit the agent's state answers 409 with why."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from linja.contact import actions
from linja.contact.models import Contact
from linja.desk.parts import contact_for, desk_of
from linja.errors import LinjaError
from linja.orgs.models import Person

router = Router(tags=["agent"])


class AgentContactOut(Schema):
    contact: str = Field(description="the contact's name (key)")
    channel: str
    queue: str = Field(description="the queue it is in (or was answered from)")
    arrived_at: datetime
    caller: str | None = Field(description="the caller's pseudonymous key")


class AgentOut(Schema):
    agent: str
    state: Literal["logged_out", "ready", "offered", "busy", "wrapup", "paused"]
    reason: str | None
    since: datetime | None
    offer: AgentContactOut | None = Field(description="the contact offered to the agent")
    contact: AgentContactOut | None = Field(description="the contact the agent is in")
    wrapup: AgentContactOut | None = Field(description="the contact waiting for a resolution")


PauseReason = Literal["break", "lunch", "meeting", "training", "admin"]  # reasons.CHOSEN


class AgentPause(Schema):
    reason: PauseReason


class AgentWrapup(Schema):
    resolution: Literal["resolved", "unresolved", "pending"]
    note: str = Field("", max_length=4000)
    knowledge_used: bool | None = None


def _contact(c: Contact | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"contact": c.key, "channel": c.channel, "queue": c.current_queue.code,
            "arrived_at": c.arrived_at, "caller": c.caller or None}  # fmt: skip


def _person(request: HttpRequest) -> Person:
    person = request.user
    assert isinstance(person, Person)
    return person


def now_of(person: Person) -> dict[str, Any]:
    """The agent as the desktop shows them: state, offer, contact, wrap-up."""
    desk = desk_of(person)
    state = desk.state
    return {
        "agent": person.username, "state": state.state if state else "logged_out",
        "reason": (state.reason or None) if state else None,
        "since": state.since if state else None,
        "offer": _contact(desk.offer), "contact": _contact(desk.work),
        "wrapup": _contact(desk.wrapup),
    }  # fmt: skip


def _do(request: HttpRequest, run: Any) -> dict[str, Any]:
    try:
        run(_person(request))
    except LinjaError as exc:
        raise HttpError(409, exc.message) from None
    return now_of(_person(request))


def _on(request: HttpRequest, key: str, run: Any) -> dict[str, Any]:
    contact = contact_for(_person(request), key)
    if contact is None:
        raise HttpError(404, f"no contact {key!r} on the desk of {request.user}")
    return _do(request, lambda p: run(p, contact))


@router.get("", response=AgentOut)
def me(request: HttpRequest) -> Any:
    """The agent's state, the contact offered to them, the one they are in."""
    return now_of(_person(request))


@router.post("/login", response=AgentOut)
def log_in(request: HttpRequest) -> Any:
    """Log in to every queue the agent answers (paused, until ready)."""
    return _do(request, lambda p: actions.log_in(p, source="api"))


@router.post("/ready", response=AgentOut)
def ready(request: HttpRequest) -> Any:
    return _do(request, lambda p: actions.ready(p, source="api"))


@router.post("/pause", response=AgentOut)
def pause(request: HttpRequest, payload: AgentPause) -> Any:
    return _do(request, lambda p: actions.pause(p, payload.reason, source="api"))


@router.post("/logout", response=AgentOut)
def log_out(request: HttpRequest) -> Any:
    return _do(request, lambda p: actions.log_out(p, source="api"))


@router.post("/contacts/{key}/accept", response=AgentOut)
def accept(request: HttpRequest, key: str) -> Any:
    return _on(request, key, lambda p, c: actions.accept(p, c, source="api"))


@router.post("/contacts/{key}/decline", response=AgentOut)
def decline(request: HttpRequest, key: str) -> Any:
    return _on(request, key, lambda p, c: actions.decline(p, c, source="api"))


@router.post("/contacts/{key}/end", response=AgentOut)
def end(request: HttpRequest, key: str) -> Any:
    return _on(request, key, actions.end)


@router.post("/contacts/{key}/wrapup", response=AgentOut)
def wrap_up(request: HttpRequest, key: str, payload: AgentWrapup) -> Any:
    return _on(request, key, lambda p, c: actions.wrap_up(
        p, c, resolution=payload.resolution, note=payload.note,
        knowledge_used=payload.knowledge_used))  # fmt: skip
