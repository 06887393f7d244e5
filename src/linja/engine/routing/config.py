"""The rules a router runs: queues and their calendars, as plain immutable values.

Everything here is data. The scenario files of the simulator and (later) the web
platform's queue configuration both build these values; the router only reads them.
Times are seconds; instants are POSIX seconds (UTC); levels are skill levels where 1 is
the best (primary) skill and larger numbers are backups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

AgentChoice = Literal["longest_idle", "longest_idle_any_level", "ordered"]
AGENT_CHOICES: tuple[AgentChoice, ...] = ("longest_idle", "longest_idle_any_level", "ordered")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class DailyClosure:
    """A closure repeated on given weekdays (0 = Monday), e.g. the shared lunch 11:30-12:00."""

    start: time
    end: time
    weekdays: frozenset[int] = frozenset(range(7))
    reason: str = "closure"

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, "daily closure")


@dataclass(frozen=True, slots=True)
class Closure:
    """A planned closure between two instants (aware datetimes), e.g. a staff meeting."""

    start: datetime
    end: datetime
    reason: str = "closure"


@dataclass(frozen=True, slots=True)
class Calendar:
    """When a queue takes new contacts, in local time.

    ``weekly`` maps a weekday (0 = Monday) to its opening intervals; a weekday missing
    from it is closed all day. ``weekly=None`` means open around the clock (closures and
    holidays still apply). ``holidays`` are dates closed all day, such as the Norwegian
    public holidays (:func:`linja.engine.routing.calendar.norwegian_holidays`).
    """

    weekly: Mapping[int, tuple[tuple[time, time], ...]] | None = None
    holidays: frozenset[date] = frozenset()
    daily_closures: tuple[DailyClosure, ...] = ()
    closures: tuple[Closure, ...] = ()
    timezone: str = "Europe/Oslo"

    def __post_init__(self) -> None:
        for spans in (self.weekly or {}).values():
            for start, end in spans:
                _check_span(start, end, "opening hours")


def _check_span(start: time, end: time, what: str) -> None:
    """A span within one day; an end of 00:00 means midnight at the end of the day."""
    if end <= start and end != time(0):
        raise ValueError(
            f"{what} {start:%H:%M}-{end:%H:%M} ends before it starts; expected a span within "
            "one day (split one that crosses midnight in two)"
        )


@dataclass(frozen=True, slots=True)
class Redirect:
    """Where a contact goes when its queue cannot take it (closed or full).

    ``queue`` names another queue; None rejects the contact, and the channel plays
    ``message`` (a message key of the queue's texts) and, for a phone, sends the call
    to ``number`` if one is given (the switchboard, say).
    """

    queue: str | None = None
    message: str | None = None
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Overflow:
    """Move a contact that has waited ``after_seconds`` in this queue to queue ``to``."""

    after_seconds: float
    to: str


@dataclass(frozen=True, slots=True)
class QueueRules:
    """One queue's routing rules (all optional but the id)."""

    id: str
    unit: str = ""
    organisation: str = ""
    priority: int = 0
    sl_seconds: float = 60.0
    agent_choice: AgentChoice = "longest_idle"
    overflow: Overflow | None = None
    widen_after_seconds: float | None = None
    calendar: Calendar | None = None
    when_closed: Redirect = field(default_factory=Redirect)
    max_waiting: int | None = None
    when_full: Redirect = field(default_factory=Redirect)
    callback_after_seconds: float | None = None
    wrapup_seconds: float = 0.0
    offer_timeout_seconds: float | None = None
    announce_every_seconds: float | None = None
    expected_handle_seconds: float = 180.0

    def __post_init__(self) -> None:
        """Refuse values of the wrong kind here, the same in the compiled engine and out."""
        where = f"queue {self.id!r}"
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"a queue's id is a non-empty text, got {self.id!r}")
        if self.agent_choice not in AGENT_CHOICES:
            raise ValueError(f"{where}: agent_choice {self.agent_choice!r} is not one of "
                             f"{', '.join(AGENT_CHOICES)}")  # fmt: skip
        for name in ("priority", "max_waiting"):
            value = getattr(self, name)
            if value is None and name == "max_waiting":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{where}: {name} is a whole number, got {value!r}")
        if self.max_waiting is not None and self.max_waiting < 0:
            raise ValueError(f"{where}: max_waiting is 0 or more, got {self.max_waiting}")
        for name in (
            "sl_seconds", "widen_after_seconds", "callback_after_seconds", "wrapup_seconds",
            "offer_timeout_seconds", "announce_every_seconds", "expected_handle_seconds",
        ):  # fmt: skip
            value = getattr(self, name)
            if value is None and name not in ("sl_seconds", "wrapup_seconds",
                                              "expected_handle_seconds"):  # fmt: skip
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(
                    f"{where}: {name} is a number of seconds, 0 or more, got {value!r}"
                )


@dataclass(frozen=True, slots=True)
class RoutingConfig:
    """All queues a router serves."""

    queues: tuple[QueueRules, ...]

    def __post_init__(self) -> None:
        ids = [q.id for q in self.queues]
        known = set(ids)
        if len(known) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"queue {twice[0]!r} is defined twice")
        for q in self.queues:
            targets = [
                (q.overflow.to if q.overflow else None, "overflow.to"),
                (q.when_closed.queue, "when_closed.queue"),
                (q.when_full.queue, "when_full.queue"),
            ]
            for target, what in targets:
                if target is not None and target not in known:
                    raise ValueError(f"queue {q.id!r}: {what} names no queue: {target!r}")
