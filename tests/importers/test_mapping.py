"""Vendor CSV exports read through a YAML column mapping (docs/importer-mapping.md).

The example export (docs/examples/vendor-export.csv) is read with the shipped example
mapping; the expected records are worked out by hand from its lines. Times there are
Europe/Oslo local: +01:00 in winter, +02:00 from 29.03.2026 03:00 to 25.10.2026 03:00.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from linja.callerkey import caller_key
from linja.engine.records import COLUMNS, LINE, LoadResult, RecordError, load
from linja.errors import LinjaError
from linja.importers import ImportSettings, load_records, reader_for
from linja.importers.mapping import VendorMapping, load_mapping

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_MAPPING = ROOT / "src" / "linja" / "importers" / "mappings" / "example-vendor.yaml"
EXAMPLE_EXPORT = ROOT / "docs" / "examples" / "vendor-export.csv"
DATA = Path(__file__).parent / "data" / "mapping"
ABSOLUTE_MAPPING = DATA / "absolute.yaml"
ABSOLUTE_EXPORT = DATA / "absolute.csv"
KEY = b"test-caller-key-0123456789"
SETTINGS = ImportSettings(caller_key=KEY)


def utc(text: str) -> datetime:
    """'2026-03-02 07:00:05' as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def key_of(number: str) -> str | None:
    return caller_key(number, KEY)


def read(mapping: Path, export: Path, settings: ImportSettings = SETTINGS) -> LoadResult:
    return load([load_mapping(mapping).read(export, settings)])


def records(
    mapping: Path, export: Path, settings: ImportSettings = SETTINGS
) -> list[dict[str, Any]]:
    return read(mapping, export, settings).frame.to_dicts()


