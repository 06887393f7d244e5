"""The SimPy peer of bench/sim reproduces the queueing theory it is compared on.

Without abandonment the one-queue model is M/M/c, so its service level and mean wait must
match Erlang C; with exponential patience it is M/M/c+M (Erlang A), whose abandonment
probability follows from the birth-death chain of the number of callers in the system.
Both theories are computed here in plain Python, independently of the peer and of Linja.

Tolerances come from the sample itself: the callers, in order of arrival, are cut into
BATCHES consecutive batches, and the standard error of an indicator is the spread of the
batch means / sqrt(BATCHES). Batches of thousands of callers are far longer than the
correlation of successive waits (a few hundred callers at load 0.9), so the batch means are
close to independent, and 4 standard errors (t with 19 degrees of freedom: p < 0.001) is a
bound that a correct simulation keeps for any seed while a wrong model breaks it. Each
bound is also capped so that a noisy run cannot pass by having a huge standard error.
"""

from __future__ import annotations

import importlib.util
import json
import math
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

Record = tuple[float, float | None, float]  # (arrived, answered or None, ended)

PEER_PATH = Path(__file__).resolve().parents[2] / "bench" / "sim" / "simpy_peer.py"
BATCHES = 20
SE_BOUND = 4.0

# the one-queue example: 360 calls/h, 180 s mean handle time, 20 agents (offered load 18)
ARRIVALS_PER_HOUR = 360.0
HANDLE_MEAN = 180.0
AGENTS = 20


