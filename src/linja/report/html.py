"""The HTML report of ``linja kpi --html``: one self-contained file with tables and charts.

The file has everything inline (styles, the vendored Chart.js, the data) and a content
security policy that forbids loading anything, so it opens the same on a laptop in a
hospital network without internet as on the machine that made it. It shows

- the indicator table for the grouping asked for (the shape of seed 000 when grouped by
  one dimension: indicators as rows, groups as columns, and the target), each value
  marked met or missed by a symbol and by text for screen readers, not by colour alone;
- each indicator over time per unit against its target (dashed), with the numbers of
  every chart in a table under it, so nothing is only in the picture;
- the definitions, and how T and the targets were set.

The time series is :func:`linja.engine.kpi.compute` grouped by unit and a period chosen
from the length of the range (:func:`chart_period`), unless the grouping has one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
import polars as pl
from markupsafe import Markup

from linja.engine.kpi import INDICATORS, PERIOD_START, TZ, Grouping, compute
from linja.engine.targets import HELSE_VEST, TARGETED, ServiceTargets, is_met
from linja.errors import LinjaError, reason
from linja.report.labels import (
    definition,
    fmt_count,
    fmt_seconds,
    fmt_target,
    fmt_value,
    word,
)
from linja.report.table import (
    group_label,
    group_unit,
    indicator_label,
    target_notes,
    uniform_sl,
)

# Charts always drawn when they have data, then those drawn only when they have data
# (resolution and knowledge use are recorded by few contact centres).
CHARTED = (
    "answer_rate",
    "service_level",
    "asa_seconds",
    "no_repeat_24h_rate",
    "abandon_rate",
    "aht_seconds",
    "resolution_rate",
    "knowledge_use_rate",
)
OPTIONAL_CHARTS = frozenset({"resolution_rate", "knowledge_use_rate"})

# Longest range (in days, inclusive) charted per hour, per day, per week; longer: per month.
HOUR_MAX_DAYS = 2
DAY_MAX_DAYS = 62
WEEK_MAX_DAYS = 366

CHART_JS = ("static", "vendor", "chartjs", "chart.umd.min.js")
DATA_ID = "linja-data"

# Words the report needs beyond linja.report.labels: nb, nn, en.
TEXT: dict[str, tuple[str, str, str]] = {
    "results": ("Resultat", "Resultat", "Results"),
    "chart_intro": (
        "Én linje per enhet, stiplet linje er målet. "
        "Tallene bak hver figur står i tabellen under den.",
        "Éi linje per eining, stipla linje er målet. "
        "Tala bak kvar figur står i tabellen under han.",
        "One line per unit, the dashed line is the target. The numbers behind each chart are in "
        "the table below it.",
    ),
    "chart_period_auto": (
        "Perioden i figurene ({period}) er valgt ut fra lengden på utvalget.",
        "Perioden i figurane ({period}) er vald ut frå lengda på utvalet.",
        "The period of the charts ({period}) was chosen from the length of the selection.",
    ),
    "chart_period_asked": (
        "Perioden i figurene ({period}) er den tabellen er gruppert etter.",
        "Perioden i figurane ({period}) er den tabellen er gruppert etter.",
        "The period of the charts ({period}) is the one the table is grouped by.",
    ),
    "chart_alt": (
        "Linjediagram: {indicator} per {period} for hver enhet, med målet som stiplet linje. "
        "Tallene står i tabellen under.",
        "Linjediagram: {indicator} per {period} for kvar eining, med målet som stipla linje. "
        "Tala står i tabellen under.",
        "Line chart: {indicator} per {period} for each unit, with the target as a dashed line. "
        "The numbers are in the table below.",
    ),
    "show_numbers": ("Vis tallene", "Vis tala", "Show the numbers"),
    "no_target": ("Ingen mål satt", "Ingen mål sett", "No target set"),
    "targets_per_unit": (
        "Mål per enhet (stiplet linje i enhetens farge)",
        "Mål per eining (stipla linje i fargen til eininga)",
        "Target per unit (dashed line in the unit's colour)",
    ),
    "no_series": (
        "Ingen tall for denne indikatoren i utvalget.",
        "Ingen tal for denne indikatoren i utvalet.",
        "No numbers for this indicator in the selection.",
    ),
    "marks_legend": (
        "✓ målet er nådd, ✗ målet er ikke nådd, – kan ikke beregnes.",
        "✓ målet er nådd, ✗ målet er ikkje nådd, – kan ikkje reknast ut.",
        "✓ target met, ✗ target missed, – not computable.",
    ),
    "how_made": ("Slik er tallene laget", "Slik er tala laga", "How the numbers were made"),
    "t_override": (
        "Servicegraden er målt mot T = {t} for alle køer (satt med --sl-seconds).",
        "Servicegraden er målt mot T = {t} for alle køar (sett med --sl-seconds).",
        "The service level was measured against T = {t} for every queue (set with --sl-seconds).",
    ),
    "t_default": (
        "Servicegraden er målt mot T = {t} for alle køer.",
        "Servicegraden er målt mot T = {t} for alle køar.",
        "The service level was measured against T = {t} for every queue.",
    ),
    "t_specific": (
        "Servicegraden er målt mot T per enhet og kø fra konfigurasjonen (linja.yaml): "
        "{t} der ikke annet er satt; {list}.",
        "Servicegraden er målt mot T per eining og kø frå konfigurasjonen (linja.yaml): "
        "{t} der ikkje anna er sett; {list}.",
        "The service level was measured against T per unit and queue from the configuration "
        "(linja.yaml): {t} unless set otherwise; {list}.",
    ),
    "queue": ("kø", "kø", "queue"),
    "targets_helse_vest": (
        "Målene er Helse Vests regionale mål: {list}.",
        "Måla er dei regionale måla i Helse Vest: {list}.",
        "The targets are Helse Vest's regional targets: {list}.",
    ),
    "targets_config": (
        "Målene er satt i konfigurasjonen (linja.yaml): {list}.",
        "Måla er sette i konfigurasjonen (linja.yaml): {list}.",
        "The targets are set in the configuration (linja.yaml): {list}.",
    ),
    "tz_note": (
        "Kontaktene er regnet til dag, uke og måned etter norsk tid (Europe/Oslo). "
        "«Ringer ikke tilbake» ser på alle innleste kontakter, også de utenfor perioden.",
        "Kontaktane er rekna til dag, veke og månad etter norsk tid (Europe/Oslo). "
        "«Ringer ikkje tilbake» ser på alle innlesne kontaktar, også dei utanfor perioden.",
        "Contacts are counted to days, weeks and months in Norwegian time (Europe/Oslo). "
        "«No repeat call in 24 h» looks at every contact loaded, also those outside the period.",
    ),
    "at_time": ("kl.", "kl.", "at"),
    "local_time": ("norsk tid", "norsk tid", "Norwegian time"),
    "contents": ("Innhold", "Innhald", "Contents"),
    "table_of": ("Tall per {period}", "Tal per {period}", "Numbers per {period}"),
}

MONTHS: dict[str, tuple[str, ...]] = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "nn": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip

_LANG_INDEX = {"nb": 0, "nn": 1, "en": 2}
# The words of linja.report.labels the template uses.
LABEL_WORDS = (
    "period", "records", "generated", "sources", "definitions", "indicator", "target", "met",
    "missed", "no_data", "over_time", "total", "all_units",
)  # fmt: skip


def text(key: str, lang: str, **values: str) -> str:
    """One of this module's words in ``lang``, with ``{name}`` filled in from ``values``."""
    phrase = TEXT[key][_LANG_INDEX[lang]]
    return phrase.format(**values) if values else phrase


