"""``linja kpi``: the indicator table for contact logs, against the targets."""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console

from linja.cli import app, err
from linja.config import load_settings
from linja.engine.kpi import INDICATORS, Grouping, compute
from linja.engine.records import EARLIEST, LATEST, LoadResult, Problem, RecordError
from linja.errors import LinjaError, reason
from linja.importers import load_records
from linja.report.labels import DEFAULT_LANG, check_lang, fmt_count, word
from linja.report.table import target_notes
from linja.report.terminal import render

SHOWN_PROBLEMS = 10
MAX_TERMINAL_ROWS = 500  # a table longer than this is for a file, not a screen


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise LinjaError(
            f"{option}: '{text}' is not a date; expected YYYY-MM-DD, e.g. 2026-03-02"
        ) from None
    if not EARLIEST.year <= day.year < LATEST.year:
        raise LinjaError(
            f"{option}: {day} is outside the years {EARLIEST.year} to {LATEST.year - 1}; "
            "expected a day contacts can have"
        )
    return day


def json_rows(table: pl.DataFrame, grouping: Grouping) -> list[dict[str, Any]]:
    """One object per group: its keys, then exactly the indicator fields."""
    return table.select(*grouping.keys, *INDICATORS).to_dicts()


def report_rejected(result: LoadResult) -> None:
    if not result.rejected_rows:
        return
    total = result.frame.height + result.rejected_rows
    err.print(
        f"warning: skipped {result.rejected_rows} of {total} records with problems "
        f"({len(result.rejected)} problems):",
        markup=False,
    )
    for problem in result.rejected[:SHOWN_PROBLEMS]:
        err.print(f"  {problem}", markup=False)
    more = len(result.rejected) - SHOWN_PROBLEMS
    if more > 0:
        err.print(f"  … and {more} more (--rejects FILE writes them all)", markup=False)


def print_notes(result: LoadResult) -> None:
    """What readers want the person to know (calls left out, columns ignored), on stderr."""
    for note in result.notes:
        err.print(f"note: {note}", markup=False)
    for source, columns in result.ignored_columns.items():
        err.print(f"note: {source}: ignored columns {', '.join(columns)}", markup=False)


