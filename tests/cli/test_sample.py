"""``linja sample``: writes synthetic records that ``linja kpi`` reads; bad options in one line."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from tests.support import run

from linja.engine.records import SCHEMA, read_records

# Two weeks across the change to summer time (28 March 2021): quick, and still every unit.
SHORT = ["--start", "2021-03-22", "--days", "14"]


def test_writes_parquet_that_kpi_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "sample" / "helse-vest.parquet"
    code, out, err = run(["sample", "--out", str(path), *SHORT], capsys)
    assert code == 0, err
    assert out == ""
    frame = pl.read_parquet(path)
    assert dict(frame.schema) == SCHEMA
    assert f"wrote {frame.height:,} synthetic contact records of 5 units" in err
    assert "2021-03-22 – 2021-04-04, seed 2021" in err
    assert str(path) in err

    code, out, err = run(["kpi", str(path), "--json"], capsys)
    assert code == 0, err
    rows = json.loads(out)
    assert sorted(r["unit"] for r in rows) == [
        "Haraldsplass",
        "Helse Bergen",
        "Helse Fonna",
        "Helse Førde",
        "Helse Stavanger",
    ]
    assert sum(r["offered"] for r in rows) == frame.height


def test_csv_holds_the_same_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parquet, csv = tmp_path / "s.parquet", tmp_path / "s.csv"
    assert run(["sample", "--out", str(parquet), *SHORT, "--seed", "5"], capsys)[0] == 0
    assert run(["sample", "--out", str(csv), *SHORT, "--seed", "5"], capsys)[0] == 0
    assert csv.read_text(encoding="utf-8").startswith("contact_id,unit,queue,channel,caller,")
    from_csv = read_records([csv]).frame
    from_parquet = read_records([parquet]).frame
    assert from_csv.equals(from_parquet)


def test_records_and_scale_set_the_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.parquet"
    assert run(["sample", "--out", str(path), *SHORT, "--records", "3000"], capsys)[0] == 0
    assert pl.read_parquet(path).height == pytest.approx(3000, rel=0.06)
    assert run(["sample", "--out", str(path), *SHORT, "--scale", "0.1"], capsys)[0] == 0
    small = pl.read_parquet(path).height
    assert run(["sample", "--out", str(path), *SHORT], capsys)[0] == 0
    assert small / pl.read_parquet(path).height == pytest.approx(0.1, rel=0.15)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--days", "-3"], "--days: -3 is not a number of days"),
        (["--days", "0"], "--days: 0 is not a number of days"),
        (["--start", "2021-02-30"], "--start: '2021-02-30' is not a date; expected YYYY-MM-DD"),
        (["--start", "next monday"], "--start: 'next monday' is not a date"),
        (["--seed", "-1"], "--seed: -1 is negative"),
        (["--scale", "0"], "--scale: 0.0 is not a volume factor"),
        (["--scale", "-2"], "--scale: -2.0 is not a volume factor"),
        (["--records", "0"], "--records: 0 is not a number of records"),
        (["--scale", "2", "--records", "100"], "--scale and --records: give one of them"),
    ],
)
def test_bad_options_are_one_line(
    options: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.parquet"
    code, out, err = run(["sample", "--out", str(path), *options], capsys)
    assert code == 1
    assert out == ""
    assert err.startswith(f"error: {message}")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not path.exists()


def test_unwritable_out_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run(["sample", "--out", str(blocker / "s.parquet"), *SHORT], capsys)
    assert code == 1
    assert err.startswith("error: --out: cannot write")
    assert err.count("\n") == 1
    code, _, err = run(["sample", "--out", str(tmp_path), *SHORT], capsys)
    assert code == 1
    assert err.startswith(f"error: --out: {tmp_path} is a directory")


def test_out_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["sample"], capsys)
    assert code == 2
    assert "--out" in err
