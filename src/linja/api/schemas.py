"""What the API answers and accepts. Each schema reads a model object directly (the
``resolve_*`` methods), so a page of results costs a few queries, not one per row."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any

from django.utils import timezone
from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _clock(value: Any) -> Any:
    if isinstance(value, str):
        if not re.fullmatch(HHMM, value):
            raise ValueError("a time of day is HH:MM, 00:00 to 23:59 (Oslo time)")
        return time(int(value[:2]), int(value[3:]))
    return value


# a time of day on the wall clock in Oslo, written HH:MM
Clock = Annotated[
    time,
    BeforeValidator(_clock),
    PlainSerializer(lambda t: f"{t:%H:%M}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": HHMM, "examples": ["08:00"]}),
]
Weekday = Annotated[int, Field(ge=0, le=6, description="0 is Monday, 6 is Sunday")]


class Page(LimitOffsetPagination):
    """``?limit=`` (1–500, default 100) and ``?offset=``; answers ``{items, count}``."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=1_000_000_000)


class Texts(Schema):
    nb: str
    nn: str
    en: str


def texts(t: Any) -> dict[str, str]:
    return {"nb": t.nb, "nn": t.nn, "en": t.en}


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    number: str


class UnitOut(Schema):
    id: int
    name: str
    organisation_id: int
    parent_id: int | None


class CentreOut(Schema):
    id: int
    name: str
    organisation_ids: list[int]

    @staticmethod
    def resolve_organisation_ids(obj: Any) -> list[int]:
        return sorted(o.pk for o in obj.organisations.all())


class RoleOut(Schema):
    kind: str
    scope: str
    organisation_id: int | None
    unit_id: int | None
    centre_id: int | None


class PersonOut(Schema):
    id: int
    username: str
    name: str
    home_id: int | None
    active: bool
    roles: list[RoleOut]

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)

    @staticmethod
    def resolve_active(obj: Any) -> bool:
        return bool(obj.is_active)

    @staticmethod
    def resolve_roles(obj: Any) -> list[Any]:
        return list(obj.roles.all())


class Span(Schema):
    weekday: Weekday
    start: Clock
    end: Clock = Field(description="00:00 is midnight")


class DailyClosureOut(Schema):
    id: int
    start: Clock
    end: Clock
    weekdays: list[int]
    reason: str

    @staticmethod
    def resolve_weekdays(obj: Any) -> list[int]:
        return sorted(obj.days())


class PlannedClosureOut(Schema):
    id: int
    start: datetime = Field(description="Europe/Oslo, with its offset")
    end: datetime
    reason: str

    @staticmethod
    def resolve_start(obj: Any) -> datetime:
        return timezone.localtime(obj.start)

    @staticmethod
    def resolve_end(obj: Any) -> datetime:
        return timezone.localtime(obj.end)


class ClosedDayOut(Schema):
    day: date
    reason: str


class MemberOut(Schema):
    person_id: int
    level: int


def _code(q: Any) -> str | None:
    return None if q is None else str(q.code)


class QueueOut(Schema):
    id: int
    code: str
    name: str
    unit_id: int
    organisation_id: int
    centre_id: int | None
    channel: str
    priority: int
    sl_seconds: int = Field(description="answered within this many seconds counts as in time")
    sl_target: float = Field(description="the share to answer in time, 0–1")
    agent_choice: str
    overflow_to: str | None = Field(description="code of the queue it overflows to")
    overflow_after_seconds: int | None
    widen_after_seconds: int | None
    max_waiting: int | None
    when_full_queue: str | None
    when_closed_queue: str | None
    callback_after_seconds: int | None
    wrapup_seconds: int
    offer_timeout_seconds: int | None
    announce_every_seconds: int | None
    holidays: bool = Field(description="closed on Norwegian public holidays")
    messages: dict[str, Texts] = Field(description="by key: welcome, closed, full, queued, …")
    opening_hours: list[Span] = Field(description="none: open around the clock")
    daily_closures: list[DailyClosureOut]
    planned_closures: list[PlannedClosureOut]
    closed_days: list[ClosedDayOut]
    members: list[MemberOut]

    @staticmethod
    def resolve_organisation_id(obj: Any) -> int:
        return int(obj.unit.organisation_id)

    @staticmethod
    def resolve_overflow_to(obj: Any) -> str | None:
        return _code(obj.overflow_to)

    @staticmethod
    def resolve_when_full_queue(obj: Any) -> str | None:
        return _code(obj.when_full_queue)

    @staticmethod
    def resolve_when_closed_queue(obj: Any) -> str | None:
        return _code(obj.when_closed_queue)

    @staticmethod
    def resolve_messages(obj: Any) -> dict[str, dict[str, str]]:
        return {t.key: texts(t) for t in obj.texts.all()}

    @staticmethod
    def resolve_opening_hours(obj: Any) -> list[Any]:
        return list(obj.opening_hours.all())

    @staticmethod
    def resolve_daily_closures(obj: Any) -> list[Any]:
        return list(obj.daily_closures.all())

    @staticmethod
    def resolve_planned_closures(obj: Any) -> list[Any]:
        return list(obj.planned_closures.all())

    @staticmethod
    def resolve_closed_days(obj: Any) -> list[Any]:
        return list(obj.closed_days.all())

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.memberships.all())


class ChoiceOut(Schema):
    key: str
    label: Texts
    queue: str | None = Field(description="code of the queue the choice leads to")
    submenu: str | None = Field(description="code of the menu the choice leads to")

    @staticmethod
    def resolve_label(obj: Any) -> dict[str, str]:
        return texts(obj)

    @staticmethod
    def resolve_queue(obj: Any) -> str | None:
        return _code(obj.queue)

    @staticmethod
    def resolve_submenu(obj: Any) -> str | None:
        return _code(obj.submenu)


class MenuOut(Schema):
    id: int
    code: str
    name: str
    unit_id: int
    greeting: Texts
    choices: list[ChoiceOut]

    @staticmethod
    def resolve_greeting(obj: Any) -> dict[str, str]:
        return texts(obj)

    @staticmethod
    def resolve_choices(obj: Any) -> list[Any]:
        return list(obj.choices.all())


class OpeningHoursIn(Schema):
    spans: list[Span] = Field(
        max_length=200, description="the whole week; no spans: open around the clock"
    )


class MembershipIn(Schema):
    level: int = Field(ge=1, le=9, description="1 is the main skill")


class DailyClosureIn(Schema):
    start: Clock
    end: Clock
    weekdays: list[Weekday] = Field([0, 1, 2, 3, 4], min_length=1, max_length=7)
    reason: str = Field("lunch", min_length=1, max_length=100)


class PlannedClosureIn(Schema):
    start: datetime = Field(description="without an offset: Europe/Oslo")
    end: datetime
    reason: str = Field(min_length=1, max_length=100)
