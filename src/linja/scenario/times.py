"""Weekdays and times of day as a planner writes them: ``mon-fri``, ``08:00-15:30``.

Each parser takes what YAML gave and returns the value or raises ValueError with a
message that says what was expected (pydantic turns it into a located error).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from itertools import pairwise
from typing import Any

from linja.engine.routing.config import WEEKDAYS
from linja.scenario.source import suggest

# Norwegian abbreviations are accepted too: planners write them
NORWEGIAN_DAYS = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
_DAY_NUMBER = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name: i for i, name in enumerate(NORWEGIAN_DAYS)},
}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DASHES = ("–", "—")  # en and em dash, as word processors write a range
MIDNIGHT = time(0)
EXAMPLE_INSTANT = "2026-03-02T08:00:00+01:00"


def _text(value: Any, what: str, example: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected {what} in quotes such as {example!r}, got {value!r}")
    text = value.strip().lower()
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text


def _day(name: str) -> int:
    if name not in _DAY_NUMBER:
        raise ValueError(
            f"{name!r} is not a weekday{suggest(name, _DAY_NUMBER)}; "
            f"expected one of {', '.join(WEEKDAYS)} or a range such as mon-fri"
        )
    return _DAY_NUMBER[name]


def days_of(spec: str) -> tuple[int, ...]:
    """The weekdays (0 = Monday) of ``mon``, ``mon-fri`` (in week order)."""
    text = _text(spec, "a weekday or a range of them", "mon-fri")
    first, dash, last = (part.strip() for part in text.partition("-"))
    if not dash:
        return (_day(first),)
    start, end = _day(first), _day(last)
    if end < start:
        raise ValueError(
            f"{spec!r} runs backwards; expected a range from an earlier to a later day "
            "of the week (mon first), such as mon-fri"
        )
    return tuple(range(start, end + 1))


def parse_days(value: Any) -> frozenset[int]:
    """``mon-fri``, ``sat``, or a list of such (``[mon, wed]``)."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ValueError("is empty; expected at least one weekday, such as mon-fri")
    return frozenset(day for item in items for day in days_of(item))


def parse_time(value: Any, *, end: bool = False) -> time:
    """``HH:MM`` from 00:00 to 23:59; as the end of a span, 24:00 means midnight (00:00)."""
    text = _text(value, "a time of day", "08:00")
    match = _TIME.match(text)
    hours, minutes = (int(match[1]), int(match[2])) if match else (-1, -1)
    if end and (hours, minutes) == (24, 0):
        return MIDNIGHT
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        latest = "24:00" if end else "23:59"
        raise ValueError(
            f"{value!r} is not a time of day; expected HH:MM from 00:00 to {latest}, "
            "e.g. 08:00 or 15:30"
        )
    return time(hours, minutes)


def parse_span(value: Any, *, to_midnight: bool = True) -> tuple[time, time]:
    """``08:00-15:30``; the end may be 24:00 (or 00:00), midnight, if ``to_midnight``."""
    text = _text(value, "a span of time", "08:00-15:30")
    start_text, dash, end_text = (part.strip() for part in text.partition("-"))
    if not dash:
        raise ValueError(f"{value!r} is not a span of time; expected HH:MM-HH:MM, e.g. 08:00-15:30")
    start = parse_time(start_text)
    end = parse_time(end_text, end=to_midnight)
    if end == MIDNIGHT and to_midnight:
        return start, end
    if end <= start:
        hint = " (write spans past midnight as two: 22:00-24:00 and 00:00-06:00)"
        raise ValueError(f"{value!r} ends before it starts; expected an end after the start{hint}")
    return start, end


def parse_hours(value: Any) -> tuple[tuple[time, time], ...]:
    """One span or a list of spans, in order and not overlapping."""
    items = value if isinstance(value, list) else [value]
    spans = sorted((parse_span(item) for item in items), key=lambda s: s[0])
    for (_, end), (start, _) in pairwise(spans):
        if end == MIDNIGHT or start < end:
            raise ValueError(f"spans overlap at {start:%H:%M}; expected spans that do not overlap")
    return tuple(spans)


def parse_instant(value: Any) -> datetime:
    """An ISO 8601 date and time with a UTC offset (YAML may have parsed it already)."""
    if isinstance(value, datetime):
        instant = value
    elif isinstance(value, date):
        raise ValueError(
            f"{value.isoformat()!r} is a date; expected a date and time with a UTC offset, "
            f"e.g. {EXAMPLE_INSTANT}"
        )
    elif isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is not an ISO 8601 date and time; expected e.g. {EXAMPLE_INSTANT}"
            ) from None
    else:
        raise ValueError(f"expected a date and time such as {EXAMPLE_INSTANT}, got {value!r}")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"'{instant.isoformat()}' has no UTC offset; expected ISO 8601 with an offset "
            f"or Z, e.g. {EXAMPLE_INSTANT}"
        )
    return instant
