"""Contact records: the canonical format of DESIGN.md §4, read and validated.

A *raw* frame holds the record columns as they came (strings from CSV, anything from
Parquet or an importer) plus ``_line``: where the record stands in its source (the
physical line of a CSV file, the row of a Parquet file, the first event of a call in a
queue_log). :func:`validate` turns it into the typed canonical frame and a frame of
problems, each naming the source, the line and the column and saying what was expected.
Nothing here reads the clock; the readers are the only functions that touch files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from linja.errors import LinjaError, reason

CHANNELS = ("phone", "chat", "callback", "form", "email", "counter")
RESOLUTIONS = ("resolved", "unresolved", "pending")
REQUIRED = ("contact_id", "unit", "queue", "channel", "arrived_at")
COLUMNS = (
    "contact_id",
    "unit",
    "queue",
    "channel",
    "caller",
    "arrived_at",
    "answered_at",
    "ended_at",
    "agent",
    "answered_queue",
    "wrapup_seconds",
    "resolution",
    "knowledge_used",
)
TIMESTAMPS = ("arrived_at", "answered_at", "ended_at")
TEXT = ("contact_id", "unit", "queue", "caller", "agent", "answered_queue")
TIMESTAMP = pl.Datetime("us", "UTC")
SCHEMA: dict[str, pl.DataType] = {
    **{name: pl.String() for name in COLUMNS},
    **{name: TIMESTAMP for name in TIMESTAMPS},
    "wrapup_seconds": pl.Float64(),
    "knowledge_used": pl.Boolean(),
}
TRUE_WORDS = ("true", "1", "yes", "ja")
FALSE_WORDS = ("false", "0", "no", "nei")
LINE = "_line"
MAX_WRAPUP_SECONDS = 86_400
# Contacts happen between these instants; anything outside is a typing error (and
# would overflow the calendar arithmetic of grouping by period)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
EXAMPLE_TS = "2026-03-02T08:00:00+01:00"

# date, hh:mm, seconds, fraction, Z, offset hours, offset minutes
_TS_RE = (
    r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*"
    r"(?:([Zz])|([+-]\d{2}):?(\d{2})?)$"
)
_NAIVE_RE = r"^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record (or with a whole file when ``line`` is None)."""

    source: str
    line: int | None
    column: str | None
    message: str
    position: str = "line"

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source} {self.position} {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class RecordError(LinjaError):
    """Records that cannot be used as they are: names the first problem and counts the rest."""

    def __init__(
        self, problems: Sequence[Problem], total: int | None = None, *, skippable: bool = False
    ) -> None:
        total = len(problems) if total is None else total
        message = str(problems[0])
        if total > 1:
            message += f" (and {total - 1} more problem{'s' if total > 2 else ''})"
        super().__init__(message)
        self.problems = list(problems)
        self.total = total
        self.skippable = skippable  # the problems are of single records, not of a whole file


@dataclass(frozen=True)
class LoadResult:
    """Valid records, and what was rejected on the way when bad rows were skipped."""

    frame: pl.DataFrame
    rejected: list[Problem] = field(default_factory=list)
    rejected_rows: int = 0
    ignored_columns: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


# --------------------------------------------------------------------------- validation


def _text(name: str) -> pl.Expr:
    """The column as stripped text, null when empty."""
    s = pl.col(name).cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


@dataclass(frozen=True)
class _Check:
    """One check of one column: which rows fail, and what to say about them.

    ``mask`` looks at the typed frame (each value under its column name, and ``_w_NAME``
    telling whether anything was written in a column that may fail to parse), so it is
    cheap; ``message`` looks at the raw frame and is only evaluated for failing rows.
    """

    column: str
    mask: pl.Expr
    message: pl.Expr


def _written(name: str) -> str:
    return f"_w_{name}"


def _quoted(raw: pl.Expr) -> pl.Expr:
    return pl.lit("'") + raw + pl.lit("'")


# A column read: its typed value, what the mask needs to know of the raw text (if
# anything), and its checks.
Column = tuple[pl.Expr, pl.Expr | None, list[_Check]]


def _unparsed(name: str) -> pl.Expr:
    """Something was written, and it did not parse."""
    return pl.col(_written(name)) & pl.col(name).is_null()


def _in_range(name: str, dtype: pl.DataType) -> _Check:
    value = pl.col(name)
    outside = value.is_not_null() & ((value < EARLIEST) | (value >= LATEST))
    message = _quoted(_as_written(name, dtype)) + pl.lit(
        f" is outside the years {EARLIEST.year} to {LATEST.year - 1}; "
        "expected the time of a real contact"
    )
    return _Check(name, outside, message)


def _timestamp(name: str, dtype: pl.DataType) -> Column:
    if isinstance(dtype, pl.Datetime):
        value = pl.col(name).dt.convert_time_zone("UTC").dt.cast_time_unit("us")
        return value, None, [_in_range(name, dtype)]
    raw = _text(name)
    parts = raw.str.extract_groups(_TS_RE)
    offset = (
        pl.when(parts.struct[4].is_not_null())
        .then(pl.lit("+00:00"))
        .otherwise(pl.concat_str(parts.struct[5], pl.lit(":"), parts.struct[6].fill_null("00")))
    )
    canonical = pl.concat_str(
        parts.struct[0],
        pl.lit("T"),
        parts.struct[1],
        pl.lit(":"),
        parts.struct[2].fill_null("00"),
        parts.struct[3].fill_null(""),
        offset,
    )
    value = canonical.str.to_datetime(
        "%Y-%m-%dT%H:%M:%S%.f%z", time_unit="us", time_zone="UTC", strict=False
    )
    message = (
        pl.when(raw.str.contains(_NAIVE_RE))
        .then(
            _quoted(raw)
            + pl.lit(
                f" has no UTC offset; expected ISO 8601 with an offset or Z, e.g. {EXAMPLE_TS}"
            )
        )
        .when(parts.struct[0].is_not_null())
        .then(
            _quoted(raw)
            + pl.lit(" is not a real date and time; expected ISO 8601, e.g. " + EXAMPLE_TS)
        )
        .otherwise(
            _quoted(raw) + pl.lit(f" is not an ISO 8601 timestamp; expected e.g. {EXAMPLE_TS}")
        )
    )
    checks = [_Check(name, _unparsed(name), message), _in_range(name, dtype)]
    return value, raw.is_not_null(), checks


def _as_written(name: str, dtype: pl.DataType) -> pl.Expr:
    """A timestamp as a person would recognise it in a message: Oslo local time if typed."""
    if isinstance(dtype, pl.Datetime):
        local = pl.col(name).dt.convert_time_zone("Europe/Oslo")
        return local.dt.strftime("%Y-%m-%dT%H:%M:%S%:z")
    return pl.col(name).cast(pl.String).str.strip_chars()


def _choice(name: str, allowed: Sequence[str], what: str) -> Column:
    value = pl.col(name)
    mask = value.is_not_null() & ~value.is_in(list(allowed))
    message = _quoted(_text(name)) + pl.lit(f" is not {what}; expected one of {', '.join(allowed)}")
    return _text(name).str.to_lowercase(), None, [_Check(name, mask, message)]


def _boolean(name: str, dtype: pl.DataType) -> Column:
    if dtype == pl.Boolean:
        return pl.col(name), None, []
    raw = _text(name)
    word = raw.str.to_lowercase()
    value = (
        pl.when(word.is_in(list(TRUE_WORDS)))
        .then(True)
        .when(word.is_in(list(FALSE_WORDS)))
        .then(False)
        .otherwise(None)
    )
    message = _quoted(raw) + pl.lit(" is not true or false; expected true, false or empty")
    return value, raw.is_not_null(), [_Check(name, _unparsed(name), message)]


def _seconds(name: str, dtype: pl.DataType) -> Column:
    value = pl.col(name)
    # NaN and infinity fail both comparisons; after-contact work of more than a day is
    # not a number anyone meant
    out_of_range = ~((value >= 0) & (value <= MAX_WRAPUP_SECONDS))
    text = pl.col(name).cast(pl.String)
    message = _quoted(text) + pl.lit(
        f" is not a number of seconds; expected a number from 0 to {MAX_WRAPUP_SECONDS} (a day)"
    )
    if dtype.is_numeric():
        return pl.col(name).cast(pl.Float64), None, [_Check(name, out_of_range, message)]
    raw = _text(name)
    parsed = raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    check = _Check(name, _unparsed(name) | (value.is_not_null() & out_of_range), message)
    return parsed, raw.is_not_null(), [check]


def _header_problems(raw: pl.DataFrame, source: str) -> list[Problem]:
    names = [c for c in raw.columns if c != LINE]
    missing = [c for c in REQUIRED if c not in names]
    if not missing:
        return []
    plural = "s" if len(missing) > 1 else ""
    return [
        Problem(
            source,
            1,
            None,
            f"missing required column{plural} {', '.join(missing)}; the header has "
            f"{', '.join(names) or 'no columns'}; expected at least {', '.join(REQUIRED)}",
        )
    ]


def _order_checks(dtypes: Mapping[str, pl.DataType]) -> list[_Check]:
    """Checks between timestamps: a mask on the typed values, a message from the raw text."""
    arrived, answered, ended = (pl.col(n) for n in TIMESTAMPS)
    shown = {n: _as_written(n, dtypes[n]) for n in TIMESTAMPS}

    def before(late: str, early: str) -> pl.Expr:
        return (
            pl.lit(f"{late} ")
            + shown[late]
            + pl.lit(f" is before {early} ")
            + shown[early]
            + pl.lit(f"; expected {late} at or after {early}")
        )

    return [
        _Check("answered_at", answered < arrived, before("answered_at", "arrived_at")),
        _Check(
            "ended_at",
            answered.is_not_null() & (ended < answered),
            before("ended_at", "answered_at"),
        ),
        _Check(
            "ended_at", answered.is_null() & (ended < arrived), before("ended_at", "arrived_at")
        ),
    ]


def _later_duplicates(ids: pl.Series) -> pl.Series:
    """True for each id already seen earlier in the series (nulls never are).

    Sorting 64-bit hashes makes the usual case (no duplicates) cheap; only when two
    hashes meet are the ids themselves compared, so a hash collision never rejects a
    record.
    """
    hashes = ids.drop_nulls().hash().sort()
    if not (hashes.diff() == 0).any():
        return pl.Series(ids.name, [False] * len(ids), dtype=pl.Boolean)
    return ids.is_not_null() & ~ids.is_first_distinct()


def validate(
    raw: pl.DataFrame, source: str, *, position: str = "line"
) -> tuple[pl.DataFrame, list[Problem], int]:
    """Type and check a raw frame.

    Returns the valid records (canonical schema, with ``_line`` kept for cross-file
    checks), the problems found (one per problem, in line order), and the number of rows
    rejected. A missing required column is a problem of the whole source: it raises
    :class:`RecordError` (not skippable).
    """
    header = _header_problems(raw, source)
    if header:
        raise RecordError(header)  # the whole source is unusable: nothing to skip
    for name in COLUMNS:
        if name not in raw.columns:
            raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    dtypes = raw.schema

    columns: dict[str, Column] = {name: (_text(name), None, []) for name in TEXT}
    columns["channel"] = _choice("channel", CHANNELS, "a channel")
    for name in TIMESTAMPS:
        columns[name] = _timestamp(name, dtypes[name])
    columns["wrapup_seconds"] = _seconds("wrapup_seconds", dtypes["wrapup_seconds"])
    columns["resolution"] = _choice("resolution", RESOLUTIONS, "a resolution")
    columns["knowledge_used"] = _boolean("knowledge_used", dtypes["knowledge_used"])

    empty = pl.lit("is empty; a value is required")
    checks = [
        _Check(n, ~pl.col(_written(n)) if columns[n][1] is not None else pl.col(n).is_null(), empty)
        for n in REQUIRED
    ]
    checks += [check for _, _, column_checks in columns.values() for check in column_checks]
    checks += _order_checks(dtypes)

    # Type every column in one query, then run every check on the typed columns.
    masks = [f"_m{i}" for i in range(len(checks))]
    written = [_written(n) for n, (_, w, _) in columns.items() if w is not None]
    typed = (
        raw.lazy()
        .select(
            pl.col(LINE),
            *(value.alias(name) for name, (value, _, _) in columns.items()),
            *(w.alias(_written(n)) for n, (_, w, _) in columns.items() if w is not None),
        )
        .with_columns(
            check.mask.fill_null(False).alias(m) for m, check in zip(masks, checks, strict=True)
        )
        .drop(written)
        .collect(engine="in-memory")
    )
    duplicate = _later_duplicates(typed["contact_id"])
    bad_rows = typed.select(pl.any_horizontal(masks)).to_series() | duplicate
    if not bad_rows.any():
        return typed.drop(masks), [], 0

    problems = [
        (line, i, check.column, message)
        for i, check in enumerate(checks)
        if typed[masks[i]].any()
        for line, message in raw.filter(typed[masks[i]]).select(LINE, check.message).iter_rows()
    ]
    if duplicate.any():
        first = typed.group_by("contact_id").agg(pl.col(LINE).min().alias("_first"))
        later = typed.filter(duplicate).join(first, on="contact_id", how="left")
        problems += [
            (line, len(checks), "contact_id",
             f"'{cid}' is already used on {position} {first_line}; expected each contact_id once")
            for line, cid, first_line in later.select(LINE, "contact_id", "_first").iter_rows()
        ]  # fmt: skip
    problems.sort(key=lambda p: (p[0], p[1]))
    found = [
        Problem(source, line, column, message, position) for line, _, column, message in problems
    ]
    return typed.filter(~bad_rows).drop(masks), found, int(bad_rows.sum())


# --------------------------------------------------------------------------- readers


def _is_parquet(path: Path) -> bool:
    if path.suffix.lower() in (".parquet", ".pq"):
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PAR1"
    except OSError:
        return False


def _open_error(path: Path, exc: OSError) -> LinjaError:
    return LinjaError(f"{path}: cannot read the file: {reason(exc)}")


def _split_header(data: bytes) -> tuple[int, bytes]:
    """Lines before the header that are blank, and the data from the header on."""
    skipped = 0
    while True:
        end = data.find(b"\n")
        first = data if end < 0 else data[: end + 1]
        if first.strip() or end < 0:
            return skipped, data
        skipped += 1
        data = data[end + 1 :]


def _field_index(prefix: bytes, delimiter: str) -> int:
    """Which field of a line a byte falls in, given the line up to that byte."""
    text = prefix.decode("utf-8", errors="replace")
    return len(next(csv.reader([text], delimiter=delimiter), [""])) - 1


def _header_names(first_line: bytes, delimiter: str) -> list[str]:
    text = first_line.decode("utf-8", errors="replace")
    names = next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter), [])
    return [name.strip().lower() for name in names]


