"""`linja loadgen` against `linja demo` (reduced size): every contact sent is in the
server's records, and the indicators agree with `linja simulate` on the same scenario —
within the simulator's 95 % interval for one run (the spread of its replications)."""

from __future__ import annotations

import json
import math
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.test_web_commands import LINJA, run
from tests.e2e.support import Demo

from linja.engine.sim.output import t_quantile

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "live-service-desk.yaml"
REPLICATIONS = 30


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Demo, str]]:
    server = Demo(tmp_path)
    server.start()
    made = run(["token", "create", "--person", "admin", "--name", "loadgen"], tmp_path)
    assert made.returncode == 0, made.stderr
    try:
        yield server, made.stdout.strip().splitlines()[-1]
    finally:
        server.stop()


def linja(*args: str) -> dict:  # type: ignore[type-arg]
    done = subprocess.run([*LINJA, *args], capture_output=True, text=True, timeout=900,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_loadgen_against_the_demo_agrees_with_the_simulator(demo: tuple[Demo, str]) -> None:
    server, token = demo
    live = linja("loadgen", str(SCENARIO), "--url", server.base, "--token", token, "--json")
    meta = live["meta"]
    assert (meta["lost"], meta["errors"]) == (0, 0), json.dumps(meta)
    assert meta["contacts"] > 40
    assert meta["bots"] == 6 and meta["offer_latency_ms_p50"] is not None
    assert meta["offer_latency_ms_p50"] <= meta["offer_latency_ms_p99"]
    (row,) = live["rows"]
    assert row["queue"] == "ikt-klinisk" and row["offered"] == meta["contacts"]

    sim = linja("simulate", str(SCENARIO), "--replications", str(REPLICATIONS), "--json")
    (expected,) = sim["rows"]
    t = t_quantile(REPLICATIONS - 1)
    for name in ("answer_rate", "service_level", "asa_seconds"):
        # the half-width of the mean, back to the spread of one replication, and the
        # interval one more run falls in 95 times in 100
        spread = expected[f"{name}_ci"] * math.sqrt(REPLICATIONS) / t
        allowed = t * spread * math.sqrt(1 + 1 / REPLICATIONS) + (
            0.5 if name == "asa_seconds" else 0.0
        )
        assert abs(row[name] - expected[name]) <= allowed, (
            name,
            row[name],
            expected[name],
            allowed,
        )


def test_loadgen_says_what_is_missing_or_wrong(tmp_path: Path) -> None:
    cases = [
        (["--url", "http://127.0.0.1:9"], "--token"),
        (["--url", "ftp://x", "--token", "t"], "--url"),
        (["--url", "http://127.0.0.1:9", "--token", "t", "--minutes", "0"], "--minutes"),
        (["--url", "http://127.0.0.1:9", "--token", "t"], "127.0.0.1:9"),  # nobody listens
    ]
    for args, says in cases:
        done = subprocess.run([*LINJA, "loadgen", str(SCENARIO), *args], capture_output=True,
                              text=True, timeout=60, check=False)  # fmt: skip
        assert done.returncode != 0 and says in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    missing = subprocess.run([*LINJA, "loadgen", str(tmp_path / "nope.yaml"), "--url",
                              "http://127.0.0.1:9", "--token", "t"],
                             capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert missing.returncode != 0 and "nope.yaml" in missing.stderr
