"""Is a queue open at an instant, and until when? Local time, DST and holidays included.

:class:`OpenCheck` answers in a few nanoseconds for the common case: it remembers the
span around the last answer during which nothing changes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays as _holidays

from linja.engine.routing.config import Calendar


def norwegian_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """The Norwegian public holidays (helligdager) of the given years, Sundays not included."""
    years = range(first_year, last_year + 1)
    return frozenset(_holidays.country_holidays("NO", years=years).keys())


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _at(day: date, t: time, zone: ZoneInfo) -> float:
    return datetime.combine(day, t, tzinfo=zone).timestamp()


def _day_bounds(day: date, zone: ZoneInfo) -> tuple[float, float]:
    return _at(day, time(0), zone), _at(day + timedelta(days=1), time(0), zone)


def _subtract(
    spans: list[tuple[float, float]], cut: tuple[float, float]
) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for start, end in spans:
        if cut[1] <= start or cut[0] >= end:
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out


def open_spans(calendar: Calendar, day: date) -> list[tuple[float, float]]:
    """The instants [start, end) of one local day during which the queue is open."""
    zone = _zone(calendar.timezone)
    day_start, day_end = _day_bounds(day, zone)
    if day in calendar.holidays:
        return []
    if calendar.weekly is None:
        spans = [(day_start, day_end)]
    else:
        spans = []
        for start, end in calendar.weekly.get(day.weekday(), ()):
            stop = day_end if end == time(0) else _at(day, end, zone)
            spans.append((_at(day, start, zone), stop))
    for closure in calendar.daily_closures:
        if day.weekday() in closure.weekdays:
            stop = day_end if closure.end == time(0) else _at(day, closure.end, zone)
            spans = _subtract(spans, (_at(day, closure.start, zone), stop))
    for planned in calendar.closures:
        spans = _subtract(spans, (planned.start.timestamp(), planned.end.timestamp()))
    return sorted(s for s in spans if s[1] > s[0])


def state_at(calendar: Calendar, at: float) -> tuple[bool, float, float]:
    """(open, since, until): whether the queue is open at ``at`` and the span it stays so.

    The span is cut at local midnight, so a state that lasts over several days is
    answered again each day (cheap, and it keeps DST and holidays simple).
    """
    zone = _zone(calendar.timezone)
    day = datetime.fromtimestamp(at, zone).date()
    day_start, day_end = _day_bounds(day, zone)
    since = day_start
    for start, end in open_spans(calendar, day):
        if at < start:
            return False, since, start
        if at < end:
            return True, start, end
        since = end
    return False, since, day_end


class OpenCheck:
    """Remembers the last answer of :func:`state_at` while it holds."""

    __slots__ = ("_calendar", "_open", "_since", "_until")

    def __init__(self, calendar: Calendar | None) -> None:
        self._calendar = calendar
        self._open = True
        self._since = float("-inf") if calendar is None else 0.0
        self._until = float("inf") if calendar is None else 0.0

    def is_open(self, at: float) -> bool:
        if self._since <= at < self._until:
            return self._open
        assert self._calendar is not None
        self._open, self._since, self._until = state_at(self._calendar, at)
        return self._open
