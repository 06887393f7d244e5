"""The shape of a scenario file: every key, its type and its limits (docs/scenarios.md).

Pydantic checks each value on its own; which keys go together and what refers to what
is checked when the values are built (:mod:`linja.scenario.build`).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
)

from linja.engine.routing.config import AgentChoice
from linja.scenario import times
from linja.scenario.source import suggest

Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Probability = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Name = Annotated[str, Field(min_length=1)]
Channel = Literal["phone", "chat", "callback", "form", "email", "counter"]
DistributionKind = Literal["exponential", "lognormal", "gamma", "empirical", "fixed"]

TimeOfDay = Annotated[time, BeforeValidator(times.parse_time)]
EndOfDay = Annotated[time, BeforeValidator(lambda v: times.parse_time(v, end=True))]  # 24:00 too
Days = Annotated[frozenset[int], BeforeValidator(times.parse_days)]
Hours = Annotated[tuple[tuple[time, time], ...], BeforeValidator(times.parse_hours)]
DailySpan = Annotated[
    tuple[time, time], BeforeValidator(lambda v: times.parse_span(v, to_midnight=False))
]
Instant = Annotated[datetime, BeforeValidator(times.parse_instant)]
Day = Annotated[date, Field(strict=False)]


def _timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        hint = suggest(name, available_timezones())
        raise ValueError(
            f"{name!r} is not a time zone{hint}; expected an IANA name such as Europe/Oslo"
        ) from None
    return name


def _phone_number(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _distribution(value: Any) -> Any:
    """A bare number is a fixed duration."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 < value < float("inf"):
            raise ValueError(f"expected a number of seconds > 0, got {value!r}")
        return {"distribution": "fixed", "value": value}
    if not isinstance(value, dict):
        raise ValueError(
            "expected a number of seconds or a distribution such as "
            f"{{distribution: exponential, mean: 180}}, got {value!r}"
        )
    return value


def _skills_form(value: Any) -> str | None:
    if isinstance(value, list):
        return "list[str]"
    return "dict[str,int]" if isinstance(value, dict) else None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class DistributionModel(_Strict):
    distribution: DistributionKind
    mean: Positive | None = None
    sd: Positive | None = None
    values: Annotated[list[NonNegative], Field(min_length=1)] | None = None
    value: Positive | None = None


Duration = Annotated[DistributionModel, BeforeValidator(_distribution)]

Skills = Annotated[
    Annotated[list[Name], Field(min_length=1), Tag("list[str]")]
    | Annotated[dict[str, Annotated[int, Field(ge=1)]], Field(min_length=1), Tag("dict[str,int]")],
    Discriminator(
        _skills_form,
        custom_error_type="skills",
        custom_error_message=(
            "expected a list of queue ids ([phone, chat]) or a mapping of queue id to "
            "level ({phone: 1, chat: 2})"
        ),
    ),
]


class ArrivalsModel(_Strict):
    """One of: per_hour, counts, counts_file or records, with the keys that go with it."""

    per_hour: Annotated[list[NonNegative], Field(min_length=1)] | None = None
    counts: Annotated[list[NonNegative], Field(min_length=1)] | None = None
    counts_file: Name | None = None
    records: Name | None = None
    interval_minutes: Positive | None = None
    column: Name | None = None
    skip_intervals: Count | None = None
    scale: Positive | None = None
    queue: Name | None = None


class OverflowModel(_Strict):
    after_seconds: Positive
    to: Name


class RedirectModel(_Strict):
    queue: Name | None = None
    message: Name | None = None
    number: Annotated[Name, BeforeValidator(_phone_number)] | None = None


class CallbackModel(_Strict):
    after_seconds: Positive
    accept: Probability


class RedialModel(_Strict):
    after_abandon: Probability = 0.0
    after_answer: Probability = 0.0
    delay_seconds: Duration | None = None


class ClosureModel(_Strict):
    """``daily`` (with ``days``) or ``from`` and ``to``."""

    daily: DailySpan | None = None
    days: Days | None = None
    from_: Instant | None = Field(default=None, alias="from")
    to: Instant | None = None
    reason: Name = "closure"


class QueueModel(_Strict):
    id: Name
    unit: Name | None = None
    organisation: str = ""
    channel: Channel = "phone"
    sl_seconds: Positive = 60.0
    priority: int = 0
    arrivals_per_hour: NonNegative | None = None
    arrivals: ArrivalsModel | None = None
    handle_seconds: Duration
    patience_seconds: Duration | None = None
    wrapup_seconds: NonNegative = 0.0
    agent_choice: AgentChoice = "longest_idle"
    overflow: OverflowModel | None = None
    widen_after_seconds: NonNegative | None = None
    opening_hours: dict[str, Hours] | None = None
    holidays: bool | None = None
    closed_days: list[Day] = []
    closures: list[ClosureModel] = []
    when_closed: RedirectModel | None = None
    when_full: RedirectModel | None = None
    max_waiting: Count | None = None
    callback: CallbackModel | None = None
    offer_timeout_seconds: Positive | None = None
    announce_every_seconds: Positive | None = None
    redial: RedialModel | None = None
    callers: Count = 0


class PauseModel(_Strict):
    start: TimeOfDay
    end: TimeOfDay
    reason: Name = "pause"


class ShiftModel(_Strict):
    days: Days = frozenset(range(7))
    start: TimeOfDay
    end: EndOfDay
    pauses: list[PauseModel] = []


class AgentGroupModel(_Strict):
    group: Name
    count: Count
    skills: Skills
    organisation: str = ""
    shifts: list[ShiftModel] = []


class ScenarioModel(_Strict):
    name: Name
    description: str = ""
    start: Instant
    hours: Positive
    warmup_minutes: NonNegative = 0.0
    timezone: Annotated[str, AfterValidator(_timezone)] = "Europe/Oslo"
    queues: Annotated[list[QueueModel], Field(min_length=1)]
    agents: Annotated[list[AgentGroupModel], Field(min_length=1)]
