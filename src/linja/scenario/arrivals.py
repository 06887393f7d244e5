"""How contacts arrive at a queue: a rate, a profile, a count series or recorded contacts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from linja.engine.records import read_records, sniff_delimiter
from linja.engine.sim.model import Arrivals, CountArrivals, PoissonArrivals, ReplayArrivals
from linja.errors import LinjaError
from linja.scenario.schema import ArrivalsModel, QueueModel
from linja.scenario.source import ScenarioFile, suggest
from linja.yamlfile import Key

# the keys of each form of `arrivals`, the first one naming the form
FORMS: dict[str, tuple[str, ...]] = {
    "per_hour": ("per_hour", "interval_minutes"),
    "counts": ("counts", "interval_minutes"),
    "counts_file": ("counts_file", "interval_minutes", "column", "skip_intervals", "scale"),
    "records": ("records", "queue"),
}


@dataclass
class Window:
    """The run's instants, and the record files already read (a file is read once)."""

    start: datetime
    end: datetime
    records: dict[Path, pl.DataFrame] = field(default_factory=dict)


def arrivals(queue: QueueModel, key: Key, file: ScenarioFile, window: Window) -> Arrivals:
    """The arrivals of one queue: ``arrivals_per_hour`` or exactly one form of ``arrivals``."""
    given = queue.model_fields_set
    if "arrivals_per_hour" in given and "arrivals" in given:
        raise file.error(
            (*key, "arrivals"),
            "is given together with arrivals_per_hour; expected one of the two",
        )
    if queue.arrivals_per_hour is not None:
        return PoissonArrivals((queue.arrivals_per_hour,), 3600.0)
    if queue.arrivals is None:
        raise file.error(
            key,
            "has no arrivals; expected arrivals_per_hour: N, or arrivals with one of "
            + ", ".join(FORMS),
        )
    model = queue.arrivals
    where = (*key, "arrivals")
    form = _form(model, where, file)
    if form == "per_hour":
        assert model.per_hour is not None
        return PoissonArrivals(tuple(model.per_hour), _interval(model, where, file, 60.0))
    if form == "counts":
        assert model.counts is not None
        return CountArrivals(tuple(model.counts), _interval(model, where, file))
    if form == "counts_file":
        return _counts_file(model, where, file)
    return _replay(model, queue.id, where, file, window)


def _form(model: ArrivalsModel, key: Key, file: ScenarioFile) -> str:
    given = [name for name in type(model).model_fields if name in model.model_fields_set]
    forms = [name for name in FORMS if name in given]
    if len(forms) != 1:
        found = f"{' and '.join(forms)} are given" if forms else "none is given"
        raise file.error(key, f"{found}; expected exactly one of {', '.join(FORMS)}")
    allowed = FORMS[forms[0]]
    for name in given:
        if name not in allowed:
            raise file.error(
                (*key, name),
                f"does not go with {forms[0]}; expected only {', '.join(allowed)}",
            )
    return forms[0]


def _interval(
    model: ArrivalsModel, key: Key, file: ScenarioFile, default: float | None = None
) -> float:
    minutes = model.interval_minutes or default
    if minutes is None:
        raise file.error(
            (*key, "interval_minutes"),
            "is required but missing; expected the minutes each count covers, e.g. 15",
        )
    return minutes * 60.0


# --------------------------------------------------------------------------- counts_file


def _counts_file(model: ArrivalsModel, key: Key, file: ScenarioFile) -> CountArrivals:
    assert model.counts_file is not None
    interval = _interval(model, key, file)
    path = file.resolve((*key, "counts_file"), model.counts_file)
    try:
        counts = read_counts(path, model.column)
    except LinjaError as exc:
        raise file.error((*key, "counts_file"), str(exc)) from exc
    skip = model.skip_intervals or 0
    if skip >= len(counts):
        raise file.error(
            (*key, "skip_intervals"),
            f"skips {skip} of the {len(counts)} counts in {path}; expected fewer",
        )
    scale = model.scale or 1.0
    return CountArrivals(tuple(c * scale for c in counts[skip:]), interval)


