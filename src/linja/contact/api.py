"""/api/v1/phone/: the phone adapter API a telephony platform drives (docs/telephony.md).

Each step answers where the call is and what to do with it now (:class:`PhoneCallOut`). A step
that does not fit where the call is answers 409 and changes nothing; an unknown call or
service 404; a token that may not handle the service's calls 403.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from linja.contact import bots, phone, records
from linja.engine.records import records_csv
from linja.errors import LinjaError
from linja.orgs.access import visible
from linja.queues.models import Queue

router = Router(tags=["phone"])

Language = Literal["nb", "nn", "en"]
EventId = Field(
    min_length=1,
    max_length=150,
    description="the platform's id of this event: sent again, it changes nothing",
)


class PhoneCallOffered(Schema):
    event_id: str = EventId
    call_id: str = Field(min_length=1, max_length=100, description="the platform's call id")
    number: str | None = Field(None, max_length=40, description="the caller's number; Linja "
                               "keeps only a pseudonymous key of it")  # fmt: skip
    service: str = Field(
        min_length=1,
        max_length=40,
        description="the code of the phone menu (or queue) the number leads to",
    )
    at: datetime | None = Field(None, description="when it happened (default: now)")


class PhoneKey(Schema):
    event_id: str = EventId
    key: str = Field(pattern=r"^[0-9*#]$", description="the key the caller pressed")
    at: datetime | None = None


class PhoneAnswered(Schema):
    event_id: str = EventId
    agent: str = Field(min_length=1, max_length=150, description="username of the agent")
    at: datetime | None = None


class PhoneEnded(Schema):
    event_id: str = EventId
    at: datetime | None = None


class PhoneChoiceOut(Schema):
    key: str
    say: str


class PhoneCallOut(Schema):
    call_id: str
    state: Literal["menu", "waiting", "offered", "answered", "ended", "rejected"] = Field(
        description="menu: play `say` and the choices, read a key; waiting: play `say`, "
        "position and expected wait; offered: ring the agent `ring`; answered: connected to "
        "`agent`; rejected: play `say` and send the call to `transfer_to` (if any); ended"
    )
    say: str | None
    menu: str | None
    choices: list[PhoneChoiceOut]
    queue: str | None
    position: int | None
    expected_wait_seconds: float | None
    ring: str | None = Field(description="the agent to ring (username)")
    agent: str | None = Field(description="the agent who answered")
    transfer_to: str | None = Field(description="the number to send a rejected call to")
    problem: str | None = Field(description="why the last key led nowhere")
    repeated: bool = Field(description="true when this event_id had been sent before")


def _answer(step: phone.Step, language: str = "nb") -> dict[str, Any]:
    return phone.where_to(step.call, language) | {"repeated": step.repeated}


def _run(step: Any, language: str = "nb") -> dict[str, Any]:
    try:
        return _answer(step(), language)
    except phone.Conflict as exc:
        raise HttpError(409, exc.message) from None
    except phone.Forbidden as exc:
        raise HttpError(403, exc.message) from None
    except phone.NotFound as exc:
        raise HttpError(404, exc.message) from None


def _at(at: datetime | None) -> datetime | None:
    if at is None:
        return None
    return at if timezone.is_aware(at) else timezone.make_aware(at)


@router.post("/calls", response={201: PhoneCallOut})
def offer_call(request: HttpRequest, payload: PhoneCallOffered) -> Any:
    """A call reached the platform: where does it go first (a menu, or a queue)?"""
    answer = _run(
        lambda: phone.offered(
            request.user,
            payload.event_id,
            payload.call_id,
            payload.number,
            payload.service,
            _at(payload.at),
        )
    )
    return Status(201, answer)


@router.get("/calls/{call_id}", response=PhoneCallOut)
def where_to(request: HttpRequest, call_id: str, language: Language = "nb") -> Any:
    """Where the call is to go now: ask again while it waits (it may be ringing an agent)."""
    return _run(lambda: phone.current(request.user, call_id), language)


@router.post("/calls/{call_id}/choice", response=PhoneCallOut)
def menu_choice(request: HttpRequest, call_id: str, payload: PhoneKey) -> Any:
    """The caller pressed a key in the menu they hear."""
    return _run(lambda: phone.choice(request.user, payload.event_id, call_id, payload.key,
                                     _at(payload.at)))  # fmt: skip


@router.post("/calls/{call_id}/answered", response=PhoneCallOut)
def call_answered(request: HttpRequest, call_id: str, payload: PhoneAnswered) -> Any:
    """The agent the call rang at answered it."""
    return _run(lambda: phone.answered(request.user, payload.event_id, call_id, payload.agent,
                                       _at(payload.at)))  # fmt: skip


@router.post("/calls/{call_id}/ended", response=PhoneCallOut)
def call_ended(request: HttpRequest, call_id: str, payload: PhoneEnded) -> Any:
    """The call ended: hung up while waiting (abandoned), or after the conversation."""
    return _run(lambda: phone.ended(request.user, payload.event_id, call_id, _at(payload.at)))


# ---------------------------------------------------------------------- records, bots

records_router = Router(tags=["records"])
loadtest_router = Router(tags=["loadtest"])


EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)


class RecordsDays(Schema):
    first: date = Field(alias="from", description="the first day (Oslo time)")
    last: date = Field(alias="to", description="the last day, included")


@records_router.get("", response={200: None})
def contact_records(request: HttpRequest, days: Query[RecordsDays]) -> Any:
    """The contact records (DESIGN.md §4) of the queues the token sees, for contacts that
    arrived from ``from`` to ``to`` (Oslo days, both included), as canonical CSV — what
    `linja export records` writes. A ``to`` before ``from`` spans no day: the header only."""
    # to before from: no day, so no record; days outside 1900-9998 hold none either
    first = max(days.first, EARLIEST)
    last = min(days.last, LATEST)
    if last < first:
        last = first - timedelta(days=1)
    seen = visible(request.user, Queue.objects.all())
    contacts = records.contacts_between(first, last).filter(queue__in=seen)
    return HttpResponse(
        records_csv(records.frame(contacts)), content_type="text/csv; charset=utf-8"
    )


class LoadtestBots(Schema):
    group: str = Field(min_length=1, max_length=30, pattern=r"^[a-z0-9-]+$")
    count: int = Field(ge=1, le=bots.MAX_BOTS)
    skills: dict[str, int] = Field(description="queue code -> skill level (1 best)")


class LoadtestBot(Schema):
    username: str
    token: str


@loadtest_router.post("/bots", response={201: list[LoadtestBot]})
def make_bots(request: HttpRequest, payload: LoadtestBots) -> Any:
    """Bot agents for `linja loadgen` (installation administrators, and only where
    LINJA_LOADTEST allows load tests): each answers the queues of ``skills``."""
    if not bots.allowed():
        raise HttpError(403, "this installation does not allow load tests (LINJA_LOADTEST)")
    try:
        made = bots.make(request.user, payload.group, payload.count, payload.skills)  # type: ignore[arg-type]
    except LinjaError as exc:
        raise HttpError(403 if "administrator" in exc.message else 422, exc.message) from None
    return Status(201, [{"username": u, "token": t} for u, t in made])