def write_rejects(path: Path, problems: list[Problem]) -> None:
    frame = pl.DataFrame(
        {
            "source": [p.source for p in problems],
            "position": [p.position for p in problems],
            "line": [p.line for p in problems],
            "column": [p.column for p in problems],
            "problem": [p.message for p in problems],
        },
        schema={
            "source": pl.String,
            "position": pl.String,
            "line": pl.Int64,
            "column": pl.String,
            "problem": pl.String,
        },
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.write_csv(path)
    except OSError as exc:
        raise LinjaError(f"--rejects: cannot write {path}: {reason(exc)}") from exc


def _period_text(start: date | None, end: date | None, records: pl.DataFrame) -> str:
    if start or end:
        return f"{start or '…'} – {end or '…'}"
    if records.is_empty():
        return ""
    local = records["arrived_at"].dt.convert_time_zone("Europe/Oslo").dt.date()
    return str(local.min()) + " – " + str(local.max())


@app.command()
def kpi(
    files: Annotated[list[Path], typer.Argument(help="Contact logs to read.", show_default=False)],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="canonical (CSV/Parquet contact records), asterisk-queue-log, or mapping:FILE "
            "(a vendor CSV export described by a YAML mapping).",
        ),
    ] = "canonical",
    by: Annotated[
        str,
        typer.Option(
            help="Group by a comma-separated list of unit, queue, channel and one period "
            "(hour, day, week, month, year), or 'total' for one row."
        ),
    ] = "unit",
    sl_seconds: Annotated[
        float | None,
        typer.Option(
            "--sl-seconds",
            min=0.001,
            help="Service-level threshold T in seconds for every queue (overrides linja.yaml).",
        ),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day reported (YYYY-MM-DD, Oslo time).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Last day reported (YYYY-MM-DD, Oslo time).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON list, one object per group.")
    ] = False,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Also write the table as CSV to this file.")
    ] = None,
    html_path: Annotated[
        Path | None,
        typer.Option("--html", help="Also write a self-contained HTML report with charts."),
    ] = None,
    lang: Annotated[
        str, typer.Option(help="Language of the table and report: nb, nn or en.")
    ] = DEFAULT_LANG,
    skip_bad_rows: Annotated[
        bool,
        typer.Option(
            "--skip-bad-rows",
            help="Leave out records with problems, list them, and compute on the rest.",
        ),
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(help="With --skip-bad-rows: write every rejected record's problem as CSV."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="Configuration file (default: $LINJA_CONFIG or ./linja.yaml)."),
    ] = None,
) -> None:
    """Compute the indicators (answer rate, service level, mean wait, no repeat in 24 h, ...)."""
    lang = check_lang(lang)
    grouping = Grouping.parse(by)
    start, end = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    if start and end and end < start:
        raise LinjaError(f"--to: {end} is before --from {start}; expected a range forwards in time")
    if sl_seconds is not None and not math.isfinite(sl_seconds):
        raise LinjaError(
            f"--sl-seconds: '{sl_seconds}' is not a number of seconds; expected e.g. 60"
        )
    if rejects and not skip_bad_rows:
        raise LinjaError("--rejects: only used with --skip-bad-rows")
    settings = load_settings(config)
    targets = settings.targets.with_override(sl_seconds)

    status = err.status(f"{word('title', lang)} …") if err.is_terminal else None
    if status:
        status.start()
    try:
        try:
            loaded = load_records(files, fmt, settings.imports, skip_bad_rows=skip_bad_rows)
        except RecordError as exc:
            if exc.skippable:
                exc.message += "; --skip-bad-rows computes on the other records"
            raise
        table = compute(loaded.frame, grouping, targets, start=start, end=end)
    finally:
        if status:
            status.stop()

    report_rejected(loaded)
    if rejects:
        write_rejects(rejects, loaded.rejected)
    print_notes(loaded)

    if csv_path:
        try:
            csv_path.parent.mkdir(parents=True, exist_ok=True)
            table.select(*grouping.keys, *INDICATORS).write_csv(csv_path)
        except OSError as exc:
            raise LinjaError(f"--csv: cannot write {csv_path}: {reason(exc)}") from exc
    if html_path:
        from linja.report.html import ReportInput, write_report

        write_report(
            html_path,
            ReportInput(
                records=loaded.frame,
                table=table,
                grouping=grouping,
                targets=targets,
                start=start,
                end=end,
                lang=lang,
                sources=[str(f) for f in files],
            ),
        )
    if as_json:
        rows = json_rows(table, grouping)
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
        return
    # a terminal has its width; a file or pipe has none, so do not wrap at 80 columns there
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    period = _period_text(start, end, loaded.frame)
    offered = int(table["offered"].sum()) if table.height else 0
    title = f"{word('title', lang)} · {period} · {fmt_count(offered, lang)} {word('records', lang)}"
    if table.is_empty():
        out.print(f"{title}\n{word('no_data', lang)}")
    else:
        shown = table.head(MAX_TERMINAL_ROWS)
        out.print(render(shown, grouping, targets, lang, title, out.width))
        if table.height > MAX_TERMINAL_ROWS:
            more = table.height - MAX_TERMINAL_ROWS
            note = f"… {more:,} more rows: --csv FILE, --json or --html give them all"
            out.print(note, style="dim")
        units = (
            sorted(table["unit"].drop_nulls().unique().to_list()) if "unit" in table.columns else []
        )
        for note in target_notes(targets, units, lang):
            out.print(note, style="dim")
    if html_path:
        err.print(f"{word('generated', lang)}: {html_path}", markup=False)
