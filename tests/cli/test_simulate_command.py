"""``linja simulate``: JSON shape, records for ``linja kpi``, comparison and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.support import run

ONE_QUEUE = """\
name: one-queue
start: 2026-03-02T08:00:00+01:00
hours: {hours}
queues:
  - id: phone
    unit: Poliklinikk
    sl_seconds: 20
    arrivals_per_hour: 360
    handle_seconds: {{distribution: exponential, mean: 180}}
{patience}agents:
  - group: team
    count: {agents}
    skills: [phone]
"""
PATIENCE = "    patience_seconds: {distribution: exponential, mean: 120}\n"
INDICATOR_FIELDS = {
    "offered", "answered", "abandoned", "answer_rate", "service_level", "asa_seconds",
    "abandon_rate", "aht_seconds", "no_repeat_24h_rate", "resolution_rate",
    "knowledge_use_rate",
}  # fmt: skip


def scenario(tmp_path: Path, name: str = "s.yaml", hours: float = 5, agents: int = 20,
             patience: bool = True) -> Path:  # fmt: skip
    path = tmp_path / name
    text = ONE_QUEUE.format(hours=hours, agents=agents, patience=PATIENCE if patience else "")
    path.write_text(text.replace("name: one-queue", f"name: {path.stem}"))
    return path


def test_json_has_rows_with_kpi_fields_and_meta_with_intervals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["simulate", str(scenario(tmp_path)), "--replications", "3",
                        "--seed", "7", "--json"], capsys)  # fmt: skip
    assert code == 0
    body = json.loads(out)
    (row,) = body["rows"]
    assert row["queue"] == "phone" and row["unit"] == "Poliklinikk"
    assert set(row) >= INDICATOR_FIELDS
    assert row["offered"] == row["answered"] + row["abandoned"]
    # 5 h at 360/h, three replications: about 5,400 contacts (Poisson, ±3 sd = ±220)
    assert 5_180 <= row["offered"] <= 5_620
    assert row["service_level_ci"] > 0 and row["answer_rate_ci"] > 0
    meta = body["meta"]
    assert meta["replications"] == 3
    assert meta["contacts"] == row["offered"]  # no warm-up: every contact is a record
    assert meta["wall_seconds"] > 0 and meta["contacts_per_second"] > 0
    assert {"service_level_ci", "answer_rate_ci"} <= set(meta)


def test_same_seed_same_figures_other_seed_other_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(scenario(tmp_path))
    runs = []
    for seed in ("1", "1", "2"):
        code, out, _ = run(["simulate", path, "--seed", seed, "--json"], capsys)
        assert code == 0
        runs.append(json.loads(out)["rows"])
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_callers_without_patience_never_abandon(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = scenario(tmp_path, patience=False, agents=19)  # load 18 on 19 agents: long queues
    code, out, _ = run(["simulate", str(path), "--json"], capsys)
    assert code == 0
    (row,) = json.loads(out)["rows"]
    assert row["abandoned"] == 0 and row["answer_rate"] == 1.0
    assert row["asa_seconds"] > 20  # they did wait


def test_records_file_gives_the_same_indicators_in_linja_kpi(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "sim.parquet"
    code, out, _ = run(["simulate", str(scenario(tmp_path)), "-r", "2", "--records",
                        str(records), "--json"], capsys)  # fmt: skip
    assert code == 0
    (sim_row,) = json.loads(out)["rows"]
    code, out, _ = run(["kpi", str(records), "--by", "unit,queue", "--sl-seconds", "20",
                        "--json"], capsys)  # fmt: skip
    assert code == 0
    (kpi_row,) = json.loads(out)
    for field in INDICATOR_FIELDS:
        assert kpi_row[field] == pytest.approx(sim_row[field]), field


def test_compare_prints_the_alternatives_side_by_side(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thin = scenario(tmp_path, "thin.yaml", agents=18, hours=3)
    full = scenario(tmp_path, "full.yaml", agents=22, hours=3)
    code, out, _ = run(["simulate", "--compare", str(thin), str(full)], capsys)
    assert code == 0
    assert "thin" in out and "full" in out and "service level" in out
    code, out, _ = run(["simulate", "--compare", str(thin), str(full), "--json"], capsys)
    names = [s["meta"]["scenario"] for s in json.loads(out)["scenarios"]]
    assert names == ["thin", "full"]
    thin_sl, full_sl = (s["meta"]["overall"]["service_level"] for s in json.loads(out)["scenarios"])
    assert full_sl > thin_sl  # four more agents on the same traffic


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--replications", "0"], "--replications: 0 is out of range; expected 1 to 1000"),
        (["--workers", "0"], "--workers: 0 is out of range"),
        (["--seed", "-3"], "--seed: -3 is negative"),
    ],
)
def test_bad_options_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(["simulate", str(scenario(tmp_path)), *args], capsys)
    assert code == 1
    assert message in err
    assert "Traceback" not in err


def test_two_files_without_compare_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = scenario(tmp_path, "a.yaml"), scenario(tmp_path, "b.yaml")
    code, _, err = run(["simulate", str(a), str(b)], capsys)
    assert code == 1
    assert "expected one, or --compare" in err


def test_a_bad_scenario_file_names_line_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(scenario(tmp_path).read_text().replace("arrivals_per_hour: 360",
                                                           "arrivals_per_hour: -5"))  # fmt: skip
    code, _, err = run(["simulate", str(path)], capsys)
    assert code == 1
    assert "bad.yaml line 8" in err and "arrivals_per_hour" in err
    assert "Traceback" not in err


def test_missing_scenario_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["simulate", str(tmp_path / "nope.yaml")], capsys)
    assert code == 1
    assert "nope.yaml" in err


def test_records_into_a_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["simulate", str(scenario(tmp_path)), "--records", str(tmp_path)], capsys)
    assert code == 1
    assert "is a directory" in err
