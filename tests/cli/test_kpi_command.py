"""``linja kpi``: output formats, languages, and bad input answered without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from tests.support import run

FIELDS = [
    "offered",
    "answered",
    "abandoned",
    "answer_rate",
    "service_level",
    "asa_seconds",
    "abandon_rate",
    "aht_seconds",
    "no_repeat_24h_rate",
    "resolution_rate",
    "knowledge_use_rate",
]
HEADER = "contact_id,unit,queue,channel,caller,arrived_at,answered_at,ended_at"
# Bergen: 3 calls, answered after 10 s and 45 s, one lost; Førde: 1 call answered after 90 s.
ROWS = [
    "b1,Bergen,kir,phone,k1,2026-03-02T08:00:00+01:00,2026-03-02T08:00:10+01:00,2026-03-02T08:02:10+01:00",
    "b2,Bergen,kir,phone,k2,2026-03-02T09:00:00+01:00,2026-03-02T09:00:45+01:00,2026-03-02T09:04:45+01:00",
    "b3,Bergen,kir,phone,k1,2026-04-01T09:00:00+02:00,,2026-04-01T09:01:00+02:00",
    "f1,Førde,orto,phone,,2026-03-03T10:00:00+01:00,2026-03-03T10:01:30+01:00,2026-03-03T10:03:30+01:00",
]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "calls.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def test_json_has_group_keys_then_exactly_the_indicator_fields(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["kpi", str(log), "--json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert [list(r) for r in rows] == [["unit", *FIELDS]] * 2
    bergen, forde = rows
    assert bergen["unit"] == "Bergen"
    assert (bergen["offered"], bergen["answered"], bergen["abandoned"]) == (3, 2, 1)
    assert bergen["service_level"] == pytest.approx(2 / 3)  # 10 s and 45 s within 60 s
    assert bergen["asa_seconds"] == pytest.approx(27.5)
    assert bergen["aht_seconds"] == pytest.approx((120 + 240) / 2)
    assert bergen["resolution_rate"] is None  # not computable: no resolution recorded
    assert forde["no_repeat_24h_rate"] is None  # no caller key
    assert forde["service_level"] == 0.0


def test_json_groups_by_unit_and_month_with_period_labels(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["kpi", str(log), "--json", "--by", "unit,month"], capsys)
    rows = json.loads(out)
    assert [(r["unit"], r["month"], r["offered"]) for r in rows] == [
        ("Bergen", "2026-03", 2),
        ("Bergen", "2026-04", 1),
        ("Førde", "2026-03", 1),
        ("Førde", "2026-04", 0),
    ]
    assert list(rows[0]) == ["unit", "month", *FIELDS]


def test_sl_seconds_option_sets_t_for_every_queue(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["kpi", str(log), "--json", "--sl-seconds", "20"], capsys)
    assert json.loads(out)[0]["service_level"] == pytest.approx(1 / 3)  # only the 10 s wait


def test_from_and_to_cut_the_period(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        ["kpi", str(log), "--json", "--from", "2026-04-01", "--to", "2026-04-30"], capsys
    )
    assert [(r["unit"], r["offered"]) for r in json.loads(out)] == [("Bergen", 1)]


def test_terminal_table_has_the_seed_shape_and_marks_targets(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["kpi", str(log)], capsys)
    assert code == 0
    header = next(line for line in out.splitlines() if "Indikator" in line)
    assert header.index("Bergen") < header.index("Førde") < header.index("Mål")
    answer_rate = next(line for line in out.splitlines() if "Svarprosent" in line)
    # numbers keep their unit with a no-break space, as Norwegian typography wants
    assert "66,7\u00a0% ✗" in answer_rate
    assert "100,0\u00a0% ✓" in answer_rate
    assert "≥ 94,0\u00a0%" in answer_rate


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("nb", ["Ringer ikke tilbake", "Gjennomsnittlig ventetid", "66,7\u00a0%"], "Ringer ikkje"),
        ("nn", ["Ringer ikkje tilbake", "Gjennomsnittleg ventetid", "66,7\u00a0%"], "Ringer ikke"),
        ("en", ["No repeat call in 24 h", "Answer rate", "66.7\u00a0%"], "Svarprosent"),
    ],
)
def test_report_language_is_selectable(
    log: Path, capsys: pytest.CaptureFixture[str], lang: str, expected: list[str], absent: str
) -> None:
    _, out, _ = run(["kpi", str(log), "--lang", lang], capsys)
    for text in expected:
        assert text in out
    assert absent not in out


def test_csv_output_has_the_json_columns(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.csv"
    run(["kpi", str(log), "--by", "queue", "--csv", str(target)], capsys)
    table = pl.read_csv(target)
    assert table.columns == ["queue", *FIELDS]
    assert table["offered"].to_list() == [3, 1]


def test_reports_are_written_into_folders_that_do_not_exist_yet(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html, csv = tmp_path / "new" / "kpi.html", tmp_path / "other" / "kpi.csv"
    code, _, _ = run(["kpi", str(log), "--html", str(html), "--csv", str(csv)], capsys)
    assert code == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert pl.read_csv(csv)["offered"].to_list() == [3, 1]


def test_unwritable_report_is_explained(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(["kpi", str(log), "--csv", str(blocker / "kpi.csv")], capsys)
    assert code == 1
    assert err.startswith(f"error: --csv: cannot write {blocker / 'kpi.csv'}")


def test_bad_record_exits_non_zero_naming_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join([HEADER, ROWS[0], ROWS[1].replace("09:00:00+01:00", "09:00:00")]) + "\n"
    )
    code, out, err = run(["kpi", str(path), "--json"], capsys)
    assert code == 1
    assert out == ""
    assert err.startswith(
        f"error: {path} line 3, column arrived_at: '2026-03-02T09:00:00' has no UTC offset"
    )
    assert "--skip-bad-rows computes on the other records" in err
    assert "Traceback" not in err


def test_skip_bad_rows_reports_rejects_and_computes_on_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    bad = [ROWS[0].replace("b1", f"x{i}").replace("phone", "fax") for i in range(12)]
    path.write_text("\n".join([HEADER, *ROWS, *bad]) + "\n")
    rejects = tmp_path / "rejects.csv"
    code, out, err = run(
        ["kpi", str(path), "--json", "--skip-bad-rows", "--rejects", str(rejects)], capsys
    )
    assert code == 0
    assert sum(r["offered"] for r in json.loads(out)) == 4
    assert "warning: skipped 12 of 16 records with problems (12 problems):" in err
    assert f"{path} line 6, column channel: 'fax' is not a channel" in err
    assert "… and 2 more (--rejects FILE writes them all)" in err
    written = pl.read_csv(rejects)
    assert written["line"].to_list() == list(range(6, 18))
    assert set(written["column"]) == {"channel"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "colour"], "error: --by: 'colour' is not something to group by"),
        (["--lang", "sv"], "error: --lang: 'sv' is not a language; expected one of nb, nn, en"),
        (["--from", "1.3.2026"], "error: --from: '1.3.2026' is not a date; expected YYYY-MM-DD"),
        (
            ["--from", "2026-03-02", "--to", "2026-03-01"],
            "error: --to: 2026-03-01 is before --from 2026-03-02",
        ),
        (
            ["--format", "avaya"],
            "error: --format: 'avaya' is not a format; expected one of canonical, asterisk-queue-log, mapping:FILE",
        ),
        (["--rejects", "x.csv"], "error: --rejects: only used with --skip-bad-rows"),
        (["--sl-seconds", "inf"], "error: --sl-seconds: 'inf' is not a number of seconds"),
        (["--from", "0001-01-01"], "error: --from: 0001-01-01 is outside the years 1900 to 2199"),
    ],
)
def test_bad_options_are_explained(
    log: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(["kpi", str(log), *args], capsys)
    assert code == 1
    assert err.startswith(message)


def test_missing_file_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["kpi", str(tmp_path / "nope.csv")], capsys)
    assert (code, err.strip()) == (1, f"error: {tmp_path / 'nope.csv'}: no such file")


def test_config_file_sets_unit_targets_and_thresholds(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "linja.yaml"
    config.write_text("units:\n  Bergen:\n    sl_seconds: 30\n    targets: {service_level: 0.5}\n")
    _, out, _ = run(["kpi", str(log), "--json", "--config", str(config)], capsys)
    assert json.loads(out)[0]["service_level"] == pytest.approx(1 / 3)  # 45 s misses T = 30
    _, out, _ = run(["kpi", str(log), "--config", str(config)], capsys)
    assert "Bergen: mål servicegrad ≥ 50,0\u00a0%" in out


def test_bad_config_names_line_and_key(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "linja.yaml"
    config.write_text("units:\n  Bergen:\n    sl_seconds: thirty\n")
    code, _, err = run(["kpi", str(log), "--config", str(config)], capsys)
    assert code == 1
    assert err.startswith(
        f"error: {config} line 3, key units.Bergen.sl_seconds: Input should be a valid number"
    )


def test_unexpected_failure_is_one_line_not_a_traceback(
    log: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import linja.cli.kpi as command

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(command, "compute", broken)
    code, _, err = run(["kpi", str(log)], capsys)
    assert code == 70
    assert err.startswith("internal error: RuntimeError: boom")
    assert "Traceback" not in err


def test_installed_command_runs_as_a_module(log: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "linja", "kpi", str(log), "--by", "total", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["offered"] == 4


def test_targets_of_the_one_unit_apply_when_not_grouped_by_unit(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "linja.yaml"
    config.write_text("units:\n  Bergen:\n    targets: {service_level: 0.6}\n")
    for by in ("unit", "queue"):  # queue kir holds only Bergen's calls: 2 of 3 within 60 s
        _, out, _ = run(["kpi", str(log), "--by", by, "--config", str(config)], capsys)
        line = next(row for row in out.splitlines() if "Servicegrad" in row)
        assert "66,7\u00a0% ✓" in line, (by, line)


def test_a_fractional_threshold_is_labelled_as_given(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["kpi", str(log), "--sl-seconds", "20.5"], capsys)
    assert "Servicegrad (innen 20.5 s)" in out


def test_a_long_table_is_cut_on_screen_but_not_in_files(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["kpi", str(log), "--by", "unit,hour", "--from", "2026-03-01", "--to", "2026-03-31"]
    _, out, _ = run(args, capsys)
    assert (
        "… 986 more rows: --csv FILE, --json or --html give them all" in out
    )  # 2 units x 743 hours (31 days, less the hour skipped on 29 March) - 500 shown
    _, out, _ = run([*args, "--json"], capsys)
    assert len(json.loads(out)) == 2 * (31 * 24 - 1)


def test_unwritable_csv_says_why_not_none(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["kpi", str(log), "--csv", str(tmp_path)], capsys)
    assert code == 1
    assert err.startswith(f"error: --csv: cannot write {tmp_path}: ")
    assert "None" not in err


def test_infinite_threshold_in_the_config_is_refused(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "linja.yaml"
    config.write_text("sl_seconds: .inf\n")
    code, _, err = run(["kpi", str(log), "--config", str(config)], capsys)
    assert code == 1
    assert err.startswith(
        f"error: {config} line 1, key sl_seconds: Input should be a finite number"
    )
