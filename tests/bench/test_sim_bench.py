"""bench/sim runs, and Linja and the SimPy peer simulate the same system.

Both sides run the one-queue M/M/20+M example; with the same traffic they must agree
on the indicators within what two independent samples of this size can differ by.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "sim" / "run.py"


def test_small_benchmark_runs_and_both_simulate_the_same_queue() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--calls", "40000", "--repeat", "1", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    linja, simpy = result["linja"], result["simpy"]
    # 40,000 calls at 360/h: Poisson count of 111 h, sd 200
    assert abs(linja["contacts"] - 40_000) < 1_000
    assert simpy["contacts"] == 40_000
    # Erlang A gives abandon 0.0571 and SL(20 s) 0.827; two runs of 40,000 calls differ
    # by a few points at most (waits are correlated over minutes, not over the whole run)
    assert abs(linja["abandon_rate"] - simpy["abandon_rate"]) < 0.02
    assert abs(linja["service_level"] - simpy["service_level"]) < 0.05
    # the ratio of the unrounded rates, the rates printed rounded to whole contacts: they
    # agree to the ratio's last digit
    shown = result["linja_contacts_per_second"] / result["simpy_contacts_per_second"]
    assert abs(result["ratio"] - shown) <= 0.011
    names = {p["scenario"] for p in result["polyclinics"]}
    assert {"polyclinics-alone", "polyclinics-clinic-centre", "polyclinics-covering"} <= names
    assert all(p["contacts_per_second"] > 0 for p in result["polyclinics"])
