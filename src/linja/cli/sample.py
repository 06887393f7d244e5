"""``linja sample``: synthetic contact records for the five Helse Vest trusts."""

from __future__ import annotations

import math
import os
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from linja import sampledata
from linja.cli import app, err
from linja.engine.records import write_records
from linja.errors import LinjaError


def _check_out(path: Path) -> None:
    """Fail before generating, not after, when the file cannot be written."""
    if path.is_dir():
        raise LinjaError(f"--out: {path} is a directory; expected a file name, e.g. sample.parquet")
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise LinjaError(f"--out: cannot write {path}: {parent} is not a directory")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise LinjaError(f"--out: cannot write {path}: {parent} is not writable")


def _check_options(
    start: str, days: int, seed: int, scale: float | None, records: int | None
) -> date:
    try:
        first = date.fromisoformat(start)
    except ValueError:
        raise LinjaError(
            f"--start: '{start}' is not a date; expected YYYY-MM-DD, e.g. 2020-09-01"
        ) from None
    if not 1 <= days <= sampledata.MAX_DAYS:
        raise LinjaError(
            f"--days: {days} is not a number of days; expected 1 to {sampledata.MAX_DAYS}"
        )
    if date.max - first < timedelta(days=days):
        raise LinjaError(f"--days: {days} days from {first} go past the year 9999")
    if seed < 0:
        raise LinjaError(f"--seed: {seed} is negative; expected 0 or more")
    if scale is not None and records is not None:
        raise LinjaError("--scale and --records: give one of them, not both")
    if scale is not None and not (math.isfinite(scale) and scale > 0):
        raise LinjaError(f"--scale: {scale} is not a volume factor; expected a number above 0")
    if records is not None and not 1 <= records <= sampledata.MAX_RECORDS:
        raise LinjaError(
            f"--records: {records} is not a number of records; "
            f"expected 1 to {sampledata.MAX_RECORDS:,}"
        )
    return first


@app.command()
def sample(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="File to write: Parquet for .parquet or .pq, canonical CSV otherwise.",
            show_default=False,
        ),
    ],
    start: Annotated[
        str, typer.Option(help="First day (YYYY-MM-DD, Oslo time).")
    ] = sampledata.DEFAULT_START.isoformat(),
    days: Annotated[int, typer.Option(help="Number of days.")] = sampledata.DEFAULT_DAYS,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same options give the same records.")
    ] = sampledata.DEFAULT_SEED,
    scale: Annotated[
        float | None,
        typer.Option(help="Multiply the volumes (1.0, the default, gives about 330,000 a year)."),
    ] = None,
    records: Annotated[
        int | None,
        typer.Option(help="About this many records in all (instead of --scale)."),
    ] = None,
) -> None:
    """Write synthetic contact records for the five Helse Vest trusts.

    Calibrated so that the default year lands near the results Helse Vest published for
    August 2020 to September 2021 (answer rate, service level, mean wait, no repeat within
    24 h). Made up: no real caller is in them. See docs/sample-data.md.
    """
    first = _check_options(start, days, seed, scale, records)
    _check_out(out)
    began = time.perf_counter()
    frame = sampledata.generate(
        start=first,
        days=days,
        seed=seed,
        scale=1.0 if scale is None else scale,
        records=records,
    )
    write_records(frame, out)
    seconds = time.perf_counter() - began
    last = first + timedelta(days=days - 1)
    units = frame["unit"].n_unique()
    err.print(
        f"wrote {frame.height:,} synthetic contact records of {units} units "
        f"({first} – {last}, seed {seed}) to {out} in {seconds:.1f} s",
        markup=False,
    )
