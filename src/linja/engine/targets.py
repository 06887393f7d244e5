"""Targets for the indicators, and the service-level threshold T per queue.

Helse Vest's regional targets (seed 000) are the defaults: answer rate 94 %, 80 % answered
within 60 s, mean wait at most 60 s, 95 % do not call again within 24 h. Each unit may set
its own (Bergen Innbyggerservice: 70 % within 30 s, seed 002), and T may be set per unit,
per queue, or for one queue of one unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import polars as pl

# Indicators whose target is a ceiling; every other target is a floor.
AT_MOST = frozenset({"asa_seconds", "abandon_rate", "aht_seconds"})
TARGETED = (
    "answer_rate",
    "service_level",
    "asa_seconds",
    "no_repeat_24h_rate",
    "abandon_rate",
    "aht_seconds",
    "resolution_rate",
    "knowledge_use_rate",
)
DEFAULT_SL_SECONDS = 60.0


@dataclass(frozen=True)
class Targets:
    """The goal for each indicator of one unit; None means no target."""

    answer_rate: float | None = 0.94
    service_level: float | None = 0.80
    asa_seconds: float | None = 60.0
    no_repeat_24h_rate: float | None = 0.95
    abandon_rate: float | None = None
    aht_seconds: float | None = None
    resolution_rate: float | None = None
    knowledge_use_rate: float | None = None

    def get(self, indicator: str) -> float | None:
        value: float | None = getattr(self, indicator, None)
        return value


HELSE_VEST = Targets()


def is_met(indicator: str, value: float | None, target: float | None) -> bool | None:
    """Whether ``value`` reaches ``target``; None when either is missing."""
    if value is None or target is None:
        return None
    return value <= target if indicator in AT_MOST else value >= target


@dataclass(frozen=True)
class ServiceTargets:
    """Targets per unit and the service-level threshold T per unit and queue.

    T is looked up, most specific first: the override (``linja kpi --sl-seconds``), the
    queue of that unit, the queue in any unit, the unit, then ``sl_seconds``.
    """

    default: Targets = HELSE_VEST
    units: Mapping[str, Targets] = field(default_factory=dict)
    sl_seconds: float = DEFAULT_SL_SECONDS
    unit_sl_seconds: Mapping[str, float] = field(default_factory=dict)
    queue_sl_seconds: Mapping[str, float] = field(default_factory=dict)
    unit_queue_sl_seconds: Mapping[tuple[str, str], float] = field(default_factory=dict)
    override_sl_seconds: float | None = None

    def for_unit(self, unit: str | None) -> Targets:
        if unit is None:
            return self.default
        return self.units.get(unit, self.default)

    def with_override(self, seconds: float | None) -> ServiceTargets:
        return replace(self, override_sl_seconds=seconds)

    def threshold_expr(self) -> pl.Expr:
        """T in seconds for each record, from its unit and entry queue."""
        if self.override_sl_seconds is not None:
            return pl.lit(float(self.override_sl_seconds), dtype=pl.Float64)
        parts: list[pl.Expr] = []
        if self.unit_queue_sl_seconds:
            keys = {f"{u}\x1f{q}": float(t) for (u, q), t in self.unit_queue_sl_seconds.items()}
            both = pl.concat_str(pl.col("unit"), pl.lit("\x1f"), pl.col("queue"))
            parts.append(both.replace_strict(keys, default=None, return_dtype=pl.Float64))
        if self.queue_sl_seconds:
            parts.append(
                pl.col("queue").replace_strict(
                    dict(self.queue_sl_seconds), default=None, return_dtype=pl.Float64
                )
            )
        if self.unit_sl_seconds:
            parts.append(
                pl.col("unit").replace_strict(
                    dict(self.unit_sl_seconds), default=None, return_dtype=pl.Float64
                )
            )
        parts.append(pl.lit(float(self.sl_seconds), dtype=pl.Float64))
        return pl.coalesce(parts) if len(parts) > 1 else parts[0]
