"""bench/erlang runs, and its peers agree with Linja on every cell.

The benchmark refuses to print figures when the agents differ anywhere or a service level
differs by more than 1e-6, so a small run is also a cross-check of linja.engine.erlang.
The peer is pyworkforce when it is installed (the ``bench`` extra); the textbook reference
inside bench/erlang/run.py (log-space Poisson sums, one cell at a time) is checked in any
case, so this test never skips.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "erlang" / "run.py"


def bench(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--cells", "300", "--repeat", "1", "--json", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # non-zero when Linja and the peer disagree
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("peer", ["auto", "reference"])
def test_small_benchmark_runs_and_the_peers_agree(peer: str) -> None:
    result = bench("--peer", peer)
    expected = peer
    if peer == "auto":
        installed = importlib.util.find_spec("pyworkforce") is not None
        expected = "pyworkforce" if installed else "reference"
    assert result["peer"] == expected
    assert result["cells"] == 300
    assert result["agree"] is True
    assert result["agents_differ"] == 0
    assert result["max_abs_difference"]["service_level"] <= 1e-6
    assert result["agents"]["max"] > result["agents"]["min"] >= 1
    for kind in ("linja", expected, "linja_erlang_a"):
        assert result[kind]["median_seconds"] > 0
        assert result[kind]["cells_per_second"] > 0
    assert result["ratio"] == round(
        result[expected]["median_seconds"] / result["linja"]["median_seconds"], 2
    )


def test_the_benchmark_fails_when_the_peers_disagree(tmp_path: Path) -> None:
    # the same script with Linja's answer nudged by one agent must refuse to report
    source = BENCH.read_text(encoding="utf-8").replace(
        '    got = erlang.performance(rate, cells.aht, agents, cells.sl_seconds)\n',
        '    agents = agents + 1\n    got = erlang.performance(rate, cells.aht, agents, cells.sl_seconds)\n',
    )  # fmt: skip
    broken = tmp_path / "run.py"
    broken.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(broken), "--cells", "50", "--repeat", "1", "--peer", "reference"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Linja and reference disagree" in done.stderr


def test_without_pyworkforce_auto_compares_with_the_reference() -> None:
    # hide pyworkforce as if it were not installed: `--peer auto` must fall back, not skip
    code = (
        "import runpy, sys\n"
        "sys.modules['pyworkforce'] = None\n"
        f"sys.argv = [{str(BENCH)!r}, '--cells', '120', '--repeat', '1', '--json']\n"
        f"runpy.run_path({str(BENCH)!r}, run_name='__main__')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["peer"] == "reference"
    assert result["peer_version"] is None
    assert result["agree"] is True