@dataclass(frozen=True)
class ReportInput:
    """What ``linja kpi`` knows when it writes the report."""

    records: pl.DataFrame  # all validated records loaded (canonical schema)
    table: pl.DataFrame  # kpi.compute(records, grouping, targets, start=start, end=end)
    grouping: Grouping
    targets: ServiceTargets
    start: date | None
    end: date | None
    lang: str  # "nb" (default), "nn" or "en"
    sources: list[str]


# --------------------------------------------------------------------------- time series


def selection_days(
    records: pl.DataFrame, start: date | None, end: date | None
) -> tuple[date, date] | None:
    """First and last Oslo day of the selection: the dates asked for, else the records'."""
    local = records["arrived_at"].dt.convert_time_zone(TZ).dt.date()
    if start is not None:
        local = local.filter(local >= start)
    if end is not None:
        local = local.filter(local <= end)
    first = start or local.min()
    last = end or local.max()
    if first is None or last is None:
        return None
    assert isinstance(first, date) and isinstance(last, date)
    return (first, last) if first <= last else (last, first)


def chart_period(records: pl.DataFrame, start: date | None, end: date | None) -> str:
    """The period of the charts from the length of the range: hour, day, week or month."""
    days = selection_days(records, start, end)
    if days is None:
        return "day"
    length = (days[1] - days[0]).days + 1
    if length <= HOUR_MAX_DAYS:
        return "hour"
    if length <= DAY_MAX_DAYS:
        return "day"
    if length <= WEEK_MAX_DAYS:
        return "week"
    return "month"


