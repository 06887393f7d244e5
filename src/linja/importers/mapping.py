"""Vendor CSV exports, read through a column mapping declared in a small YAML file.

``linja kpi export.csv --format mapping:vendor.yaml`` loads the mapping with
:func:`load_mapping` and reads each export with :meth:`VendorMapping.read`. The mapping
says how the CSV is written (delimiter, encoding, header), how its times are written
(strptime formats, the zone of the local times) and, for each canonical column of
DESIGN.md §4, where the value comes from: a column of the export, a constant, a column
whose codes a value map translates, or (for answered_at and ended_at) the arrival plus
durations in seconds. docs/importer-mapping.md describes the format for administrators.

The reader returns a :class:`~linja.engine.records.RawSource` with canonical columns, so
the records go through the same validation as every other format. Problems only the
mapping can see (an unparseable local time, a code no value map knows, a duration that is
not a number) go with it as its ``problems``, in the export's own words and column; the
value stays empty, and the record is rejected like any other bad record (and
``--skip-bad-rows`` can leave it out). Caller numbers are turned into caller keys here and
never leave this module.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import warnings
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from linja.callerkey import caller_key
from linja.engine.records import (
    CHANNELS,
    COLUMNS,
    FALSE_WORDS,
    LINE,
    REQUIRED,
    RESOLUTIONS,
    TIMESTAMPS,
    TRUE_WORDS,
    Problem,
    RawSource,
    RecordError,
)
from linja.errors import LinjaError
from linja.importers import ImportSettings
from linja.yamlfile import Key, load_model, load_yaml

DEFAULT_ZONE = "Europe/Oslo"
# A time every format must write and read back: a day, month and year that cannot be
# confused, an afternoon hour (so %I without %p shows) and a fraction of a second.
SAMPLE = datetime(2026, 3, 2, 14, 5, 9, 123456)
ENCODING_HINT = "utf-8, utf-8-sig, cp1252 (Windows 'ANSI', also called windows-1252) or latin-1"
# A queue, talk or wrap-up time longer than a week is a data error (and a few more digits
# would not fit a duration in microseconds at all)
MAX_SECONDS = 604_800
SECONDS_RANGE = f"a number of seconds between 0 and {MAX_SECONDS} (a week)"

# where each canonical column may come from
COLUMN_ONLY = ("contact_id", "caller", *TIMESTAMPS)
MAPPABLE = ("channel", "resolution", "knowledge_used")
CONSTANT_REFUSED = {
    "contact_id": "each contact needs its own id; leave contact_id out to generate one "
    "from the file name and line",
    "caller": "callers come from the export's phone-number column",
    "arrived_at": "each contact has its own time",
    "answered_at": "each contact has its own time",
    "ended_at": "each contact has its own time",
}
REQUIRED_IN_MAPPING = ("queue", "channel", "arrived_at")


# --------------------------------------------------------------------------- the YAML file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _refuse_plain(data: Any, what: str) -> Any:
    if isinstance(data, str | int | float) and not isinstance(data, bool):
        raise ValueError(f"expected {what}")
    return data


class CsvModel(_Strict):
    delimiter: str = ","
    encoding: str = "utf-8"
    header: bool = True
    columns: list[str] | None = None
    skip_lines: int = Field(default=0, ge=0)


class TimesModel(_Strict):
    format: Any = None
    zone: str = DEFAULT_ZONE


class SourceModel(_Strict):
    column: str | None = None
    value: Any = None
    map: dict[Any, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _not_plain(cls, data: Any) -> Any:
        return _refuse_plain(
            data,
            f"{{column: {data!r}}} to read the export's column {data}, or {{value: {data!r}}} "
            "for the same value on every record",
        )


class ColumnRef(_Strict):
    column: str

    @model_validator(mode="before")
    @classmethod
    def _not_plain(cls, data: Any) -> Any:
        return _refuse_plain(data, f"{{column: {data!r}}}, the export's column")


class OutcomeModel(_Strict):
    column: str
    answered: list[Any]
    abandoned: list[Any]


class DurationsModel(_Strict):
    outcome: OutcomeModel
    queue_seconds: ColumnRef
    talk_seconds: ColumnRef | None = None


class ColumnsModel(_Strict):
    contact_id: SourceModel | None = None
    unit: SourceModel | None = None
    queue: SourceModel | None = None
    channel: SourceModel | None = None
    caller: SourceModel | None = None
    arrived_at: SourceModel | None = None
    answered_at: SourceModel | None = None
    ended_at: SourceModel | None = None
    agent: SourceModel | None = None
    answered_queue: SourceModel | None = None
    wrapup_seconds: SourceModel | None = None
    resolution: SourceModel | None = None
    knowledge_used: SourceModel | None = None


class MappingModel(_Strict):
    csv: CsvModel = CsvModel()
    times: TimesModel
    columns: ColumnsModel
    durations: DurationsModel | None = None


# --------------------------------------------------------------------------- the checked mapping


@dataclass(frozen=True)
class TimeFormat:
    """One strptime format of the mapping, and its spelling for Polars (chrono)."""

    text: str
    chrono: str
    has_offset: bool
    example: str


@dataclass(frozen=True)
class ColumnSource:
    """Where one canonical column comes from: an export column (maybe through a value map)
    or a constant."""

    key: str
    column: str | None = None
    value: str | float | None = None
    codes: Mapping[str, str | None] | None = None  # lower-cased export code -> canonical value
    code_names: tuple[str, ...] = ()  # the codes as the mapping writes them


@dataclass(frozen=True)
class Durations:
    """answered_at and ended_at from the arrival plus seconds, decided by an outcome code."""

    outcome_column: str
    answered: frozenset[str]  # lower-cased
    abandoned: frozenset[str]
    codes_text: str  # "Besvart (answered), Tapt (abandoned)"
    queue_column: str
    talk_column: str | None


@dataclass(frozen=True)
class _Check:
    """A problem of single records that only the mapping can see: each row where ``mask``
    holds has the problem ``message(value)`` in the export's ``column``."""

    column: str
    mask: pl.Expr
    value: pl.Expr
    message: Callable[[Any], str]
    # the problem leaves a required record column empty: the row is not handed to
    # validation, which would call the value missing
    required: bool = False


