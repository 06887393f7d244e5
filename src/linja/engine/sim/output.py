"""From what happened to contact records, and from records to indicators with 95 % intervals.

The indicators come from :func:`linja.engine.kpi.compute`, the one definition. The
intervals come from the spread between replications (Student t with R−1 degrees of
freedom) or, for a single replication, from batch means: the run is cut into
``BATCHES`` equal spans of arrival time, each measured on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from statistics import NormalDist, stdev
from typing import Any

import numpy as np
import polars as pl

from linja.engine import kpi
from linja.engine.records import SCHEMA
from linja.engine.sim.loop import Outcome
from linja.engine.sim.model import Scenario
from linja.engine.targets import ServiceTargets

BATCHES = 10
CI_FIELDS = ("service_level", "answer_rate", "asa_seconds", "abandon_rate")
GROUPING = kpi.Grouping(("unit", "queue"))


def targets_of(scenario: Scenario) -> ServiceTargets:
    """T of each queue as the scenario gives it (records name the entry queue)."""
    return ServiceTargets(
        unit_queue_sl_seconds={
            (q.rules.unit, q.rules.id): q.rules.sl_seconds for q in scenario.queues
        }
    )


def _instants(values: Sequence[float]) -> pl.Series:
    micros = np.round(np.asarray(values, dtype=np.float64) * 1e6)
    series = pl.Series(micros, dtype=pl.Float64)
    return (
        pl.select(pl.when(series.is_nan()).then(None).otherwise(series).cast(pl.Int64))
        .to_series()
        .cast(pl.Datetime("us", "UTC"))
    )


def records(scenario: Scenario, outcome: Outcome, replication: int = 0) -> pl.DataFrame:
    """Contact records (DESIGN.md §4) of the contacts that arrived after the warm-up.

    A contact turned away because its queue was closed (and no open queue took it) never
    entered a queue, so it has no record, as in a real contact centre's statistics.
    """
    specs = scenario.queues
    n = len(outcome.arrived)
    units = [specs[i].rules.unit for i in outcome.queue]
    ids = [specs[i].rules.id for i in outcome.queue]
    channels = [
        "callback" if cb else specs[i].channel
        for i, cb in zip(outcome.queue, outcome.callback, strict=True)
    ]
    wrapups = {q.rules.id: q.rules.wrapup_seconds for q in specs}
    resolution = [
        None
        if specs[i].redial is None or math.isnan(answered)
        else ("unresolved" if again else "resolved")
        for i, again, answered in zip(
            outcome.queue, outcome.redialled, outcome.answered, strict=True
        )
    ]
    frame = pl.DataFrame(
        {
            "contact_id": [f"r{replication + 1}-{i + 1}" for i in range(n)],
            "unit": units,
            "queue": ids,
            "channel": channels,
            "caller": pl.Series(outcome.caller, dtype=pl.String),
            "arrived_at": _instants(outcome.arrived),
            "answered_at": _instants(outcome.answered),
            "ended_at": _instants(outcome.ended),
            "agent": pl.Series(outcome.agent, dtype=pl.String),
            "answered_queue": pl.Series(outcome.answered_queue, dtype=pl.String),
            "wrapup_seconds": [None if q is None else wrapups[q] for q in outcome.answered_queue],
            "resolution": pl.Series(resolution, dtype=pl.String),
            "knowledge_used": pl.Series([None] * n, dtype=pl.Boolean),
        },
        schema=SCHEMA,
    )
    warmup_end = scenario.start.timestamp() + scenario.warmup_minutes * 60.0
    keep = (np.asarray(outcome.arrived, dtype=np.float64) >= warmup_end) & ~np.asarray(
        outcome.closed, dtype=bool
    )
    return frame.filter(pl.Series(keep)).sort("arrived_at")


def t_quantile(df: int) -> float:
    """The 97.5 % quantile of Student's t with ``df`` degrees of freedom (two-sided 95 %)."""
    if df == 1:
        return 12.706204736174707
    if df == 2:
        return 4.302652729749464
    z = NormalDist().inv_cdf(0.975)
    # Cornish-Fisher expansion; below 1e-3 off from df = 3 on
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def half_width(values: Sequence[float]) -> float | None:
    """95 % confidence half-width of the mean of independent values (None: fewer than 2)."""
    clean = [v for v in values if v is not None and not math.isnan(v)]
    if len(clean) < 2:
        return None
    return t_quantile(len(clean) - 1) * stdev(clean) / math.sqrt(len(clean))


def _batches(frame: pl.DataFrame, start: float, end: float) -> list[pl.DataFrame]:
    edges = np.linspace(start, end, BATCHES + 1)
    micros = (edges * 1e6).astype(np.int64).tolist()
    arrived = pl.col("arrived_at").dt.epoch("us")
    return [frame.filter((arrived >= lo) & (arrived < hi)) for lo, hi in pairwise(micros)]


def _samples(
    parts: Sequence[pl.DataFrame], targets: ServiceTargets
) -> dict[tuple[str, str] | None, dict[str, list[float]]]:
    """Per (unit, queue) and overall (None): each indicator of CI_FIELDS per part."""
    out: dict[tuple[str, str] | None, dict[str, list[float]]] = {}
    for part in parts:
        tables = [
            (kpi.compute(part, GROUPING, targets, fill_periods=False), True),
            (kpi.compute(part, kpi.Grouping((), None), targets, fill_periods=False), False),
        ]
        for table, keyed in tables:
            for row in table.iter_rows(named=True):
                key = (row["unit"], row["queue"]) if keyed else None
                slot = out.setdefault(key, {f: [] for f in CI_FIELDS})
                for f in CI_FIELDS:
                    if row[f] is not None:
                        slot[f].append(float(row[f]))
    return out


def summary(
    scenario: Scenario, per_replication: Sequence[pl.DataFrame]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Rows (one per queue: unit, queue, the indicators of ``linja kpi --json`` over all
    replications, and ``<indicator>_ci`` half-widths) and the overall figures."""
    targets = targets_of(scenario)
    pooled = pl.concat(per_replication) if per_replication else pl.DataFrame(schema=SCHEMA)
    table = kpi.compute(pooled, GROUPING, targets, fill_periods=False)
    total = kpi.compute(pooled, kpi.Grouping((), None), targets, fill_periods=False)
    if len(per_replication) >= 2:
        samples = _samples(per_replication, targets)
    else:
        start = scenario.start.timestamp() + scenario.warmup_minutes * 60.0
        samples = _samples(
            _batches(pooled, start, scenario.start.timestamp() + scenario.hours * 3600.0), targets
        )
    rows: list[dict[str, Any]] = []
    for row in table.select("queue", "unit", *kpi.INDICATORS).iter_rows(named=True):
        got = samples.get((row["unit"], row["queue"]), {})
        for f in CI_FIELDS:
            row[f"{f}_ci"] = half_width(got.get(f, []))
        rows.append(row)
    overall: dict[str, Any] = {}
    if total.height:
        first = total.row(0, named=True)
        got = samples.get(None, {})
        for f in CI_FIELDS:
            overall[f] = first[f]
            overall[f"{f}_ci"] = half_width(got.get(f, []))
    return rows, overall
