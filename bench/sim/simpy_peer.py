"""The peer: the one-queue contact centre (M/M/c+M) written idiomatically in SimPy.

    .venv/bin/python bench/sim/simpy_peer.py [--calls 1000000] [--no-patience] …

This is what a SimPy user would write from the SimPy tutorials: a `simpy.Environment`, the
agents as one `simpy.Resource` (FIFO), a source process that makes Poisson arrivals with
`random.expovariate`, and one generator process per caller that requests an agent and, if
callers may abandon, waits for `request | env.timeout(patience)`. A caller whose patience
runs out before an agent answers leaves the queue (the `with` block withdraws the request).
Each caller records (arrival, answer or None, end); the indicators are computed from those
records after the simulation. Nothing is tuned or slowed down: no `__slots__` tricks, no
hand-rolled event loop, no disabled garbage collector.

`wall_seconds` times only `env.run()` (time.perf_counter), not the import, the set-up of
the environment or the summary of the records.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Generator, Sequence
from typing import Any

import simpy

# (arrived, answered or None when abandoned, ended), in seconds of simulated time
Record = tuple[float, float | None, float]


def caller(
    env: simpy.Environment,
    agents: simpy.Resource,
    rng: random.Random,
    handle_mean: float,
    patience_mean: float | None,
    records: list[Record],
) -> Generator[simpy.Event, Any, None]:
    """One caller: queue for an agent (giving up after their patience), talk, hang up."""
    arrived = env.now
    with agents.request() as request:
        if patience_mean is None:
            yield request
        else:
            patience = rng.expovariate(1.0 / patience_mean)
            outcome = yield request | env.timeout(patience)
            if request not in outcome:  # patience ran out first: abandon
                records.append((arrived, None, env.now))
                return
        answered = env.now
        yield env.timeout(rng.expovariate(1.0 / handle_mean))
    records.append((arrived, answered, env.now))


def source(
    env: simpy.Environment,
    agents: simpy.Resource,
    rng: random.Random,
    arrivals_per_hour: float,
    handle_mean: float,
    patience_mean: float | None,
    calls: int,
    horizon_seconds: float | None,
    records: list[Record],
) -> Generator[simpy.Event, Any, None]:
    """Poisson arrivals until `calls` callers have arrived or the horizon is reached."""
    mean_gap = 3600.0 / arrivals_per_hour
    for _ in range(calls):
        yield env.timeout(rng.expovariate(1.0 / mean_gap))
        if horizon_seconds is not None and env.now > horizon_seconds:
            return
        env.process(caller(env, agents, rng, handle_mean, patience_mean, records))


def simulate(
    *,
    arrivals_per_hour: float,
    handle_mean: float,
    patience_mean: float | None,
    agents: int,
    calls: int,
    seed: int,
    horizon_seconds: float | None = None,
) -> tuple[list[Record], float]:
    """Run the model; return one record per caller (in order of leaving) and the wall
    seconds of `env.run()`. Arrivals stop after `calls` callers or at the horizon; callers
    already in the system are served (or abandon) before the run ends."""
    rng = random.Random(seed)
    env = simpy.Environment()
    pool = simpy.Resource(env, capacity=agents)
    records: list[Record] = []
    env.process(
        source(
            env,
            pool,
            rng,
            arrivals_per_hour,
            handle_mean,
            patience_mean,
            calls,
            horizon_seconds,
            records,
        )
    )
    started = time.perf_counter()
    env.run()
    return records, time.perf_counter() - started


def summarise(records: Sequence[Record], sl_seconds: float = 20.0) -> dict[str, Any]:
    """The indicators of one run; service level and abandon rate are shares of all
    offered callers, ASA is the mean wait of the answered ones (None if none was)."""
    contacts = len(records)
    waits = [answered - arrived for arrived, answered, _ in records if answered is not None]
    answered = len(waits)
    within = sum(1 for wait in waits if wait <= sl_seconds)
    return {
        "contacts": contacts,
        "answered": answered,
        "abandoned": contacts - answered,
        "service_level": within / contacts if contacts else None,
        "asa_seconds": sum(waits) / answered if answered else None,
        "abandon_rate": (contacts - answered) / contacts if contacts else None,
    }


def run(
    *,
    arrivals_per_hour: float,
    handle_mean: float,
    patience_mean: float | None,
    agents: int,
    calls: int,
    seed: int,
    sl_seconds: float = 20.0,
    horizon_seconds: float | None = None,
) -> dict[str, Any]:
    """Simulate and summarise: the indicators plus `wall_seconds` (of `env.run()` only)
    and `contacts_per_second`."""
    records, wall = simulate(
        arrivals_per_hour=arrivals_per_hour,
        handle_mean=handle_mean,
        patience_mean=patience_mean,
        agents=agents,
        calls=calls,
        seed=seed,
        horizon_seconds=horizon_seconds,
    )
    result = summarise(records, sl_seconds)
    result["wall_seconds"] = wall
    result["contacts_per_second"] = result["contacts"] / wall if wall > 0 else None
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--arrivals-per-hour", type=float, default=360.0)
    parser.add_argument("--handle-mean", type=float, default=180.0, help="seconds")
    parser.add_argument("--patience-mean", type=float, default=120.0, help="seconds")
    parser.add_argument("--no-patience", action="store_true", help="callers never abandon")
    parser.add_argument("--agents", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sl-seconds", type=float, default=20.0)
    parser.add_argument("--horizon-seconds", type=float, default=None)
    args = parser.parse_args(argv)
    result = run(
        arrivals_per_hour=args.arrivals_per_hour,
        handle_mean=args.handle_mean,
        patience_mean=None if args.no_patience else args.patience_mean,
        agents=args.agents,
        calls=args.calls,
        seed=args.seed,
        sl_seconds=args.sl_seconds,
        horizon_seconds=args.horizon_seconds,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
