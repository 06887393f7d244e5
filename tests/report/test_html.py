"""The self-contained HTML report (``linja kpi --html``) on records worked out by hand."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from linja.engine.kpi import INDICATORS, Grouping, compute
from linja.engine.records import RawSource, empty_frame, load
from linja.engine.targets import ServiceTargets, Targets
from linja.errors import LinjaError
from linja.report.html import ReportInput, chart_period, render_report, write_report

NOW = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)  # 10:30 in Oslo (winter, +01:00)


# --------------------------------------------------------------------------- records


def records(*rows: dict[str, Any]) -> pl.DataFrame:
    """Records through the real validation; queue q, channel phone by default."""
    defaults = {"queue": "q", "channel": "phone"}
    full = [{**defaults, "contact_id": f"c{i}", **row} for i, row in enumerate(rows)]
    names = sorted({k for row in full for k in row})
    raw = pl.DataFrame(
        {n: [None if row.get(n) is None else str(row.get(n)) for row in full] for n in names},
        schema={n: pl.String for n in names},
    ).with_columns(pl.int_range(pl.len()).cast(pl.Int64).alias("_line") + 2)
    return load([RawSource("test", raw)]).frame


def call(
    unit: str, arrived: datetime, wait: float | None, caller: str | None = None
) -> dict[str, Any]:
    """A call waiting ``wait`` seconds and then answered (talk 120 s), or hanging up after
    ``-wait`` seconds unanswered when ``wait`` is negative; ``None`` also hangs up at 30 s."""
    row: dict[str, Any] = {"unit": unit, "arrived_at": arrived.isoformat(), "caller": caller}
    if wait is not None and wait >= 0:
        answered = arrived + timedelta(seconds=wait)
        row["answered_at"] = answered.isoformat()
        row["ended_at"] = (answered + timedelta(seconds=120)).isoformat()
    else:
        row["ended_at"] = (arrived + timedelta(seconds=30 if wait is None else -wait)).isoformat()
    return row


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    """A UTC instant in 2026 (Oslo is UTC+1 in January and February)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


# Førde, Monday 5 January 2026 (Oslo 10:00-12:00), T = 60 s:
#   f0 caller a  waits 30, answered      -> within T; a calls again 2 h later: a repeat
#   f1 caller b  waits 90, answered      -> not within T
#   f2 caller a  waits 20, answered      -> within T; no later call of a at Førde
#   f3 caller c  hangs up after 40 s
#   offered 4, answered 3, answer rate 75 %, service level 2/4 = 50 %,
#   mean wait (30 + 90 + 20) / 3 = 46.7 s, no repeat 3/4 = 75 %, abandon 25 %
# Bergen, the same day:
#   b0 caller a  waits 10 (a at Førde does not count: another unit)
#   b1 caller d  waits 50
#   answer rate 100 %, service level 100 % (T 60) or 50 % (T 30), mean wait 30 s, no repeat 100 %
HAND = (
    call("Førde", at(5, 9), 30, "a"),
    call("Førde", at(5, 10), 90, "b"),
    call("Førde", at(5, 11), 20, "a"),
    call("Førde", at(5, 11, 30), -40, "c"),
    call("Bergen", at(5, 9), 10, "a"),
    call("Bergen", at(5, 10), 50, "d"),
)


BY_UNIT = Grouping()
HELSE_VEST = ServiceTargets()


def report_for(
    frame: pl.DataFrame,
    grouping: Grouping = BY_UNIT,
    targets: ServiceTargets = HELSE_VEST,
    lang: str = "nb",
    start: date | None = None,
    end: date | None = None,
) -> ReportInput:
    table = compute(frame, grouping, targets, start=start, end=end)
    return ReportInput(frame, table, grouping, targets, start, end, lang, ["logs/jan.csv"])


# --------------------------------------------------------------------------- HTML reading


