"""``linja staff``: agents for a target, or what K agents give; bad options in one line."""

from __future__ import annotations

import json
import math
from decimal import Decimal, localcontext
from typing import Any

import pytest
from tests.support import run

CLASSIC = ["--calls", "100", "--interval-minutes", "30", "--aht", "180", "--sl-seconds", "20"]


def staff_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(["staff", *args, "--json"], capsys)
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def erlang_c_decimal(n: int, load: Decimal, t: Decimal, aht: Decimal) -> tuple[float, float]:
    """Service level and mean wait from A^k/k! summed term by term in 40-digit decimals."""
    with localcontext() as ctx:
        ctx.prec = 40
        term = total = Decimal(1)
        for k in range(1, n + 1):
            term = term * load / k
            total += term
        b = term / total
        c = n * b / (n - load * (1 - b))
        return float(1 - c * (-(n - load) * t / aht).exp()), float(c * aht / (n - load))


def test_the_classic_worked_example(capsys: pytest.CaptureFixture[str]) -> None:
    # 100 calls in 30 min, AHT 180 s, 80 % within 20 s: 14 agents, SL 88.8 %, wait 7.8 s
    got = staff_json([*CLASSIC, "--target", "0.8"], capsys)
    assert list(got)[:6] == [
        "agents",
        "service_level",
        "asa_seconds",
        "occupancy",
        "wait_probability",
        "abandon_rate",
    ]
    assert got["agents"] == 14
    assert round(got["service_level"], 3) == 0.888
    assert got["asa_seconds"] == pytest.approx(7.8, abs=0.05)
    assert got["occupancy"] == pytest.approx(10 / 14)
    assert round(got["wait_probability"], 3) == 0.174
    assert got["abandon_rate"] == 0.0
    assert got["offered_load"] == pytest.approx(10.0)
    assert got["model"] == "erlang-c"
    assert got["variant"] == "answered"
    assert got["agents_with_shrinkage"] == 14
    sl, asa = erlang_c_decimal(14, Decimal(10), Decimal(20), Decimal(180))
    assert got["service_level"] == pytest.approx(sl, rel=1e-12)
    assert got["asa_seconds"] == pytest.approx(asa, rel=1e-12)


def test_the_table_shows_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["staff", *CLASSIC, "--target", "0.8", "--shrinkage", "0.3"], capsys)
    assert code == 0, err
    assert err == ""
    assert "Erlang C" in out
    assert "offered load 10.00 Erlang" in out
    lines = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in out.splitlines() if line.count("│") == 3}  # fmt: skip
    assert lines == {
        "Agents needed (80 % within 20 s)": "14",
        "Agents to roster (30 % shrinkage)": "20",  # 14 / 0.7 = 20, not 21 by rounding
        "Service level (answered within 20 s)": "88.8 %",
        "Mean wait of answered calls (ASA)": "7.8 s",
        "Occupancy": "71.4 %",
        "Calls that wait": "17.4 %",
        "Calls abandoned": "0.0 %",
    }


def test_evaluating_agents_agrees_with_finding_them(capsys: pytest.CaptureFixture[str]) -> None:
    found = staff_json([*CLASSIC, "--target", "0.8"], capsys)
    given = staff_json([*CLASSIC, "--agents", "14"], capsys)
    for name in ("service_level", "asa_seconds", "occupancy", "wait_probability"):
        assert given[name] == found[name]
    assert given["target"] is None
    fewer = staff_json([*CLASSIC, "--agents", "13"], capsys)
    assert fewer["service_level"] < 0.8


