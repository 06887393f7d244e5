"""From a queue's configuration to the routing engine's rules: the one mapping.

The router (:mod:`linja.engine.routing`) runs :class:`QueueRules`; scenario files build
them for the simulator, and this module builds them from the database for the live
service, field by field, so that the two never drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import time
from functools import lru_cache

from linja.engine.routing import (
    Calendar,
    Closure,
    DailyClosure,
    Overflow,
    QueueRules,
    Redirect,
    RoutingConfig,
    norwegian_holidays,
)
from linja.queues.models import Queue

# the same few years for every queue of every page: computed once each
_holidays = lru_cache(maxsize=16)(norwegian_holidays)


def calendar_of(queue: Queue, years: range) -> Calendar | None:
    """The queue's calendar; None for a queue open around the clock with nothing closed."""
    weekly: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for span in queue.opening_hours.all():
        weekly[span.weekday].append((span.start, span.end))
    closed = {d.day for d in queue.closed_days.all()}
    if queue.holidays and weekly:
        closed |= _holidays(years.start, years.stop - 1)
    daily = tuple(
        DailyClosure(c.start, c.end, c.days(), c.reason) for c in queue.daily_closures.all()
    )
    planned = tuple(Closure(c.start, c.end, c.reason) for c in queue.planned_closures.all())
    if not weekly and not closed and not daily and not planned:
        return None
    return Calendar(
        weekly={day: tuple(sorted(spans)) for day, spans in weekly.items()} if weekly else None,
        holidays=frozenset(closed),
        daily_closures=daily,
        closures=planned,
    )


def _redirect(target: Queue | None, number: str, message: str) -> Redirect:
    if target is not None:
        return Redirect(queue=target.code)
    return Redirect(message=message, number=number or None)


def _seconds(value: int | None) -> float | None:
    return None if value is None else float(value)


def rules_of(queue: Queue, years: range) -> QueueRules:
    """The routing rules of ``queue``, with the public holidays of ``years`` closed."""
    overflow = None
    if queue.overflow_to is not None and queue.overflow_after_seconds is not None:
        overflow = Overflow(float(queue.overflow_after_seconds), queue.overflow_to.code)
    return QueueRules(
        id=queue.code,
        unit=queue.unit.name,
        organisation=queue.unit.organisation.name,
        priority=queue.priority,
        sl_seconds=float(queue.sl_seconds),
        agent_choice=queue.agent_choice,  # type: ignore[arg-type]
        overflow=overflow,
        widen_after_seconds=_seconds(queue.widen_after_seconds),
        calendar=calendar_of(queue, years),
        when_closed=_redirect(queue.when_closed_queue, queue.when_closed_number, "closed"),
        max_waiting=queue.max_waiting,
        when_full=_redirect(queue.when_full_queue, queue.when_full_number, "full"),
        callback_after_seconds=_seconds(queue.callback_after_seconds),
        wrapup_seconds=float(queue.wrapup_seconds),
        offer_timeout_seconds=_seconds(queue.offer_timeout_seconds),
        announce_every_seconds=_seconds(queue.announce_every_seconds),
        expected_handle_seconds=float(queue.expected_handle_seconds),
    )


def routing_config(queues: Iterable[Queue], years: range) -> RoutingConfig:
    """The rules of all these queues, for one router."""
    return RoutingConfig(tuple(rules_of(q, years) for q in queues))