def series_grouping(report: ReportInput) -> Grouping:
    """Per unit, by the grouping's period when it has one, else by :func:`chart_period`."""
    period = report.grouping.period or chart_period(report.records, report.start, report.end)
    return Grouping(("unit",), period)


def compute_series(report: ReportInput) -> tuple[Grouping, pl.DataFrame]:
    grouping = series_grouping(report)
    series = compute(report.records, grouping, report.targets, start=report.start, end=report.end)
    return grouping, series


def _json_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def series_payload(series: pl.DataFrame, period: str, lang: str) -> dict[str, Any]:
    """The series as the page embeds it: the periods (as :func:`compute` labels them, and as
    the x axis writes them), the units, and per unit one list per indicator aligned with the
    periods (null where a period has no value)."""
    grid = series.select(PERIOD_START, period).unique().sort(PERIOD_START)
    periods = grid[period].to_list()
    position = {label: i for i, label in enumerate(periods)}
    units = sorted(series["unit"].drop_nulls().unique().to_list())
    values: dict[str, dict[str, list[Any]]] = {}
    for unit in units:
        rows = series.filter(pl.col("unit") == unit)
        columns: dict[str, list[Any]] = {}
        for name in (*INDICATORS, "sl_seconds"):
            column: list[Any] = [None] * len(periods)
            for label, value in zip(rows[period].to_list(), rows[name].to_list(), strict=True):
                column[position[label]] = _json_number(value)
            columns[name] = column
        values[unit] = columns
    return {
        "period": period,
        "periods": periods,
        "labels": [_display_period(start, period, lang) for start in grid[PERIOD_START]],
        "units": units,
        "values": values,
    }


def _display_period(start: datetime, period: str, lang: str) -> str:
    """How a period is written under the x axis."""
    if period == "hour":
        return start.strftime("%d.%m. %H:%M") if lang != "en" else start.strftime("%d %b %H:%M")
    if period == "day":
        return start.strftime("%d.%m.%Y") if lang != "en" else start.strftime("%Y-%m-%d")
    if period == "week":
        iso = start.isocalendar()
        return f"{word('week', lang).lower()} {iso.week} {iso.year}"
    if period == "month":
        return f"{MONTHS[lang][start.month - 1][:3]} {start.year}"
    return str(start.year)


# --------------------------------------------------------------------------- escaping


