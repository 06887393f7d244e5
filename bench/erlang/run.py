"""bench/erlang: staffing for 2,000 interval × queue cells, Linja against pyworkforce.

    .venv/bin/python bench/erlang/run.py [--cells 2000] [--repeat 5] [--scale 1] [--peer auto]
                                         [--json]

Every cell is one queue in one half-hour interval of a made-up day (fixed seed): calls from
an intraday curve, a handle time per queue, a threshold T of 20, 30 or 60 s, a target of
80, 85 or 90 %, and for half of the queues a maximum occupancy of 85 or 90 %. ``--scale``
multiplies the calls (a larger centre: more agents per cell). Both
find, per cell, the smallest number of agents meeting the target with Erlang C, and the
service level, occupancy and wait probability at that number.

- **Linja**: ``linja.engine.erlang.required_agents`` then ``performance``, all cells in one
  vectorised call each.
- **Peer** (``--peer pyworkforce``): ``pyworkforce.queuing.ErlangC(...).required_positions``
  cell by cell, the way its documentation uses it (its ``MultiErlangC`` runs a Cartesian
  grid of parameters, not a list of cells). pyworkforce takes minutes: ``aht`` = AHT/60,
  ``asa`` = T/60 (despite the name it is the service-level threshold), ``interval`` = 30.
- ``--peer reference`` (used when pyworkforce is not installed and ``--peer auto``): a
  plain textbook Erlang C in this file, one cell at a time: Erlang B from the Poisson
  terms ``A^k / k!`` summed in log space (``math.lgamma``, ``math.fsum``), then n = ⌊A⌋+1,
  ⌊A⌋+2, … until the target is met. It shares no code with Linja.

The benchmark fails unless both give the same agents in every cell and service levels
within 1e-6. Times are the median of ``--repeat`` runs in this process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

INTERVAL_MINUTES = 30.0
INTERVALS = 40  # 07:00 to 03:00 the next night, say: one queue's day
PATIENCE_SECONDS = 120.0  # for the Erlang A timing (Linja only; the peer has no Erlang A)
SL_TOLERANCE = 1e-6
SEED = 2026


@dataclass(frozen=True)
class Cells:
    calls: np.ndarray
    aht: np.ndarray  # seconds
    sl_seconds: np.ndarray
    target: np.ndarray
    max_occupancy: np.ndarray  # 1.0 = no limit

    @property
    def size(self) -> int:
        return int(self.calls.size)


def make_cells(count: int, scale: float = 1.0, seed: int = SEED) -> Cells:
    """Queues × half-hour intervals: a morning peak and an afternoon peak, Poisson noise."""
    rng = np.random.default_rng(seed)
    queues = math.ceil(count / INTERVALS)
    hour = 7.0 + np.arange(INTERVALS) / 2.0
    curve = 0.15 + np.exp(-(((hour - 10.0) / 1.5) ** 2)) + 0.7 * np.exp(-(((hour - 14) / 2) ** 2))
    volume = scale * rng.lognormal(mean=3.8, sigma=1.0, size=queues)  # calls per half hour, peak
    expected = volume[:, None] * curve[None, :]
    calls = np.maximum(rng.poisson(expected), 1).astype(np.float64)
    aht = rng.uniform(120.0, 600.0, size=queues)[:, None] * rng.uniform(0.9, 1.1, expected.shape)
    sl = rng.choice([20.0, 30.0, 60.0], size=queues)[:, None] * np.ones(expected.shape)
    target = rng.choice([0.8, 0.85, 0.9], size=queues)[:, None] * np.ones(expected.shape)
    cap = rng.choice([1.0, 1.0, 0.85, 0.9], size=queues)[:, None] * np.ones(expected.shape)
    return Cells(*(part.ravel()[:count] for part in (calls, aht, sl, target, cap)))


# ------------------------------------------------------------------------ implementations

Result = dict[str, np.ndarray]


def run_linja(cells: Cells) -> Result:
    from linja.engine import erlang

    rate = cells.calls / (INTERVAL_MINUTES * 60.0)
    agents = erlang.required_agents(
        rate, cells.aht, cells.sl_seconds, cells.target, max_occupancy=cells.max_occupancy
    )
    got = erlang.performance(rate, cells.aht, agents, cells.sl_seconds)
    return {
        "agents": agents,
        "service_level": got.service_level,
        "occupancy": got.occupancy,
        "wait_probability": got.wait_probability,
    }


def run_linja_erlang_a(cells: Cells) -> Result:
    from linja.engine import erlang

    rate = cells.calls / (INTERVAL_MINUTES * 60.0)
    agents = erlang.required_agents(
        rate, cells.aht, cells.sl_seconds, cells.target, patience_seconds=PATIENCE_SECONDS,
        max_occupancy=cells.max_occupancy,
    )  # fmt: skip
    got = erlang.performance(rate, cells.aht, agents, cells.sl_seconds, PATIENCE_SECONDS)
    return {"agents": agents, "service_level": got.service_level}


def run_pyworkforce(cells: Cells) -> Result:
    from pyworkforce.queuing import ErlangC  # type: ignore[import-untyped]

    rows = []
    for calls, aht, sl, target, cap in zip(
        cells.calls, cells.aht, cells.sl_seconds, cells.target, cells.max_occupancy, strict=True
    ):
        model = ErlangC(
            transactions=float(calls), aht=aht / 60.0, asa=sl / 60.0, interval=INTERVAL_MINUTES
        )
        rows.append(model.required_positions(service_level=target, max_occupancy=cap))
    return {
        "agents": np.array([r["raw_positions"] for r in rows]),
        "service_level": np.array([r["service_level"] for r in rows]),
        "occupancy": np.array([r["occupancy"] for r in rows]),
        "wait_probability": np.array([r["waiting_probability"] for r in rows]),
    }


def _reference_cell(load: float, t_over_aht: float, target: float, cap: float) -> list[float]:
    """Textbook Erlang C for one cell, from the Poisson terms in log space."""
    log_load = math.log(load)
    logs: list[float] = []  # log(A^k / k!) for k = 0..n
    n = 0
    while True:
        logs.append(n * log_load - math.lgamma(n + 1))
        if n > load and load / n <= cap + 1e-9:
            top = max(logs)
            blocking = math.exp(logs[-1] - top) / math.fsum(math.exp(v - top) for v in logs)
            wait = n * blocking / (n - load * (1 - blocking))
            service = 1 - wait * math.exp(-(n - load) * t_over_aht)
            if service >= target - 1e-9:
                return [n, service, load / n, wait]
        n += 1


def run_reference(cells: Cells) -> Result:
    load = cells.calls / (INTERVAL_MINUTES * 60.0) * cells.aht
    rows = np.array(
        [
            _reference_cell(float(a), float(t / h), float(p), float(c))
            for a, t, h, p, c in zip(
                load, cells.sl_seconds, cells.aht, cells.target, cells.max_occupancy, strict=True
            )
        ]
    )
    return {
        "agents": rows[:, 0].astype(np.int64),
        "service_level": rows[:, 1],
        "occupancy": rows[:, 2],
        "wait_probability": rows[:, 3],
    }


PEERS: dict[str, Callable[[Cells], Result]] = {
    "pyworkforce": run_pyworkforce,
    "reference": run_reference,
}


def choose_peer(wanted: str) -> str:
    if wanted != "auto":
        return wanted
    try:
        import pyworkforce  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return "reference"
    return "pyworkforce"


def peer_version(peer: str) -> str | None:
    if peer != "pyworkforce":
        return None
    from importlib.metadata import version

    return version("pyworkforce")


# ------------------------------------------------------------------------------- measuring


def timed(run: Callable[[Cells], Result], cells: Cells, repeat: int) -> tuple[float, Result]:
    seconds = []
    result: Result = {}
    for _ in range(repeat):
        started = time.perf_counter()
        result = run(cells)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def compare(cells: Cells, linja: Result, peer: Result) -> dict[str, Any]:
    differ = np.flatnonzero(linja["agents"] != peer["agents"])
    same = linja["agents"] == peer["agents"]
    gaps = {
        key: float(np.max(np.abs(linja[key][same] - peer[key][same]), initial=0.0))
        for key in ("service_level", "occupancy", "wait_probability")
    }
    return {
        "agents_differ": int(differ.size),
        "first_differences": [
            {
                "cell": int(i),
                "calls": float(cells.calls[i]),
                "aht": float(cells.aht[i]),
                "linja": int(linja["agents"][i]),
                "peer": int(peer["agents"][i]),
            }
            for i in differ[:5]
        ],
        "max_abs_difference": gaps,
    }


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cells", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the calls")
    parser.add_argument("--peer", choices=["auto", *PEERS], default="auto")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if args.cells < 1 or args.repeat < 1 or not args.scale > 0:
        parser.error("--cells and --repeat must be at least 1, --scale above 0")

    cells = make_cells(args.cells, args.scale)
    peer = choose_peer(args.peer)
    run_linja(make_cells(min(args.cells, 50)))  # import and warm up numpy outside the timing
    linja_seconds, linja = timed(run_linja, cells, args.repeat)
    peer_seconds, other = timed(PEERS[peer], cells, args.repeat)
    erlang_a_seconds, _ = timed(run_linja_erlang_a, cells, args.repeat)
    check = compare(cells, linja, other)
    ok = (
        check["agents_differ"] == 0 and check["max_abs_difference"]["service_level"] <= SL_TOLERANCE
    )

    summary: dict[str, Any] = {
        "cells": cells.size,
        "scale": args.scale,
        "repeat": args.repeat,
        "peer": peer,
        "peer_version": peer_version(peer),
        "numpy": np.__version__,
        "machine": machine(),
        "date": datetime.now(UTC).date().isoformat(),
        "offered_load": {
            "min": round(float(np.min(cells.calls / 1800 * cells.aht)), 3),
            "max": round(float(np.max(cells.calls / 1800 * cells.aht)), 3),
        },
        "agents": {"min": int(linja["agents"].min()), "max": int(linja["agents"].max())},
        "linja": {
            "median_seconds": round(linja_seconds, 9),
            "cells_per_second": round(cells.size / linja_seconds),
        },
        peer: {
            "median_seconds": round(peer_seconds, 9),
            "cells_per_second": round(cells.size / peer_seconds),
        },
        "ratio": round(round(peer_seconds, 9) / round(linja_seconds, 9), 2),
        "linja_erlang_a": {
            "patience_seconds": PATIENCE_SECONDS,
            "median_seconds": round(erlang_a_seconds, 9),
            "cells_per_second": round(cells.size / erlang_a_seconds),
        },
        "agree": ok,
        **check,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"bench/erlang: Erlang C staffing of {cells.size:,} cells "
            f"(load {summary['offered_load']['min']}–{summary['offered_load']['max']} Erlang, "
            f"{summary['agents']['min']}–{summary['agents']['max']} agents), "
            f"median of {args.repeat} runs"
        )
        print(f"{'':12} {'seconds':>10} {'cells/s':>12}")
        for kind in ("linja", peer):
            s = summary[kind]
            print(f"{kind:12} {s['median_seconds']:10.4f} {s['cells_per_second']:12,}")
        print(f"Linja is {summary['ratio']:.1f}× {peer}")
        a = summary["linja_erlang_a"]
        print(
            f"Linja Erlang A (patience {PATIENCE_SECONDS:.0f} s), same cells: "
            f"{a['median_seconds']:.4f} s, {a['cells_per_second']:,} cells/s (no peer)"
        )
        gaps = check["max_abs_difference"]
        print(
            f"agents differ in {check['agents_differ']} cells; largest difference in service "
            f"level {gaps['service_level']:.1e}, occupancy {gaps['occupancy']:.1e}, "
            f"wait probability {gaps['wait_probability']:.1e}"
        )
    if not ok:
        sys.exit(f"bench/erlang: Linja and {peer} disagree: {json.dumps(check)}")


if __name__ == "__main__":
    main()
