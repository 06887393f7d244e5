"""bench/kpi runs, and its pandas peer agrees with Linja on every indicator.

The benchmark refuses to print figures when the two tables differ, so a small run is also
an independent cross-check of linja.engine.kpi against plain pandas.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "kpi" / "run.py"


def test_small_benchmark_runs_and_the_peers_agree() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--rows", "20000", "--repeat", "1", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # non-zero when Linja and pandas disagree
    result = json.loads(done.stdout)
    assert result["rows"] == 20000
    for peer in ("linja", "pandas"):
        assert result[peer]["median_seconds"] > 0
        assert result[peer]["peak_mb"] > 0
    assert result["ratio"] == round(
        result["pandas"]["median_seconds"] / result["linja"]["median_seconds"], 2
    )