def json_for_script(payload: Any) -> Markup:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears
    literally, so no data can close the element or open a comment."""
    dumped = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        dumped = dumped.replace(char, escape)
    return Markup(dumped)  # escaped above for the script context


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def chart_js_source() -> str:
    """The vendored Chart.js UMD build, without its source-map comment."""
    path = resources.files("linja").joinpath(*CHART_JS)
    source = path.read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if not line.startswith("//# sourceMappingURL=")]
    source = "\n".join(lines)
    if "</script" in source.lower() or "<!--" in source:
        raise LinjaError(f"{path}: cannot be inlined into a <script> element")
    return source


# --------------------------------------------------------------------------- view model


@dataclass(frozen=True)
class Cell:
    text: str
    mark: str | None = None  # "met", "missed" or None (no target or no value)


def _cell(indicator: str, value: Any, target: float | None, lang: str) -> Cell:
    met = is_met(indicator, value, target)
    return Cell(
        fmt_value(indicator, value, lang), None if met is None else "met" if met else "missed"
    )


def wide_table(report: ReportInput) -> dict[str, Any]:
    """Indicators as rows, one column per group, then the target (seed 000)."""
    rows = report.table.to_dicts()
    sl = uniform_sl(report.table)
    body = []
    for indicator in INDICATORS:
        cells = [
            _cell(
                indicator,
                row[indicator],
                report.targets.for_unit(group_unit(row, report.grouping)).get(indicator),
                report.lang,
            )
            for row in rows
        ]
        target = fmt_target(indicator, report.targets.default.get(indicator), report.lang, None)
        body.append(
            {
                "indicator": indicator,
                "label": indicator_label(indicator, report.lang, sl),
                "cells": cells,
                "target": target,
            }
        )
    return {
        "layout": "wide",
        "columns": [group_label(row, report.grouping, report.lang) for row in rows],
        "rows": body,
    }


def long_table(report: ReportInput) -> dict[str, Any]:
    """One row per group, the keys then every indicator; the targets in the footer."""
    lang = report.lang
    body = []
    for row in report.table.to_dicts():
        unit_targets = report.targets.for_unit(group_unit(row, report.grouping))
        body.append(
            {
                "keys": [str(row[k]) if row[k] is not None else "–" for k in report.grouping.keys],
                "cells": [_cell(i, row[i], unit_targets.get(i), lang) for i in INDICATORS],
            }
        )
    return {
        "layout": "long",
        "key_headers": [word(k, lang) for k in report.grouping.keys],
        "headers": [indicator_label(i, lang, uniform_sl(report.table)) for i in INDICATORS],
        "targets": [fmt_target(i, report.targets.default.get(i), lang, None) for i in INDICATORS],
        "rows": body,
    }


def _grouped(
    per_unit: Mapping[str, float | None], preferred: float | None = None
) -> tuple[float | None, dict[float | None, list[str]]]:
    """The value most units share (``preferred`` on a tie), and the units of each value."""
    by_value: dict[float | None, list[str]] = {}
    for unit, value in per_unit.items():
        by_value.setdefault(value, []).append(unit)
    if not by_value:
        return None, by_value
    common = max(by_value, key=lambda v: (v is not None, len(by_value[v]), v == preferred))
    return common, by_value


def _describe(
    name: str,
    per_unit: Mapping[str, float | None],
    show: Callable[[float], str],
    none_text: str,
    preferred: float | None,
) -> str:
    """'Mål: ≥ 80,0 % (Helse Bergen: ≥ 70,0 %)': the common value, then the exceptions."""
    common, by_value = _grouped(per_unit, preferred)
    if common is None:
        return none_text
    text_ = f"{name}: {show(common)}"
    others = [
        f"{unit}: {show(value) if value is not None else none_text.lower()}"
        for value, units in by_value.items()
        if value != common
        for unit in units
    ]
    return text_ + (f" ({'; '.join(others)})" if others else "")


def _target_lines(
    per_unit: Mapping[str, float | None], preferred: float | None, lang: str
) -> list[dict[str, Any]]:
    """One dashed line per distinct target: the one most units share in grey ("Mål"), each
    other in the colour of its unit when it is that unit's alone ("Mål – Helse Bergen")."""
    common, by_value = _grouped(per_unit, preferred)
    lines = []
    for value, units in by_value.items():
        if value is None:
            continue
        if value == common:
            label, unit = word("target", lang), None
        else:
            label = f"{word('target', lang)} – {', '.join(units)}"
            unit = units[0] if len(units) == 1 else None
        lines.append({"label": label, "unit": unit, "value": value})
    return lines


def _unit_thresholds(series: pl.DataFrame, units: Sequence[str]) -> dict[str, float | None]:
    """T each unit was measured against, None when its queues use different ones."""
    out: dict[str, float | None] = {}
    for unit in units:
        seen = series.filter((pl.col("unit") == unit) & (pl.col("offered") > 0))["sl_seconds"]
        values = seen.unique().to_list()
        out[unit] = float(values[0]) if len(values) == 1 and values[0] is not None else None
    return out


