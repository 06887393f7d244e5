"""A routing configuration as plain JSON data and back — for the live service's log,
which keeps the rules each change of configuration brought, so that a router rebuilt from
the log routes every past event by the rules that held when it happened."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from linja.engine.routing.config import (
    Calendar,
    Closure,
    DailyClosure,
    Overflow,
    QueueRules,
    Redirect,
    RoutingConfig,
)

_SCALARS = (
    "id", "unit", "organisation", "priority", "sl_seconds", "agent_choice",
    "widen_after_seconds", "max_waiting", "callback_after_seconds", "wrapup_seconds",
    "offer_timeout_seconds", "announce_every_seconds", "expected_handle_seconds",
)  # fmt: skip


def to_data(config: RoutingConfig) -> dict[str, Any]:
    return {"queues": [_queue(q) for q in config.queues]}


def from_data(data: dict[str, Any]) -> RoutingConfig:
    """The configuration ``to_data`` gave (ValueError, KeyError or TypeError on anything
    else)."""
    return RoutingConfig(tuple(_queue_of(q) for q in data["queues"]))


def _queue(q: QueueRules) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(q, name) for name in _SCALARS}
    out["overflow"] = None if q.overflow is None else [q.overflow.after_seconds, q.overflow.to]
    out["calendar"] = None if q.calendar is None else _calendar(q.calendar)
    out["when_closed"] = _redirect(q.when_closed)
    out["when_full"] = _redirect(q.when_full)
    return out


def _queue_of(d: dict[str, Any]) -> QueueRules:
    overflow = d["overflow"]
    return QueueRules(
        **{name: d[name] for name in _SCALARS},
        overflow=None if overflow is None else Overflow(overflow[0], overflow[1]),
        calendar=None if d["calendar"] is None else _calendar_of(d["calendar"]),
        when_closed=Redirect(*d["when_closed"]),
        when_full=Redirect(*d["when_full"]),
    )


def _redirect(r: Redirect) -> list[str | None]:
    return [r.queue, r.message, r.number]


def _calendar(c: Calendar) -> dict[str, Any]:
    weekly = None if c.weekly is None else {
        str(day): [[s.isoformat(), e.isoformat()] for s, e in spans]
        for day, spans in sorted(c.weekly.items())
    }  # fmt: skip
    return {
        "weekly": weekly,
        "holidays": sorted(d.isoformat() for d in c.holidays),
        "daily_closures": [
            [d.start.isoformat(), d.end.isoformat(), sorted(d.weekdays), d.reason]
            for d in c.daily_closures
        ],
        "closures": [[x.start.isoformat(), x.end.isoformat(), x.reason] for x in c.closures],
        "timezone": c.timezone,
    }


def _calendar_of(d: dict[str, Any]) -> Calendar:
    weekly = None if d["weekly"] is None else {
        int(day): tuple((time.fromisoformat(s), time.fromisoformat(e)) for s, e in spans)
        for day, spans in d["weekly"].items()
    }  # fmt: skip
    return Calendar(
        weekly=weekly,
        holidays=frozenset(date.fromisoformat(x) for x in d["holidays"]),
        daily_closures=tuple(
            DailyClosure(time.fromisoformat(s), time.fromisoformat(e), frozenset(days), why)
            for s, e, days, why in d["daily_closures"]
        ),
        closures=tuple(
            Closure(datetime.fromisoformat(s), datetime.fromisoformat(e), why)
            for s, e, why in d["closures"]
        ),
        timezone=d["timezone"],
    )
