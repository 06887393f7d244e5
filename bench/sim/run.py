"""bench/sim: the one-queue M/M/c+M example in Linja's simulator and in SimPy (the peer).

    .venv/bin/python bench/sim/run.py [--calls 1000000] [--repeat 3] [--json]

Same parameters (360 calls/h, exponential handle 180 s and patience 120 s, 20 agents,
T = 20 s) and the same number of calls: Linja's run is as many hours as the calls take
at 360/h. Each side is timed from the start of its simulation to its last event (Linja:
drawing arrivals, the routing engine and the event loop, ``linja.engine.sim.loop``;
SimPy: ``env.run()``), on one core; the median of --repeat runs is printed with the
ratio. It also times the five-polyclinic scenario (scenarios/polyclinics-alone.yaml and
the other shipped alternatives) on one core.

Goals (issue 3): Linja at least 20x SimPy; at least 100,000 contacts/s on the
five-polyclinic scenario.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import simpy_peer  # noqa: E402

from linja.engine import compiled  # noqa: E402
from linja.engine.sim.loop import simulate  # noqa: E402
from linja.engine.sim.output import records, summary  # noqa: E402
from linja.scenario import load_scenario  # noqa: E402

GOAL_RATIO = 20.0
GOAL_POLYCLINICS = 100_000.0
RATE, HANDLE, PATIENCE, AGENTS, SL = 360.0, 180.0, 120.0, 20, 20.0
POLYCLINICS = (
    "polyclinics-alone.yaml",
    "polyclinics-clinic-centre.yaml",
    "polyclinics-covering.yaml",
)


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def linja_once(calls: int, seed: int) -> dict[str, Any]:
    scenario = load_scenario(ROOT / "scenarios" / "one-queue.yaml")
    scenario = replace(scenario, hours=calls / RATE)
    started = time.perf_counter()
    outcome = simulate(scenario, seed)
    wall = time.perf_counter() - started
    rows, _ = summary(scenario, [records(scenario, outcome)])
    row = rows[0]
    n = len(outcome.arrived)
    return {
        "contacts": n,
        "wall_seconds": wall,
        "contacts_per_second": n / wall,
        "service_level": row["service_level"],
        "asa_seconds": row["asa_seconds"],
        "abandon_rate": row["abandon_rate"],
    }


def simpy_once(calls: int, seed: int) -> dict[str, Any]:
    return simpy_peer.run(
        arrivals_per_hour=RATE, handle_mean=HANDLE, patience_mean=PATIENCE, agents=AGENTS,
        calls=calls, seed=seed, sl_seconds=SL,
    )  # fmt: skip


def polyclinics(repeat: int) -> list[dict[str, Any]]:
    out = []
    for name in POLYCLINICS:
        path = ROOT / "scenarios" / name
        if not path.exists():
            continue
        scenario = load_scenario(path)
        rates = []
        contacts = 0
        for r in range(repeat):
            started = time.perf_counter()
            outcome = simulate(scenario, 1, r)
            wall = time.perf_counter() - started
            contacts = len(outcome.arrived)
            rates.append(contacts / wall)
        out.append({"scenario": scenario.name, "contacts": contacts,
                    "contacts_per_second": statistics.median(rates)})  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    linja_runs, simpy_runs = [], []
    for r in range(args.repeat):  # alternate, so both see the same machine
        linja_runs.append(linja_once(args.calls, r + 1))
        simpy_runs.append(simpy_once(args.calls, r + 1))
    lin = statistics.median(x["contacts_per_second"] for x in linja_runs)
    peer = statistics.median(x["contacts_per_second"] for x in simpy_runs)
    poly = polyclinics(args.repeat)
    result = {
        "machine": f"{cpu_name()}, {platform.python_implementation()} {platform.python_version()}",
        "engine": "compiled" if compiled() else "interpreted",
        "date": datetime.now(UTC).date().isoformat(),
        "calls": args.calls,
        "repeat": args.repeat,
        "linja_contacts_per_second": round(lin),
        "simpy_contacts_per_second": round(peer),
        "ratio": round(lin / peer, 2),
        "goal_ratio": GOAL_RATIO,
        "linja": linja_runs[0],
        "simpy": {
            k: simpy_runs[0][k]
            for k in ("contacts", "service_level", "asa_seconds", "abandon_rate")
        },
        "polyclinics": poly,
        "goal_polyclinics_contacts_per_second": GOAL_POLYCLINICS,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"bench/sim on {result['machine']}, {result['date']}, median of {args.repeat} runs, "
          f"{result['engine']} engine")  # fmt: skip
    print(f"  one queue, {args.calls:,} calls (M/M/20+M, 360/h, 180 s, patience 120 s)")
    print(f"    Linja  {lin:>12,.0f} contacts/s   SL {linja_runs[0]['service_level']:.3f}  "
          f"abandoned {linja_runs[0]['abandon_rate']:.3f}")  # fmt: skip
    print(f"    SimPy  {peer:>12,.0f} contacts/s   SL {simpy_runs[0]['service_level']:.3f}  "
          f"abandoned {simpy_runs[0]['abandon_rate']:.3f}")  # fmt: skip
    print(f"    ratio  {lin / peer:.1f}x  (goal at least {GOAL_RATIO:.0f}x: "
          f"{'met' if lin / peer >= GOAL_RATIO else 'NOT met'})")  # fmt: skip
    for p in poly:
        met = "met" if p["contacts_per_second"] >= GOAL_POLYCLINICS else "NOT met"
        print(f"  {p['scenario']}: {p['contacts']:,} contacts, {p['contacts_per_second']:,.0f} "
              f"contacts/s on one core (goal {GOAL_POLYCLINICS:,.0f}: {met})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