def load_peer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("simpy_peer", PEER_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


peer = load_peer()


# --- theory, in plain Python -------------------------------------------------------------


def erlang_c(servers: int, load: float) -> float:
    """P(wait > 0) in M/M/c: the terms load**k / k! are built by a loop (no factorials)."""
    assert load < servers
    term, below = 1.0, 0.0
    for k in range(servers):
        below += term
        term *= load / (k + 1)
    waiting = term * servers / (servers - load)  # load**c / c! * c / (c - load)
    return waiting / (below + waiting)


def mmc_service_level(servers: int, lam: float, mu: float, t: float) -> float:
    """P(wait <= t) in M/M/c (every caller is eventually answered)."""
    return 1.0 - erlang_c(servers, lam / mu) * math.exp(-(servers * mu - lam) * t)


def mmc_mean_wait(servers: int, lam: float, mu: float) -> float:
    return erlang_c(servers, lam / mu) / (servers * mu - lam)


def mmcm_abandon_probability(servers: int, lam: float, mu: float, theta: float) -> float:
    """P(abandon) in M/M/c+M: stationary birth-death chain of the number in the system
    (birth lam, death min(k, c) mu + max(k - c, 0) theta); callers abandon at rate
    theta per waiting caller, so P(abandon) = theta E[queue] / lam."""
    weights = [1.0]
    k = 0
    while weights[-1] > 1e-16 * max(weights) or k <= servers:
        k += 1
        weights.append(weights[-1] * lam / (min(k, servers) * mu + max(k - servers, 0) * theta))
    total = sum(weights)
    queue = sum(max(k - servers, 0) * w for k, w in enumerate(weights)) / total
    return theta * queue / lam


def test_theory_helpers_against_known_values() -> None:
    # Erlang C with 2 agents at load 1: C = (1/2 * 2) / (1 + 1 + 1) = 1/3
    assert math.isclose(erlang_c(2, 1.0), 1 / 3)
    # one server: C = load
    assert math.isclose(erlang_c(1, 0.7), 0.7)
    # with no patience limit to speak of, abandonment vanishes; with impatience it grows
    lam, mu = ARRIVALS_PER_HOUR / 3600, 1 / HANDLE_MEAN
    assert mmcm_abandon_probability(AGENTS, lam, mu, 1e-9) < 1e-6
    assert mmcm_abandon_probability(AGENTS, lam, mu, 1 / 30) > mmcm_abandon_probability(
        AGENTS, lam, mu, 1 / 120
    )


# --- the simulation ----------------------------------------------------------------------


def in_arrival_order(records: Sequence[Record]) -> list[Record]:
    return sorted(records, key=lambda record: record[0])


def mean_and_standard_error(values: Sequence[float]) -> tuple[float, float]:
    size = len(values) // BATCHES
    means = [statistics.fmean(values[i * size : (i + 1) * size]) for i in range(BATCHES)]
    return statistics.fmean(values), statistics.stdev(means) / math.sqrt(BATCHES)


def simulate(patience_mean: float | None, calls: int, seed: int) -> list[Record]:
    records, wall = peer.simulate(
        arrivals_per_hour=ARRIVALS_PER_HOUR,
        handle_mean=HANDLE_MEAN,
        patience_mean=patience_mean,
        agents=AGENTS,
        calls=calls,
        seed=seed,
    )
    assert wall > 0
    return in_arrival_order(records)


def test_without_abandonment_it_is_erlang_c() -> None:
    calls, sl_seconds = 250_000, 20.0
    records = simulate(None, calls, seed=7)
    summary = peer.summarise(records, sl_seconds)
    assert summary["contacts"] == calls
    assert summary["answered"] == calls and summary["abandoned"] == 0

    lam, mu = ARRIVALS_PER_HOUR / 3600, 1 / HANDLE_MEAN
    waits = [answered - arrived for arrived, answered, _ in records if answered is not None]
    assert len(waits) == calls and min(waits) >= 0

    mean_wait, se_wait = mean_and_standard_error(waits)
    theory_wait = mmc_mean_wait(AGENTS, lam, mu)  # ≈ 49.6 s
    assert math.isclose(mean_wait, summary["asa_seconds"])
    # the sample says something: at load 0.9 the standard error of the mean wait of 250,000
    # callers is about 5 % (measured over independent runs), so the bound is at most ±40 %
    assert se_wait < 0.10 * theory_wait
    assert abs(mean_wait - theory_wait) < SE_BOUND * se_wait, (mean_wait, theory_wait, se_wait)

    within = [1.0 if wait <= sl_seconds else 0.0 for wait in waits]
    sl, se_sl = mean_and_standard_error(within)
    theory_sl = mmc_service_level(AGENTS, lam, mu, sl_seconds)  # ≈ 0.559
    assert math.isclose(sl, summary["service_level"])
    assert se_sl < 0.02  # about 0.011 expected: a bound of at most ±0.08
    assert abs(sl - theory_sl) < SE_BOUND * se_sl, (sl, theory_sl, se_sl)

    # and P(wait > 0) itself, the Erlang C probability
    waited, se_waited = mean_and_standard_error([1.0 if w > 0 else 0.0 for w in waits])
    theory_waited = erlang_c(AGENTS, lam / mu)  # ≈ 0.551
    assert se_waited < 0.02
    assert abs(waited - theory_waited) < SE_BOUND * se_waited, (waited, theory_waited)


def test_with_patience_abandonment_is_erlang_a_and_grows_with_impatience() -> None:
    lam, mu = ARRIVALS_PER_HOUR / 3600, 1 / HANDLE_MEAN
    calls = 80_000
    rates: dict[float, float] = {}
    for patience_mean in (120.0, 30.0):
        records = simulate(patience_mean, calls, seed=11)
        summary = peer.summarise(records)
        assert summary["contacts"] == calls
        assert summary["answered"] + summary["abandoned"] == calls
        assert 0 < summary["abandon_rate"] < 1
        # an abandoning caller leaves after waiting; an answered one is answered on arrival
        # or later, and always ends after being answered
        for arrived, answered, ended in records:
            assert ended > arrived
            assert answered is None or arrived <= answered <= ended

        abandoned = [1.0 if answered is None else 0.0 for _, answered, _ in records]
        rate, se = mean_and_standard_error(abandoned)
        theory = mmcm_abandon_probability(AGENTS, lam, mu, 1 / patience_mean)
        assert math.isclose(rate, summary["abandon_rate"])
        assert se < 0.1 * theory  # about 0.03 * theory expected at 80,000 callers
        assert abs(rate - theory) < SE_BOUND * se, (patience_mean, rate, theory, se)
        rates[patience_mean] = rate
    assert rates[30.0] > rates[120.0]  # shorter patience, more abandoned calls


def test_run_reports_every_figure_and_the_command_prints_it_as_json() -> None:
    calls = 3_000
    result = peer.run(
        arrivals_per_hour=ARRIVALS_PER_HOUR,
        handle_mean=HANDLE_MEAN,
        patience_mean=120.0,
        agents=AGENTS,
        calls=calls,
        seed=3,
    )
    assert result["contacts"] == calls
    assert result["answered"] + result["abandoned"] == calls
    assert 0 <= result["service_level"] <= 1 and 0 <= result["abandon_rate"] <= 1
    assert result["asa_seconds"] >= 0
    assert result["wall_seconds"] > 0
    assert math.isclose(result["contacts_per_second"], calls / result["wall_seconds"])

    # same seed, same simulation
    again = peer.run(
        arrivals_per_hour=ARRIVALS_PER_HOUR,
        handle_mean=HANDLE_MEAN,
        patience_mean=120.0,
        agents=AGENTS,
        calls=calls,
        seed=3,
    )
    for key in ("answered", "service_level", "asa_seconds"):
        assert again[key] == result[key]

    done = subprocess.run(
        [sys.executable, str(PEER_PATH), "--calls", str(calls), "--no-patience", "--seed", "3"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["contacts"] == calls and printed["abandoned"] == 0
    assert set(printed) == {
        "contacts",
        "answered",
        "abandoned",
        "service_level",
        "asa_seconds",
        "abandon_rate",
        "wall_seconds",
        "contacts_per_second",
    }


def test_a_horizon_stops_arrivals_early() -> None:
    result = peer.run(
        arrivals_per_hour=ARRIVALS_PER_HOUR,
        handle_mean=HANDLE_MEAN,
        patience_mean=120.0,
        agents=AGENTS,
        calls=1_000_000,
        seed=5,
        horizon_seconds=3600.0,
    )
    # about 360 arrivals in the hour (Poisson: sd 19), far fewer than the call limit
    assert 250 < result["contacts"] < 470
