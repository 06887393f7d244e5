"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

The report is opened from a file with every network request blocked, as on a hospital
laptop without internet: each chart must be drawn, nothing may be fetched, and the console
must stay quiet. The full-page screenshot goes to $LINJA_SCREENSHOTS/kpi-report.png (a
temporary directory unless set; `make screenshots` sets it to docs/screenshots) for a person
to look at.

Chromium is not optional: `make test` installs it, and a missing browser fails the run.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.e2e.support import axe

from linja.engine.kpi import Grouping, compute
from linja.engine.records import RawSource, load
from linja.engine.targets import ServiceTargets, Targets
from linja.report.html import ReportInput, write_report
from linja.sampledata import generate

pytestmark = pytest.mark.browser

NOW = datetime(2026, 3, 2, 7, 45, tzinfo=UTC)
# unit: (chance of an answer, mean wait in seconds) -- the shape of seed 000's results
UNITS = {"Helse Førde": (0.90, 40.0), "Helse Bergen": (0.85, 65.0), "Helse Fonna": (0.77, 190.0)}


def contact_records() -> pl.DataFrame:
    """Weekday calls for three units from September 2025 to February 2026, fixed seed."""
    rng = random.Random(2021)
    rows: list[dict[str, Any]] = []
    first = datetime(2025, 9, 1, 6, 0, tzinfo=UTC)
    for day in range(181):
        morning = first + timedelta(days=day)
        if morning.weekday() >= 5:
            continue
        for unit, (answer, mean_wait) in UNITS.items():
            better = 0.05 * day / 181  # a slow improvement over the half-year
            for n in range(rng.randint(18, 30)):
                arrived = morning + timedelta(seconds=rng.randint(0, 8 * 3600))
                wait = rng.expovariate(1 / mean_wait)
                row: dict[str, Any] = {
                    "contact_id": f"{unit}-{day}-{n}",
                    "unit": unit,
                    "queue": "poliklinikk",
                    "channel": "phone",
                    "caller": f"k{rng.randint(0, 300)}",
                    "arrived_at": arrived.isoformat(),
                }
                if rng.random() < answer + better:
                    answered = arrived + timedelta(seconds=wait)
                    row["answered_at"] = answered.isoformat()
                    row["ended_at"] = (
                        answered + timedelta(seconds=rng.randint(90, 420))
                    ).isoformat()
                    row["wrapup_seconds"] = str(rng.randint(0, 60))
                    row["resolution"] = rng.choice(["resolved", "resolved", "resolved", "pending"])
                else:
                    row["ended_at"] = (arrived + timedelta(seconds=min(wait, 240))).isoformat()
                rows.append(row)
    names = sorted({k for row in rows for k in row})
    raw = pl.DataFrame(
        {n: [row.get(n) for row in rows] for n in names}, schema={n: pl.String for n in names}
    ).with_columns(pl.int_range(pl.len()).cast(pl.Int64).alias("_line") + 2)
    return load([RawSource("browser-test", raw)]).frame


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame = contact_records()
    # Bergen measures 70 % within 30 s (seed 002); the others the Helse Vest targets
    targets = ServiceTargets(
        units={"Helse Bergen": Targets(service_level=0.70)},
        unit_sl_seconds={"Helse Bergen": 30.0},
    )
    grouping = Grouping(("unit",), None)
    table = compute(frame, grouping, targets)
    path = tmp_path_factory.mktemp("report") / "kpi.html"
    report = ReportInput(frame, table, grouping, targets, None, None, "nb", ["helse-vest.parquet"])
    write_report(path, report, now=NOW)
    return path


