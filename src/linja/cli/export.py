"""``linja export records``: the live contact centre's contact records (DESIGN.md §4), for
`linja kpi`, a report tool or an archive."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from linja.cli import app
from linja.cli.kpi import parse_day
from linja.cli.web import ensure_migrated, out, setup
from linja.errors import LinjaError

export_app = typer.Typer(help="Export what the contact centre recorded.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("records")
def records(
    date_from: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD, Oslo time).")],
    date_to: Annotated[str, typer.Option("--to", help="Last day (YYYY-MM-DD, Oslo time).")],
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="CSV, or Parquet for .parquet (default: CSV on stdout)."),
    ] = None,
) -> None:
    """The records of the contacts that arrived from --from to --to, both days included."""
    first, last = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    assert first is not None and last is not None
    if last < first:
        raise LinjaError(f"--to: {last} is before --from {first}; expected a later day")
    setup()
    ensure_migrated(verbose=False)
    from linja.contact import records as live
    from linja.engine.records import records_csv, write_records

    frame = live.frame(live.contacts_between(first, last))
    if out_file is None:
        sys.stdout.write(records_csv(frame))
        return
    write_records(frame, out_file)
    out.print(f"{len(frame)} records from {first} to {last} written to {out_file}")
