"""``linja import``: turn foreign contact logs into canonical contact records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linja.cli import app, err
from linja.cli.kpi import print_notes, report_rejected
from linja.config import load_settings
from linja.engine.records import write_records
from linja.importers import load_records


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Logs to convert.", show_default=False)],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the records (.parquet or .csv).")
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", help="canonical, asterisk-queue-log, or mapping:FILE."),
    ] = "canonical",
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="Leave out records with problems and list them.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(help="Configuration file (default: $LINJA_CONFIG or ./linja.yaml)."),
    ] = None,
) -> None:
    """Convert logs to contact records (docs/formats.md), validated on the way."""
    settings = load_settings(config)
    loaded = load_records(files, fmt, settings.imports, skip_bad_rows=skip_bad_rows)
    report_rejected(loaded)
    print_notes(loaded)
    write_records(loaded.frame, out)
    err.print(f"wrote {loaded.frame.height} records to {out}", markup=False)