@dataclass(frozen=True)
class VendorMapping:
    """A checked mapping; :meth:`read` turns one export into a raw source."""

    source: str
    delimiter: str
    encoding: str
    header: bool
    field_names: tuple[str, ...] | None
    skip_lines: int
    formats: tuple[TimeFormat, ...]
    zone: str
    columns: Mapping[str, ColumnSource]
    durations: Durations | None = None

    # ----------------------------------------------------------------------- reading

    def read(self, path: Path, settings: ImportSettings) -> RawSource:
        """The export at ``path`` as canonical raw records (see the module docstring)."""
        path = Path(path)
        name = str(path)
        key = settings.require_caller_key(name) if "caller" in self.columns else None
        text = self._decode(path)
        header, header_line, rows, lines, ragged = self._rows(text, name)
        found = self._locate(header, header_line, name)
        if ragged:  # after the header's problems: a wrong delimiter shows there first
            raise RecordError(ragged)
        # each row has at least the header's fields here: shorter ones are ragged
        data = {f"_c{i}": list(map(itemgetter(i), rows)) for i in sorted(set(found.values()))}
        frame = pl.DataFrame(
            {**data, LINE: lines},
            schema={**{c: pl.String for c in data}, LINE: pl.Int64},
        )
        spelled = {wanted: header[index] for wanted, index in found.items()}
        return self._convert(frame, path, settings, key, found, spelled)

    def _decode(self, path: Path) -> str:
        name = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise LinjaError(f"{name}: no such file") from exc
        except IsADirectoryError as exc:
            raise LinjaError(f"{name}: is a directory; expected a CSV export") from exc
        except OSError as exc:
            raise LinjaError(f"{name}: cannot read the file: {exc.strerror}") from exc
        if not data.strip():
            raise RecordError([Problem(name, None, None, "is empty; expected a CSV export")])
        try:
            text = data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            line, column = self._where_byte(data, exc.start)
            raise RecordError(
                [
                    Problem(
                        name,
                        line,
                        column,
                        f"byte 0x{data[exc.start]:02x} is not {self.encoding} text, the "
                        f"encoding mapping {self.source} declares (csv.encoding); "
                        + _encoding_advice(data, self.encoding),
                    )
                ]
            ) from exc
        if not _is_unicode(self.encoding) and _looks_utf8(data):
            first = re.search(rb"[\x80-\xff]", data)
            line, column = self._where_byte(data, first.start() if first else 0)
            raise RecordError(
                [
                    Problem(
                        name,
                        line,
                        column,
                        f"is UTF-8 text, but mapping {self.source} declares encoding "
                        f"{self.encoding} (csv.encoding), which would garble letters such as "
                        "æ, ø and å; expected csv.encoding: utf-8 for this export",
                    )
                ]
            )
        return text.removeprefix("\ufeff")

    def _where_byte(self, data: bytes, offset: int) -> tuple[int, str | None]:
        """The line of a byte, and the name of the column it is in (for encoding errors)."""
        line = data.count(b"\n", 0, offset) + 1
        index = self._field_of(data[:offset])
        names: Sequence[str] = self.field_names or ()
        if self.header:
            text = _display_text(data, self.encoding).removeprefix("\ufeff")
            buffer = io.StringIO(text, newline="")
            for _ in range(self.skip_lines):
                buffer.readline()
            try:
                names = next(csv.reader(buffer, delimiter=self.delimiter), [])
            except csv.Error:
                names = []
        column = names[index].strip() if index is not None and index < len(names) else None
        return line, column if column and column.isprintable() else None

    def _field_of(self, prefix: bytes) -> int | None:
        """The index of the field the byte after ``prefix`` (the export up to it) is in.

        The prefix is read as :meth:`_rows` reads the export, so a delimiter or a line
        break inside quotes stays in its field; None in the lines before the header."""
        text = prefix.decode(self.encoding, errors="replace").removeprefix("\ufeff")
        marker = "?" if self.delimiter == "\ufffd" else "\ufffd"  # stands for the byte
        buffer = io.StringIO(text + marker, newline="")
        for _ in range(self.skip_lines):
            buffer.readline()
        try:
            last = deque(csv.reader(buffer, delimiter=self.delimiter), maxlen=1)
        except csv.Error:
            return None
        return len(last[0]) - 1 if last and last[0] else None

    def _rows(
        self, text: str, name: str
    ) -> tuple[list[str], int, list[list[str]], list[int], list[Problem]]:
        """(header, its line, the records' fields, the line each record starts on, and the
        lines with the wrong number of fields)."""
        buffer = io.StringIO(text, newline="")
        for _ in range(self.skip_lines):
            buffer.readline()
        reader = csv.reader(buffer, delimiter=self.delimiter)
        header: list[str] | None = None if self.header else list(self.field_names or ())
        header_line = 0
        rows: list[list[str]] = []
        lines: list[int] = []
        ragged: list[Problem] = []
        previous = 0
        try:
            for row in reader:
                start = self.skip_lines + previous + 1
                previous = reader.line_num
                if not "".join(row).strip():
                    continue  # a blank line is not a record
                if header is None:
                    header = [value.strip() for value in row]
                    header_line = start
                    continue
                if len(row) != len(header) and (
                    len(row) < len(header) or "".join(row[len(header) :]).strip()
                ):
                    what = (
                        "the header has" if self.header else f"csv.columns in {self.source} names"
                    )
                    ragged.append(
                        Problem(
                            name,
                            start,
                            None,
                            f"has {len(row)} fields but {what} {len(header)}; expected one "
                            f"value (or an empty one) for each column, separated by "
                            f"{self.delimiter!r}",
                        )
                    )
                rows.append(row)
                lines.append(start)
        except csv.Error as exc:
            line = self.skip_lines + reader.line_num
            raise RecordError(
                [Problem(name, line, None, f"is not readable as CSV ({exc})")]
            ) from exc
        if header is None:
            raise RecordError(
                [Problem(name, None, None, "has no header line; expected a header and records")]
            )
        return header, header_line, rows, lines, ragged

    def _wanted(self) -> dict[str, list[str]]:
        """Each export column the mapping reads, with the keys that name it."""
        wanted: dict[str, list[str]] = {}
        for source in self.columns.values():
            if source.column is not None:
                wanted.setdefault(source.column, []).append(f"{source.key}.column")
        if self.durations:
            d = self.durations
            wanted.setdefault(d.outcome_column, []).append("durations.outcome.column")
            wanted.setdefault(d.queue_column, []).append("durations.queue_seconds.column")
            if d.talk_column is not None:
                wanted.setdefault(d.talk_column, []).append("durations.talk_seconds.column")
        return wanted

    def _locate(self, header: list[str], header_line: int, name: str) -> dict[str, int]:
        """The field index of each column the mapping reads; problems for missing ones."""
        exact: dict[str, list[int]] = {}
        folded: dict[str, list[int]] = {}
        for index, column in enumerate(header):
            exact.setdefault(column, []).append(index)
            folded.setdefault(column.casefold(), []).append(index)
        found: dict[str, int] = {}
        problems: list[Problem] = []
        line = header_line if self.header else None
        for column, keys in self._wanted().items():
            indices = exact.get(column) or folded.get(column.strip().casefold(), [])
            if len(indices) == 1:
                found[column] = indices[0]
                continue
            if indices:
                fields = " and ".join(str(i + 1) for i in indices)
                message = (
                    f"appears {len(indices)} times in the header (fields {fields}); expected "
                    f"each column mapping {self.source} reads once"
                )
            else:
                message = (
                    f"is not in the export, but mapping {self.source} reads it "
                    f"({', '.join(keys)}); the export has columns "
                    f"{', '.join(h for h in header if h) or '(none)'}"
                ) + self._delimiter_hint(header)
            problems.append(Problem(name, line, column, message))
        if problems:
            raise RecordError(problems)
        return found

    def _delimiter_hint(self, header: list[str]) -> str:
        if len(header) != 1:
            return ""
        for other in (";", ",", "\t", "|"):
            if other != self.delimiter and other in header[0]:
                return (
                    f"; the header looks separated by {other!r}, and the mapping declares "
                    f"csv.delimiter {self.delimiter!r}"
                )
        return ""

    # ----------------------------------------------------------------------- converting

    def _convert(
        self,
        frame: pl.DataFrame,
        path: Path,
        settings: ImportSettings,
        key: bytes | None,
        found: Mapping[str, int],
        spelled: Mapping[str, str],
    ) -> RawSource:
        """Canonical columns from the export's fields, and the problems only the mapping
        can see. Columns whose names start with ``_`` are steps on the way."""

        def text(column: str) -> pl.Expr:
            return pl.col(f"_c{found[column]}")

        frame = frame.with_columns(  # the fields as text, null when empty
            pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c).str.strip_chars())
            for c in frame.columns
            if c != LINE
        )
        values: dict[str, pl.Expr] = {}
        checks: list[_Check] = []
        labels: dict[str, str] = {}
        for canonical, source in self.columns.items():
            if source.column is None:
                dtype = pl.Float64 if canonical == "wrapup_seconds" else pl.String
                values[canonical] = pl.lit(source.value, dtype=dtype)
                continue
            raw = text(source.column)
            labels[canonical] = spelled[source.column]
            column = f"{spelled[source.column]} ({canonical})"
            if canonical == "caller":
                values[canonical] = self._callers(frame, raw, key)
            elif canonical == "wrapup_seconds":
                values[canonical] = _seconds(raw)
                checks += _seconds_checks(column, raw)
            elif canonical in TIMESTAMPS:
                values[canonical], values[f"_read_{canonical}"] = self._timestamp(raw)
                checks += self._timestamp_checks(raw, canonical, column)
            elif source.codes is not None:
                code = raw.str.to_lowercase()
                values[canonical] = code.replace_strict(
                    dict(source.codes), default=None, return_dtype=pl.String
                )
                unknown = raw.is_not_null() & ~code.is_in(list(source.codes))
                checks.append(
                    _Check(column, unknown, raw, self._unknown_code(source), canonical in REQUIRED)
                )
            else:
                values[canonical] = raw

        if "contact_id" not in self.columns:
            values["contact_id"] = pl.lit(f"{_id_prefix(path)}-") + pl.col(LINE).cast(pl.String)
        if "unit" not in self.columns:
            queue = values["queue"]
            values["unit"] = (
                queue.replace(dict(settings.queue_units)) if settings.queue_units else queue
            )
            if "queue" in labels:
                labels["unit"] = labels["queue"]
        frame = frame.with_columns(expr.alias(name) for name, expr in values.items())
        if self.durations:
            frame, duration_checks = self._durations(frame, text, spelled)
            checks += duration_checks

        problems, unusable = _problems(frame, checks, str(path))
        out = frame.select(LINE, *(c for c in COLUMNS if c in frame.columns))
        if unusable:
            out = out.filter(~pl.col(LINE).is_in(unusable))
        return RawSource(str(path), out, "line", labels, problems=problems)

    def _callers(self, frame: pl.DataFrame, number: pl.Expr, key: bytes | None) -> pl.Expr:
        assert key is not None  # read() asks for the key whenever the mapping has a caller
        raw = frame.select(number.unique().alias("n")).to_series().drop_nulls().to_list()
        keys = {n: caller_key(n, key) for n in raw}
        return number.replace_strict(keys, default=None, return_dtype=pl.String)

    def _unknown_code(self, source: ColumnSource) -> Callable[[Any], str]:
        known = ", ".join(source.code_names)
        return lambda code: (
            f"'{code}' is not a code mapping {self.source} knows ({source.key}.map); "
            f"expected one of {known}"
        )

    def _timestamp(self, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        """(the time in UTC, whether a format read it): local times that never happened
        (spring's skipped hour) are read but give no time."""
        parsed: list[pl.Expr] = []
        read: list[pl.Expr] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # chrono's hints about %f: the formats were checked
            for fmt in self.formats:
                dtype = pl.Datetime("us", "UTC") if fmt.has_offset else pl.Datetime("us")
                value = raw.str.strptime(dtype, fmt.chrono, strict=False)
                read.append(value.is_not_null())
                if not fmt.has_offset:
                    value = value.dt.replace_time_zone(
                        self.zone, ambiguous="earliest", non_existent="null"
                    )
                parsed.append(value.dt.convert_time_zone("UTC"))
        return pl.coalesce(parsed), pl.any_horizontal(read)

    def _timestamp_checks(self, raw: pl.Expr, canonical: str, column: str) -> list[_Check]:
        read = pl.col(f"_read_{canonical}")
        formats = "; ".join(f"{f.text}, e.g. {f.example}" for f in self.formats)
        which = "the format" if len(self.formats) == 1 else "any of the formats"
        required = canonical in REQUIRED
        return [
            _Check(
                column,
                raw.is_not_null() & ~read,
                raw,
                lambda text: (
                    f"'{text}' is not a date and time in {which} mapping {self.source} declares "
                    f"(times.format: {formats})"
                ),
                required,
            ),
            _Check(
                column,
                read & pl.col(canonical).is_null(),
                raw,
                lambda text: (
                    f"'{text}' never happened in {self.zone}: the clocks skipped that time when "
                    f"summer time began; expected a time that exists (check that times.zone in "
                    f"{self.source} is the zone the export writes)"
                ),
                required,
            ),
        ]

    def _durations(
        self, frame: pl.DataFrame, text: Callable[[str], pl.Expr], spelled: Mapping[str, str]
    ) -> tuple[pl.DataFrame, list[_Check]]:
        """answered_at and ended_at from the arrival, the outcome and the seconds."""
        d = self.durations
        assert d is not None
        code = text(d.outcome_column)
        queue_raw = text(d.queue_column)
        talk_raw = pl.lit(None, dtype=pl.String) if d.talk_column is None else text(d.talk_column)
        frame = frame.with_columns(
            _answered=code.str.to_lowercase().is_in(list(d.answered)),
            _abandoned=code.str.to_lowercase().is_in(list(d.abandoned)),
            _queue=_seconds(queue_raw),
            _talk=_seconds(talk_raw),
        )
        answered, abandoned = pl.col("_answered"), pl.col("_abandoned")
        arrived, queue, talk = pl.col("arrived_at"), pl.col("_queue"), pl.col("_talk")
        answered_at = pl.when(answered).then(arrived + _duration(queue))
        ended_at = (
            pl.when(answered)
            .then(answered_at + _duration(talk))
            .when(abandoned)
            .then(arrived + _duration(queue))
        )
        frame = frame.with_columns(answered_at=answered_at, ended_at=ended_at)
        outcome_column = spelled[d.outcome_column]
        queue_column = spelled[d.queue_column]
        checks = [
            _Check(
                outcome_column,
                code.is_null(),
                code,
                lambda _code: (
                    f"is empty; expected one of {d.codes_text} (durations.outcome in {self.source})"
                ),
            ),
            _Check(
                outcome_column,
                code.is_not_null() & ~answered & ~abandoned,
                code,
                lambda code: (
                    f"'{code}' is not a code mapping {self.source} knows "
                    f"(durations.outcome); expected one of {d.codes_text}"
                ),
            ),
            *_seconds_checks(queue_column, queue_raw),
            _Check(
                queue_column,
                answered & queue_raw.is_null(),
                code,
                lambda code: (
                    f"is empty, but the contact was answered ({outcome_column} "
                    f"'{code}'); expected its seconds in the queue, which give answered_at"
                ),
            ),
        ]
        if d.talk_column is not None:
            checks += _seconds_checks(spelled[d.talk_column], talk_raw)
        return frame, checks


def _problems(
    frame: pl.DataFrame, checks: Sequence[_Check], source: str
) -> tuple[tuple[Problem, ...], list[int]]:
    """The problems the checks find, in line order, and the lines of records whose required
    values they leave empty."""
    masks = frame.select(c.mask.fill_null(False).alias(f"_m{i}") for i, c in enumerate(checks))
    problems: list[Problem] = []
    unusable: list[int] = []
    for i, check in enumerate(checks):
        mask = masks[f"_m{i}"]
        if not mask.any():
            continue
        flagged = frame.filter(mask).select(LINE, check.value.alias("_value"))
        for line, value in flagged.iter_rows():
            problems.append(Problem(source, line, check.column, check.message(value)))
            if check.required:
                unusable.append(line)
    problems.sort(key=lambda p: p.line or 0)  # stable: a record's problems in check order
    return tuple(problems), unusable


def _id_prefix(path: Path) -> str:
    """The start of the contact ids made for an export without an id column: the file's
    stem and 8 hex digits of the SHA-256 of its resolved absolute path. The same file gives
    the same ids however its path is written; files of the same name in different folders
    (jan/export.csv, feb/export.csv) give different ones."""
    digest = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:8]
    return f"{path.stem}-{digest}"


