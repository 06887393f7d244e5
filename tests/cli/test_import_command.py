"""``linja import``: foreign logs to canonical records that every other command reads."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from tests.support import run

from linja.engine.records import COLUMNS, read_records

QUEUE_LOG = Path(__file__).parents[1] / "importers" / "data" / "asterisk" / "every_event.log"
KEY = "import-test-caller-key-0123456789"


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
def test_imported_records_give_the_same_indicators_as_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setenv("LINJA_CALLER_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "converted" / f"calls.{suffix}"
    code, _, err = run(
        ["import", str(QUEUE_LOG), "--format", "asterisk-queue-log", "-o", str(out)], capsys
    )
    assert code == 0, err
    records = read_records([out]).frame
    assert records.columns == list(COLUMNS)
    assert f"wrote {records.height} records to {out}" in err
    assert "note:" in err  # what the log left out is said, not silently dropped
    _, from_log, _ = run(
        ["kpi", str(QUEUE_LOG), "--format", "asterisk-queue-log", "--json", "--by", "queue"], capsys
    )
    _, from_records, _ = run(["kpi", str(out), "--json", "--by", "queue"], capsys)
    assert json.loads(from_records) == json.loads(from_log)


def test_import_refuses_bad_records_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("contact_id,unit,queue,channel,arrived_at\nc1,U,q,fax,2026-03-02T08:00:00Z\n")
    out = tmp_path / "out.parquet"
    code, _, err = run(["import", str(bad), "-o", str(out)], capsys)
    assert code == 1
    assert err.startswith(f"error: {bad} line 2, column channel: 'fax' is not a channel")
    assert not out.exists()


def test_import_with_skip_bad_rows_keeps_the_good_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "contact_id,unit,queue,channel,arrived_at\nc1,U,q,fax,2026-03-02T08:00:00Z\nc2,U,q,chat,2026-03-02T08:00:00Z\n"
    )
    out = tmp_path / "out.csv"
    code, _, err = run(["import", str(bad), "-o", str(out), "--skip-bad-rows"], capsys)
    assert code == 0
    assert "skipped 1 of 2 records" in err
    assert pl.read_csv(out)["contact_id"].to_list() == ["c2"]
