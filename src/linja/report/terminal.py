"""The indicator table on the terminal, with each target marked met or missed.

Grouped by one dimension (``--by unit``, the default) the table has the shape of the
result table in seed 000: one row per indicator, one column per unit, and the target.
Any other grouping gives one row per group.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from rich.table import Table
from rich.text import Text

from linja.engine.kpi import INDICATORS, Grouping
from linja.engine.targets import ServiceTargets, is_met
from linja.report.labels import fmt_target, fmt_value, word
from linja.report.table import group_label, group_unit, indicator_label, uniform_sl

SHORT = {
    "offered": {"nb": "Innk.", "nn": "Innk.", "en": "Offered"},
    "answered": {"nb": "Besv.", "nn": "Svara", "en": "Answ."},
    "abandoned": {"nb": "Tapt", "nn": "Tapt", "en": "Aband."},
    "answer_rate": {"nb": "Svar %", "nn": "Svar %", "en": "Answer"},
    "service_level": {"nb": "Serv.grad", "nn": "Serv.grad", "en": "SL"},
    "asa_seconds": {"nb": "Ventetid", "nn": "Ventetid", "en": "Wait"},
    "abandon_rate": {"nb": "Tapt %", "nn": "Tapt %", "en": "Aband. %"},
    "aht_seconds": {"nb": "Beh.tid", "nn": "Hand.tid", "en": "AHT"},
    "no_repeat_24h_rate": {"nb": "Ikke igjen", "nn": "Ikkje att", "en": "No repeat"},
    "resolution_rate": {"nb": "Løst", "nn": "Løyst", "en": "Resolved"},
    "knowledge_use_rate": {"nb": "Kunnskap", "nn": "Kunnskap", "en": "Knowledge"},
}


def cell(
    indicator: str, row: dict[str, Any], targets: ServiceTargets, grouping: Grouping, lang: str
) -> Text:
    value = row[indicator]
    text = Text(fmt_value(indicator, value, lang))
    target = targets.for_unit(group_unit(row, grouping)).get(indicator)
    met = is_met(indicator, value, target)
    if met is True:
        text.append(" ✓", style="bold green")
    elif met is False:
        text.stylize("red")
        text.append(" ✗", style="bold red")
    return text


# What a narrow terminal shows in the one-row-per-group layout (JSON and CSV have all).
CORE = (
    "offered",
    "answer_rate",
    "service_level",
    "asa_seconds",
    "no_repeat_24h_rate",
    "aht_seconds",
)


def render(
    table: pl.DataFrame,
    grouping: Grouping,
    targets: ServiceTargets,
    lang: str,
    title: str | None = None,
    width: int = 200,
) -> Table:
    rows = table.to_dicts()
    sl = uniform_sl(table)
    if len(grouping.keys) <= 1 and grouping.period is None:
        return _wide(rows, grouping, targets, lang, title, sl)
    shown = INDICATORS if width >= 150 else CORE
    return _long(rows, grouping, targets, lang, title, shown)


def _wide(
    rows: list[dict[str, Any]],
    grouping: Grouping,
    targets: ServiceTargets,
    lang: str,
    title: str | None,
    sl: float | None,
) -> Table:
    out = Table(title=title, title_justify="left", header_style="bold")
    out.add_column(word("indicator", lang), no_wrap=True)
    for row in rows:
        out.add_column(group_label(row, grouping, lang), justify="right", no_wrap=True)
    out.add_column(word("target", lang), justify="right", style="dim", no_wrap=True)
    for indicator in INDICATORS:
        target = targets.default.get(indicator)
        out.add_row(
            indicator_label(indicator, lang, sl),
            *(cell(indicator, row, targets, grouping, lang) for row in rows),
            fmt_target(indicator, target, lang, None),
        )
    return out


def _long(
    rows: list[dict[str, Any]],
    grouping: Grouping,
    targets: ServiceTargets,
    lang: str,
    title: str | None,
    shown: tuple[str, ...],
) -> Table:
    out = Table(title=title, title_justify="left", header_style="bold")
    for key in grouping.keys:
        out.add_column(word(key, lang), no_wrap=True)
    for indicator in shown:
        out.add_column(SHORT[indicator][lang], justify="right", no_wrap=True)
    for row in rows:
        out.add_row(
            *(str(row[k]) if row[k] is not None else "–" for k in grouping.keys),
            *(cell(indicator, row, targets, grouping, lang) for indicator in shown),
        )
    return out