def _number(raw: pl.Expr) -> pl.Expr:
    """Text such as 42, 42,5 or 0:01:05 as Float64 seconds, whatever its size and sign
    (also infinite or NaN); null when it is no number at all."""
    hms = raw.str.extract_groups(r"^(\d+):([0-5]\d):([0-5]\d(?:[.,]\d+)?)$")
    clock = (
        hms.struct[0].cast(pl.Float64) * 3600
        + hms.struct[1].cast(pl.Float64) * 60
        + hms.struct[2].str.replace(",", ".", literal=True).cast(pl.Float64)
    )
    number = raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    return pl.coalesce(number, clock)


def _seconds(raw: pl.Expr) -> pl.Expr:
    """Seconds as Float64 (see :func:`_number`); null unless a finite number from 0 to
    :data:`MAX_SECONDS`, which :func:`_seconds_checks` then names."""
    value = _number(raw)
    return pl.when(value.is_finite() & (value >= 0) & (value <= MAX_SECONDS)).then(value)


def _seconds_checks(column: str, raw: pl.Expr) -> list[_Check]:
    """A problem for each value of ``raw`` that :func:`_seconds` gives no seconds for."""
    value = _number(raw)
    finite = value.is_finite().fill_null(False)
    return [
        _Check(
            column, raw.is_not_null() & ~finite, raw, _seconds_message("is not a number of seconds")
        ),
        _Check(column, finite & (value < 0), raw, _seconds_message("is below zero")),
        _Check(
            column, finite & (value > MAX_SECONDS), raw, _seconds_message("is more than a week")
        ),
    ]


