"""The contact records (DESIGN.md §4) of the live contact centre, from its contacts: what
``linja export records`` writes and what the wallboard's and reports' figures are computed
from by :mod:`linja.engine.kpi` — no second way of counting."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from django.db.models import F

from linja.contact.models import Contact
from linja.engine.kpi import local_day_bounds
from linja.engine.records import COLUMNS, TIMESTAMP

TEXT_COLUMNS = [c for c in COLUMNS if c not in ("arrived_at", "answered_at", "ended_at",
                                                  "wrapup_seconds", "knowledge_used")]  # fmt: skip


def contacts_between(first: date, last: date) -> Any:
    """The contacts that arrived from the start of ``first`` to the end of ``last``, days
    in Oslo time; not those turned away on arrival because the queue was closed (they
    never entered a queue, as in the simulator)."""
    lo, hi = local_day_bounds(first, last)  # the days as every report counts them
    return (
        Contact.objects.filter(arrived_at__gte=lo, arrived_at__lt=hi)
        .exclude(state=Contact.State.REJECTED, rejected_reason="closed",
                 ended_at=F("arrived_at"))
        .select_related("queue__unit", "answered_queue", "agent")
        .order_by("arrived_at", "id")
    )  # fmt: skip


def frame(contacts: Any) -> pl.DataFrame:
    """Canonical records of ``contacts``, one a row, in the columns of DESIGN.md §4."""
    rows = [
        {
            "contact_id": c.key, "unit": c.queue.unit.name, "queue": c.queue.code,
            "channel": c.channel, "caller": c.caller or None, "arrived_at": c.arrived_at,
            "answered_at": c.answered_at, "ended_at": c.ended_at,
            "agent": c.agent.username if c.agent else None,
            "answered_queue": c.answered_queue.code if c.answered_queue else None,
            "wrapup_seconds": c.wrapup_seconds, "resolution": c.resolution or None,
            "knowledge_used": c.knowledge_used,
        }
        for c in contacts
    ]  # fmt: skip
    schema: dict[str, Any] = dict.fromkeys(TEXT_COLUMNS, pl.String)
    schema |= {"arrived_at": TIMESTAMP, "answered_at": TIMESTAMP, "ended_at": TIMESTAMP,
               "wrapup_seconds": pl.Float64, "knowledge_used": pl.Boolean}  # fmt: skip
    return pl.DataFrame(rows, schema=schema).select(COLUMNS)