class Visit:
    """A page opened on the report with the network cut off, recording what happened."""

    def __init__(self, browser: Any, path: Path, width: int = 1280) -> None:
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.goto(self.url)
        self.page.wait_for_function("document.documentElement.hasAttribute('data-charts-drawn')")

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def charts(self) -> list[dict[str, Any]]:
        """Per canvas: its id, size, non-blank pixels and pixels in the first unit's colour."""
        result: list[dict[str, Any]] = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('canvas')).map((canvas) => {
                const ctx = canvas.getContext('2d');
                const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
                let ink = 0, blue = 0;
                for (let i = 0; i < data.length; i += 4) {
                    if (data[i + 3] > 0) ink++;
                    if (data[i + 3] > 200 && Math.abs(data[i] - 0x00) < 40
                        && Math.abs(data[i + 1] - 0x72) < 40 && Math.abs(data[i + 2] - 0xB2) < 40) {
                        blue++;
                    }
                }
                const blank = document.createElement('canvas');
                blank.width = canvas.width;
                blank.height = canvas.height;
                return {
                    id: canvas.id, width: canvas.width, height: canvas.height, ink, blue,
                    differs: canvas.toDataURL() !== blank.toDataURL(),
                };
            })"""
        )
        return result


def test_report_draws_every_chart_offline_without_errors(browser: Any, report_file: Path) -> None:
    visit = Visit(browser, report_file)
    try:
        expected = visit.page.evaluate(
            "JSON.parse(document.getElementById('linja-data').textContent).charts.map((c) => c.id)"
        )
        assert len(expected) >= 6
        charts = visit.charts()
        assert [c["id"] for c in charts] == expected
        for chart in charts:
            assert chart["width"] > 300 and chart["height"] > 200, chart
            assert chart["differs"], chart
            assert chart["ink"] > 2000, chart
            assert chart["blue"] > 50, chart  # the first unit's line is there
        assert visit.page.evaluate("Object.keys(Chart.instances).length") == len(expected)
        # the numbers are reachable without the canvas
        visit.page.get_by_text("Vis tallene").first.click()
        assert visit.page.locator("details[open] table tbody tr").count() > 20
        visit.page.get_by_text("Vis tallene").first.click()

        assert visit.requests == [visit.url]
        assert visit.blocked == []
        assert visit.errors == []
    finally:
        visit.page.close()


def test_report_prints_with_charts_and_without_navigation(browser: Any, report_file: Path) -> None:
    visit = Visit(browser, report_file)
    try:
        visit.page.emulate_media(media="print")
        visit.page.wait_for_timeout(300)
        assert visit.page.locator("nav.toc").is_hidden()
        assert all(c["differs"] for c in visit.charts())
        pdf = visit.page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        assert visit.errors == []
        assert visit.blocked == []
    finally:
        visit.page.close()


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report `make report` writes: the default sample year of five health trusts."""
    frame = generate()
    grouping = Grouping(("unit",), None)
    targets = ServiceTargets()
    path = tmp_path_factory.mktemp("sample") / "kpi.html"
    report = ReportInput(
        frame, compute(frame, grouping, targets), grouping, targets, None, None, "nb",
        ["var/sample/helse-vest.parquet"],
    )  # fmt: skip
    write_report(path, report, now=NOW)
    return path


def test_five_units_and_the_targets_fit_a_laptop_screen(browser: Any, sample_report: Path) -> None:
    visit = Visit(browser, sample_report, width=1280)
    try:
        widths = visit.page.evaluate(
            "(() => { const w = document.querySelector('table.kpi.wide').parentElement;"
            " return [w.scrollWidth, w.clientWidth]; })()"
        )
        assert widths[0] <= widths[1], f"the table is {widths[0]} px wide in {widths[1]} px"
    finally:
        visit.page.close()


def test_full_page_screenshot(browser: Any, sample_report: Path, tmp_path: Path) -> None:
    folder = Path(os.environ.get("LINJA_SCREENSHOTS") or tmp_path)
    screenshot = folder / "kpi-report.png"
    visit = Visit(browser, sample_report)
    try:
        # a viewport as tall as the page, so the charts are laid out (and drawn) once
        height = visit.page.evaluate("document.documentElement.scrollHeight")
        visit.page.set_viewport_size({"width": 1280, "height": height})
        visit.page.wait_for_timeout(500)
        assert all(c["differs"] for c in visit.charts())
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 50_000
        assert visit.errors == []
        assert visit.blocked == []
    finally:
        visit.page.close()


def axe_violations(browser: Any, path: Path, open_tables: bool) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, as 'rule: target' lines."""
    # the report's content-security policy rightly refuses injected scripts: bypass it here
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url == path.as_uri() else route.abort()
            ),
        )
        page.goto(path.as_uri())
        page.wait_for_function("document.documentElement.hasAttribute('data-charts-drawn')")
        if open_tables:
            page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        found = axe(page)
    finally:
        context.close()
    return found


@pytest.mark.parametrize("open_tables", [False, True])
def test_report_has_no_wcag_violations(browser: Any, report_file: Path, open_tables: bool) -> None:
    assert axe_violations(browser, report_file, open_tables) == []


def test_report_per_unit_and_month_in_english_has_no_wcag_violations(
    browser: Any, tmp_path: Path
) -> None:
    frame = contact_records()
    grouping = Grouping(("unit",), "month")
    targets = ServiceTargets()
    path = tmp_path / "long.html"
    report = ReportInput(
        frame, compute(frame, grouping, targets), grouping, targets, None, None, "en", ["x.parquet"]
    )
    write_report(path, report, now=NOW)
    assert axe_violations(browser, path, open_tables=True) == []