def _utf8_problem(path: Path, data: bytes, delimiter: str, offset: int) -> Problem | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        field_index = _field_index(data[line_start : exc.start], delimiter)
        header = _header_names(data.split(b"\n", 1)[0], delimiter)
        column = header[field_index] if field_index < len(header) else None
        return Problem(
            str(path),
            line + offset,
            column,
            f"byte 0x{data[exc.start]:02x} is not UTF-8; expected UTF-8 text "
            "(save the file as CSV UTF-8)",
        )
    return None


def _field_count_problem(
    path: Path, data: bytes, delimiter: str, expected: int, offset: int
) -> Problem | None:
    """The first record with more or fewer fields than the header (blank lines aside)."""
    bad: tuple[int, int] | None = None  # (line counted from the header, fields)
    if b'"' in data or b"\x1f" in data:
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter)
        next(reader, None)
        start = reader.line_num + 1
        for row in reader:
            if any(field.strip() for field in row) and len(row) != expected:
                bad = (start, len(row))
                break
            start = reader.line_num + 1
    else:  # no quotes: count the delimiters of every line at once
        lines = pl.read_csv(
            data, has_header=False, separator="\x1f", quote_char=None, infer_schema=False,
            new_columns=["text"],
        )  # fmt: skip
        wrong = (
            lines.select(
                (pl.int_range(pl.len()) + 1).alias("line"),
                (pl.col("text").str.count_matches(delimiter, literal=True) + 1).alias("n"),
                pl.col("text").str.strip_chars().fill_null("").eq("").alias("blank"),
            )
            .slice(1)
            .filter(~pl.col("blank") & (pl.col("n") != expected))
            .head(1)
        )
        bad = (wrong["line"][0], wrong["n"][0]) if wrong.height else None
    if bad is None:
        return None
    line, n = bad
    return Problem(
        str(path),
        line + offset,
        None,
        f"has {n} field{'s' if n != 1 else ''} but the header has {expected}; expected one "
        "value (or an empty one) for each column",
    )