def test_twenty_thousand_agents(capsys: pytest.CaptureFixture[str]) -> None:
    # 19,990 Erlang: 199,900 calls per half hour at 180 s
    args = ["--calls", "199900", "--interval-minutes", "30", "--aht", "180", "--sl-seconds", "20"]
    got = staff_json([*args, "--target", "0.8"], capsys)
    n = got["agents"]
    load = Decimal(199900 / 1800 * 180)
    sl, asa = erlang_c_decimal(n, load, Decimal(20), Decimal(180))
    assert got["service_level"] == pytest.approx(sl, rel=1e-10) and sl >= 0.8
    assert got["asa_seconds"] == pytest.approx(asa, rel=1e-10)
    assert erlang_c_decimal(n - 1, load, Decimal(20), Decimal(180))[0] < 0.8
    evaluated = staff_json([*args, "--agents", "20000"], capsys)
    assert evaluated["service_level"] == pytest.approx(
        erlang_c_decimal(20000, load, Decimal(20), Decimal(180))[0], rel=1e-10
    )


def test_max_occupancy_and_shrinkage(capsys: pytest.CaptureFixture[str]) -> None:
    got = staff_json([*CLASSIC, "--target", "0.8", "--max-occupancy", "0.7", "--shrinkage", "0.25"], capsys)  # fmt: skip
    assert got["agents"] == 15  # 10 Erlang / 0.7 = 14.3
    assert got["occupancy"] == pytest.approx(10 / 15)
    assert got["agents_with_shrinkage"] == 20  # 15 / 0.75 = 20 exactly
    assert got["max_occupancy"] == 0.7


def test_patience_gives_erlang_a(capsys: pytest.CaptureFixture[str]) -> None:
    palm = staff_json([*CLASSIC, "--agents", "14", "--patience", "120"], capsys)
    assert palm["model"] == "erlang-a"
    assert palm["patience_seconds"] == 120
    classic = staff_json([*CLASSIC, "--agents", "14"], capsys)
    # callers who hang up shorten the queue for the rest: less waiting, some abandoned
    assert 0 < palm["abandon_rate"] < 0.05
    assert palm["wait_probability"] < classic["wait_probability"]
    assert palm["asa_seconds"] < classic["asa_seconds"]
    assert palm["service_level"] <= 1 - palm["abandon_rate"]
    virtual = staff_json([*CLASSIC, "--agents", "14", "--patience", "120", "--sl-variant", "virtual"], capsys)  # fmt: skip
    assert virtual["variant"] == "virtual"
    assert virtual["service_level"] > palm["service_level"]
    needed = staff_json([*CLASSIC, "--target", "0.8", "--patience", "120"], capsys)
    assert needed["agents"] <= 14


def test_overloaded_agents_are_reported_not_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["staff", *CLASSIC, "--agents", "10", "--json"], capsys)
    assert code == 0
    got = json.loads(out)  # valid JSON: no Infinity
    assert got["service_level"] == 0.0
    assert got["asa_seconds"] is None
    assert got["wait_probability"] == 1.0
    assert got["occupancy"] == 1.0
    assert err.startswith("note: 10.00 Erlang offered to 10 agents: without abandonment")
    code, out, _ = run(["staff", *CLASSIC, "--agents", "10"], capsys)
    assert "∞ (the queue grows without limit)" in out
    with_patience = staff_json([*CLASSIC, "--agents", "8", "--patience", "60"], capsys)
    assert math.isfinite(with_patience["asa_seconds"])
    assert with_patience["abandon_rate"] > 0.1


def test_fewer_agents_than_the_load_is_pointed_out(capsys: pytest.CaptureFixture[str]) -> None:
    # 240 Erlang, patience 180 s: the answered target is met with fewer agents than the
    # load only because the excess callers hang up; `staff` says so
    args = ["--calls", "3600", "--interval-minutes", "60", "--aht", "240", "--sl-seconds", "60"]
    code, out, err = run(["staff", *args, "--target", "0.8", "--patience", "180", "--json"], capsys)
    assert code == 0
    got = json.loads(out)
    assert got["agents"] < 240
    assert got["service_level"] >= 0.8
    # the fluid limit: what the agents cannot carry hangs up, (240 - n) / 240 of the calls
    assert got["abandon_rate"] == pytest.approx((240 - got["agents"]) / 240, abs=0.01)
    assert err.startswith(f"note: {got['agents']} agents for 240.00 Erlang: ")
    assert "look at the abandon rate too" in err


