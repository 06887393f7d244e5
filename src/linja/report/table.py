"""What the terminal table and the HTML report share about an indicator table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from linja.engine.kpi import INDICATORS, Grouping
from linja.engine.targets import ServiceTargets
from linja.report.labels import fmt_target, word


def group_unit(row: Mapping[str, Any], grouping: Grouping) -> str | None:
    """The unit a group belongs to, whose targets apply: its key when grouped by unit,
    else the one unit all its contacts belong to (None when they span several)."""
    unit = row.get("unit") if "unit" in grouping.dimensions else row.get("_unit")
    return unit if isinstance(unit, str) else None


def group_label(row: Mapping[str, Any], grouping: Grouping, lang: str) -> str:
    if not grouping.keys:
        return word("total", lang)
    return " · ".join(str(row[k]) if row[k] is not None else "–" for k in grouping.keys)


def uniform_sl(table: pl.DataFrame) -> float | None:
    """The one T every group was measured against, or None when they differ."""
    if not table.height:
        return None
    values = table["sl_seconds"].drop_nulls().unique()
    has_null = table["sl_seconds"].null_count() > 0 and table["offered"].sum() > 0
    return float(values[0]) if len(values) == 1 and not has_null else None


def indicator_label(indicator: str, lang: str, sl_seconds: float | None) -> str:
    label = word(indicator, lang)
    if indicator == "service_level" and sl_seconds is not None:
        label += f" ({word('within', lang)} {sl_seconds:g} s)"
    return label


def target_notes(targets: ServiceTargets, units: list[str], lang: str) -> list[str]:
    """One line per unit whose targets differ from the default (shown under the table)."""
    notes = []
    for unit in units:
        own = targets.for_unit(unit)
        if own == targets.default:
            continue
        parts = [
            f"{word(ind, lang).lower()} {fmt_target(ind, own.get(ind), lang, None)}"
            for ind in INDICATORS
            if own.get(ind) != targets.default.get(ind) and own.get(ind) is not None
        ]
        if parts:
            notes.append(f"{unit}: {word('target', lang).lower()} " + ", ".join(parts))
    return notes
