"""Running scenarios: replications in parallel processes, timed, with progress.

The simulation itself is :mod:`linja.engine.sim` (pure); this module adds what the
engine may not do: read the clock, start processes and report progress.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from linja.engine import compiled
from linja.engine.sim.distributions import expected_arrivals
from linja.engine.sim.loop import simulate
from linja.engine.sim.model import Scenario
from linja.engine.sim.output import records, summary


@dataclass
class Replication:
    frame: pl.DataFrame
    contacts: int  # simulated, warm-up included
    loop_seconds: float


@dataclass
class Result:
    scenario: Scenario
    rows: list[dict[str, Any]]
    overall: dict[str, Any]
    meta: dict[str, Any]
    frames: list[pl.DataFrame] = field(default_factory=list)

    def records(self) -> pl.DataFrame:
        return pl.concat(self.frames) if self.frames else pl.DataFrame()


def _one(
    scenario: Scenario, seed: int, replication: int, progress: Callable[[int], None] | None = None
) -> Replication:
    started = time.perf_counter()
    outcome = simulate(scenario, seed, replication, progress)
    loop_seconds = time.perf_counter() - started
    return Replication(records(scenario, outcome, replication), len(outcome.arrived), loop_seconds)


def _ready() -> None:
    """Nothing: makes a worker process start (and import Linja) before the clock starts."""


def expected_contacts(scenario: Scenario) -> int:
    t0 = scenario.start.timestamp()
    t1 = t0 + scenario.hours * 3600.0
    zone = scenario.timezone
    return round(sum(expected_arrivals(q.arrivals, t0, t1, zone) for q in scenario.queues))


def run(
    scenario: Scenario,
    *,
    replications: int = 1,
    seed: int = 1,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Simulate ``replications`` runs (seeds derived from ``seed``) and measure them.

    ``progress(n)`` hears of n more contacts simulated (per replication when parallel).
    """
    done: list[Replication | None] = [None] * replications
    if workers <= 1 or replications == 1:
        started = time.perf_counter()
        for r in range(replications):
            done[r] = _one(scenario, seed, r, progress)
    else:
        context = multiprocessing.get_context("spawn")  # Polars and fork do not mix
        with ProcessPoolExecutor(min(workers, replications), mp_context=context) as pool:
            for f in [pool.submit(_ready) for _ in range(min(workers, replications))]:
                f.result()
            started = time.perf_counter()
            futures = {pool.submit(_one, scenario, seed, r): r for r in range(replications)}
            for future in as_completed(futures):
                rep = future.result()
                done[futures[future]] = rep
                if progress is not None:
                    progress(rep.contacts)
    simulated = time.perf_counter() - started
    reps = [r for r in done if r is not None]
    frames = [r.frame for r in reps]
    rows, overall = summary(scenario, frames)
    wall = time.perf_counter() - started
    contacts = sum(r.contacts for r in reps)
    loop_seconds = sum(r.loop_seconds for r in reps)
    meta: dict[str, Any] = {
        "scenario": scenario.name,
        "contacts": contacts,
        "replications": replications,
        "seed": seed,
        "workers": max(1, min(workers, replications)),
        "wall_seconds": round(wall, 3),
        "contacts_per_second": round(contacts / simulated) if simulated > 0 else None,
        "contacts_per_cpu_second": round(contacts / loop_seconds) if loop_seconds > 0 else None,
        "engine": "compiled" if compiled() else "interpreted",
        "service_level_ci": overall.get("service_level_ci"),
        "answer_rate_ci": overall.get("answer_rate_ci"),
        "overall": overall,
    }
    return Result(scenario, rows, overall, meta, frames)
