"""Shifts to log-in, pause and log-out instants (local time, daylight saving included)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from linja.engine.sim.model import Shift

LOGIN = 10
LOGOUT = 11
PAUSE = 12
RESUME = 13


def _at(day: date, t: time, zone: ZoneInfo) -> float:
    return datetime.combine(day, t, tzinfo=zone).timestamp()


def _end(day: date, start: time, end: time, zone: ZoneInfo) -> float:
    # a shift that ends at or before its start ends the next day (a night shift)
    nxt = day + timedelta(days=1) if end <= start else day
    return _at(nxt, end, zone)


def shift_events(
    shifts: tuple[Shift, ...], start: float, end: float, timezone: str
) -> list[tuple[float, int, str | None]]:
    """(instant, LOGIN | LOGOUT | PAUSE | RESUME, pause reason) for one agent, in order.

    Shifts that overlap are joined; a shift already under way at ``start`` logs in then.
    """
    zone = ZoneInfo(timezone)
    first = datetime.fromtimestamp(start, zone).date() - timedelta(days=1)
    last = datetime.fromtimestamp(end, zone).date()
    spans: list[tuple[float, float, Shift, date]] = []
    day = first
    while day <= last:
        for shift in shifts:
            if day.weekday() in shift.weekdays:
                on, off = _at(day, shift.start, zone), _end(day, shift.start, shift.end, zone)
                if off > start and on < end:
                    spans.append((max(on, start), off, shift, day))
        day += timedelta(days=1)
    spans.sort(key=lambda s: s[0])
    events: list[tuple[float, int, str | None]] = []
    logged_until = -1.0
    for on, off, shift, day in spans:
        if on <= logged_until:  # overlaps the shift before: extend it
            events.pop()
        else:
            events.append((on, LOGIN, None))
        logged_until = max(logged_until, off)
        for p_start, p_end, reason in shift.pauses:
            a, b = _end(day, shift.start, p_start, zone), _end(day, shift.start, p_end, zone)
            if on <= a < b <= off:
                events.append((a, PAUSE, reason))
                events.append((b, RESUME, None))
        events.append((logged_until, LOGOUT, None))
    return sorted(events, key=lambda e: e[0])