def chart_views(
    report: ReportInput, series: pl.DataFrame, payload: dict[str, Any], period_label: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the template shows for each chart, and what the script draws."""
    lang = report.lang
    units: list[str] = payload["units"]
    values: dict[str, dict[str, list[Any]]] = payload["values"]
    labels: list[str] = payload["labels"]
    views: list[dict[str, Any]] = []
    specs: list[dict[str, Any]] = []
    thresholds = _unit_thresholds(series, units)
    distinct_t = set(thresholds.values())
    sl = next(iter(distinct_t)) if len(distinct_t) == 1 else None
    for indicator in CHARTED:
        has_data = any(v is not None for unit in units for v in values[unit][indicator])
        if indicator in OPTIONAL_CHARTS and not has_data:
            continue
        per_unit = {unit: report.targets.for_unit(unit).get(indicator) for unit in units}
        default = report.targets.default.get(indicator)
        descriptions = [
            _describe(
                word("target", lang),
                per_unit,
                partial(fmt_target, indicator, lang=lang, sl_seconds=None),
                text("no_target", lang),
                default,
            )
        ]
        if indicator == "service_level" and sl is None and units:
            show_t = partial(fmt_seconds, lang=lang)
            descriptions.append(
                _describe("T", thresholds, show_t, "T: –", report.targets.sl_seconds)
            )
        chart_id = f"chart-{indicator}"
        title = indicator_label(indicator, lang, sl)
        rows = [
            {
                "period": label,
                "cells": [
                    _cell(indicator, values[u][indicator][i], per_unit[u], lang) for u in units
                ],
            }
            for i, label in enumerate(labels)
        ]
        views.append(
            {
                "id": chart_id,
                "indicator": indicator,
                "title": title,
                "targets": descriptions,
                "has_data": has_data,
                "alt": text("chart_alt", lang, indicator=title, period=period_label),
                "units": units,
                "rows": rows,
            }
        )
        if has_data:
            specs.append(
                {
                    "id": chart_id,
                    "indicator": indicator,
                    "kind": "seconds" if indicator.endswith("_seconds") else "rate",
                    "title": title,
                    "targets": _target_lines(per_unit, default, lang),
                }
            )
    return views, specs


def threshold_notes(
    series: pl.DataFrame, units: Sequence[str], preferred: float | None, lang: str
) -> list[str]:
    """'Helse Bergen: servicegrad innen 30 s' for units measured against another T than most."""
    thresholds = _unit_thresholds(series, units)
    common, by_value = _grouped(thresholds, preferred)
    if len(by_value) <= 1:
        return []
    return [
        f"{unit}: {word('service_level', lang).lower()} {word('within', lang)} "
        f"{fmt_seconds(value, lang) if value is not None else '–'}"
        for value, members in by_value.items()
        if value != common
        for unit in members
    ]


HEADLINE = ("answer_rate", "service_level", "asa_seconds", "no_repeat_24h_rate")


def headline(report: ReportInput) -> list[dict[str, Any]]:
    """The regional indicators for all units together, against the default targets."""
    total = compute(
        report.records, Grouping((), None), report.targets, start=report.start, end=report.end
    )
    if not total.height or not total["offered"][0]:
        return []
    row = total.row(0, named=True)
    sl = row["sl_seconds"]
    tiles = []
    for indicator in HEADLINE:
        target = report.targets.default.get(indicator)
        cell = _cell(indicator, row[indicator], target, report.lang)
        tiles.append(
            {
                "indicator": indicator,
                "label": indicator_label(indicator, report.lang, sl),
                "value": cell.text,
                "mark": cell.mark,
                "target": fmt_target(indicator, target, report.lang, None),
            }
        )
    return tiles


def _fmt_date(day: date, lang: str) -> str:
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang != "en" else f"{day.day} {month} {day.year}"


def period_text(report: ReportInput) -> str:
    days = selection_days(report.records, report.start, report.end)
    if report.start or report.end:
        first = _fmt_date(report.start, report.lang) if report.start else "…"
        last = _fmt_date(report.end, report.lang) if report.end else "…"
        return f"{first} – {last}"
    if days is None:
        return "–"
    return f"{_fmt_date(days[0], report.lang)} – {_fmt_date(days[1], report.lang)}"


def generated_text(now: datetime, lang: str) -> str:
    local = now.astimezone(ZoneInfo(TZ))
    return (
        f"{_fmt_date(local.date(), lang)} {text('at_time', lang)} {local:%H:%M} "
        f"({text('local_time', lang)})"
    )


def _seconds_text(value: float, lang: str) -> str:
    return fmt_seconds(value, lang)


def threshold_note(targets: ServiceTargets, lang: str) -> str:
    """How T was set: --sl-seconds, the default, or per unit and queue."""
    if targets.override_sl_seconds is not None:
        return text("t_override", lang, t=_seconds_text(targets.override_sl_seconds, lang))
    specific = [
        *(
            f"{unit}: {_seconds_text(t, lang)}"
            for unit, t in sorted(targets.unit_sl_seconds.items())
        ),
        *(
            f"{text('queue', lang)} {queue}: {_seconds_text(t, lang)}"
            for queue, t in sorted(targets.queue_sl_seconds.items())
        ),
        *(
            f"{unit}, {text('queue', lang)} {queue}: {_seconds_text(t, lang)}"
            for (unit, queue), t in sorted(targets.unit_queue_sl_seconds.items())
        ),
    ]
    t = _seconds_text(targets.sl_seconds, lang)
    if not specific:
        return text("t_default", lang, t=t)
    return text("t_specific", lang, t=t, list="; ".join(specific))


def targets_note(targets: ServiceTargets, lang: str) -> str:
    parts = [
        f"{word(i, lang).lower()} {fmt_target(i, targets.default.get(i), lang, None)}"
        for i in TARGETED
        if targets.default.get(i) is not None
    ]
    key = "targets_helse_vest" if targets.default == HELSE_VEST else "targets_config"
    return text(key, lang, list=", ".join(parts) if parts else "–")


# --------------------------------------------------------------------------- rendering


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("linja.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_report(report: ReportInput, now: datetime | None = None) -> str:
    """The report as one HTML document."""
    lang = report.lang
    if lang not in _LANG_INDEX:
        raise LinjaError(f"--lang: '{lang}' is not a language; expected one of nb, nn, en")
    env = _environment()
    grouping, series = compute_series(report)
    period = grouping.period or "day"
    payload = series_payload(series, period, lang)
    period_label = word(period, lang).lower()
    views, specs = chart_views(report, series, payload, period_label)
    payload["charts"] = specs
    payload["lang"] = lang
    payload["words"] = {"target": word("target", lang)}

    table_view: dict[str, Any] | None = None
    if report.table.height:
        wide = len(report.grouping.keys) <= 1 and report.grouping.period is None
        table_view = wide_table(report) if wide else long_table(report)
    units = (
        sorted(report.table["unit"].drop_nulls().unique().to_list())
        if "unit" in report.table.columns
        else []
    )
    offered = int(report.table["offered"].sum()) if report.table.height else 0
    chart_js = chart_js_source()
    app_js = env.get_template("report.js.j2").render().strip()
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(chart_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    definitions = [
        {
            "label": word(i, lang),
            "definition": definition(i, lang),
            "target": fmt_target(i, report.targets.default.get(i), lang, None),
        }
        for i in INDICATORS
        if definition(i, lang)
    ]
    auto = report.grouping.period is None
    context = {
        "lang": lang,
        "csp": csp,
        "title": word("title", lang),
        "w": {key: word(key, lang) for key in LABEL_WORDS},
        "t": {key: text(key, lang) for key in TEXT if "{" not in TEXT[key][0]},
        "period_text": period_text(report),
        "offered": fmt_count(offered, lang),
        "sources": report.sources,
        "generated": generated_text(now or datetime.now(ZoneInfo(TZ)), lang),
        "table": table_view,
        "headline": headline(report),
        "grouping_label": ", ".join(word(k, lang).lower() for k in report.grouping.keys)
        or word("total", lang).lower(),
        "notes": target_notes(report.targets, units, lang)
        + threshold_notes(series, units, report.targets.sl_seconds, lang),
        "charts": views,
        "chart_period_note": text(
            "chart_period_auto" if auto else "chart_period_asked", lang, period=period_label
        ),
        "period_word": word(period, lang),
        "table_of": text("table_of", lang, period=period_label),
        "data_json": json_for_script(payload),
        "data_id": DATA_ID,
        "chart_js": Markup(chart_js),  # the vendored library, checked above
        "app_js": Markup(app_js),  # our own script
        "definitions": definitions,
        "threshold_note": threshold_note(report.targets, lang),
        "targets_note": targets_note(report.targets, lang),
    }
    return env.get_template("report.html.j2").render(context)


def write_report(path: Path, report: ReportInput, *, now: datetime | None = None) -> None:
    """Write the self-contained HTML report to ``path``."""
    document = render_report(report, now)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document, encoding="utf-8")
    except OSError as exc:
        raise LinjaError(f"--html: cannot write {path}: {reason(exc)}") from exc