def read_counts(path: Path, column: str | None) -> list[float]:
    """One column of a CSV file of counts (a header line, then one count per line)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LinjaError(
            f"{path}: byte 0x{exc.object[exc.start]:02x} is not UTF-8; expected UTF-8 text"
        ) from exc
    delimiter = sniff_delimiter(text.split("\n", 1)[0].encode("utf-8"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    if header is None:
        raise LinjaError(f"{path}: is empty; expected a header line and one count per line")
    names = [name.strip() for name in header]
    index = _column(path, names, column)
    width, column_name = len(names), names[index]
    decimal_comma = delimiter == ";"  # as Excel writes numbers in a Norwegian locale
    counts: list[float] = []
    for row in reader:
        try:
            cell = row[index] if len(row) == width else ""
            value = float(cell.replace(",", ".") if decimal_comma else cell)
        except ValueError:
            if not any(text.strip() for text in row):
                continue  # a blank line
            if len(row) != width:
                raise LinjaError(
                    f"{path} line {reader.line_num}: has {len(row)} fields but the header "
                    f"has {width}; expected one value for each column"
                ) from None
            value = -1.0
        if not 0 <= value < float("inf"):
            raise LinjaError(
                f"{path} line {reader.line_num}, column {column_name}: {cell!r} is not a "
                "count; expected a number ≥ 0"
            )
        counts.append(value)
    if not counts:
        raise LinjaError(f"{path}: has no counts after the header; expected one per line")
    return counts


def _column(path: Path, names: list[str], column: str | None) -> int:
    listed = ", ".join(names)
    if column is None:
        if len(names) == 1:
            return 0
        raise LinjaError(
            f"{path}: has the columns {listed}; expected column: naming the one to use"
        )
    lowered = [name.lower() for name in names]
    if column.lower() not in lowered:
        raise LinjaError(
            f"{path}: has no column {column!r}{suggest(column, names)}; expected one of {listed}"
        )
    return lowered.index(column.lower())


# --------------------------------------------------------------------------- records


def _replay(
    model: ArrivalsModel, queue_id: str, key: Key, file: ScenarioFile, window: Window
) -> ReplayArrivals:
    assert model.records is not None
    path = file.resolve((*key, "records"), model.records)
    frame = window.records.get(path)
    if frame is None:
        try:
            frame = read_records([path]).frame.select("queue", "arrived_at", "caller")
        except LinjaError as exc:
            raise file.error((*key, "records"), str(exc)) from exc
        window.records[path] = frame
    name = model.queue or queue_id
    mine = frame.filter(pl.col("queue") == name)
    if mine.is_empty():
        queues = sorted(frame.get_column("queue").unique().to_list())
        shown = ", ".join(queues[:10]) + (", …" if len(queues) > 10 else "")
        raise file.error(
            (*key, "queue" if model.queue else "records"),
            f"{path} has no contacts of queue {name!r}{suggest(name, queues)}; "
            f"expected one of {shown or '(no queues: the file has no records)'}"
            + ("" if model.queue else " (set arrivals.queue to the queue's name there)"),
        )
    start, end = window.start.astimezone(UTC), window.end.astimezone(UTC)
    inside = mine.filter((pl.col("arrived_at") >= start) & (pl.col("arrived_at") < end))
    inside = inside.sort("arrived_at")
    if inside.is_empty():
        stamps = mine.get_column("arrived_at").sort()
        first, last = stamps[0].isoformat(), stamps[-1].isoformat()
        raise file.error(
            (*key, "records"),
            f"none of the {mine.height} contacts of queue {name!r} in {path} arrive "
            f"between {window.start.isoformat()} and {window.end.isoformat()} (they arrive "
            f"from {first} to {last}); expected contacts within the run (start, hours)",
        )
    seconds = inside.get_column("arrived_at").dt.epoch("us").cast(pl.Float64) / 1_000_000
    return ReplayArrivals(tuple(seconds.to_list()), tuple(inside.get_column("caller").to_list()))