def example_variant(
    tmp_path: Path, *replacements: tuple[str, str], name: str = "export.csv"
) -> Path:
    """A copy of the example export with some text replaced (each replacement must apply)."""
    text = EXAMPLE_EXPORT.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping_variant(tmp_path: Path, source: Path, *replacements: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(mapping: Path, export: Path, settings: ImportSettings = SETTINGS) -> list[str]:
    """The problems of the export's records, as the user reads them (rows skipped)."""
    result = load([load_mapping(mapping).read(export, settings)], skip_bad_rows=True)
    return [str(p) for p in result.rejected]


def file_error(mapping: Path, export: Path, settings: ImportSettings = SETTINGS) -> str:
    """The error that stops reading the export as a whole."""
    with pytest.raises(LinjaError) as caught:
        load_mapping(mapping).read(export, settings)
    if isinstance(caught.value, RecordError):
        assert not caught.value.skippable
    return str(caught.value)


# --------------------------------------------------------------------------- the example

# line: (queue, arrived_at, answered_at, ended_at, agent, wrapup_seconds, caller number)
EXAMPLE: dict[
    int, tuple[str, str, str | None, str | None, str | None, float | None, str | None]
] = {
    # winter time, +01:00: 08:00:05 local is 07:00:05Z; answered after 25 s, talked 180 s
    2: (
        "Brukerstøtte",
        "2026-03-02 07:00:05",
        "2026-03-02 07:00:30",
        "2026-03-02 07:03:30",
        "agent-01",
        30.0,
        "40000001",
    ),
    3: (
        "Brukerstøtte",
        "2026-03-02 07:02:40",
        "2026-03-02 07:03:55",
        "2026-03-02 07:07:55",
        "agent-02",
        0.0,
        "40000002",
    ),
    # Tapt: no answered_at; ended when the caller gave up, 40 s after arriving
    4: ("Brukerstøtte", "2026-03-02 07:05:00", None, "2026-03-02 07:05:40", None, None, "40000003"),
    5: (
        "Brukerstøtte",
        "2026-03-02 08:15:30",
        "2026-03-02 08:15:40",
        "2026-03-02 08:17:40",
        "agent-01",
        15.0,
        "40000001",
    ),
    # queue time 55,5 s (decimal comma)
    6: (
        "Klinisk støtte",
        "2026-03-02 09:00:00",
        "2026-03-02 09:00:55.500",
        "2026-03-02 09:05:55.500",
        "agent-03",
        60.0,
        "40000004",
    ),
    # Skjult: no caller
    7: ("Klinisk støtte", "2026-03-02 09:20:00", None, "2026-03-02 09:22:00", None, None, None),
    8: (
        "Brukerstøtte",
        "2026-03-03 08:00:00",
        "2026-03-03 08:00:30",
        "2026-03-03 08:02:00",
        "agent-02",
        20.0,
        "40000001",
    ),
    # 29.03.2026: 01:45 is still winter time (+01:00)
    9: (
        "Brukerstøtte",
        "2026-03-29 00:45:00",
        "2026-03-29 00:45:20",
        "2026-03-29 00:46:20",
        "agent-04",
        0.0,
        "40000005",
    ),
    # 01:59:30 +01:00, 60 s in queue: answered 01:00:30Z, which is 03:00:30 summer time
    10: (
        "Brukerstøtte",
        "2026-03-29 00:59:30",
        "2026-03-29 01:00:30",
        "2026-03-29 01:02:10",
        "agent-04",
        10.0,
        "40000006",
    ),
    # 03:10 is summer time (+02:00)
    11: (
        "Brukerstøtte",
        "2026-03-29 01:10:00",
        None,
        "2026-03-29 01:10:15",
        None,
        None,
        "40000005",
    ),
    # 25.10.2026 02:30 happens twice: the earliest, still summer time (+02:00)
    12: (
        "Brukerstøtte",
        "2026-10-25 00:30:00",
        "2026-10-25 00:30:45",
        "2026-10-25 00:34:05",
        "agent-05",
        20.0,
        "40000007",
    ),
    # 02:50 (first time, +02:00) plus 1200 s in queue: answered 01:10Z = 02:10 the second time
    13: (
        "Klinisk støtte",
        "2026-10-25 00:50:00",
        "2026-10-25 01:10:00",
        "2026-10-25 01:15:00",
        "agent-05",
        0.0,
        "40000008",
    ),
    # 03:05 is winter time again (+01:00)
    14: (
        "Brukerstøtte",
        "2026-10-25 02:05:00",
        None,
        "2026-10-25 02:06:30",
        None,
        None,
        "40000007",
    ),
    15: (
        "Klinisk støtte",
        "2026-10-26 07:00:00",
        "2026-10-26 07:00:45",
        "2026-10-26 07:03:15",
        "agent-03",
        30.0,
        "40000009",
    ),
}


def id_prefix(export: Path) -> str:
    """What a generated contact_id starts with: the file's stem and 8 hex digits of the
    SHA-256 of its resolved absolute path (the line follows)."""
    digest = hashlib.sha256(os.fsencode(export.resolve())).hexdigest()[:8]
    return f"{export.stem}-{digest}"


def expected_example(export: Path = EXAMPLE_EXPORT) -> list[dict[str, Any]]:
    rows = []
    for line, (queue, arrived, answered, ended, agent, wrapup, number) in EXAMPLE.items():
        rows.append(
            {
                "contact_id": f"{id_prefix(export)}-{line}",
                "unit": queue,  # no unit in the mapping and no linja.yaml: the queue
                "queue": queue,
                "channel": "phone",
                "caller": key_of(number) if number else None,
                "arrived_at": utc(arrived),
                "answered_at": utc(answered) if answered else None,
                "ended_at": utc(ended) if ended else None,
                "agent": agent,
                "answered_queue": None,
                "wrapup_seconds": wrapup,
                "resolution": None,
                "knowledge_used": None,
            }
        )
    return rows


def test_example_mapping_reads_example_export_into_records_worked_out_by_hand() -> None:
    assert records(EXAMPLE_MAPPING, EXAMPLE_EXPORT) == expected_example()


def test_example_raw_source_keeps_physical_lines_and_the_exports_column_names() -> None:
    source = load_mapping(EXAMPLE_MAPPING).read(EXAMPLE_EXPORT, SETTINGS)
    assert source.name == str(EXAMPLE_EXPORT)
    assert source.position == "line"
    assert source.frame[LINE].to_list() == list(range(2, 16))
    assert source.frame.schema["arrived_at"] == pl.Datetime("us", "UTC")
    assert source.frame.schema["wrapup_seconds"] == pl.Float64
    assert set(source.frame.columns) <= {*COLUMNS, LINE}
    assert dict(source.labels) == {
        "queue": "Kø",
        "unit": "Kø",
        "caller": "Innringer",
        "arrived_at": "Ankomst",
        "agent": "Agent",
        "wrapup_seconds": "Etterarbeid (s)",
    }


def test_load_records_with_mapping_format_reads_through_the_mapping_file() -> None:
    loaded = load_records([EXAMPLE_EXPORT], f"mapping:{EXAMPLE_MAPPING}", SETTINGS)
    assert loaded.frame.to_dicts() == expected_example()


def test_load_mapping_returns_a_vendor_mapping_with_the_declared_dialect() -> None:
    mapping = load_mapping(EXAMPLE_MAPPING)
    assert isinstance(mapping, VendorMapping)
    assert (mapping.delimiter, mapping.encoding, mapping.header, mapping.zone) == (
        ";",
        "utf-8",
        True,
        "Europe/Oslo",
    )


def test_windows_line_endings_and_a_byte_order_mark_read_the_same(tmp_path: Path) -> None:
    text = EXAMPLE_EXPORT.read_text(encoding="utf-8").replace("\n", "\r\n")
    export = tmp_path / "vendor-export.csv"
    export.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert records(EXAMPLE_MAPPING, export) == expected_example(export)


def test_cp1252_export_reads_the_same_with_encoding_cp1252(tmp_path: Path) -> None:
    export = tmp_path / "vendor-export.csv"
    export.write_bytes(EXAMPLE_EXPORT.read_text(encoding="utf-8").encode("cp1252"))
    mapping = mapping_variant(tmp_path, EXAMPLE_MAPPING, ("encoding: utf-8", "encoding: cp1252"))
    assert records(mapping, export) == expected_example(export)


def test_windows_1252_is_accepted_as_another_name_for_cp1252(tmp_path: Path) -> None:
    export = tmp_path / "vendor-export.csv"
    export.write_bytes(EXAMPLE_EXPORT.read_text(encoding="utf-8").encode("cp1252"))
    mapping = mapping_variant(
        tmp_path, EXAMPLE_MAPPING, ("encoding: utf-8", "encoding: windows-1252")
    )
    assert records(mapping, export) == expected_example(export)


def test_durations_as_hours_minutes_seconds_give_the_same_times(tmp_path: Path) -> None:
    export = example_variant(
        tmp_path, (";1200;300;0;", ";0:20:00;0:05:00;0;"), name="vendor-export.csv"
    )
    assert records(EXAMPLE_MAPPING, export) == expected_example(export)


def test_unit_comes_from_the_queue_through_settings_when_the_mapping_sets_none() -> None:
    settings = ImportSettings(caller_key=KEY, queue_units={"Brukerstøtte": "Helse Nord IKT"})
    units = {(r["queue"], r["unit"]) for r in records(EXAMPLE_MAPPING, EXAMPLE_EXPORT, settings)}
    assert units == {("Brukerstøtte", "Helse Nord IKT"), ("Klinisk støtte", "Klinisk støtte")}


def test_generated_contact_id_is_the_file_stem_a_hash_of_its_path_and_the_line(
    tmp_path: Path,
) -> None:
    export = example_variant(tmp_path, name="mars.csv")
    ids = [r["contact_id"] for r in records(EXAMPLE_MAPPING, export)]
    assert ids == [f"{id_prefix(export)}-{line}" for line in range(2, 16)]
    assert re.fullmatch(r"mars-[0-9a-f]{8}-2", ids[0])


# --------------------------------------------------------------------------- pseudonymisation


def test_raw_phone_numbers_never_reach_the_records() -> None:
    source = load_mapping(EXAMPLE_MAPPING).read(EXAMPLE_EXPORT, SETTINGS)
    text = source.frame.cast(pl.String).write_csv()
    digits = re.sub(r"\D", "", text)
    for number in ("40000001", "40000002", "40000009"):
        assert number not in text
        assert number not in digits.replace("2026", "")  # not even split by separators
    assert "400 00 0" not in text


def test_same_number_in_different_formats_gives_the_same_caller_key() -> None:
    rows = records(EXAMPLE_MAPPING, EXAMPLE_EXPORT)
    callers = {int(r["contact_id"].rsplit("-", 1)[1]): r["caller"] for r in rows}
    # 400 00 001, +47 400 00 001 and 0047 400 00 001
    same = {callers[2], callers[5], callers[8]}
    assert same == {caller_key("+4740000001", KEY)}
    assert callers[3] != callers[2]
    assert callers[7] is None  # Skjult


def test_caller_column_without_a_caller_key_refuses_to_read() -> None:
    message = file_error(EXAMPLE_MAPPING, EXAMPLE_EXPORT, ImportSettings())
    assert message.startswith(f"{EXAMPLE_EXPORT}: holds caller numbers")
    assert "LINJA_CALLER_KEY" in message


def test_mapping_without_caller_needs_no_caller_key(tmp_path: Path) -> None:
    mapping = mapping_variant(tmp_path, EXAMPLE_MAPPING, ('  caller: {column: "Innringer"}\n', ""))
    rows = records(mapping, EXAMPLE_EXPORT, ImportSettings())
    assert len(rows) == 14
    assert {r["caller"] for r in rows} == {None}


# --------------------------------------------------------------------------- the absolute shape


def test_absolute_times_constants_and_value_maps_give_records_worked_out_by_hand() -> None:
    assert records(ABSOLUTE_MAPPING, ABSOLUTE_EXPORT) == [
        {
            "contact_id": "A-1",
            "unit": "Helse Bergen",
            "queue": "Ortopedi",
            "channel": "phone",
            "caller": key_of("40000011"),
            "arrived_at": utc("2026-03-02 07:00:00"),
            "answered_at": utc("2026-03-02 07:00:40"),
            "ended_at": utc("2026-03-02 07:05:00"),
            "agent": None,
            "answered_queue": None,
            "wrapup_seconds": 30.0,
            "resolution": "resolved",
            "knowledge_used": True,
        },
        {
            # the second format of the list: 02.03.2026 08:10
            "contact_id": "A-2",
            "unit": "Helse Bergen",
            "queue": "Ortopedi",
            "channel": "chat",
            "caller": None,
            "arrived_at": utc("2026-03-02 07:10:00"),
            "answered_at": utc("2026-03-02 07:11:00"),
            "ended_at": utc("2026-03-02 07:20:00"),
            "agent": None,
            "answered_queue": None,
            "wrapup_seconds": None,
            "resolution": "pending",
            "knowledge_used": False,
        },
        {
            # 'telefon': codes are matched without regard to case
            "contact_id": "A-3",
            "unit": "Helse Bergen",
            "queue": "Hud",
            "channel": "phone",
            "caller": key_of("40000011"),
            "arrived_at": utc("2026-03-02 08:00:00"),
            "answered_at": None,
            "ended_at": utc("2026-03-02 08:01:30"),
            "agent": None,
            "answered_queue": None,
            "wrapup_seconds": None,
            "resolution": None,
            "knowledge_used": None,
        },
        {
            "contact_id": "A-4",
            "unit": "Helse Bergen",
            "queue": "Hud",
            "channel": "phone",
            "caller": key_of("40000012"),
            "arrived_at": utc("2026-03-02 09:00:00"),
            "answered_at": utc("2026-03-02 09:02:00"),
            "ended_at": utc("2026-03-02 09:06:00"),
            "agent": None,
            "answered_queue": None,
            "wrapup_seconds": 12.5,
            "resolution": "unresolved",
            "knowledge_used": None,
        },
    ]


def test_absolute_lines_count_title_lines_and_quoted_line_breaks() -> None:
    source = load_mapping(ABSOLUTE_MAPPING).read(ABSOLUTE_EXPORT, SETTINGS)
    # lines 1-2 titles, 3 header, 4 A-1, 5-6 A-2 (a note over two lines), 7 A-3, 8 A-4
    assert source.frame[LINE].to_list() == [4, 5, 7, 8]


def test_autumn_repeated_hour_takes_the_earliest_in_the_absolute_shape(tmp_path: Path) -> None:
    export = tmp_path / "absolute.csv"
    export.write_text(
        ABSOLUTE_EXPORT.read_text(encoding="utf-8").replace(
            "2026-03-02 08:00:00,2026-03-02 08:00:40,2026-03-02 08:05:00",
            "2026-10-25 02:10:00,2026-10-25 02:10:40,2026-10-25 03:05:00",
        ),
        encoding="utf-8",
    )
    first = records(ABSOLUTE_MAPPING, export)[0]
    assert first["arrived_at"] == utc("2026-10-25 00:10:00")  # 02:10+02:00
    assert first["answered_at"] == utc("2026-10-25 00:10:40")
    assert first["ended_at"] == utc("2026-10-25 02:05:00")  # 03:05+01:00


def test_export_without_header_names_fields_in_the_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "noheader.yaml"
    mapping.write_text(
        """\
csv:
  delimiter: "|"
  header: false
  columns: [id, queue, start, answer, end]
times:
  format: "%Y-%m-%dT%H:%M:%S%z"
columns:
  contact_id: {column: id}
  queue: {column: queue}
  channel: {value: chat}
  arrived_at: {column: start}
  answered_at: {column: answer}
  ended_at: {column: end}
""",
        encoding="utf-8",
    )
    export = tmp_path / "chat.txt"
    export.write_text(
        "c1|web|2026-03-02T08:00:00+0100|2026-03-02T08:00:20+0100|2026-03-02T08:10:00+0100\n"
        "c2|web|2026-03-02T07:30:00+0000||2026-03-02T07:31:00+0000\n",
        encoding="utf-8",
    )
    source = load_mapping(mapping).read(export, SETTINGS)
    assert source.frame[LINE].to_list() == [1, 2]  # no header: the first record is line 1
    rows = load([source]).frame.select("contact_id", "unit", "channel", "arrived_at", "ended_at")
    assert rows.rows() == [
        ("c1", "web", "chat", utc("2026-03-02 07:00:00"), utc("2026-03-02 07:10:00")),
        ("c2", "web", "chat", utc("2026-03-02 07:30:00"), utc("2026-03-02 07:31:00")),
    ]


# --------------------------------------------------------------------------- data-file errors


def test_column_missing_from_export_names_file_header_line_column_and_what_it_has(
    tmp_path: Path,
) -> None:
    export = example_variant(tmp_path, ("Køtid (s)", "Ventetid"))
    message = file_error(EXAMPLE_MAPPING, export)
    assert message.startswith(f"{export} line 1, column Køtid (s): is not in the export")
    assert f"mapping {EXAMPLE_MAPPING} reads it (durations.queue_seconds.column)" in message
    assert "the export has columns Ankomst, Kø, Innringer, Resultat, Ventetid," in message


def test_wrong_delimiter_says_what_the_header_looks_separated_by(tmp_path: Path) -> None:
    mapping = mapping_variant(tmp_path, EXAMPLE_MAPPING, ('delimiter: ";"', 'delimiter: ","'))
    message = file_error(mapping, EXAMPLE_EXPORT)
    assert message.startswith(f"{EXAMPLE_EXPORT} line 1, column Kø: is not in the export")
    assert (
        "the header looks separated by ';', and the mapping declares csv.delimiter ','" in message
    )


def test_header_names_match_without_regard_to_case_and_spaces(tmp_path: Path) -> None:
    export = example_variant(tmp_path, ("Køtid (s);", " KØTID (S) ;"), name="vendor-export.csv")
    assert records(EXAMPLE_MAPPING, export) == expected_example(export)


def test_column_twice_in_the_header_is_refused(tmp_path: Path) -> None:
    export = example_variant(tmp_path, (";Agent", ";Kø"))
    message = file_error(EXAMPLE_MAPPING, export)
    assert message.startswith(
        f"{export} line 1, column Kø: appears 2 times in the header (fields 2 and 8)"
    )


def test_unparseable_timestamp_names_line_column_and_expected_format(tmp_path: Path) -> None:
    export = example_variant(tmp_path, ("02.03.2026 08:05:00", "2026-03-02 08:05"))
    assert problems_of(EXAMPLE_MAPPING, export) == [
        f"{export} line 4, column Ankomst (arrived_at): '2026-03-02 08:05' is not a date and "
        f"time in the format mapping {EXAMPLE_MAPPING} declares (times.format: "
        "%d.%m.%Y %H:%M:%S, e.g. 02.03.2026 14:05:09)"
    ]


def test_impossible_date_is_refused_like_an_unparseable_one(tmp_path: Path) -> None:
    export = example_variant(tmp_path, ("02.03.2026 08:05:00", "31.02.2026 08:05:00"))
    (problem,) = problems_of(EXAMPLE_MAPPING, export)
    assert problem.startswith(
        f"{export} line 4, column Ankomst (arrived_at): '31.02.2026 08:05:00'"
    )


def test_spring_skipped_hour_is_a_problem_naming_line_and_column(tmp_path: Path) -> None:
    export = example_variant(tmp_path, ("29.03.2026 01:59:30", "29.03.2026 02:30:00"))
    assert problems_of(EXAMPLE_MAPPING, export) == [
        f"{export} line 10, column Ankomst (arrived_at): '29.03.2026 02:30:00' never happened "
        "in Europe/Oslo: the clocks skipped that time when summer time began; expected a time "
        f"that exists (check that times.zone in {EXAMPLE_MAPPING} is the zone the export writes)"
    ]


def test_times_go_typed_and_values_with_problems_stay_empty(tmp_path: Path) -> None:
    export = example_variant(
        tmp_path,
        (";Tapt;120;", ";Overført;120;"),  # line 7: answered_at and ended_at unknown
        ("29.03.2026 01:59:30", "29.03.2026 02:30:00"),  # line 10: no arrival
    )
    source = load_mapping(EXAMPLE_MAPPING).read(export, SETTINGS)
    for name in ("arrived_at", "answered_at", "ended_at"):
        assert source.frame.schema[name] == pl.Datetime("us", "UTC")
    assert [(p.line, p.column) for p in source.problems] == [
        (7, "Resultat"),
        (10, "Ankomst (arrived_at)"),
    ]
    line7 = source.frame.filter(pl.col(LINE) == 7).row(0, named=True)
    assert (line7["arrived_at"], line7["answered_at"], line7["ended_at"]) == (
        utc("2026-03-02 09:20:00"),
        None,
        None,
    )
    # a record without a required value is not validated: it would be called empty
    assert 10 not in source.frame[LINE].to_list()


def test_row_problems_stop_the_load_unless_bad_rows_are_skipped(tmp_path: Path) -> None:
    export = example_variant(tmp_path, ("29.03.2026 01:59:30", "29.03.2026 02:30:00"))
    source = load_mapping(EXAMPLE_MAPPING).read(export, SETTINGS)
    with pytest.raises(RecordError) as caught:
        load([source])
    assert caught.value.skippable
    assert str(caught.value).startswith(f"{export} line 10, column Ankomst (arrived_at):")
    kept = load([source], skip_bad_rows=True)
    assert kept.rejected_rows == 1
    assert kept.frame["contact_id"].to_list() == [
        f"{id_prefix(export)}-{line}" for line in EXAMPLE if line != 10
    ]


EXPECTED_SECONDS = (
    "expected a number of seconds between 0 and 604800 (a week), such as 42 or 42,5 "
    "(or hours:minutes:seconds such as 0:00:42)"
)


def test_non_numeric_durations_name_their_columns(tmp_path: Path) -> None:
    export = example_variant(
        tmp_path,
        (";Besvart;25;180;30;", ";Besvart;25 s;180;30;"),  # line 2: queue time
        (";Besvart;75;240;0;", ";Besvart;75;fire;0;"),  # line 3: talk time
        (";Besvart;10;120;15;", ";Besvart;10;120;-15;"),  # line 5: wrap-up below zero
    )
    assert problems_of(EXAMPLE_MAPPING, export) == [
        f"{export} line 2, column Køtid (s): '25 s' is not a number of seconds; {EXPECTED_SECONDS}",
        f"{export} line 3, column Samtaletid (s): 'fire' is not a number of seconds; "
        f"{EXPECTED_SECONDS}",
        f"{export} line 5, column Etterarbeid (s) (wrapup_seconds): '-15' is below zero; "
        f"{EXPECTED_SECONDS}",
    ]


def test_two_problems_in_one_record_are_both_named(tmp_path: Path) -> None:
    export = example_variant(tmp_path, (";Besvart;25;180;30;", ";Ukjent;x;180;30;"))
    first, second = problems_of(EXAMPLE_MAPPING, export)
    assert first.startswith(f"{export} line 2, column Resultat: 'Ukjent' is not a code")
    assert second.startswith(f"{export} line 2, column Køtid (s): 'x' is not a number of seconds")
    kept = load([load_mapping(EXAMPLE_MAPPING).read(export, SETTINGS)], skip_bad_rows=True)
    assert (kept.rejected_rows, kept.frame.height) == (1, 13)  # one record, two problems


def test_a_mapping_problem_and_a_validation_problem_of_one_record_are_both_named(
    tmp_path: Path,
) -> None:
    export = tmp_path / "absolute.csv"
    text = ABSOLUTE_EXPORT.read_text(encoding="utf-8")
    text = text.replace("Ikke løst", "Kanskje").replace(
        "2026-03-02 10:02:00", "2026-03-02 09:59:00"
    )
    export.write_text(text, encoding="utf-8")
    result = load([load_mapping(ABSOLUTE_MAPPING).read(export, SETTINGS)], skip_bad_rows=True)
    assert result.rejected_rows == 1
    assert sorted(str(p) for p in result.rejected) == [
        f"{export} line 8, column Svart (answered_at): answered_at 2026-03-02T09:59:00+01:00 "
        "is before arrived_at 2026-03-02T10:00:00+01:00; expected answered_at at or after "
        "arrived_at",
        f"{export} line 8, column Utfall (resolution): 'Kanskje' is not a code mapping "
        f"{ABSOLUTE_MAPPING} knows (columns.resolution.map); expected one of Løst, Ikke løst, "
        "Venter",
    ]


def test_unmapped_outcome_code_names_line_column_and_the_codes_known(tmp_path: Path) -> None:
    export = example_variant(tmp_path, (";Tapt;120;", ";Overført;120;"))
    assert problems_of(EXAMPLE_MAPPING, export) == [
        f"{export} line 7, column Resultat: 'Overført' is not a code mapping "
        f"{EXAMPLE_MAPPING} knows (durations.outcome); expected one of Besvart (answered), "
        "Tapt (abandoned)"
    ]


def test_empty_outcome_and_answered_without_queue_time_are_problems(tmp_path: Path) -> None:
    export = example_variant(
        tmp_path,
        (";Tapt;120;", ";;120;"),  # line 7
        (";Besvart;30;90;20;", ";Besvart;;90;20;"),  # line 8
    )
    assert problems_of(EXAMPLE_MAPPING, export) == [
        f"{export} line 7, column Resultat: is empty; expected one of Besvart (answered), "
        f"Tapt (abandoned) (durations.outcome in {EXAMPLE_MAPPING})",
        f"{export} line 8, column Køtid (s): is empty, but the contact was answered "
        "(Resultat 'Besvart'); expected its seconds in the queue, which give answered_at",
    ]


def test_abandoned_without_queue_time_has_no_end(tmp_path: Path) -> None:
    export = example_variant(tmp_path, (";Tapt;40;;;", ";Tapt;;;;"), name="vendor-export.csv")
    third = records(EXAMPLE_MAPPING, export)[2]
    assert (third["answered_at"], third["ended_at"]) == (None, None)


def test_unmapped_value_map_code_names_line_column_and_the_codes_known(tmp_path: Path) -> None:
    export = tmp_path / "absolute.csv"
    export.write_text(
        ABSOLUTE_EXPORT.read_text(encoding="utf-8").replace("Ikke løst", "Kanskje"),
        encoding="utf-8",
    )
    assert problems_of(ABSOLUTE_MAPPING, export) == [
        f"{export} line 8, column Utfall (resolution): 'Kanskje' is not a code mapping "
        f"{ABSOLUTE_MAPPING} knows (columns.resolution.map); expected one of Løst, Ikke løst, "
        "Venter"
    ]


def test_unmapped_code_that_happens_to_be_a_canonical_value_is_still_refused(
    tmp_path: Path,
) -> None:
    export = tmp_path / "absolute.csv"
    export.write_text(
        ABSOLUTE_EXPORT.read_text(encoding="utf-8").replace("Ikke løst", "resolved"),
        encoding="utf-8",
    )
    (problem,) = problems_of(ABSOLUTE_MAPPING, export)
    assert problem.startswith(f"{export} line 8, column Utfall (resolution): 'resolved' is not")


def test_shared_validation_problems_name_the_exports_own_columns(tmp_path: Path) -> None:
    export = tmp_path / "absolute.csv"
    text = ABSOLUTE_EXPORT.read_text(encoding="utf-8")
    text = text.replace("2026-03-02 10:02:00", "2026-03-02 09:59:00").replace("A-3,", "A-1,")
    export.write_text(text, encoding="utf-8")
    assert problems_of(ABSOLUTE_MAPPING, export) == [
        f"{export} line 7, column Saks-ID (contact_id): 'A-1' is already used on line 4; "
        "expected each contact_id once",
        f"{export} line 8, column Svart (answered_at): answered_at 2026-03-02T09:59:00+01:00 "
        "is before arrived_at 2026-03-02T10:00:00+01:00; expected answered_at at or after "
        "arrived_at",
    ]


def test_channel_from_a_column_without_map_is_checked_by_validation(tmp_path: Path) -> None:
    mapping = mapping_variant(
        tmp_path,
        ABSOLUTE_MAPPING,
        (
            'channel: {column: "Kanal", map: {"Telefon": phone, "Chat": chat}}',
            'channel: {column: "Kanal"}',
        ),
    )
    problems = problems_of(mapping, ABSOLUTE_EXPORT)
    assert problems[0] == (
        f"{ABSOLUTE_EXPORT} line 4, column Kanal (channel): 'Telefon' is not a channel; "
        "expected one of phone, chat, callback, form, email, counter"
    )


def test_export_in_cp1252_with_a_utf8_mapping_names_the_declared_encoding(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(EXAMPLE_EXPORT.read_text(encoding="utf-8").encode("cp1252"))
    message = file_error(EXAMPLE_MAPPING, export)
    # the first byte that is not UTF-8 is the ø of "Kø" in the header
    assert message.startswith(
        f"{export} line 1, column Kø: byte 0xf8 is not utf-8 text, the encoding mapping "
        f"{EXAMPLE_MAPPING} declares (csv.encoding)"
    )
    assert message.endswith("the export reads as cp1252: expected csv.encoding: cp1252")


def test_export_in_utf16_says_which_encoding_to_declare(tmp_path: Path) -> None:
    export = tmp_path / "export.txt"  # Excel's "Unicode text": UTF-16 with a byte-order mark
    export.write_bytes(EXAMPLE_EXPORT.read_text(encoding="utf-8").encode("utf-16"))
    message = file_error(EXAMPLE_MAPPING, export)
    assert message.startswith(f"{export} line 1: byte 0xff is not utf-8 text")
    assert message.endswith("the export reads as utf-16: expected csv.encoding: utf-16")


def test_export_in_utf8_with_a_cp1252_mapping_is_refused_not_garbled(tmp_path: Path) -> None:
    mapping = mapping_variant(tmp_path, EXAMPLE_MAPPING, ("encoding: utf-8", "encoding: cp1252"))
    message = file_error(mapping, EXAMPLE_EXPORT)
    assert message.startswith(
        f"{EXAMPLE_EXPORT} line 1, column Kø: is UTF-8 text, but mapping {mapping} declares "
        "encoding cp1252 (csv.encoding)"
    )


def test_line_with_the_wrong_number_of_fields_names_its_line(tmp_path: Path) -> None:
    export = example_variant(
        tmp_path, ("02.03.2026 08:05:00;Brukerstøtte;", "02.03.2026 08:05:00;")
    )
    message = file_error(EXAMPLE_MAPPING, export)
    assert message.startswith(f"{export} line 4: has 7 fields but the header has 8")


def test_empty_lines_and_trailing_empty_fields_are_not_problems(tmp_path: Path) -> None:
    text = EXAMPLE_EXPORT.read_text(encoding="utf-8").replace(";agent-01\n", ";agent-01;\n")
    export = tmp_path / "vendor-export.csv"
    export.write_text(text + "\n\n", encoding="utf-8")
    assert records(EXAMPLE_MAPPING, export) == expected_example(export)


def test_missing_empty_and_headerless_exports_are_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    assert file_error(EXAMPLE_MAPPING, missing) == f"{missing}: no such file"
    empty = tmp_path / "empty.csv"
    empty.write_text(" \n", encoding="utf-8")
    assert file_error(EXAMPLE_MAPPING, empty) == f"{empty}: is empty; expected a CSV export"
    assert file_error(EXAMPLE_MAPPING, tmp_path).startswith(f"{tmp_path}: is a directory")


def test_header_only_export_gives_no_records(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(EXAMPLE_EXPORT.read_text(encoding="utf-8").splitlines()[0] + "\n")
    assert records(EXAMPLE_MAPPING, export) == []


# --------------------------------------------------------------------------- mapping-file errors

BASE = """\
times:
  format: "%d.%m.%Y %H:%M:%S"
columns:
  queue: {column: Kø}
  channel: {value: phone}
  arrived_at: {column: Ankomst}
  answered_at: {column: Svar}
"""


def mapping_error(tmp_path: Path, text: str) -> tuple[Path, str]:
    path = tmp_path / "vendor.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinjaError) as caught:
        load_mapping(path)
    return path, str(caught.value)


def test_base_mapping_of_these_tests_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "vendor.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert set(load_mapping(path).columns) == {"queue", "channel", "arrived_at", "answered_at"}


def test_unknown_canonical_column_lists_the_known_ones(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE + "  kø: {column: Kø}\n")
    assert message.startswith(f"{path} line 8, key columns.kø: unknown key; expected one of ")
    assert "contact_id, unit, queue, channel, caller, arrived_at" in message


def test_column_listed_twice_names_both_lines(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE + "  queue: {column: Køen}\n")
    assert message == (
        f"{path} line 8, key columns.queue: appears twice (first on line 4); expected each key once"
    )


def test_value_map_onto_a_value_that_is_not_a_resolution(tmp_path: Path) -> None:
    text = (
        BASE
        + "  resolution:\n    column: Utfall\n    map:\n      Løst: resolved\n      Nei: fixed\n"
    )
    path, message = mapping_error(tmp_path, text)
    assert message == (
        f"{path} line 12, key columns.resolution.map.Nei: 'fixed' is not a resolution; "
        "expected one of resolved, unresolved, pending"
    )


def test_value_map_onto_a_value_that_is_not_a_channel(tmp_path: Path) -> None:
    text = BASE.replace("channel: {value: phone}", "channel: {column: Kanal, map: {Tlf: telefon}}")
    path, message = mapping_error(tmp_path, text)
    assert message == (
        f"{path} line 5, key columns.channel.map.Tlf: 'telefon' is not a channel; "
        "expected one of phone, chat, callback, form, email, counter"
    )


def test_constant_that_is_not_a_channel(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("value: phone", "value: telefon"))
    assert message.startswith(
        f"{path} line 5, key columns.channel.value: 'telefon' is not a channel"
    )


def test_knowledge_map_needs_true_or_false(tmp_path: Path) -> None:
    text = BASE + "  knowledge_used: {column: KB, map: {'J': kanskje}}\n"
    path, message = mapping_error(tmp_path, text)
    assert message == (
        f"{path} line 8, key columns.knowledge_used.map.J: 'kanskje' is not true or false; "
        "expected true or false"
    )


def test_unquoted_yes_as_a_code_asks_for_quotes(tmp_path: Path) -> None:
    text = BASE + "  knowledge_used: {column: KB, map: {Yes: true}}\n"
    path, message = mapping_error(tmp_path, text)
    assert message.startswith(f"{path} line 8, key columns.knowledge_used.map.True: YAML reads")
    assert 'expected the code in quotes, e.g. "Ja"' in message


def test_code_listed_twice_in_a_map_regardless_of_case(tmp_path: Path) -> None:
    text = (
        BASE
        + "  resolution:\n    column: Utfall\n    map:\n      Løst: resolved\n      LØST: resolved\n"
    )
    path, message = mapping_error(tmp_path, text)
    assert message.startswith(
        f"{path} line 12, key columns.resolution.map.LØST: 'LØST' is listed twice"
    )


def test_map_on_a_column_without_a_fixed_set_of_values(tmp_path: Path) -> None:
    path, message = mapping_error(
        tmp_path, BASE.replace("{column: Kø}", "{column: Kø, map: {a: b}}")
    )
    assert message == (
        f"{path} line 4, key columns.queue.map: value maps are for channel, resolution, "
        "knowledge_used; expected queue without map"
    )


def test_timestamp_format_with_no_date_part(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("%d.%m.%Y %H:%M:%S", "%H:%M:%S"))
    assert message.startswith(
        f"{path} line 2, key times.format: '%H:%M:%S' has no date part (day, month and year)"
    )


def test_timestamp_format_without_year_in_a_list(tmp_path: Path) -> None:
    text = BASE.replace('"%d.%m.%Y %H:%M:%S"', '\n    - "%d.%m.%Y %H:%M:%S"\n    - "%d.%m %H:%M"')
    path, message = mapping_error(tmp_path, text)
    assert message.startswith(f"{path} line 4, key times.format.1: '%d.%m %H:%M' has no year")


def test_timestamp_format_without_time_of_day(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("%d.%m.%Y %H:%M:%S", "%d.%m.%Y"))
    assert message.startswith(f"{path} line 2, key times.format: '%d.%m.%Y' does not give the time")


def test_timestamp_format_that_cannot_be_read(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %Q"))
    assert message.startswith(f"{path} line 2, key times.format: '%d.%m.%Y %Q' cannot read back")


def test_timestamp_format_of_seconds_since_1970_is_refused(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("%d.%m.%Y %H:%M:%S", "%s"))
    assert message.startswith(f"{path} line 2, key times.format: '%s' reads seconds since 1970")


def test_twelve_hour_clock_without_am_pm_is_refused(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("%H:%M:%S", "%I:%M:%S"))
    assert message.startswith(
        f"{path} line 2, key times.format: '%d.%m.%Y %I:%M:%S' cannot read back the times it "
        "writes (2026-03-02 14:05:09 is written '02.03.2026 02:05:09')"
    )


def test_timestamp_format_missing(tmp_path: Path) -> None:
    path, message = mapping_error(
        tmp_path, BASE.replace('  format: "%d.%m.%Y %H:%M:%S"\n', "  zone: UTC\n")
    )
    assert message.startswith(f"{path} line 1, key times.format: is required but missing")


def test_unknown_time_zone(tmp_path: Path) -> None:
    path, message = mapping_error(
        tmp_path, BASE.replace("times:\n", "times:\n  zone: Europe/Olso\n")
    )
    assert message == (
        f"{path} line 2, key times.zone: 'Europe/Olso' is not a time zone; expected an IANA "
        "zone name such as Europe/Oslo or UTC"
    )


def test_unknown_encoding(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, "csv:\n  encoding: utf-9\n" + BASE)
    assert message == (
        f"{path} line 2, key csv.encoding: 'utf-9' is not an encoding Linja knows; expected "
        "one of utf-8, utf-8-sig, cp1252 (Windows 'ANSI', also called windows-1252) or latin-1"
    )


def test_encoding_that_cannot_hold_norwegian_letters(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, "csv:\n  encoding: ascii\n" + BASE)
    assert message.startswith(
        f"{path} line 2, key csv.encoding: 'ascii' cannot read Norwegian text"
    )


def test_delimiter_of_more_than_one_character(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, 'csv:\n  delimiter: ";;"\n' + BASE)
    assert message.startswith(f"{path} line 2, key csv.delimiter: ';;' is not a delimiter")


def test_unknown_key_in_csv_section(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, "csv:\n  separator: ';'\n" + BASE)
    assert message == (
        f"{path} line 2, key csv.separator: unknown key; expected one of delimiter, encoding, "
        "header, columns, skip_lines"
    )


def test_header_false_needs_the_field_names(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, "csv:\n  header: false\n" + BASE)
    assert message.startswith(f"{path} line 2, key csv.header: is false, so the mapping must name")


def test_field_name_listed_twice(tmp_path: Path) -> None:
    text = "csv:\n  header: false\n  columns: [Kø, Ankomst, Svar, kø]\n" + BASE
    path, message = mapping_error(tmp_path, text)
    assert message.startswith(f"{path} line 3, key csv.columns.3: 'kø' is listed twice")


def test_column_not_among_the_field_names(tmp_path: Path) -> None:
    text = "csv:\n  header: false\n  columns: [Kø, Ankomst]\n" + BASE
    path, message = mapping_error(tmp_path, text)
    assert message == (
        f"{path} line 10, key columns.answered_at.column: 'Svar' is not in csv.columns; "
        "expected one of Kø, Ankomst"
    )


def test_field_names_with_a_header_line_are_refused(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, "csv:\n  columns: [a]\n" + BASE)
    assert message.startswith(f"{path} line 2, key csv.columns: names the fields of an export")


def test_plain_text_instead_of_column_or_value(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("{column: Kø}", "Kø"))
    assert message == (
        f"{path} line 4, key columns.queue: expected {{column: 'Kø'}} to read the export's "
        "column Kø, or {value: 'Kø'} for the same value on every record"
    )


def test_both_column_and_value(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("{column: Kø}", "{column: Kø, value: X}"))
    assert (
        message
        == f"{path} line 4, key columns.queue: has both column and value; expected one of them"
    )


def test_neither_column_nor_value(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("{column: Kø}", "{}"))
    assert message == (
        f"{path} line 4, key columns.queue: does not say where queue comes from; expected "
        "{column: NAME} or {value: TEXT}"
    )


@pytest.mark.parametrize(
    ("column", "reason"),
    [
        ("contact_id", "each contact needs its own id"),
        ("caller", "callers come from the export's phone-number column"),
        ("ended_at", "each contact has its own time"),
    ],
)
def test_constant_refused_where_each_record_needs_its_own_value(
    tmp_path: Path, column: str, reason: str
) -> None:
    path, message = mapping_error(tmp_path, BASE + f"  {column}: {{value: x}}\n")
    assert message.startswith(
        f"{path} line 8, key columns.{column}.value: cannot be a constant: {reason}"
    )


def test_required_column_missing_from_the_mapping(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("  queue: {column: Kø}\n", ""))
    assert message.startswith(f"{path} line 3, key columns.queue: is required but missing")


def test_caller_column_cannot_feed_another_column(tmp_path: Path) -> None:
    text = BASE + "  caller: {column: Telefon}\n  agent: {column: telefon}\n"
    path, message = mapping_error(tmp_path, text)
    assert message.startswith(
        f"{path} line 9, key columns.agent.column: 'telefon' holds the callers' phone numbers"
    )


DURATIONS = """\
durations:
  outcome: {column: Resultat, answered: [Besvart], abandoned: [Tapt]}
  queue_seconds: {column: Køtid}
"""


def test_durations_together_with_answered_at_column(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE + DURATIONS)
    assert message.startswith(
        f"{path} line 8, key durations: cannot be used together with columns.answered_at"
    )


def test_neither_answered_at_nor_durations(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE.replace("  answered_at: {column: Svar}\n", ""))
    assert message.startswith(
        f"{path} line 3, key columns: has no answered_at, and there is no durations"
    )


def test_outcome_code_both_answered_and_abandoned(tmp_path: Path) -> None:
    text = BASE.replace("  answered_at: {column: Svar}\n", "") + DURATIONS.replace(
        "abandoned: [Tapt]", "abandoned: [Tapt, besvart]"
    )
    path, message = mapping_error(tmp_path, text)
    assert message.startswith(
        f"{path} line 8, key durations.outcome.abandoned.1: 'besvart' is already listed under answered"
    )


def test_outcome_without_abandoned_codes(tmp_path: Path) -> None:
    text = BASE.replace("  answered_at: {column: Svar}\n", "") + DURATIONS.replace(
        ", abandoned: [Tapt]", ""
    )
    path, message = mapping_error(tmp_path, text)
    assert message == f"{path} line 8, key durations.outcome.abandoned: is required but missing"


def test_duration_column_given_as_plain_text(tmp_path: Path) -> None:
    text = BASE.replace("  answered_at: {column: Svar}\n", "") + DURATIONS.replace(
        "{column: Køtid}", "Køtid"
    )
    path, message = mapping_error(tmp_path, text)
    assert message == (
        f"{path} line 9, key durations.queue_seconds: expected {{column: 'Køtid'}}, the "
        "export's column"
    )


def test_mapping_file_that_is_missing_or_not_yaml(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(LinjaError, match=f"^{re.escape(str(missing))}: no such file$"):
        load_mapping(missing)
    path, message = mapping_error(tmp_path, BASE + "  agent: {column: [\n")
    assert message.startswith(f"{path} line 9, column 1: not valid YAML")


def test_reader_for_names_the_mapping_file_in_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "vendor.yaml"
    path.write_text(BASE.replace("%d.%m.%Y %H:%M:%S", "%H:%M"), encoding="utf-8")
    with pytest.raises(LinjaError, match=f"^{re.escape(str(path))} line 2, key times.format:"):
        reader_for(f"mapping:{path}")


# --------------------------------------------------------------------------- the command line


def run_cli(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cwd: Path
) -> tuple[str, str]:
    from linja.cli import main

    monkeypatch.setenv("LINJA_CALLER_KEY", "x" * 32)
    monkeypatch.delenv("LINJA_CONFIG", raising=False)
    monkeypatch.chdir(cwd)  # no linja.yaml: default targets, every queue its own unit
    try:
        main(args)
    except SystemExit as exc:  # the command line may exit with status 0 when done
        if exc.code not in (0, None):
            raise
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_cli_kpi_on_the_example_export_gives_indicators_worked_out_by_hand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = run_cli(
        ["kpi", str(EXAMPLE_EXPORT), "--format", f"mapping:{EXAMPLE_MAPPING}", "--json"],
        capsys,
        monkeypatch,
        tmp_path,
    )
    rows = {row["unit"]: row for row in json.loads(out)}
    # Brukerstøtte: lines 2 3 4 5 8 9 10 11 12 14; answered waits 25 75 10 30 20 60 45,
    # abandoned 4 11 14. Within 60 s: all answered but 75 -> 6. Handle = talk + wrap-up:
    # 210 240 135 110 60 110 220 = 1085 over 7. Repeats within 24 h at the same unit:
    # line 2 (5), 5 (8, 23 h 44 min later), 9 (11), 12 (14): 4 of 10 callers.
    assert rows["Brukerstøtte"] == {
        "unit": "Brukerstøtte",
        "offered": 10,
        "answered": 7,
        "abandoned": 3,
        "answer_rate": 0.7,
        "service_level": 0.6,
        "asa_seconds": pytest.approx(265 / 7),
        "abandon_rate": 0.3,
        "aht_seconds": 155.0,
        "no_repeat_24h_rate": 0.6,
        "resolution_rate": None,
        "knowledge_use_rate": None,
    }
    # Klinisk støtte: lines 6 7 13 15; answered waits 55,5 1200 45; line 7 abandoned with a
    # hidden number (no caller). Handle 360 300 180 = 840 over 3. No repeats among 3 callers.
    assert rows["Klinisk støtte"] == {
        "unit": "Klinisk støtte",
        "offered": 4,
        "answered": 3,
        "abandoned": 1,
        "answer_rate": 0.75,
        "service_level": 0.5,
        "asa_seconds": pytest.approx(1300.5 / 3),
        "abandon_rate": 0.25,
        "aht_seconds": 280.0,
        "no_repeat_24h_rate": 1.0,
        "resolution_rate": None,
        "knowledge_use_rate": None,
    }
    assert set(rows) == {"Brukerstøtte", "Klinisk støtte"}


def test_cli_kpi_reports_a_row_problem_in_one_line_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    export = example_variant(tmp_path, (";Tapt;120;", ";Overført;120;"))
    args = ["kpi", str(export), "--format", f"mapping:{EXAMPLE_MAPPING}", "--json"]
    with pytest.raises(SystemExit) as caught:
        run_cli(args, capsys, monkeypatch, tmp_path)
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{export} line 7, column Resultat: 'Overført' is not a code" in err
    assert "--skip-bad-rows computes on the other records" in err

    out, err = run_cli([*args, "--skip-bad-rows", "--by", "total"], capsys, monkeypatch, tmp_path)
    (total,) = json.loads(out)
    assert (total["offered"], total["answered"]) == (13, 10)
    assert "skipped 1 of 14 records" in err


def test_cli_kpi_reports_a_mapping_error_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "vendor.yaml"
    path.write_text(BASE + "  kø: {column: Kø}\n", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        run_cli(
            ["kpi", str(EXAMPLE_EXPORT), "--format", f"mapping:{path}"],
            capsys,
            monkeypatch,
            tmp_path,
        )
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert f"{path} line 8, key columns.kø: unknown key" in err
    assert "Traceback" not in err


def test_code_mapped_to_nothing_gives_no_value(tmp_path: Path) -> None:
    mapping = mapping_variant(tmp_path, ABSOLUTE_MAPPING, ('"Venter": pending}', '"Venter": ~}'))
    assert [r["resolution"] for r in records(mapping, ABSOLUTE_EXPORT)] == [
        "resolved",
        None,
        None,
        "unresolved",
    ]


def test_unmapped_channel_code_names_the_codes_known(tmp_path: Path) -> None:
    export = tmp_path / "absolute.csv"
    export.write_text(
        ABSOLUTE_EXPORT.read_text(encoding="utf-8").replace("A-2,Chat,", "A-2,Faks,"),
        encoding="utf-8",
    )
    assert problems_of(ABSOLUTE_MAPPING, export) == [
        f"{export} line 5, column Kanal (channel): 'Faks' is not a code mapping "
        f"{ABSOLUTE_MAPPING} knows (columns.channel.map); expected one of Telefon, Chat"
    ]


# --------------------------------------------------------------------------- limits and locations


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("1e300", "is more than a week"),
        ("99999999999999", "is more than a week"),
        ("1e12", "is more than a week"),
        ("604800,5", "is more than a week"),
        ("168:00:01", "is more than a week"),
        ("inf", "is not a number of seconds"),
        ("-inf", "is not a number of seconds"),
        ("nan", "is not a number of seconds"),
        ("Infinity", "is not a number of seconds"),
        ("-1", "is below zero"),
    ],
)
def test_queue_time_outside_zero_to_a_week_is_a_problem_of_its_record(
    tmp_path: Path, value: str, what: str
) -> None:
    export = example_variant(tmp_path, (";Besvart;25;180;30;", f";Besvart;{value};180;30;"))
    source = load_mapping(EXAMPLE_MAPPING).read(export, SETTINGS)
    assert [str(p) for p in source.problems] == [
        f"{export} line 2, column Køtid (s): '{value}' {what}; {EXPECTED_SECONDS}"
    ]
    with pytest.raises(RecordError) as caught:
        load([source])
    assert caught.value.skippable
    kept = load([source], skip_bad_rows=True)
    assert (kept.rejected_rows, kept.frame.height) == (1, 13)
    assert 2 not in {int(cid.rsplit("-", 1)[1]) for cid in kept.frame["contact_id"]}


def test_talk_and_wrap_up_times_longer_than_a_week_are_problems(tmp_path: Path) -> None:
    export = example_variant(
        tmp_path,
        (";Besvart;75;240;0;", ";Besvart;75;604801;0;"),  # line 3: talk time
        (";Besvart;10;120;15;", ";Besvart;10;120;1e300;"),  # line 5: wrap-up
        (";Tapt;40;;;", ";Tapt;40;99999999999999;;"),  # line 4: talk time of a lost call
    )
    assert problems_of(EXAMPLE_MAPPING, export) == [
        f"{export} line 3, column Samtaletid (s): '604801' is more than a week; {EXPECTED_SECONDS}",
        f"{export} line 4, column Samtaletid (s): '99999999999999' is more than a week; "
        f"{EXPECTED_SECONDS}",
        f"{export} line 5, column Etterarbeid (s) (wrapup_seconds): '1e300' is more than a "
        f"week; {EXPECTED_SECONDS}",
    ]


def test_durations_of_exactly_zero_and_a_week_are_accepted(tmp_path: Path) -> None:
    export = example_variant(
        tmp_path,
        (";Besvart;25;180;30;", ";Besvart;0;604800;0;"),
        (";Besvart;75;240;0;", ";Besvart;0:00:00;168:00:00;0;"),
    )
    first, second = records(EXAMPLE_MAPPING, export)[:2]
    assert (first["answered_at"], first["ended_at"]) == (
        utc("2026-03-02 07:00:05"),
        utc("2026-03-09 07:00:05"),
    )
    assert (second["answered_at"], second["ended_at"]) == (
        utc("2026-03-02 07:02:40"),
        utc("2026-03-09 07:02:40"),
    )


def test_cli_kpi_with_a_huge_queue_time_names_it_and_skips_it_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    export = example_variant(tmp_path, (";Besvart;25;180;30;", ";Besvart;1e300;180;30;"))
    args = ["kpi", str(export), "--format", f"mapping:{EXAMPLE_MAPPING}", "--json"]
    with pytest.raises(SystemExit) as caught:
        run_cli(args, capsys, monkeypatch, tmp_path)
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert f"{export} line 2, column Køtid (s): '1e300' is more than a week" in err
    out, err = run_cli([*args, "--skip-bad-rows", "--by", "total"], capsys, monkeypatch, tmp_path)
    (total,) = json.loads(out)
    assert (total["offered"], total["answered"]) == (13, 9)
    assert "skipped 1 of 14 records" in err


def test_constant_wrap_up_time_longer_than_a_week_is_refused(tmp_path: Path) -> None:
    path, message = mapping_error(tmp_path, BASE + "  wrapup_seconds: {value: 1e12}\n")
    assert message == (
        f"{path} line 8, key columns.wrapup_seconds.value: '1e12' is not a number of seconds; "
        "expected a number of seconds between 0 and 604800 (a week), e.g. 30"
    )


def test_generated_ids_of_files_with_the_same_name_in_different_folders_differ(
    tmp_path: Path,
) -> None:
    (tmp_path / "jan").mkdir()
    (tmp_path / "feb").mkdir()
    jan = example_variant(tmp_path / "jan")
    feb = example_variant(tmp_path / "feb")
    mapping = load_mapping(EXAMPLE_MAPPING)
    result = load([mapping.read(jan, SETTINGS), mapping.read(feb, SETTINGS)])
    assert result.frame.height == 28
    ids = result.frame["contact_id"].to_list()
    assert len(set(ids)) == 28
    assert ids == [f"{id_prefix(p)}-{line}" for p in (jan, feb) for line in EXAMPLE]
    assert id_prefix(jan) != id_prefix(feb)
    assert all(re.fullmatch(r"export-[0-9a-f]{8}-\d+", i) for i in ids)


def test_generated_ids_are_stable_for_the_same_file_however_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = example_variant(tmp_path)
    mapping = load_mapping(EXAMPLE_MAPPING)
    first = mapping.read(export, SETTINGS).frame["contact_id"].to_list()
    monkeypatch.chdir(tmp_path)
    again = mapping.read(Path("export.csv"), SETTINGS).frame["contact_id"].to_list()
    assert first == again
    (tmp_path / "sub").mkdir()
    dotted = mapping.read(tmp_path / "sub" / ".." / "export.csv", SETTINGS)
    assert dotted.frame["contact_id"].to_list() == first


def test_encoding_error_after_a_quoted_delimiter_names_the_right_column(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    text = EXAMPLE_EXPORT.read_text(encoding="utf-8").replace(
        "02.03.2026 08:02:40;Brukerstøtte;400 00 002;Besvart;75;240;0;agent-02",
        '02.03.2026 08:02:40;"Helse; Vest";400 00 002;Besvart;75;240;0;agent-\xf802',
    )
    export.write_bytes(text.encode("utf-8").replace(b"agent-\xc3\xb802", b"agent-\xf802"))
    message = file_error(EXAMPLE_MAPPING, export)
    assert message.startswith(f"{export} line 3, column Agent: byte 0xf8 is not utf-8 text")


def test_encoding_error_inside_a_quoted_field_with_delimiters_names_its_column(
    tmp_path: Path,
) -> None:
    export = tmp_path / "export.csv"
    text = EXAMPLE_EXPORT.read_text(encoding="utf-8").replace(
        "02.03.2026 08:02:40;Brukerstøtte;", '02.03.2026 08:02:40;"Helse; Vest; Brukerstøtte";'
    )
    export.write_bytes(
        text.encode("utf-8").replace(b"Vest; Brukerst\xc3\xb8tte", b"Vest; Brukerst\xf8tte")
    )
    message = file_error(EXAMPLE_MAPPING, export)
    assert message.startswith(f"{export} line 3, column Kø: byte 0xf8 is not utf-8 text")


def test_encoding_error_after_a_quoted_line_break_names_the_right_column(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    header = "Ankomst;Kø;Innringer;Resultat;Køtid (s);Samtaletid (s);Etterarbeid (s);Agent\n"
    # the Kø field holds a delimiter and a line break; Ø in cp1252 (0xd8) on line 3
    record = (
        b'02.03.2026 08:00:05;"Bruker;\nst\xc3\xb8tte";400 00 001;Besvart;25;180;30;agent-\xd81\n'
    )
    export.write_bytes(header.encode() + record)
    message = file_error(EXAMPLE_MAPPING, export)
    assert message.startswith(f"{export} line 3, column Agent: byte 0xd8 is not utf-8 text")


def test_encoding_error_after_a_quoted_comma_below_title_lines_names_the_right_column(
    tmp_path: Path,
) -> None:
    export = tmp_path / "absolute.csv"
    text = ABSOLUTE_EXPORT.read_text(encoding="utf-8").replace(
        "A-4,Telefon,Hud,", 'A-4,Telefon,"Hud, Voss",'
    )
    export.write_bytes(text.encode().replace("Ikke løst".encode(), b"Ikke l\xf8st"))
    message = file_error(ABSOLUTE_MAPPING, export)
    # lines 1-2 titles, 3 header, 4 A-1, 5-6 A-2, 7 A-3, 8 A-4
    assert message.startswith(f"{export} line 8, column Utfall: byte 0xf8 is not utf-8 text")
