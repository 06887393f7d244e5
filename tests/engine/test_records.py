"""Reading and validating canonical contact records (DESIGN.md §4)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from linja.engine.records import (
    COLUMNS,
    SCHEMA,
    Problem,
    RawSource,
    RecordError,
    load,
    read_records,
    write_records,
)
from linja.errors import LinjaError

HEADER = "contact_id,unit,queue,channel,caller,arrived_at,answered_at,ended_at,resolution"
GOOD = "c1,Førde,orto,phone,k1,2026-03-02T08:00:00+01:00,2026-03-02T08:00:30+01:00,2026-03-02T08:03:00+01:00,resolved"


def write(tmp_path: Path, *lines: str, name: str = "records.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def error_for(path: Path) -> RecordError:
    with pytest.raises(RecordError) as caught:
        read_records([path])
    return caught.value


# --------------------------------------------------------------------------- good input


def test_reads_canonical_csv_into_typed_utc_frame(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, GOOD, "c2,Førde,orto,chat,,2026-03-02T07:05:00Z,,,")
    frame = read_records([path]).frame
    assert frame.columns == list(COLUMNS)
    assert frame.schema == pl.Schema(SCHEMA)
    first = frame.row(0, named=True)
    assert first["arrived_at"] == datetime(2026, 3, 2, 7, 0, 0, tzinfo=UTC)
    assert first["answered_at"] == datetime(2026, 3, 2, 7, 0, 30, tzinfo=UTC)
    second = frame.row(1, named=True)
    assert second["caller"] is None
    assert second["answered_at"] is None
    assert second["channel"] == "chat"


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2026-03-02T08:00:00+01:00", datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
        ("2026-03-02T07:00:00Z", datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
        ("2026-03-02 08:00:00+0100", datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
        ("2026-03-02T08:00+01:00", datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
        ("2026-07-01T08:00:00.250+02:00", datetime(2026, 7, 1, 6, 0, 0, 250000, tzinfo=UTC)),
        ("2026-07-01T08:00:00-04", datetime(2026, 7, 1, 12, 0, tzinfo=UTC)),
    ],
)
def test_accepts_the_iso_8601_forms_with_an_offset(
    tmp_path: Path, written: str, utc: datetime
) -> None:
    path = write(tmp_path, "contact_id,unit,queue,channel,arrived_at", f"c1,U,q,phone,{written}")
    assert read_records([path]).frame["arrived_at"][0] == utc


def test_semicolon_csv_from_a_norwegian_spreadsheet_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id;unit;queue;channel;arrived_at;wrapup_seconds",
        "c1;U;q;Phone;2026-03-02T08:00:00Z;12,5",
    )
    frame = read_records([path]).frame
    assert frame["channel"][0] == "phone"
    assert frame["wrapup_seconds"][0] == 12.5


def test_byte_order_mark_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeffcontact_id,unit,queue,channel,arrived_at\nc1,U,q,phone,2026-03-02T08:00:00Z\n\nc2,U,q,phone,2026-03-02T08:01:00Z\n".encode()
    )
    assert read_records([path]).frame["contact_id"].to_list() == ["c1", "c2"]


def test_knowledge_used_accepts_true_false_words(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at,knowledge_used",
        "c1,U,q,phone,2026-03-02T08:00:00Z,true",
        "c2,U,q,phone,2026-03-02T08:00:00Z,FALSE",
        "c3,U,q,phone,2026-03-02T08:00:00Z,ja",
        "c4,U,q,phone,2026-03-02T08:00:00Z,",
    )
    assert read_records([path]).frame["knowledge_used"].to_list() == [True, False, True, None]


def test_parquet_round_trip_keeps_every_value(tmp_path: Path) -> None:
    csv_path = write(
        tmp_path,
        HEADER,
        GOOD,
        "c2,Bergen,kir,callback,,2026-10-25T02:30:00+01:00,,2026-10-25T02:31:00+01:00,",
    )
    frame = read_records([csv_path]).frame
    parquet = tmp_path / "records.parquet"
    write_records(frame, parquet)
    assert read_records([parquet]).frame.equals(frame)
    back_to_csv = tmp_path / "again.csv"
    write_records(frame, back_to_csv)
    assert read_records([back_to_csv]).frame.equals(frame)


def test_unknown_extra_columns_are_reported_as_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at,note",
        "c1,U,q,phone,2026-03-02T08:00:00Z,hi",
    )
    assert read_records([path]).ignored_columns == {str(path): ["note"]}


# --------------------------------------------------------------------------- bad input: one per case of the issue


def test_missing_required_column_names_the_file_header_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "contact_id,unit,channel,arrived_at", "c1,U,phone,2026-03-02T08:00:00Z")
    message = str(error_for(path))
    assert message.startswith(f"{path} line 1: missing required column queue;")
    assert "expected at least contact_id, unit, queue, channel, arrived_at" in message


def test_missing_required_column_is_not_skippable(tmp_path: Path) -> None:
    path = write(tmp_path, "contact_id,unit,channel,arrived_at", "c1,U,phone,2026-03-02T08:00:00Z")
    with pytest.raises(RecordError, match="missing required column queue"):
        read_records([path], skip_bad_rows=True)


def test_unparseable_timestamp_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, GOOD, "c2,U,q,phone,,yesterday 8am,,,")
    assert str(error_for(path)) == (
        f"{path} line 3, column arrived_at: 'yesterday 8am' is not an ISO 8601 timestamp; "
        "expected e.g. 2026-03-02T08:00:00+01:00"
    )


def test_impossible_date_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, "c1,U,q,phone,,2026-02-30T08:00:00+01:00,,,")
    assert str(error_for(path)).startswith(
        f"{path} line 2, column arrived_at: '2026-02-30T08:00:00+01:00' is not a real date and time"
    )


def test_timestamp_without_offset_names_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER, GOOD, GOOD.replace("c1", "c2").replace("08:00:30+01:00", "08:00:30")
    )
    assert str(error_for(path)) == (
        f"{path} line 3, column answered_at: '2026-03-02T08:00:30' has no UTC offset; "
        "expected ISO 8601 with an offset or Z, e.g. 2026-03-02T08:00:00+01:00"
    )


def test_answered_before_arrived_names_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER, "c1,U,q,phone,,2026-03-02T08:00:00+01:00,2026-03-02T07:59:59+01:00,,"
    )
    assert str(error_for(path)) == (
        f"{path} line 2, column answered_at: answered_at 2026-03-02T07:59:59+01:00 is before "
        "arrived_at 2026-03-02T08:00:00+01:00; expected answered_at at or after arrived_at"
    )


def test_ended_before_answered_names_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        "c1,U,q,phone,,2026-03-02T08:00:00+01:00,2026-03-02T08:01:00+01:00,2026-03-02T08:00:30+01:00,",
    )
    assert str(error_for(path)).startswith(
        f"{path} line 2, column ended_at: ended_at 2026-03-02T08:00:30+01:00 is before answered_at "
        "2026-03-02T08:01:00+01:00"
    )


def test_unanswered_ended_before_arrived_names_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path, HEADER, "c1,U,q,phone,,2026-03-02T08:00:00+01:00,,2026-03-02T07:00:00+01:00,"
    )
    assert str(error_for(path)).startswith(
        f"{path} line 2, column ended_at: ended_at 2026-03-02T07:00:00+01:00 is before arrived_at"
    )


def test_duplicate_contact_id_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, GOOD, GOOD.replace("c1", "c2"), GOOD)
    assert str(error_for(path)) == (
        f"{path} line 4, column contact_id: 'c1' is already used on line 2; expected each contact_id once"
    )


def test_duplicate_contact_id_across_files_names_the_first_file(tmp_path: Path) -> None:
    first = write(tmp_path, HEADER, GOOD, name="a.csv")
    second = write(tmp_path, HEADER, GOOD.replace("c1", "c9"), GOOD, name="b.csv")
    with pytest.raises(RecordError) as caught:
        read_records([first, second])
    assert str(caught.value) == (
        f"{second} line 3, column contact_id: 'c1' is already used in {first} line 2; "
        "expected each contact_id once"
    )


def test_unknown_channel_names_line_column_and_choices(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, GOOD.replace("phone", "fax"))
    assert str(error_for(path)) == (
        f"{path} line 2, column channel: 'fax' is not a channel; "
        "expected one of phone, chat, callback, form, email, counter"
    )


def test_unknown_resolution_names_line_column_and_choices(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, GOOD.replace("resolved", "fixed"))
    assert str(error_for(path)) == (
        f"{path} line 2, column resolution: 'fixed' is not a resolution; "
        "expected one of resolved, unresolved, pending"
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "wrapup_seconds",
            "-5",
            "'-5' is not a number of seconds; expected a number from 0 to 86400 (a day)",
        ),
        (
            "wrapup_seconds",
            "ten",
            "'ten' is not a number of seconds; expected a number from 0 to 86400 (a day)",
        ),
        (
            "wrapup_seconds",
            "inf",
            "'inf' is not a number of seconds; expected a number from 0 to 86400 (a day)",
        ),
        (
            "wrapup_seconds",
            "1e309",
            "'1e309' is not a number of seconds; expected a number from 0 to 86400 (a day)",
        ),
        (
            "wrapup_seconds",
            "86401",
            "'86401' is not a number of seconds; expected a number from 0 to 86400 (a day)",
        ),
        (
            "arrived_at",
            "0001-01-01T00:00:00+01:00",
            "'0001-01-01T00:00:00+01:00' is outside the years 1900 to 2199; expected the time of a real contact",
        ),
        (
            "arrived_at",
            "9999-12-31T23:59:59-14:00",
            "'9999-12-31T23:59:59-14:00' is outside the years 1900 to 2199; expected the time of a real contact",
        ),
        ("knowledge_used", "maybe", "'maybe' is not true or false; expected true, false or empty"),
        ("unit", "", "is empty; a value is required"),
    ],
)
def test_other_bad_values_name_line_and_column(
    tmp_path: Path, column: str, value: str, expected: str
) -> None:
    values = {
        "contact_id": "c1",
        "unit": "U",
        "queue": "q",
        "channel": "phone",
        "arrived_at": "2026-03-02T08:00:00Z",
        column: value,
    }
    path = write(tmp_path, ",".join(values), ",".join(values.values()))
    assert str(error_for(path)) == f"{path} line 2, column {column}: {expected}"


def test_error_counts_the_other_problems_and_returns_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        GOOD.replace("phone", "fax"),
        GOOD.replace("c1", "c2").replace("resolved", "x"),
        GOOD.replace("c1", "c3"),
    )
    error = error_for(path)
    assert str(error).endswith("(and 1 more problem)")
    assert [p.line for p in error.problems] == [2, 3]
    assert error.skippable


def test_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at",
        'c1,"Unit with',
        'two lines",q,phone,2026-03-02T08:00:00Z',
        "c2,U,q,fax,2026-03-02T08:00:00Z",
    )
    assert str(error_for(path)).startswith(f"{path} line 4, column channel:")


def test_wrong_number_of_fields_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at",
        "c1,U,q,phone,2026-03-02T08:00:00Z",
        "c2,U,q,phone,2026-03-02T08:00:00Z,extra",
    )
    assert str(error_for(path)) == (
        f"{path} line 3: has 6 fields but the header has 5; expected one value (or an empty one) for each column"
    )


def test_non_utf8_bytes_name_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "contact_id,unit,queue,channel,arrived_at\nc1,Førde,q,phone,2026-03-02T08:00:00Z\n".encode(
            "latin-1"
        )
    )
    assert str(error_for(path)) == (
        f"{path} line 2, column unit: byte 0xf8 is not UTF-8; expected UTF-8 text (save the file as CSV UTF-8)"
    )


def test_empty_file_and_missing_file_are_clear(tmp_path: Path) -> None:
    empty = write(tmp_path, "", name="empty.csv")
    assert str(error_for(empty)) == f"{empty}: is empty; expected a header line and records"
    with pytest.raises(LinjaError, match="nosuch.csv: no such file"):
        read_records([tmp_path / "nosuch.csv"])


def test_parquet_without_time_zone_is_refused(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "contact_id": ["c1"],
            "unit": ["U"],
            "queue": ["q"],
            "channel": ["phone"],
            "arrived_at": [datetime(2026, 3, 2, 8)],
        }
    )
    path = tmp_path / "naive.parquet"
    frame.write_parquet(path)
    assert str(error_for(path)) == (
        f"{path}, column arrived_at: holds timestamps without a time zone; expected UTC (or any zone)"
    )


def test_parquet_problems_name_the_row(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "contact_id": ["c1", "c2"],
            "unit": ["U", "U"],
            "queue": ["q", "q"],
            "channel": ["phone", "pigeon"],
            "arrived_at": [datetime(2026, 3, 2, 8, tzinfo=UTC)] * 2,
        }
    )
    path = tmp_path / "bad.parquet"
    frame.write_parquet(path)
    assert str(error_for(path)).startswith(
        f"{path} row 2, column channel: 'pigeon' is not a channel"
    )


# --------------------------------------------------------------------------- --skip-bad-rows


def test_skip_bad_rows_keeps_good_rows_and_lists_every_rejected_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        GOOD,
        GOOD.replace("c1", "c2").replace("phone", "fax"),
        GOOD.replace("c1", "c3"),
        GOOD.replace("c1", "c4")
        .replace("resolved", "x")
        .replace("+01:00,2026-03-02T08:00:30", ",2026-03-02T08:00:30"),
        GOOD,
    )
    result = read_records([path], skip_bad_rows=True)
    assert result.frame["contact_id"].to_list() == ["c1", "c3"]
    assert result.rejected_rows == 3
    assert [(p.line, p.column) for p in result.rejected] == [
        (3, "channel"),
        (5, "arrived_at"),
        (5, "resolution"),
        (6, "contact_id"),
    ]


# --------------------------------------------------------------------------- raw sources from importers


def raw_frame(*rows: dict[str, object]) -> pl.DataFrame:
    base = {"unit": "U", "queue": "q", "channel": "phone", "arrived_at": "2026-03-02T08:00:00Z"}
    full = [{**base, **row} for row in rows]
    return pl.DataFrame(full).with_columns(pl.col("_line").cast(pl.Int64))


def test_problems_a_reader_found_reject_their_records_like_any_other() -> None:
    frame = raw_frame(
        {"contact_id": "a", "_line": 2},
        {"contact_id": "b", "_line": 3},
        {"contact_id": "c", "_line": 4, "channel": "fax"},
    )
    own = Problem("export.csv", 3, "Resultat", "'Kanskje' is not an outcome code the mapping knows")
    source = RawSource("export.csv", frame, problems=(own,))
    with pytest.raises(RecordError) as caught:
        load([source])
    assert caught.value.skippable
    assert str(caught.value).startswith("export.csv line 3, column Resultat: 'Kanskje' is not")
    result = load([source], skip_bad_rows=True)
    assert result.frame["contact_id"].to_list() == ["a"]
    assert result.rejected_rows == 2
    assert [(p.line, p.column) for p in result.rejected] == [(3, "Resultat"), (4, "channel")]


def test_a_record_with_a_reader_problem_and_a_validation_problem_is_counted_once() -> None:
    frame = raw_frame({"contact_id": "a", "_line": 2, "channel": "fax"})
    own = Problem("x", 2, "Resultat", "unknown code")
    result = load([RawSource("x", frame, problems=(own,))], skip_bad_rows=True)
    assert result.rejected_rows == 1
    assert len(result.rejected) == 2


def test_typed_timestamps_are_quoted_in_oslo_time_in_messages() -> None:
    frame = pl.DataFrame(
        {
            "contact_id": ["a"],
            "unit": ["U"],
            "queue": ["q"],
            "channel": ["phone"],
            "_line": [7],
            "arrived_at": [datetime(2026, 7, 1, 6, 0, tzinfo=UTC)],
            "answered_at": [datetime(2026, 7, 1, 5, 59, tzinfo=UTC)],
        }
    )
    with pytest.raises(RecordError) as caught:
        load([RawSource("log", frame)])
    assert (
        "answered_at 2026-07-01T07:59:00+02:00 is before arrived_at 2026-07-01T08:00:00+02:00"
        in str(caught.value)
    )


def test_duplicate_across_sources_names_the_sources_own_column() -> None:
    first = RawSource("a.csv", raw_frame({"contact_id": "x", "_line": 2}))
    second = RawSource(
        "b.csv", raw_frame({"contact_id": "x", "_line": 5}), labels={"contact_id": "Saks-ID"}
    )
    with pytest.raises(RecordError) as caught:
        load([first, second])
    assert str(caught.value) == (
        "b.csv line 5, column Saks-ID (contact_id): 'x' is already used in a.csv line 2; expected each contact_id once"
    )


# --------------------------------------------------------------------------- what a second review found


def test_too_few_fields_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at",
        "c1,U,q,phone,2026-03-02T08:00:00Z",
        "c2,U,q",
    )
    assert str(error_for(path)) == (
        f"{path} line 3: has 3 fields but the header has 5; expected one value (or an empty one) for each column"
    )


def test_too_few_fields_with_quotes_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at",
        'c1,"U, V",q,phone,2026-03-02T08:00:00Z',
        'c2,"U"',
    )
    assert str(error_for(path)).startswith(f"{path} line 3: has 2 fields but the header has 5")


def test_blank_lines_before_the_header_keep_line_numbers_physical(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "",
        "  ",
        "contact_id,unit,queue,channel,arrived_at",
        "c1,U,q,fax,2026-03-02T08:00:00Z",
    )
    assert str(error_for(path)).startswith(f"{path} line 4, column channel: 'fax' is not a channel")


def test_a_line_of_only_spaces_is_skipped_like_a_blank_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at",
        "c1,U,q,phone,2026-03-02T08:00:00Z",
        "   ",
        "c2,U,q,fax,2026-03-02T08:00:00Z",
    )
    result = read_records([path], skip_bad_rows=True)
    assert result.frame["contact_id"].to_list() == ["c1"]
    assert [(p.line, p.column) for p in result.rejected] == [(4, "channel")]


def test_a_header_naming_a_column_twice_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "contact_id,unit,queue,channel,arrived_at,unit",
        "c1,U,q,phone,2026-03-02T08:00:00Z,V",
    )
    assert (
        str(error_for(path))
        == f"{path} line 1, column unit: appears twice in the header (columns 2 and 6); expected once"
    )


def test_non_utf8_byte_after_a_quoted_delimiter_names_the_right_column(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(
        b'contact_id,unit,queue,channel,arrived_at\nc1,"Helse, Vest",K\xf8,phone,2026-03-02T08:00:00Z\n'
    )
    assert str(error_for(path)).startswith(f"{path} line 2, column queue: byte 0xf8 is not UTF-8")


def test_parquet_columns_differing_only_in_case_are_refused(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "contact_id": ["c1"],
            "unit": ["U"],
            "Unit": ["V"],
            "queue": ["q"],
            "channel": ["phone"],
            "arrived_at": [datetime(2026, 3, 2, 8, tzinfo=UTC)],
        }
    )
    path = tmp_path / "case.parquet"
    frame.write_parquet(path)
    assert (
        str(error_for(path))
        == f"{path}, column unit: appears twice (as 'unit' and 'Unit'); expected each column once"
    )


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        ("contact_id", [["a", "b"]], "has type List(String); expected text in each row"),
        ("unit", [{"x": 1}], "has type Struct({'x': Int64}); expected text in each row"),
    ],
)
def test_parquet_nested_columns_are_refused(
    tmp_path: Path, column: str, values: list[object], expected: str
) -> None:
    data: dict[str, object] = {
        "contact_id": ["c1"],
        "unit": ["U"],
        "queue": ["q"],
        "channel": ["phone"],
        "arrived_at": [datetime(2026, 3, 2, 8, tzinfo=UTC)],
    }
    data[column] = values
    path = tmp_path / "nested.parquet"
    pl.DataFrame(data).write_parquet(path)
    assert str(error_for(path)) == f"{path}, column {column}: {expected}"


def test_parquet_typed_timestamp_outside_the_years_is_a_row_problem(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "contact_id": ["c1", "c2"],
            "unit": ["U", "U"],
            "queue": ["q", "q"],
            "channel": ["phone", "phone"],
            "arrived_at": [
                datetime(2026, 3, 2, 8, tzinfo=UTC),
                datetime(1850, 3, 2, 8, tzinfo=UTC),
            ],
        }
    )
    path = tmp_path / "old.parquet"
    frame.write_parquet(path)
    assert str(error_for(path)).startswith(f"{path} row 2, column arrived_at: '1850-03-02T08:")