def sniff_delimiter(data: bytes) -> str:
    """Comma, unless the header line only has semicolons (Excel in Norwegian locale)."""
    first = data.split(b"\n", 1)[0]
    if b";" in first and b"," not in first:
        return ";"
    if b"\t" in first and b"," not in first:
        return "\t"
    return ","


def read_csv_raw(path: Path) -> pl.DataFrame:
    """The CSV as strings, with ``_line`` the physical line on which each record starts."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _open_error(path, exc) from exc
    if not data.strip():
        raise RecordError(
            [Problem(str(path), None, None, "is empty; expected a header line and records")]
        )
    offset, data = _split_header(data.removeprefix(b"\xef\xbb\xbf"))
    delimiter = sniff_delimiter(data)
    bad_utf8 = _utf8_problem(path, data, delimiter, offset)
    if bad_utf8:
        raise RecordError([bad_utf8])
    names = _header_names(data.split(b"\n", 1)[0], delimiter)
    for i, name in enumerate(names):
        if name in names[:i]:
            first = names.index(name) + 1
            message = f"appears twice in the header (columns {first} and {i + 1}); expected once"
            raise RecordError([Problem(str(path), 1 + offset, name, message)])
    wrong_count = _field_count_problem(path, data, delimiter, len(names), offset)
    if wrong_count:
        raise RecordError([wrong_count])
    try:
        frame = pl.read_csv(
            data, infer_schema=False, separator=delimiter, encoding="utf8", raise_if_empty=True
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        problem = Problem(str(path), None, None, f"is not readable as CSV ({exc})")
        raise RecordError([problem]) from exc
    frame.columns = names
    first_record = 2 + offset
    if b'"' in data:
        # a quoted field may span lines: a record starts after all the lines before it
        lines_used = 1 + pl.sum_horizontal(
            pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in names
        )
        line = first_record + lines_used.cum_sum().shift(1, fill_value=0)
    else:
        line = first_record + pl.int_range(pl.len())
    # A blank line (or one of only spaces) is not a record.
    blank = pl.all_horizontal(pl.exclude(LINE).str.strip_chars().fill_null("") == "")
    return frame.with_columns(line.cast(pl.Int64).alias(LINE)).filter(~blank)


def read_parquet_raw(path: Path) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path)
    except OSError as exc:
        raise _open_error(path, exc) from exc
    except Exception as exc:  # polars raises several kinds for a damaged file
        raise RecordError(
            [Problem(str(path), None, None, f"is not a readable Parquet file ({exc})")]
        ) from exc
    for name in TIMESTAMPS:
        dtype = frame.schema.get(name)
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is None:
            raise RecordError(
                [
                    Problem(
                        str(path),
                        None,
                        name,
                        "holds timestamps without a time zone; expected UTC (or any zone)",
                    )
                ]
            )
        if dtype is not None and not isinstance(dtype, pl.Datetime) and dtype != pl.String:
            raise RecordError(
                [
                    Problem(
                        str(path),
                        None,
                        name,
                        f"has type {dtype}; expected a timestamp with a time zone",
                    )
                ]
            )
    names = [c.strip().lower() for c in frame.columns]
    for i, name in enumerate(names):
        if name in names[:i]:
            both = f"'{frame.columns[names.index(name)]}' and '{frame.columns[i]}'"
            message = f"appears twice (as {both}); expected each column once"
            raise RecordError([Problem(str(path), None, name, message)])
    frame.columns = names
    wanted = {"wrapup_seconds": "a number", "knowledge_used": "true or false"}
    for name in sorted((set(COLUMNS) - set(TIMESTAMPS)) & set(names)):
        dtype = frame.schema[name]
        if dtype.is_nested() or dtype in (pl.Binary, pl.Object):
            message = f"has type {dtype}; expected {wanted.get(name, 'text')} in each row"
            raise RecordError([Problem(str(path), None, name, message)])
    return frame.with_columns((1 + pl.int_range(pl.len())).cast(pl.Int64).alias(LINE))


def _finish(
    frames: list[pl.DataFrame],
    problems: list[Problem],
    rejected_rows: int,
    ignored: dict[str, list[str]],
    skip_bad_rows: bool,
) -> LoadResult:
    if problems and not skip_bad_rows:
        raise RecordError(problems, skippable=True)
    frame = pl.concat(frames) if frames else empty_frame()
    return LoadResult(
        frame=frame.select(COLUMNS),
        rejected=problems,
        rejected_rows=rejected_rows,
        ignored_columns=ignored,
    )


def _cross_file_duplicates(
    parts: list[tuple[RawSource, pl.DataFrame]],
) -> tuple[list[pl.DataFrame], list[Problem], int]:
    """Reject a contact_id already used in an earlier source; the first one is kept.

    Each source has no duplicates of its own left (validate rejected them).
    """
    frames = [frame for _, frame in parts]
    if len(parts) < 2:
        return frames, [], 0
    tagged = pl.concat(
        [f.with_columns(pl.lit(i, dtype=pl.Int32).alias("_src")) for i, f in enumerate(frames)]
    )
    later = ~tagged["contact_id"].is_first_distinct()
    if not later.any():
        return frames, [], 0
    dups = tagged.filter(later).select("contact_id", "_src", LINE)
    first = (
        tagged.filter(~later)
        .join(dups.select("contact_id").unique(), on="contact_id", how="semi")
        .select("contact_id", pl.col("_src").alias("_first_src"), pl.col(LINE).alias("_first"))
    )
    problems = []
    for cid, src, line, first_src, first_line in (
        dups.join(first, on="contact_id", how="left").sort("_src", LINE).iter_rows()
    ):
        source, first_source = parts[src][0], parts[first_src][0]
        problem = Problem(
            source.name,
            line,
            "contact_id",
            f"'{cid}' is already used in {first_source.name} {first_source.position} "
            f"{first_line}; expected each contact_id once",
            source.position,
        )
        problems.append(source.label(problem))
    kept = tagged.filter(~later)
    return (
        [kept.filter(pl.col("_src") == i).drop("_src") for i in range(len(frames))],
        problems,
        dups.height,
    )


@dataclass(frozen=True)
class RawSource:
    """One source's raw frame: its name, the frame (with ``_line``), and what a line is called."""

    name: str
    frame: pl.DataFrame
    position: str = "line"
    # the source's own name of a canonical column, e.g. {"arrived_at": "Køstart"}: problems
    # then say "column Køstart (arrived_at)", the name the person sees in their file
    labels: Mapping[str, str] = field(default_factory=dict)
    # what the reader wants the person to know, e.g. calls a log did not finish
    notes: tuple[str, ...] = ()
    # problems of single records that only the reader can see (an outcome code its mapping
    # does not know): each names a ``_line`` of the frame; those records are rejected
    # like any other bad record, so --skip-bad-rows can leave them out
    problems: tuple[Problem, ...] = ()

    def label(self, problem: Problem) -> Problem:
        own = self.labels.get(problem.column or "")
        if not own or own == problem.column:
            return problem
        return replace(problem, column=f"{own} ({problem.column})")