class Page(HTMLParser):
    """What the tests look at: tags with attributes, scripts, styles, tables as text."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._script: dict[str, str | None] | None = None
        self._style = False
        self._text: list[str] = []
        self._cell: list[str] | None = None
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script, self._text = attributes, []
        elif tag == "style":
            self._style, self._text = True, []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None
        elif tag == "style":
            self.styles.append("".join(self._text))
            self._style = False
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._script is not None or self._style:
            self._text.append(data)
        elif self._cell is not None:
            self._cell.append(data)

    def data(self) -> dict[str, Any]:
        blocks = [text for attrs, text in self.scripts if attrs.get("type") == "application/json"]
        assert len(blocks) == 1
        parsed: dict[str, Any] = json.loads(blocks[0])
        return parsed

    def attr(self, tag: str, name: str) -> str | None:
        return next(attrs.get(name) for t, attrs in self.tags if t == tag)


def cell(table: list[list[str]], row: str, column: str) -> str:
    """The text of the cell in the row starting with ``row`` and the column headed ``column``."""
    header = table[0]
    body = next(r for r in table[1:] if r[0].startswith(row))
    return body[header.index(column)]


def render(report: ReportInput) -> tuple[str, Page]:
    document = render_report(report, NOW)
    return document, Page(document)


# --------------------------------------------------------------------------- tests


def test_no_external_references_and_everything_inline() -> None:
    document, page = render(report_for(records(*HAND)))
    external = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "audio", "video")
        for name in ("src", "href", "action", "poster", "data", "srcset", "xlink:href"):
            value = attrs.get(name)
            if value is not None:
                assert not external.match(value), (tag, name, value)
                assert value.startswith("#"), (tag, name, value)
    assert all("src" not in attrs for attrs, _ in page.scripts)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", document, re.I)
    for style in page.styles:
        assert "@import" not in style
        assert "url(" not in style
        assert "@font-face" not in style
    # Chart.js itself and our script are inline, and the policy forbids loading anything
    assert any("Chart.js v4" in text for _, text in page.scripts)
    csp = next(
        attrs.get("content") or ""
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp.startswith("default-src 'none'")
    assert "sourceMappingURL" not in document


def test_content_security_policy_allows_exactly_the_inline_scripts() -> None:
    _, page = render(report_for(records(*HAND)))
    csp = next(
        attrs.get("content") or ""
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    allowed = set(re.findall(r"'(sha256-[^']+)'", csp))
    code = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(code) == 2
    hashes = {
        "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        for text in code
    }
    assert hashes == allowed


@pytest.mark.parametrize(
    ("lang", "title", "missed"),
    [
        ("nb", "Nøkkeltall for kontaktsenteret", "ikke nådd"),
        ("nn", "Nøkkeltal for kontaktsenteret", "ikkje nådd"),
        ("en", "Contact centre indicators", "missed"),
    ],
)
def test_language(lang: str, title: str, missed: str) -> None:
    document, page = render(report_for(records(*HAND), lang=lang))
    assert page.attr("html", "lang") == lang
    assert f"<h1>{title}</h1>" in document
    assert f"({missed})" in document
    assert page.data()["lang"] == lang


def test_wide_table_has_the_seed_shape_and_marks_worked_out_by_hand() -> None:
    _, page = render(report_for(records(*HAND)))
    table = page.tables[0]
    # indicators as rows, the units as columns (sorted), then the target
    assert table[0] == ["Indikator", "Bergen", "Førde", "Mål"]
    assert [row[0] for row in table[1:]][:4] == [
        "Innkommende",
        "Besvart",
        "Tapt",
        "Svarprosent",
    ]
    assert cell(table, "Innkommende", "Førde") == "4"
    assert cell(table, "Tapt", "Førde") == "1"
    assert cell(table, "Svarprosent", "Førde") == "75,0 %✗ (ikke nådd)"
    assert cell(table, "Svarprosent", "Bergen") == "100,0 %✓ (nådd)"
    assert cell(table, "Svarprosent", "Mål") == "≥ 94,0 %"
    assert cell(table, "Servicegrad (innen 60 s)", "Førde") == "50,0 %✗ (ikke nådd)"
    assert cell(table, "Servicegrad (innen 60 s)", "Bergen") == "100,0 %✓ (nådd)"
    assert cell(table, "Gjennomsnittlig ventetid", "Førde") == "47 s✓ (nådd)"
    assert cell(table, "Gjennomsnittlig ventetid", "Bergen") == "30 s✓ (nådd)"
    assert cell(table, "Gjennomsnittlig ventetid", "Mål") == "≤ 60 s"
    assert cell(table, "Ringer ikke tilbake", "Førde") == "75,0 %✗ (ikke nådd)"
    assert cell(table, "Ringer ikke tilbake", "Bergen") == "100,0 %✓ (nådd)"
    # no target: no mark; nothing recorded: a dash
    assert cell(table, "Andel tapte", "Førde") == "25,0 %"
    assert cell(table, "Løsningsgrad", "Førde") == "–"


def test_marks_are_symbols_with_text_not_colour_alone() -> None:
    document, _ = render(report_for(records(*HAND)))
    assert (
        '<td class="num missed" data-mark="missed">75,0\u00a0%'
        '<span class="mark" aria-hidden="true">✗</span>'
        '<span class="sr-only"> (ikke nådd)</span></td>'
    ) in document


def test_unit_targets_and_thresholds_mark_each_unit_against_its_own() -> None:
    # Bergen: 70 % within 30 s (seed 002). b0 waits 10 s, b1 50 s: 1/2 = 50 % -> missed.
    targets = ServiceTargets(
        units={"Bergen": Targets(service_level=0.70)}, unit_sl_seconds={"Bergen": 30.0}
    )
    document, page = render(report_for(records(*HAND), targets=targets))
    table = page.tables[0]
    row = "Servicegrad"  # T differs between units: no "(innen 60 s)"
    assert cell(table, row, "Bergen") == "50,0 %✗ (ikke nådd)"
    assert cell(table, row, "Førde") == "50,0 %✗ (ikke nådd)"
    text = " ".join(document.split())
    assert "Bergen: mål servicegrad ≥ 70,0 %" in text
    assert "Bergen: servicegrad innen 30 s" in text
    assert "Helse Vests regionale mål" in text
    assert "60 s der ikke annet er satt; Bergen: 30 s" in text
    # the chart of service level draws one dashed target per distinct target
    spec = next(c for c in page.data()["charts"] if c["indicator"] == "service_level")
    assert sorted((t["value"], t["unit"], t["label"]) for t in spec["targets"]) == [
        (0.7, "Bergen", "Mål – Bergen"),
        (0.8, None, "Mål"),  # the default
    ]


def test_override_of_t_is_said_in_the_footer() -> None:
    targets = ServiceTargets().with_override(20.0)
    document, page = render(report_for(records(*HAND), targets=targets))
    assert "T = 20\u00a0s for alle køer (satt med --sl-seconds)" in document
    # Førde: f2 (20 s) only; Bergen: b0 (10 s) only
    assert cell(page.tables[0], "Servicegrad (innen 20 s)", "Førde") == "25,0 %✗ (ikke nådd)"


def test_header_says_period_contacts_sources_and_time_in_oslo() -> None:
    document, _ = render(report_for(records(*HAND)))
    text = " ".join(document.split())
    assert "5. januar 2026 – 5. januar 2026" in text
    assert "<dd>6</dd>" in text
    assert "logs/jan.csv" in text
    assert "2. februar 2026 kl. 10:30 (norsk tid)" in text


def test_long_table_for_a_grouping_with_a_period() -> None:
    frame = records(*HAND, call("Førde", at(3, 9, month=2), 10, "z"))
    _, page = render(report_for(frame, Grouping(("unit",), "month")))
    table = page.tables[0]
    assert table[0][:4] == ["Enhet", "Måned", "Innkommende", "Besvart"]
    assert [row[:3] for row in table[1:-1]] == [
        ["Bergen", "2026-01", "2"],
        ["Bergen", "2026-02", "0"],
        ["Førde", "2026-01", "4"],
        ["Førde", "2026-02", "1"],
    ]
    assert table[-1][0] == "Mål"
    assert cell(table, "Førde", "Svarprosent") == "75,0 %✗ (ikke nådd)"
    # the charts use the period asked for
    assert page.data()["period"] == "month"


@pytest.mark.parametrize(
    ("first", "last", "period"),
    [
        (date(2026, 1, 5), date(2026, 1, 5), "hour"),
        (date(2026, 1, 5), date(2026, 1, 6), "hour"),
        (date(2026, 1, 5), date(2026, 1, 7), "day"),
        (date(2026, 1, 1), date(2026, 3, 3), "day"),  # 62 days
        (date(2026, 1, 1), date(2026, 3, 4), "week"),
        (date(2026, 1, 1), date(2027, 1, 1), "week"),  # 366 days
        (date(2026, 1, 1), date(2027, 1, 2), "month"),
    ],
)
def test_chart_period_follows_the_length_of_the_range(first: date, last: date, period: str) -> None:
    frame = records(call("A", at(5, 9), 10))
    assert chart_period(frame, first, last) == period


def test_chart_period_without_dates_follows_the_records() -> None:
    frame = records(call("A", at(5, 9), 10), call("A", at(20, 9, month=2), 10))
    assert chart_period(frame, None, None) == "day"  # 47 days
    frame = records(call("A", at(5, 9), 10), call("A", at(20, 9, month=6), 10))
    assert chart_period(frame, None, None) == "week"
    assert chart_period(frame, date(2026, 6, 1), None) == "day"  # 1-20 June


def test_embedded_series_is_compute_output_for_the_chosen_period() -> None:
    rows = [
        call(unit, at(1 + (d % 28), 8 + d % 7, month=1 + d // 28), wait, f"{unit}{d % 5}")
        for d in range(0, 84, 3)
        for unit, wait in (("Førde", 20 + d), ("Bergen", -15 if d % 2 else 70))
    ]
    frame = records(*rows)
    targets = ServiceTargets(units={"Bergen": Targets(answer_rate=0.9)})
    report = report_for(frame, targets=targets)
    data = Page(render_report(report, NOW)).data()
    assert data["period"] == "week"  # 1 January - 26 March
    expected = compute(frame, Grouping(("unit",), "week"), targets)
    assert data["units"] == ["Bergen", "Førde"]
    for unit in data["units"]:
        mine = expected.filter(pl.col("unit") == unit)
        assert data["periods"] == mine["week"].to_list()
        for name in INDICATORS:
            assert data["values"][unit][name] == mine[name].to_list(), (unit, name)
    assert len(data["labels"]) == len(data["periods"])
    charted = [c["indicator"] for c in data["charts"]]
    assert charted[:4] == ["answer_rate", "service_level", "asa_seconds", "no_repeat_24h_rate"]
    assert "resolution_rate" not in charted  # nothing recorded, no chart
    answer = next(c for c in data["charts"] if c["indicator"] == "answer_rate")
    assert sorted((t["value"], t["unit"]) for t in answer["targets"]) == [
        (0.9, "Bergen"),
        (0.94, None),
    ]


def test_every_chart_has_a_canvas_and_a_data_table() -> None:
    frame = records(*HAND, {**call("Førde", at(6, 9), 5), "resolution": "resolved"})
    _, page = render(report_for(frame))
    canvases = [attrs for tag, attrs in page.tags if tag == "canvas"]
    charts = page.data()["charts"]
    assert [c["id"] for c in charts] == [a["id"] for a in canvases]
    assert "chart-resolution_rate" in [c["id"] for c in charts]
    assert all(a.get("role") == "img" and a.get("aria-label") for a in canvases)
    # hour per hour over two days: one table per chart, after the results table
    series_tables = page.tables[1:]
    assert len(series_tables) == len(charts)
    answer = series_tables[0]
    assert answer[0] == ["Time", "Bergen", "Førde"]
    row = next(r for r in answer if r[0].startswith("05.01. 10:00"))
    assert row[1:] == ["100,0 %✓ (nådd)", "100,0 %✓ (nådd)"]  # b0 and f0 at 09:00 UTC


def test_unit_names_cannot_break_out_of_the_script_or_the_markup() -> None:
    evil = "Evil \"</script><script>alert('x')</script><!-- & '\u2028 \u2029 <b>"
    frame = records(call(evil, at(5, 9), 10, "a"), call("Plain", at(5, 9), 10, "b"))
    document, page = render(report_for(frame))
    assert "</script><script>alert" not in document
    assert "<!-- &" not in document
    # exactly our three script elements, and the data comes back unchanged
    assert len(page.scripts) == 3
    data = page.data()
    assert evil in data["units"]
    assert data["charts"][0]["targets"][0]["label"] == "Mål"
    # in the markup the name is text, escaped
    assert " ".join(evil.split()) in page.tables[0][0]
    assert not any(
        tag == "script" and not attrs for tag, attrs in page.tags[:-2] if tag == "script"
    )


def test_empty_selection_gives_a_sensible_report() -> None:
    document, page = render(report_for(empty_frame()))
    assert "Ingen kontakter i utvalget." in document
    assert page.tables == []
    assert not any(tag == "canvas" for tag, _ in page.tags)
    data = page.data()
    assert data["units"] == [] and data["charts"] == []
    assert "<dd>0</dd>" in document


def test_selection_outside_the_records_is_empty_too() -> None:
    report = report_for(records(*HAND), start=date(2026, 3, 1), end=date(2026, 3, 31))
    document, page = render(report)
    assert "1. mars 2026 – 31. mars 2026" in document
    assert "Ingen kontakter i utvalget." in document
    assert not any(tag == "canvas" for tag, _ in page.tags)
    assert page.data()["period"] == "day"


def test_write_report_writes_the_file_creating_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "kpi.html"
    write_report(path, report_for(records(*HAND)), now=NOW)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_report_where_a_file_blocks_the_folder_is_explained(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    with pytest.raises(LinjaError, match="--html: cannot write"):
        write_report(tmp_path / "blocker" / "kpi.html", report_for(records(*HAND)))
