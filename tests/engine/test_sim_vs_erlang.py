"""The simulator against queueing theory (issue 3): M/M/n is Erlang C, M/M/n+M is Erlang A.

One queue, n agents, Poisson arrivals, exponential handle times (AHT 180 s), T = 20 s, at
occupancies λ·AHT/n of 0.5, 0.8, 0.9 and 0.97; without abandonment (Erlang C) and with
exponential patience of mean 120 s and 300 s (Erlang A). The service level (answered
within T / offered), the mean wait of answered calls and the abandon rate the simulator
reports must lie within the simulator's own 95 % interval of the exact values.

The exact values come from a reference written here, independently of
:mod:`linja.engine.erlang` (which is also checked against it):

- Erlang C: the Erlang B recursion, ``SL = 1 − C e^{−(nμ−λ)T}``, ``ASA = C / (nμ − λ)``;
- Erlang A: the birth–death chain of the number in the system (birth λ, death
  ``min(k, n)μ + max(k − n, 0)θ``), truncated where its tail is below 1e-18; an arrival
  sees it in equilibrium (PASTA). A caller who finds q callers waiting ahead moves up at
  rate ``nμ + iθ`` while i are ahead (service at the head, abandonment ahead) and gives
  up at rate θ himself: his chance of being answered within T is the absorption of that
  small chain by time T, by uniformization; his chance of being answered and his mean
  wait if answered come from first-step analysis; the abandon rate is θ·E[queue]/λ
  (rate conservation), not the complement of the answered chance.

There are 32 comparisons at 95 %: with a seed taken at random one or two fall outside
their interval by chance. Over seeds 1 to 8 of this table: 0, 0, 0, 2, 0, 6, 0 and 0
(the six: three cases, two of which share their arrivals and handle times, each missing
on the service level and the mean wait together, by at most 1.5 half-widths). Every case
that missed here or with earlier seeds was run again with 400 replications, one of them
(ρ = 0.97, patience 120 s: |z| up to 1.9 after 400) with 2,000: no bias, in the end
every |z| < 1. The test is deterministic: ``SEED = 1`` is the first seed this table was
run with, and at it all 32 lie inside. A change to how the simulator draws its random
numbers reshuffles that: a single miss is then a reason to try a few seeds, not yet
news; a metric that misses at seed after seed is. What makes the intervals worth
comparing with is :func:`test_the_intervals_are_calibrated`: over 60 seeds they cover
the exact values about 95 % of the time and are as wide as the spread of the estimates
says they should be. Each case also requires its intervals to be narrow enough to mean
something.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from linja.engine import erlang
from linja.engine.routing.config import QueueRules
from linja.engine.sim.model import AgentGroup, Distribution, PoissonArrivals, QueueSpec, Scenario
from linja.engine.sim.output import BATCHES, t_quantile
from linja.simulation import run

AHT = 180.0
T = 20.0
START = datetime(2026, 1, 5, tzinfo=ZoneInfo("Europe/Oslo"))
METRICS = ("service_level", "asa_seconds", "abandon_rate")


# ------------------------------------------------------------------- the reference


def erlang_c_reference(n: int, lam: float, aht: float, t: float) -> dict[str, float]:
    """M/M/n: service level, mean wait of answered calls, abandon rate (0)."""
    load = lam * aht
    assert load < n
    b = 1.0
    for k in range(1, n + 1):  # Erlang B
        b = load * b / (k + load * b)
    c = n * b / (n - load * (1.0 - b))  # Erlang C: the chance to wait
    spare = n / aht - lam
    return {"service_level": 1.0 - c * math.exp(-spare * t), "asa_seconds": c / spare,
            "abandon_rate": 0.0}  # fmt: skip


def erlang_a_reference(
    n: int, lam: float, aht: float, t: float, patience: float
) -> dict[str, float]:
    """M/M/n+M, first come first served: the same three, from the birth–death chain."""
    mu, theta = 1.0 / aht, 1.0 / patience
    weights = [1.0]
    k = 0
    while True:
        k += 1
        death = min(k, n) * mu + max(k - n, 0) * theta
        weights.append(weights[-1] * lam / death)
        if k > n and lam < death and weights[-1] < 1e-18 * math.fsum(weights):
            break
    pi = np.array(weights) / math.fsum(weights)
    free = float(pi[:n].sum())  # an arrival finds an agent free
    finds = pi[n:]  # an arrival finds q = 0, 1, ... callers waiting
    q = np.arange(finds.size)
    nmu = n * mu
    leave = nmu + (q + 1) * theta  # how fast the tagged caller leaves state q (ahead)
    up = nmu + q * theta  # ... of which moving up a place (or, at q = 0, being answered)

    # first-step analysis: a = P(answered), m = E[wait; answered]
    a, m = np.empty(q.size), np.empty(q.size)
    a[0] = nmu / leave[0]
    m[0] = a[0] / leave[0]
    for i in range(1, q.size):
        a[i] = up[i] / leave[i] * a[i - 1]
        m[i] = a[i] / leave[i] + up[i] / leave[i] * m[i - 1]

    # P(answered within t) by uniformization: u_k = P(answered within k jumps)
    rate = float(leave[-1])
    stay, move = 1.0 - leave / rate, up / rate
    x = rate * t
    u = np.zeros(q.size)
    within = np.zeros(q.size)
    weight, rest, jumps = math.exp(-x), 1.0, 0
    while rest > 1e-15 or jumps < x:
        within += weight * u
        rest -= weight
        nxt = stay * u
        nxt[1:] += move[1:] * u[:-1]
        nxt[0] += move[0]
        u = nxt
        jumps += 1
        weight *= x / jumps
    within += max(rest, 0.0) * u

    answered = free + float((finds * a).sum())
    return {
        "service_level": free + float((finds * within).sum()),
        "asa_seconds": float((finds * m).sum()) / answered,
        "abandon_rate": theta * float((q * finds).sum()) / lam,
        "answer_rate": answered,
    }


def theory(n: int, rho: float, patience: float | None) -> dict[str, float]:
    lam = rho * n / AHT
    if patience is None:
        return erlang_c_reference(n, lam, AHT, T)
    return erlang_a_reference(n, lam, AHT, T, patience)


# ----------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    n: int
    rho: float  # occupancy λ·AHT/n
    patience: float | None  # mean seconds; None: nobody abandons (Erlang C)
    replications: int  # 1: the interval comes from batch means
    hours: float  # per replication, warm-up included
    seed: int

    @property
    def warmup_minutes(self) -> float:
        """At least 5 relaxation times of the queue started empty.

        Near saturation M/M/n relaxes like an M/M/1 served at nμ: about
        AHT / (n (1 − √ρ)²), 11 h at ρ = 0.97 with 20 agents. Abandonment pulls a long
        queue back within a few patience times, so an hour is plenty for Erlang A.
        """
        if self.patience is not None:
            return 60.0
        relaxation = AHT / (self.n * (1.0 - math.sqrt(self.rho)) ** 2)
        return max(60.0, math.ceil(5.0 * relaxation / 3600.0) * 60.0)

    def __str__(self) -> str:
        kind = "C" if self.patience is None else f"A{self.patience:g}"
        return f"{kind}-n{self.n}-rho{self.rho:g}"


def scenario(case: Case) -> Scenario:
    per_hour = case.rho * case.n / AHT * 3600.0
    patience = None if case.patience is None else Distribution("exponential", case.patience)
    queue = QueueSpec(
        QueueRules("q", unit="U", sl_seconds=T),
        PoissonArrivals((per_hour,)),
        Distribution("exponential", AHT),
        patience,
    )
    return Scenario(
        str(case), START, case.hours, (queue,), (AgentGroup("a", case.n, {"q": 1}),),
        warmup_minutes=case.warmup_minutes,
    )  # fmt: skip


# Erlang C: one long replication each, its interval from batch means (near saturation the
# waits are correlated over hours: one warm-up, and batches of a tenth of the run, 290 h
# at ρ = 0.97, many relaxation times long). Erlang A: 10 independent replications. Both
# give intervals with 9 degrees of freedom, typically 5-25 % of the value wide (ASA at
# ρ = 0.97 without abandonment: ±15 %); about 20 s of simulation in all (2.9 million
# calls).
SEED = 1  # see the module docstring
CASES = [
    #    n   ρ     patience  R   hours
    Case(10, 0.5, None, 1, 600, SEED),
    Case(15, 0.8, None, 1, 800, SEED),
    Case(20, 0.9, None, 1, 1200, SEED),
    Case(20, 0.97, None, 1, 3000, SEED),
    Case(10, 0.5, 120.0, 10, 121, SEED),
    Case(15, 0.8, 120.0, 10, 41, SEED),
    Case(20, 0.9, 120.0, 10, 41, SEED),
    Case(20, 0.97, 120.0, 10, 41, SEED),
    Case(10, 0.5, 300.0, 10, 121, SEED),
    Case(15, 0.8, 300.0, 10, 41, SEED),
    Case(20, 0.9, 300.0, 10, 41, SEED),
    Case(20, 0.97, 300.0, 10, 41, SEED),
]


def widest(metric: str, exact: float) -> float:
    """The widest half-width that still says something: an interval of ±50 % of the value
    (±0.05 for the service level) is one no simulator could miss. The runs are sized for
    about ±5-25 %; how wide the intervals are is their own business (the calibration test
    checks it), this only keeps the comparison from passing for want of a test.
    """
    return 0.05 if metric == "service_level" else 0.5 * exact


def measured(result_row: dict[str, float | None], metric: str) -> tuple[float, float]:
    value, half = result_row[metric], result_row[f"{metric}_ci"]
    assert value is not None and half is not None, (metric, result_row)
    return value, half


# ------------------------------------------------------------------------ the tests


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_reference_agrees_with_the_engines_formulas(case: Case) -> None:
    exact = theory(case.n, case.rho, case.patience)
    engine = erlang.performance(case.rho * case.n / AHT, AHT, case.n, T, case.patience)
    for metric in METRICS:
        assert float(getattr(engine, metric)) == pytest.approx(
            exact[metric], rel=1e-9, abs=1e-12
        ), metric


@pytest.mark.parametrize("rho", [0.5, 0.9, 0.97])
def test_the_erlang_a_reference_tends_to_erlang_c_as_patience_grows(rho: float) -> None:
    lam = rho * 20 / AHT
    c = erlang_c_reference(20, lam, AHT, T)
    a = erlang_a_reference(20, lam, AHT, T, 1e12)
    for metric in METRICS:
        assert a[metric] == pytest.approx(c[metric], rel=1e-6, abs=1e-9), metric


def test_the_reference_matches_a_value_worked_by_hand() -> None:
    """One agent, λ = μ/2 (M/M/1): waits with chance ρ, W = ρ/(μ−λ), SL = 1 − ρe^{−(μ−λ)T}.
    With a mean patience of one AHT (θ = μ) every death rate is kμ: the chain is M/M/∞,
    its distribution Poisson(1/2), and the abandon rate θ·E[queue]/λ."""
    mu = 1 / AHT
    lam = mu / 2
    c = erlang_c_reference(1, lam, AHT, T)
    assert c["service_level"] == pytest.approx(1 - 0.5 * math.exp(-(mu - lam) * T))
    assert c["asa_seconds"] == pytest.approx(0.5 / (mu - lam))
    # patience = AHT: the death rates are kμ, so the chain is M/M/∞ at load 1/2: Poisson
    a = erlang_a_reference(1, lam, AHT, T, AHT)
    poisson = [math.exp(-0.5) * 0.5**k / math.factorial(k) for k in range(60)]
    queue = sum((k - 1) * p for k, p in enumerate(poisson) if k >= 1)
    assert a["abandon_rate"] == pytest.approx(queue / AHT / lam)


@pytest.mark.parametrize("case", [c for c in CASES if c.patience is not None], ids=str)
def test_the_two_routes_to_the_abandon_rate_agree(case: Case) -> None:
    """θ·E[queue]/λ (rate conservation) against 1 − P(answered) (first-step analysis)."""
    exact = theory(case.n, case.rho, case.patience)
    assert exact["abandon_rate"] + exact["answer_rate"] == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_simulation_agrees_with_theory(case: Case) -> None:
    exact = theory(case.n, case.rho, case.patience)
    result = run(scenario(case), replications=case.replications, seed=case.seed)
    (row,) = result.rows
    assert row["offered"] == row["answered"] + row["abandoned"]
    if case.patience is None:
        assert row["abandoned"] == 0
        assert row["abandon_rate"] == 0.0
    problems = []
    for metric in METRICS:
        if case.patience is None and metric == "abandon_rate":
            continue
        value, half = measured(row, metric)
        if abs(value - exact[metric]) > half:
            problems.append(
                f"{metric}: simulated {value:.6g} ± {half:.3g}, theory {exact[metric]:.6g} "
                f"(off by {abs(value - exact[metric]) / half:.2f} half-widths)"
            )
        if half > widest(metric, exact[metric]):
            problems.append(f"{metric}: interval ± {half:.3g} too wide to mean anything")
    assert not problems, f"{case} ({row['offered']} calls): " + "; ".join(problems)


# The seeds' spread against the intervals: one moderate load with each way of making
# the interval (replications, batch means).
CALIBRATION = [
    pytest.param(Case(15, 0.8, 120.0, 10, 6, seed=0), id="replications"),  # seeds: SEEDS
    pytest.param(Case(15, 0.8, None, 1, 60, seed=0), id="batch-means"),
]
SEEDS = range(1000, 1060)


@pytest.mark.slow
@pytest.mark.parametrize("case", CALIBRATION)
def test_the_intervals_are_calibrated(case: Case) -> None:
    """Over 60 seeds each interval covers the exact value roughly 95 % of the time, and
    the half-widths match the spread of the estimates: the half-width over the t quantile
    is the standard error the interval claims, the estimates' standard deviation across
    seeds the one they have.

    Roughly 95 %: at least 50 of 60. An interval that truly covers 92 % fails that with
    chance 0.008, one that covers 80 % passes with chance 0.32; the ratio of the two
    standard errors, which must lie in [0.7, 1.4] (with 60 seeds a standard deviation is
    known to about ±9 %), is the sharper test of the width. Measured over 100 other seeds
    (2000-2099) at these sizes: service level covered 97 and 97 times, abandon rate 98,
    mean wait 92 (replications) and 91 (batch means, ratio 0.87): the intervals of the
    mean wait, a ratio whose batch values are skewed, run a little narrow.
    """
    exact = theory(case.n, case.rho, case.patience)
    metrics = [m for m in METRICS if not (case.patience is None and m == "abandon_rate")]
    df = case.replications - 1 if case.replications > 1 else BATCHES - 1
    values: dict[str, list[float]] = {m: [] for m in metrics}
    claimed: dict[str, list[float]] = {m: [] for m in metrics}
    covered = dict.fromkeys(metrics, 0)
    for seed in SEEDS:
        (row,) = run(scenario(case), replications=case.replications, seed=seed).rows
        for m in metrics:
            value, half = measured(row, m)
            values[m].append(value)
            claimed[m].append(half / t_quantile(df))
            covered[m] += abs(value - exact[m]) <= half
    for m in metrics:
        ratio = statistics.fmean(claimed[m]) / statistics.stdev(values[m])
        assert covered[m] >= 50, f"{m}: covered {covered[m]} of {len(SEEDS)}"
        assert 0.7 <= ratio <= 1.4, f"{m}: claimed / actual standard error {ratio:.2f}"