def without(flag: str) -> list[str]:
    i = CLASSIC.index(flag)
    return CLASSIC[:i] + CLASSIC[i + 2 :]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*without("--calls"), "--calls", "-5", "--target", "0.8"], "--calls: -5 is not a number of calls; expected more than 0"),
        ([*without("--calls"), "--calls", "0", "--target", "0.8"], "--calls: 0 is not a number of calls"),
        ([*without("--calls"), "--calls", "many", "--target", "0.8"], "--calls: 'many' is not a number"),
        ([*without("--calls"), "--calls", "nan", "--target", "0.8"], "--calls: 'nan' is not a finite number"),
        ([*without("--calls"), "--target", "0.8"], "--calls: missing; expected the calls offered"),
        ([*without("--interval-minutes"), "--interval-minutes", "0", "--target", "0.8"], "--interval-minutes: 0 is not an interval; expected minutes above 0"),
        ([*without("--aht"), "--aht", "-180", "--target", "0.8"], "--aht: -180 is not a handle time"),
        ([*without("--sl-seconds"), "--sl-seconds", "-1", "--target", "0.8"], "--sl-seconds: -1 is negative"),
        ([*CLASSIC, "--target", "80"], "--target: 80 is outside (0, 1); expected a fraction such as 0.8"),
        ([*CLASSIC, "--target", "1"], "--target: 1 is outside (0, 1)"),
        ([*CLASSIC, "--target", "0"], "--target: 0 is outside (0, 1)"),
        ([*CLASSIC, "--target", "0.8", "--agents", "14"], "--target and --agents: both given; expected one of them"),
        (CLASSIC, "--target and --agents: neither given; expected one of them"),
        ([*CLASSIC, "--agents", "0"], "--agents: 0 is not a number of agents; expected a whole number of agents from 1"),
        ([*CLASSIC, "--agents", "2.5"], "--agents: '2.5' is not a whole number"),
        ([*CLASSIC, "--target", "0.8", "--shrinkage", "1"], "--shrinkage: 1 is outside [0, 1)"),
        ([*CLASSIC, "--target", "0.8", "--shrinkage", "-0.1"], "--shrinkage: -0.1 is outside [0, 1)"),
        ([*CLASSIC, "--target", "0.8", "--patience", "0"], "--patience: 0 is not a patience; expected seconds above 0"),
        ([*CLASSIC, "--target", "0.8", "--max-occupancy", "1.2"], "--max-occupancy: 1.2 is outside (0, 1]"),
        ([*CLASSIC, "--agents", "14", "--max-occupancy", "0.8"], "--max-occupancy: only used with --target"),
        ([*CLASSIC, "--target", "0.8", "--sl-variant", "abandoned"], "--sl-variant: 'abandoned' is not a variant; expected answered or virtual"),
        (["--calls", "1000000", "--interval-minutes", "30", "--aht", "180", "--sl-seconds", "20", "--target", "0.8"], "--target: 0.8 is not reached with 100,000 agents or fewer (offered load 100,000.0 Erlang)"),
        (["--calls", "1e9", "--interval-minutes", "30", "--aht", "180", "--sl-seconds", "20", "--agents", "5"], "--calls: 1e+09 calls in 30 min at 180 s are 100,000,000 Erlang; expected a load of at most 1,000,000"),
        ([*CLASSIC, "--agents", "100", "--patience", "1e12", "--calls", "1000000"], "--patience: Erlang A needs more than 20,000,000 queue terms"),
    ],
)  # fmt: skip
def test_bad_options_are_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["staff", *args], capsys)
    assert code == 1
    assert out == ""
    assert err.startswith(f"error: {message}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_help_names_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["staff", "--help"], capsys)
    assert code == 0
    for flag in (
        "--calls", "--interval-minutes", "--aht", "--sl-seconds", "--target", "--agents",
        "--patience", "--max-occupancy", "--shrinkage", "--sl-variant", "--json",
    ):  # fmt: skip
        assert flag in out