def load(sources: Sequence[RawSource], *, skip_bad_rows: bool = False) -> LoadResult:
    """Validate raw frames from any reader and join them into one set of records.

    Without ``skip_bad_rows`` any problem raises :class:`RecordError` and nothing is
    returned. With it, bad rows are left out and listed in ``LoadResult.rejected``; a
    problem of a whole source (a missing required column) still raises.
    """
    parts: list[tuple[RawSource, pl.DataFrame]] = []
    problems: list[Problem] = []
    rejected_rows = 0
    ignored: dict[str, list[str]] = {}
    notes: list[str] = []
    for source in sources:
        notes += [f"{source.name}: {note}" for note in source.notes]
        extra = [c for c in source.frame.columns if c not in COLUMNS and c != LINE]
        if extra:
            ignored[source.name] = extra
        good, found, bad_rows = validate(source.frame, source.name, position=source.position)
        found = [source.label(p) for p in found]
        if source.problems:
            seen = {p.line for p in found}
            flagged = {p.line for p in source.problems}
            good = good.filter(~pl.col(LINE).is_in(list(flagged)))
            bad_rows += len(flagged - seen)
            found = sorted([*found, *source.problems], key=lambda p: p.line or 0)
        problems += found
        rejected_rows += bad_rows
        parts.append((source, good))
    kept, dup_problems, dup_rows = _cross_file_duplicates(parts)
    problems += dup_problems
    rejected_rows += dup_rows
    result = _finish(kept, problems, rejected_rows, ignored, skip_bad_rows)
    return replace(result, notes=notes)