def _seconds_message(what: str) -> Callable[[Any], str]:
    return lambda raw: (
        f"'{raw}' {what}; expected {SECONDS_RANGE}, such as 42 or 42,5 "
        "(or hours:minutes:seconds such as 0:00:42)"
    )


def _duration(seconds: pl.Expr) -> pl.Expr:
    """Seconds as a duration; :func:`_seconds` keeps them small enough to fit."""
    return pl.duration(microseconds=(seconds * 1_000_000).round(0).cast(pl.Int64), time_unit="us")


def _display_text(data: bytes, encoding: str, *, by_line: bool = True) -> str:
    """The bytes as text to name columns in an encoding error: whatever reads them best.

    When no encoding reads the whole export, each line is read on its own, so a UTF-8
    header stays readable when a later line has a byte in another encoding."""
    for guess in ("utf-8", encoding):
        try:
            return data.decode(guess)
        except UnicodeDecodeError:
            continue
    if by_line:
        lines = data.splitlines(keepends=True)
        return "".join(_display_text(line, encoding, by_line=False) for line in lines)
    return data.decode("cp1252", errors="replace")


def _encoding_advice(data: bytes, declared: str) -> str:
    """What to set csv.encoding to, when the bytes tell."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        guess = "utf-16"  # Excel's "Unicode text"
    elif _looks_utf8(data):
        guess = "utf-8"
    else:
        try:
            data.decode("cp1252")
            guess = "cp1252"
        except UnicodeDecodeError:
            guess = ""
    if guess and guess != declared:
        return f"the export reads as {guess}: expected csv.encoding: {guess}"
    return f"expected {declared} text, or csv.encoding set to the export's: {ENCODING_HINT}"


def _is_unicode(encoding: str) -> bool:
    return codecs.lookup(encoding).name.startswith("utf")


def _looks_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with letters beyond ASCII (not text in a one-byte code)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --------------------------------------------------------------------------- loading


class _Where:
    """Errors about the mapping file, naming its line and key."""

    def __init__(self, source: str, positions: Mapping[Key, int]) -> None:
        self.source = source
        self.positions = positions

    def error(self, key: Key, message: str) -> LinjaError:
        line = None
        for cut in range(len(key), -1, -1):
            if key[:cut] in self.positions:
                line = self.positions[key[:cut]]
                break
        where = f"{self.source} line {line}" if line else self.source
        return LinjaError(f"{where}, key {'.'.join(str(k) for k in key)}: {message}")


def load_mapping(path: Path) -> VendorMapping:
    """Read and check a mapping file; any mistake raises LinjaError naming line and key."""
    path = Path(path)
    model = load_model(path, MappingModel)
    _, positions = load_yaml(path)
    return _compile(model, _Where(str(path), positions))


def _compile(model: MappingModel, where: _Where) -> VendorMapping:
    csv_model = model.csv
    delimiter = csv_model.delimiter
    if len(delimiter) != 1 or delimiter in '"\r\n':
        raise where.error(
            ("csv", "delimiter"),
            f"{delimiter!r} is not a delimiter; expected one character such as ';' or ',' "
            '(write a tab as "\\t")',
        )
    encoding = _encoding(csv_model.encoding.strip(), where)
    field_names = _field_names(csv_model, where)

    formats = _formats(model.times.format, where)
    zone = _zone(model.times.zone, where)
    columns = {
        name: _column(name, source, where) for name, source in model.columns if source is not None
    }
    for name in REQUIRED_IN_MAPPING:
        if name not in columns:
            raise where.error(
                ("columns", name),
                "is required but missing; expected {column: NAME} (read from the export)"
                + ("" if name == "arrived_at" else " or {value: TEXT} (the same for every record)"),
            )
    durations = _durations(model.durations, where) if model.durations else None
    _check_shape(columns, durations, where)
    if field_names is not None:
        _check_field_names(columns, durations, field_names, where)
    _check_caller_column(columns, durations, where)
    return VendorMapping(
        source=where.source,
        delimiter=delimiter,
        encoding=encoding,
        header=csv_model.header,
        field_names=field_names,
        skip_lines=csv_model.skip_lines,
        formats=formats,
        zone=zone,
        columns=columns,
        durations=durations,
    )


def _encoding(encoding: str, where: _Where) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise where.error(
            ("csv", "encoding"),
            f"'{encoding}' is not an encoding Linja knows; expected one of {ENCODING_HINT}",
        ) from exc
    try:
        "æøå;".encode(encoding).decode(encoding)
    except (LookupError, UnicodeError) as exc:  # rot13 and friends; ascii cannot write ø
        raise where.error(
            ("csv", "encoding"),
            f"'{encoding}' cannot read Norwegian text; expected one of {ENCODING_HINT}",
        ) from exc
    return encoding


def _field_names(model: CsvModel, where: _Where) -> tuple[str, ...] | None:
    if model.header:
        if model.columns is not None:
            raise where.error(
                ("csv", "columns"),
                "names the fields of an export without a header line; expected it only with "
                "header: false (with a header, the columns are named by the header)",
            )
        return None
    if not model.columns:
        raise where.error(
            ("csv", "header"),
            "is false, so the mapping must name the fields; expected csv.columns: a list of "
            "names, one for each field of a line, in order",
        )
    seen: dict[str, int] = {}
    for index, given in enumerate(model.columns):
        name = given.strip()
        if not name:
            raise where.error(("csv", "columns", index), "is empty; expected a name for the field")
        if name.casefold() in seen:
            raise where.error(
                ("csv", "columns", index),
                f"'{name}' is listed twice (first as item {seen[name.casefold()] + 1}); "
                "expected each name once",
            )
        seen[name.casefold()] = index
    return tuple(name.strip() for name in model.columns)


def _formats(given: Any, where: _Where) -> tuple[TimeFormat, ...]:
    if given is None:
        raise where.error(
            ("times", "format"),
            "is required but missing; expected the strptime format of the export's times, "
            "e.g. '%d.%m.%Y %H:%M:%S'",
        )
    if isinstance(given, str):
        return (_time_format(given, where, ("times", "format")),)
    if isinstance(given, list) and given:
        return tuple(
            _time_format(item, where, ("times", "format", index))
            for index, item in enumerate(given)
        )
    raise where.error(
        ("times", "format"),
        f"expected a strptime format such as '%d.%m.%Y %H:%M:%S', or a list of them, got {given!r}",
    )


def _time_format(text: Any, where: _Where, key: Key) -> TimeFormat:
    """Check a format by writing :data:`SAMPLE` with it and reading that back."""
    if not isinstance(text, str) or not text.strip():
        raise where.error(
            key, f"expected a strptime format such as '%d.%m.%Y %H:%M:%S', got {text!r}"
        )
    text = text.strip()
    chrono = text.replace(".%f", "%.f")
    has_offset = "%z" in text
    sample = SAMPLE.replace(tzinfo=ZoneInfo(DEFAULT_ZONE)) if has_offset else SAMPLE
    if "%s" in text:
        raise where.error(
            key,
            f"'{text}' reads seconds since 1970 (%s), which Linja does not take as a time of "
            "the export; expected a date and a time of day, e.g. '%d.%m.%Y %H:%M:%S'",
        )
    try:
        example = sample.strftime(text)
    except ValueError:
        example = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dtype = pl.Datetime("us", "UTC") if has_offset else pl.Datetime("us")
            back = pl.Series([example]).str.strptime(dtype, chrono, strict=False).item()
    except Exception:  # Polars refuses some directives (e.g. %I without %p) in its own ways
        back = None
    if isinstance(back, datetime) and back.tzinfo is not None:
        back = back.astimezone(ZoneInfo(DEFAULT_ZONE)).replace(tzinfo=None)
    expect = "expected e.g. '%d.%m.%Y %H:%M:%S' or '%Y-%m-%d %H:%M'"
    if not isinstance(back, datetime):
        raise where.error(
            key,
            f"'{text}' cannot read back the times it writes ({SAMPLE:%Y-%m-%d %H:%M:%S} "
            f"is written '{example}'); {expect}",
        )
    date_parts = [
        part
        for part, ok in (
            ("day", back.day == SAMPLE.day),
            ("month", back.month == SAMPLE.month),
            ("year", back.year == SAMPLE.year),
        )
        if not ok
    ]
    if len(date_parts) == 3:
        raise where.error(key, f"'{text}' has no date part (day, month and year); {expect}")
    if date_parts:
        raise where.error(key, f"'{text}' has no {' and '.join(date_parts)}; {expect}")
    if back.hour != SAMPLE.hour or back.minute != SAMPLE.minute:
        raise where.error(
            key,
            f"'{text}' does not give the time of day (hours and minutes; %I needs %p); {expect}",
        )
    rewritten = (back.replace(tzinfo=ZoneInfo(DEFAULT_ZONE)) if has_offset else back).strftime(text)
    if rewritten != example:
        raise where.error(
            key,
            f"'{text}' does not read back the times it writes ({SAMPLE:%Y-%m-%d %H:%M:%S.%f} "
            f"is written '{example}'; seconds are %S, a fraction .%f); {expect}",
        )
    return TimeFormat(text, chrono, has_offset, SAMPLE.strftime(text.replace("%z", "+0100")))


def _zone(zone: str, where: _Where) -> str:
    zone = zone.strip()
    try:
        ZoneInfo(zone)
        pl.Series([datetime(2026, 1, 1)]).dt.replace_time_zone(zone)
    except (ZoneInfoNotFoundError, ValueError, pl.exceptions.PolarsError):
        raise where.error(
            ("times", "zone"),
            f"'{zone}' is not a time zone; expected an IANA zone name such as Europe/Oslo or UTC",
        ) from None
    return zone


def _code(code: Any, where: _Where, key: Key) -> str:
    """A code as the export writes it; YAML reads some unquoted words as other things."""
    if isinstance(code, bool) or code is None:
        raise where.error(
            key,
            f"YAML reads this code as {code!r} (it does so with unquoted yes, no, on, off, "
            'true, false and ~); expected the code in quotes, e.g. "Ja"',
        )
    if isinstance(code, float | list | dict):
        raise where.error(key, f"expected the code as text in quotes, got {code!r}")
    text = str(code).strip()
    if not text:
        raise where.error(key, "is empty; expected a code the export writes")
    return text


def _canonical_value(name: str, value: Any, where: _Where, key: Key) -> str | float | None:
    """A constant or a value-map target, checked for the column it goes into."""
    if name == "knowledge_used":
        if isinstance(value, bool):
            return "true" if value else "false"
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return "true"
        if word in FALSE_WORDS:
            return "false"
        raise where.error(key, f"{value!r} is not true or false; expected true or false")
    if name == "wrapup_seconds":
        try:
            seconds = float(str(value).replace(",", ".")) if not isinstance(value, bool) else -1.0
        except ValueError:
            seconds = -1.0
        if 0 <= seconds <= MAX_SECONDS:
            return seconds
        raise where.error(
            key, f"{value!r} is not a number of seconds; expected {SECONDS_RANGE}, e.g. 30"
        )
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise where.error(key, f"expected text in quotes, got {value!r}")
    text = str(value).strip()
    allowed = {"channel": CHANNELS, "resolution": RESOLUTIONS}.get(name)
    if allowed is not None and text.lower() not in allowed:
        what = "a channel" if name == "channel" else "a resolution"
        raise where.error(key, f"'{text}' is not {what}; expected one of {', '.join(allowed)}")
    if not text:
        raise where.error(key, "is empty; expected a value")
    return text.lower() if allowed is not None else text


def _column(name: str, model: SourceModel, where: _Where) -> ColumnSource:
    key: Key = ("columns", name)
    given = model.model_fields_set
    dotted = f"columns.{name}"
    if "value" in given and name in CONSTANT_REFUSED:
        raise where.error(
            (*key, "value"),
            f"cannot be a constant: {CONSTANT_REFUSED[name]}; expected column: NAME",
        )
    if "column" in given and "value" in given:
        raise where.error(key, "has both column and value; expected one of them")
    if "map" in given and name not in MAPPABLE:
        raise where.error(
            (*key, "map"),
            f"value maps are for {', '.join(MAPPABLE)}; expected {name} without map",
        )
    if "value" in given:
        if "map" in given:
            raise where.error((*key, "map"), "goes with column, not value; expected one of them")
        if model.value is None:
            raise where.error(
                (*key, "value"), "is empty; expected a value, or leave the column out"
            )
        return ColumnSource(
            dotted, value=_canonical_value(name, model.value, where, (*key, "value"))
        )
    if "column" not in given or model.column is None or not model.column.strip():
        alternatives = "{column: NAME}" + ("" if name in COLUMN_ONLY else " or {value: TEXT}")
        raise where.error(key, f"does not say where {name} comes from; expected {alternatives}")
    column = model.column.strip()
    if model.map is None:
        if "map" in given:
            raise where.error(
                (*key, "map"), "is empty; expected codes of the export and their values"
            )
        return ColumnSource(dotted, column=column)
    if not model.map:
        raise where.error((*key, "map"), "is empty; expected codes of the export and their values")
    codes: dict[str, str | None] = {}
    names: list[str] = []
    for raw_code, target in model.map.items():
        code_key: Key = (*key, "map", str(raw_code))
        code = _code(raw_code, where, code_key)
        if code.lower() in codes:
            raise where.error(
                code_key,
                f"'{code}' is listed twice (codes are matched without regard to case); "
                "expected each code once",
            )
        value = None if target is None else _canonical_value(name, target, where, code_key)
        codes[code.lower()] = None if value is None else str(value)
        names.append(code)
    return ColumnSource(dotted, column=column, codes=codes, code_names=tuple(names))


def _durations(model: DurationsModel, where: _Where) -> Durations:
    outcome = model.outcome
    groups: dict[str, list[str]] = {}
    for group in ("answered", "abandoned"):
        items: list[Any] = getattr(outcome, group)
        if not items:
            raise where.error(
                ("durations", "outcome", group),
                f"is empty; expected the codes of the outcome column that mean {group}",
            )
        groups[group] = [
            _code(item, where, ("durations", "outcome", group, index))
            for index, item in enumerate(items)
        ]
    seen: dict[str, str] = {}
    for group, codes in groups.items():
        for index, code in enumerate(codes):
            if code.lower() in seen:
                raise where.error(
                    ("durations", "outcome", group, index),
                    f"'{code}' is already listed under {seen[code.lower()]}; expected each code "
                    "once, as answered or abandoned",
                )
            seen[code.lower()] = group
    for key, column in (
        (("durations", "outcome", "column"), outcome.column),
        (("durations", "queue_seconds", "column"), model.queue_seconds.column),
        (
            ("durations", "talk_seconds", "column"),
            model.talk_seconds.column if model.talk_seconds else None,
        ),
    ):
        if column is not None and not column.strip():
            raise where.error(key, "is empty; expected the name of a column in the export")
    codes_text = ", ".join(
        [
            *(f"{c} (answered)" for c in groups["answered"]),
            *(f"{c} (abandoned)" for c in groups["abandoned"]),
        ]
    )
    return Durations(
        outcome_column=outcome.column.strip(),
        answered=frozenset(c.lower() for c in groups["answered"]),
        abandoned=frozenset(c.lower() for c in groups["abandoned"]),
        codes_text=codes_text,
        queue_column=model.queue_seconds.column.strip(),
        talk_column=model.talk_seconds.column.strip() if model.talk_seconds else None,
    )


def _check_shape(
    columns: Mapping[str, ColumnSource], durations: Durations | None, where: _Where
) -> None:
    """Times come either as a timestamp per event or as the arrival plus durations."""
    if durations is not None:
        for name in ("answered_at", "ended_at"):
            if name in columns:
                raise where.error(
                    ("durations",),
                    f"cannot be used together with columns.{name}: durations give answered_at "
                    "and ended_at from the arrival; expected either durations or "
                    "answered_at/ended_at columns",
                )
    elif "answered_at" not in columns:
        raise where.error(
            ("columns",),
            "has no answered_at, and there is no durations section, so no contact would "
            "count as answered; expected columns.answered_at (a time per event) or "
            "durations (the arrival plus seconds in the queue)",
        )


def _references(
    columns: Mapping[str, ColumnSource], durations: Durations | None
) -> list[tuple[Key, str]]:
    refs: list[tuple[Key, str]] = [
        (("columns", name, "column"), source.column)
        for name, source in columns.items()
        if source.column is not None
    ]
    if durations is not None:
        refs.append((("durations", "outcome", "column"), durations.outcome_column))
        refs.append((("durations", "queue_seconds", "column"), durations.queue_column))
        if durations.talk_column is not None:
            refs.append((("durations", "talk_seconds", "column"), durations.talk_column))
    return refs


def _check_field_names(
    columns: Mapping[str, ColumnSource],
    durations: Durations | None,
    field_names: Sequence[str],
    where: _Where,
) -> None:
    known = {name.casefold() for name in field_names}
    for key, column in _references(columns, durations):
        if column.casefold() not in known:
            raise where.error(
                key,
                f"'{column}' is not in csv.columns; expected one of {', '.join(field_names)}",
            )


def _check_caller_column(
    columns: Mapping[str, ColumnSource], durations: Durations | None, where: _Where
) -> None:
    """The phone-number column goes into caller keys only, never into another column."""
    caller = columns.get("caller")
    if caller is None or caller.column is None:
        return
    for key, column in _references(columns, durations):
        if key[:2] != ("columns", "caller") and column.casefold() == caller.column.casefold():
            raise where.error(
                key,
                f"'{column}' holds the callers' phone numbers (columns.caller); expected another "
                "column: numbers are only stored as pseudonymous caller keys",
            )
