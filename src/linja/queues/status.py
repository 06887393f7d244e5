"""Is a queue open now, and until when: the router's own calendar (``linja.engine``),
read for a person at a desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from linja.engine.routing.calendar import state_at
from linja.queues.models import Queue
from linja.queues.rules import calendar_of


@dataclass(frozen=True)
class OpenNow:
    open: bool
    until: datetime | None  # local time of the next change today; None: not today


def open_now(queue: Queue, now: datetime) -> OpenNow:
    calendar = calendar_of(queue, range(now.year, now.year + 1))
    if calendar is None:
        return OpenNow(True, None)
    is_open, _since, until = state_at(calendar, now.timestamp())
    change = timezone.localtime(datetime.fromtimestamp(until, timezone.get_current_timezone()))
    today = timezone.localtime(now).date()
    return OpenNow(is_open, change if change.date() == today else None)