def read_canonical(path: Path) -> RawSource:
    """A canonical CSV or Parquet file as a raw source."""
    path = Path(path)
    if not path.exists():
        raise LinjaError(f"{path}: no such file")
    if path.is_dir():
        raise LinjaError(f"{path}: is a directory; expected a CSV or Parquet file")
    if _is_parquet(path):
        return RawSource(str(path), read_parquet_raw(path), "row")
    return RawSource(str(path), read_csv_raw(path), "line")


def read_records(paths: Sequence[Path], *, skip_bad_rows: bool = False) -> LoadResult:
    """Read canonical CSV and Parquet files into one validated frame (see :func:`load`)."""
    return load([read_canonical(p) for p in paths], skip_bad_rows=skip_bad_rows)


def write_records(frame: pl.DataFrame, path: Path) -> None:
    """Write records as Parquet (``.parquet``/``.pq``) or canonical CSV (anything else)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() in (".parquet", ".pq"):
            frame.select(COLUMNS).write_parquet(path)
        else:
            path.write_text(records_csv(frame), encoding="utf-8")
    except OSError as exc:
        raise LinjaError(f"{path}: cannot write: {reason(exc)}") from exc


def records_csv(frame: pl.DataFrame) -> str:
    """Records as canonical CSV: the columns in order, instants in UTC with a Z."""
    stamp = "%Y-%m-%dT%H:%M:%S%.fZ"
    return (
        frame.select(COLUMNS).with_columns(pl.col(list(TIMESTAMPS)).dt.strftime(stamp)).write_csv()
    )
