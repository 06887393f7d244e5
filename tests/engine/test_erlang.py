"""linja.engine.erlang against values worked out independently of it.

References, none of which shares code or method with the engine:

- exact rational arithmetic (``fractions``) of the textbook Erlang B formula
  ``(A^n/n!) / Σ A^k/k!`` for small n;
- ``decimal`` at 40 digits summing the Poisson terms directly, for up to 20,000 agents;
- the Poisson distribution in log space (``math.lgamma``, ``math.fsum``);
- for Erlang A: the truncated birth–death generator solved with ``numpy.linalg``, and for
  each queue position the tagged caller's absorbing Markov chain (served / abandoned),
  with ``exp(S T)`` by uniformization: no formula of the engine is used;
- for Erlang A with thousands of agents: the Mandelbaum–Zeltyn integral form
  ``x ∫ e^{yu} (1−u)^a du`` (incomplete gamma functions) by Gauss–Legendre quadrature;
- a Monte-Carlo simulation of the M/M/n+M queue, first come first served.
"""

from __future__ import annotations

import heapq
import math
import random
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest

from linja.engine import erlang
from linja.engine.erlang import SlVariant, erlang_b, erlang_c, performance, required_agents


@contextmanager
def no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):  # underflow to 0 is harmless
            yield


# ---------------------------------------------------------------- references: Erlang B/C


def erlang_b_fraction(n: int, load: Fraction) -> Fraction:
    terms = [load**k / math.factorial(k) for k in range(n + 1)]
    return terms[-1] / sum(terms)


def erlang_c_decimal(n: int, load: float, t: float, aht: float) -> dict[str, float]:
    """Erlang B, C, SL and ASA summing A^k/k! term by term in 40-digit decimals."""
    with localcontext() as ctx:
        ctx.prec = 40
        a = Decimal(load)  # the exact binary value the engine sees
        term, total = Decimal(1), Decimal(1)
        for k in range(1, n + 1):
            term = term * a / k
            total += term
        b = term / total
        out = {"b": float(b)}
        if n > a:
            c = n * b / (n - a * (1 - b))
            spare = Decimal(n) - a
            out["c"] = float(c)
            out["sl"] = float(1 - c * (-spare * Decimal(t) / Decimal(aht)).exp())
            out["asa"] = float(c * Decimal(aht) / spare)
        return out


def erlang_b_log_poisson(n: int, load: float) -> float:
    """B = P(X = n) / P(X <= n) for X ~ Poisson(A), each term by lgamma."""
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(n + 1)]
    top = max(logs)
    return math.exp(logs[-1] - top) / math.fsum(math.exp(v - top) for v in logs)


# ---------------------------------------------------------------- references: Erlang A


def brute_force_erlang_a(
    rate: float, aht: float, n: int, t: float, patience: float, states: int
) -> dict[str, float]:
    """Stationary distribution by linear algebra; each arrival's fate by its own chain."""
    mu, theta = 1.0 / aht, 1.0 / patience
    gen = np.zeros((states, states))
    for k in range(states):
        if k + 1 < states:
            gen[k, k + 1] = rate
        if k:
            gen[k, k - 1] = min(k, n) * mu + max(k - n, 0) * theta
        gen[k, k] = -gen[k].sum()
    system = gen.T.copy()
    system[-1, :] = 1.0
    rhs = np.zeros(states)
    rhs[-1] = 1.0
    pi = np.linalg.solve(system, rhs)
    assert pi[-1] < 1e-15, "truncate later"

    sl = virtual = wait_answered = abandoned = 0.0
    for k in range(states):
        if k < n:
            sl += pi[k]
            virtual += pi[k]
            continue
        ahead = k - n
        size = ahead + 1  # transient states: i callers ahead of the tagged one, i = 0..ahead
        s = np.zeros((size, size))
        served = np.zeros(size)
        for i in range(size):
            leave = n * mu + i * theta
            if i:
                s[i, i - 1] = leave
            else:
                served[i] = n * mu
            s[i, i] = -(leave + theta)  # + theta: the tagged caller's own patience
        start = np.zeros(size)
        start[ahead] = 1.0
        inverse = np.linalg.inv(s)
        p_served = -start @ inverse @ served
        wait_answered += pi[k] * (start @ inverse @ inverse @ served)
        abandoned += pi[k] * (1.0 - p_served)
        sl += pi[k] * ((transient(start, s, t) - start) @ inverse @ served)
        patient = s + theta * np.eye(size)  # the same caller, never hanging up
        virtual += pi[k] * (
            (transient(start, patient, t) - start) @ np.linalg.inv(patient) @ served
        )
    return {
        "service_level": sl,
        "virtual": virtual,
        "asa_seconds": wait_answered / (1.0 - abandoned),
        "abandon_rate": abandoned,
        "wait_probability": float(pi[n:].sum()),
        "occupancy": rate * (1.0 - abandoned) * aht / n,
    }


def transient(start: np.ndarray, s: np.ndarray, t: float) -> np.ndarray:
    """start @ exp(S t) by uniformization (a Poisson mixture of powers of a substochastic
    matrix: only positive terms)."""
    uniform = float(np.max(-np.diag(s)))
    step = np.eye(len(s)) + s / uniform
    mean = uniform * t
    terms = int(mean + 12 * math.sqrt(mean) + 40)
    vector, total, weight = start.copy(), np.zeros(len(s)), math.exp(-mean)
    for j in range(terms):
        total += weight * vector
        vector = vector @ step
        weight *= mean / (j + 1)
    return total


def log_integral(y: float, power: float, upper: float, log_factor: bool = False) -> float:
    """log ∫_0^upper e^{y u} (1−u)^power [· −ln(1−u)] du, by u = 1 − e^{−s} and composite
    Gauss–Legendre on the window where the integrand is above e^-60 of its peak."""

    def log_f(s: np.ndarray) -> np.ndarray:
        value: np.ndarray = y * (-np.expm1(-s)) - (power + 1.0) * s
        return value + np.log(s) if log_factor else value

    s_top = -math.log1p(-upper) if upper < 1 else math.inf
    peak = max(math.log(y / (power + 1.0)), 0.0) if y > power + 1 else 0.0
    if log_factor:
        peak = max(peak, 1e-300)
    grid = np.linspace(0, 1, 2001)[1:]
    reach = 1.0
    while reach < 1e4:
        if (
            float(log_f(np.array([peak + reach]))[0])
            < float(np.max(log_f(peak + reach * grid))) - 60
        ):
            break
        reach *= 2
    hi = min(peak + reach, s_top)
    nodes, weights = np.polynomial.legendre.leggauss(40)
    edges = np.linspace(0.0, hi, 801)
    mid, half = (edges[1:] + edges[:-1]) / 2, (edges[1:] - edges[:-1]) / 2
    s = (mid[:, None] + half[:, None] * nodes[None, :]).ravel()
    w = (half[:, None] * weights[None, :]).ravel()
    logs = log_f(s)
    top = float(np.max(logs))
    return top + math.log(float(np.sum(w * np.exp(logs - top))))


def integral_erlang_a(
    rate: float, aht: float, n: int, t: float, patience: float
) -> dict[str, float]:
    """Mandelbaum–Zeltyn: with x = nμ/θ, y = λ/θ and D = 1/B(n, A) − 1 (from decimals),
    P(wait) = x J(x−1, 1) / Z, P(answered) = (D + x J(x, 1)) / Z,
    SL = (D + x J(x, p)) / Z, P(V <= T) = (D + x J(x−1, p)) / Z, Z = D + x J(x−1, 1),
    E[wait; answered] = (x/θ) ∫ −ln(1−u) e^{yu} (1−u)^x du / Z, p = 1 − e^{−θT}."""
    theta = 1.0 / patience
    x, y = n / aht / theta, rate / theta
    b = erlang_c_decimal(n, rate * aht, t, aht)["b"]
    log_d = math.log1p(-b) - math.log(b)
    p = -math.expm1(-theta * t)
    lx = math.log(x)

    def part(power: float, upper: float, log_factor: bool = False) -> float:
        return lx + log_integral(y, power, upper, log_factor)

    log_z = np.logaddexp(log_d, part(x - 1, 1.0))
    answered = math.exp(np.logaddexp(log_d, part(x, 1.0)) - log_z)
    return {
        "service_level": math.exp(np.logaddexp(log_d, part(x, p)) - log_z),
        "virtual": math.exp(np.logaddexp(log_d, part(x - 1, p)) - log_z),
        "wait_probability": math.exp(part(x - 1, 1.0) - log_z),
        "abandon_rate": 1.0 - answered,
        "asa_seconds": math.exp(part(x, 1.0, log_factor=True) - log_z) / theta / answered,
    }


def simulate_erlang_a(
    rate: float, aht: float, n: int, t: float, patience: float, calls: int, seed: int
) -> dict[str, float]:
    """FCFS M/M/n+M: each caller takes the earliest free agent if it frees before the
    caller's patience runs out (callers who hang up never hold an agent)."""
    rng = random.Random(seed)
    free = [0.0] * n  # when each agent is next free
    now = 0.0
    in_time = answered = waited = 0
    total_wait = busy = 0.0
    warmup = calls // 10
    for i in range(calls):
        now += rng.expovariate(rate)
        wait = max(0.0, free[0] - now)
        if wait <= rng.expovariate(1.0 / patience):
            handle = rng.expovariate(1.0 / aht)
            heapq.heapreplace(free, now + wait + handle)
            if i >= warmup:
                answered += 1
                in_time += wait <= t
                total_wait += wait
                busy += handle
        if i >= warmup:
            waited += wait > 0
    counted = calls - warmup
    return {
        "service_level": in_time / counted,
        "asa_seconds": total_wait / answered,
        "abandon_rate": 1 - answered / counted,
        "wait_probability": waited / counted,
        "occupancy": busy / (counted / rate) / n,
    }


def as_dict(got: erlang.Performance) -> dict[str, float]:
    return {name: float(getattr(got, name)) for name in erlang._FIELDS}


# ------------------------------------------------------------------------------ Erlang C

CLASSIC_RATE = 100 / 1800  # 100 calls in 30 minutes


def test_the_classic_worked_example() -> None:
    # 100 calls per half hour, AHT 180 s, 80 % within 20 s: 14 agents, SL 88.8 %, ASA 7.8 s
    assert int(required_agents(CLASSIC_RATE, 180, 20, 0.8)) == 14
    got = as_dict(performance(CLASSIC_RATE, 180, 14, 20))
    b = erlang_b_fraction(14, Fraction(10))
    c = 14 * b / (14 - 10 * (1 - b))
    assert got["wait_probability"] == pytest.approx(float(c), rel=1e-13)
    assert got["service_level"] == pytest.approx(1 - float(c) * math.exp(-4 * 20 / 180), rel=1e-13)
    assert got["asa_seconds"] == pytest.approx(float(c) * 180 / 4, rel=1e-13)
    assert got["occupancy"] == pytest.approx(10 / 14)
    assert round(got["service_level"], 3) == 0.888
    assert round(got["asa_seconds"], 1) == 7.8
    assert round(got["wait_probability"], 3) == 0.174
    assert got["abandon_rate"] == 0.0
    assert float(performance(CLASSIC_RATE, 180, 13, 20).service_level) < 0.8


@pytest.mark.parametrize("load", [Fraction(1, 2), Fraction(3), Fraction(49, 4), Fraction(29)])
def test_erlang_b_and_c_match_exact_fractions(load: Fraction) -> None:
    agents = np.arange(0, 41)
    got_b = erlang_b(agents, float(load))
    got_c = erlang_c(agents, float(load))
    for n in range(41):
        b = erlang_b_fraction(n, load)
        assert got_b[n] == pytest.approx(float(b), rel=1e-13, abs=1e-300)
        c = 1 if n <= load else n * b / (n - load * (1 - b))
        assert got_c[n] == pytest.approx(float(c), rel=1e-13, abs=1e-300)
        assert got_b[n] <= got_c[n]


@pytest.mark.parametrize(
    ("n", "load"),
    [
        (20_000, 19_990.0),
        (20_000, 19_999.5),
        (20_000, 19_800.0),
        (20_000, 18_000.0),
        (5_000, 4_990.3),
        (12_345, 12_000.25),
    ],
)
def test_thousands_of_agents_match_40_digit_sums(n: int, load: float) -> None:
    ref = erlang_c_decimal(n, load, 20.0, 180.0)
    rate = load / 180.0
    with no_warnings():
        got = as_dict(performance(rate, 180.0, n, 20.0))
        b = float(erlang_b(n, rate * 180.0))
    assert b == pytest.approx(ref["b"], rel=1e-11)
    assert b == pytest.approx(erlang_b_log_poisson(n, rate * 180.0), rel=1e-9)
    assert got["wait_probability"] == pytest.approx(ref["c"], rel=1e-11, abs=1e-300)
    assert got["service_level"] == pytest.approx(ref["sl"], rel=1e-11)
    assert got["asa_seconds"] == pytest.approx(ref["asa"], rel=1e-11, abs=1e-300)
    assert got["occupancy"] == pytest.approx(load / n, rel=1e-14)


def test_staffing_20000_agents_near_their_load() -> None:
    # 19,990 Erlang: the smallest n with 80 % in 20 s, checked against decimals at n-1 and n
    rate = 19_990.0 / 180.0
    n = int(required_agents(rate, 180.0, 20.0, 0.8))
    assert erlang_c_decimal(n, rate * 180.0, 20.0, 180.0)["sl"] >= 0.8
    assert erlang_c_decimal(n - 1, rate * 180.0, 20.0, 180.0)["sl"] < 0.8
    assert 20_000 < n < 20_020


@pytest.mark.parametrize(("n", "load"), [(10, 10.0), (10, 12.5), (20_000, 20_000.0), (1, 5.0)])
def test_unstable_erlang_c_is_reported_cleanly(n: int, load: float) -> None:
    with no_warnings():
        got = as_dict(performance(load / 180.0, 180.0, n, 20.0))
        c = float(erlang_c(n, load))
    assert got == {
        "service_level": 0.0,
        "asa_seconds": math.inf,
        "occupancy": 1.0,
        "wait_probability": 1.0,
        "abandon_rate": 0.0,
    }
    assert c == 1.0


def test_no_calls_needs_no_agents() -> None:
    assert int(required_agents(0.0, 180, 20, 0.8)) == 0
    assert int(required_agents(0.0, 180, 20, 0.8, patience_seconds=60.0)) == 0
    got = as_dict(performance(0.0, 180, 3, 20, patience_seconds=60.0))
    assert got == {
        "service_level": 1.0,
        "asa_seconds": 0.0,
        "occupancy": 0.0,
        "wait_probability": 0.0,
        "abandon_rate": 0.0,
    }
    assert float(erlang_b(5, 0.0)) == 0.0
    assert float(erlang_b(0, 3.0)) == 1.0


def test_threshold_zero_is_the_chance_of_no_wait() -> None:
    got = performance(CLASSIC_RATE, 180, 14, 0)
    assert float(got.service_level) == pytest.approx(1 - float(got.wait_probability), rel=1e-14)


# ------------------------------------------------------------------------------ Erlang A

ERLANG_A_CASES = [
    # rate/s, aht, agents, T, patience, states for the brute force
    (100 / 1800, 180.0, 14, 20.0, 120.0, 120),  # the classic example with callers hanging up
    (100 / 1800, 180.0, 8, 20.0, 120.0, 220),  # overloaded: A = 10 > 8 agents
    (2.0 / 60, 300.0, 3, 30.0, 45.0, 120),  # A = 10 on 3 agents, short patience (nμ/θ < 1)
    (0.5, 30.0, 12, 15.0, 600.0, 400),  # A = 15 on 12 agents, patient callers
    (0.2, 40.0, 10, 0.0, 90.0, 150),  # T = 0: answered without waiting
    (1 / 60, 240.0, 1, 60.0, 300.0, 150),  # one agent
]


@pytest.mark.parametrize(("rate", "aht", "n", "t", "patience", "states"), ERLANG_A_CASES)
def test_erlang_a_matches_brute_force_birth_death(
    rate: float, aht: float, n: int, t: float, patience: float, states: int
) -> None:
    ref = brute_force_erlang_a(rate, aht, n, t, patience, states)
    with no_warnings():
        got = as_dict(performance(rate, aht, n, t, patience_seconds=patience))
        virtual = float(performance(rate, aht, n, t, patience, variant="virtual").service_level)
    for name in erlang._FIELDS:
        assert got[name] == pytest.approx(ref[name], rel=1e-9, abs=1e-12), name
    assert virtual == pytest.approx(ref["virtual"], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("n", "load", "patience"),
    [
        (2_000, 1_990.0, 120.0),
        (2_000, 2_100.0, 60.0),
        (20_000, 19_990.0, 120.0),
        (20_000, 20_500.0, 600.0),
        (20_000, 19_000.0, 30.0),
    ],
)
def test_erlang_a_with_thousands_of_agents_matches_the_integral_form(
    n: int, load: float, patience: float
) -> None:
    aht, t = 180.0, 20.0
    rate = load / aht
    ref = integral_erlang_a(rate, aht, n, t, patience)
    with no_warnings():
        got = as_dict(performance(rate, aht, n, t, patience_seconds=patience))
        virtual = float(performance(rate, aht, n, t, patience, variant="virtual").service_level)
    for name in ("service_level", "wait_probability", "abandon_rate", "asa_seconds"):
        assert got[name] == pytest.approx(ref[name], rel=1e-8, abs=1e-13), name
    assert virtual == pytest.approx(ref["virtual"], rel=1e-8, abs=1e-13)
    assert got["occupancy"] == pytest.approx(load * (1 - ref["abandon_rate"]) / n, rel=1e-8)


def test_erlang_a_matches_a_simulation() -> None:
    rate, aht, n, t, patience = 48 / 180, 180.0, 50, 20.0, 90.0  # A = 48 on 50 agents
    sim = simulate_erlang_a(rate, aht, n, t, patience, calls=300_000, seed=7)
    got = as_dict(performance(rate, aht, n, t, patience_seconds=patience))
    assert got["service_level"] == pytest.approx(sim["service_level"], abs=0.01)
    assert got["abandon_rate"] == pytest.approx(sim["abandon_rate"], abs=0.005)
    assert got["wait_probability"] == pytest.approx(sim["wait_probability"], abs=0.015)
    assert got["asa_seconds"] == pytest.approx(sim["asa_seconds"], rel=0.06)
    assert got["occupancy"] == pytest.approx(sim["occupancy"], abs=0.01)


def test_erlang_a_without_patience_is_erlang_c() -> None:
    rates = np.array([CLASSIC_RATE, 0.3, 1.1])
    classic = performance(rates, 180.0, [14, 60, 210], 20.0)
    for patience in (None, np.inf):
        same = performance(rates, 180.0, [14, 60, 210], 20.0, patience_seconds=patience)
        for name in erlang._FIELDS:
            assert np.array_equal(getattr(same, name), getattr(classic, name))
    very_patient = performance(rates, 180.0, [14, 60, 210], 20.0, patience_seconds=1e9)
    for name in ("service_level", "asa_seconds", "wait_probability", "occupancy"):
        assert np.allclose(getattr(very_patient, name), getattr(classic, name), rtol=1e-5)
    assert np.all(very_patient.abandon_rate < 1e-6)


def test_erlang_a_is_stable_at_any_load() -> None:
    with no_warnings():
        got = as_dict(performance(100.0 / 180.0, 180.0, 50, 20.0, patience_seconds=60.0))
    # 100 Erlang on 50 agents: about half hang up, the agents are always busy
    assert got["abandon_rate"] == pytest.approx(0.5, abs=0.01)
    assert got["occupancy"] == pytest.approx(1.0, abs=1e-3)
    assert math.isfinite(got["asa_seconds"])
    assert 0.0 <= got["service_level"] < 0.5


# ------------------------------------------------------------------ vectors and the solver


def test_arrays_broadcast_and_agree_with_scalars() -> None:
    rates = np.array([[0.05], [0.2], [1.0]])  # 3 intervals × 4 queues
    aht = np.array([120.0, 180.0, 300.0, 600.0])
    patience = np.array([np.inf, 60.0, np.inf, 300.0])
    agents = required_agents(rates, aht, 30.0, 0.85, patience_seconds=patience)
    got = performance(rates, aht, agents, 30.0, patience_seconds=patience)
    assert agents.shape == got.service_level.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            p = None if math.isinf(patience[j]) else float(patience[j])
            one = int(required_agents(float(rates[i, 0]), float(aht[j]), 30.0, 0.85, p))
            assert agents[i, j] == one
            single = as_dict(performance(float(rates[i, 0]), float(aht[j]), one, 30.0, p))
            for name, value in single.items():
                assert getattr(got, name)[i, j] == pytest.approx(value, rel=1e-12)


def test_many_cells_take_the_vector_path_and_agree() -> None:
    rng = np.random.default_rng(3)
    n = rng.integers(1, 400, size=200)
    load = rng.uniform(0.1, 400.0, size=200)
    many = erlang_b(n, load)  # more than a few cells: the numpy recursion
    for k in range(0, 200, 17):
        assert many[k] == pytest.approx(erlang_b_log_poisson(int(n[k]), float(load[k])), rel=1e-9)


@pytest.mark.parametrize("patience", [None, 90.0])
@pytest.mark.parametrize("variant", ["answered", "virtual"])
def test_required_agents_is_the_smallest_that_meets_the_target(
    patience: float | None, variant: str
) -> None:
    rng = np.random.default_rng(11)
    rate = rng.uniform(0.001, 2.0, size=60)
    aht = rng.uniform(60.0, 600.0, size=60)
    target = rng.choice([0.7, 0.8, 0.9, 0.95], size=60)
    cap = rng.choice([1.0, 0.85], size=60)
    n = required_agents(rate, aht, 20.0, target, patience, max_occupancy=cap, variant=variant)
    at = performance(rate, aht, n, 20.0, patience, variant)
    assert np.all(at.service_level >= target - 1e-9)
    assert np.all(at.occupancy <= cap + 1e-9)
    fewer = np.maximum(n - 1, 1)
    below = performance(rate, aht, fewer, 20.0, patience, variant)
    missed = (below.service_level < target) | (below.occupancy > cap)
    assert np.all(missed | (n == 1))


def test_max_occupancy_adds_agents() -> None:
    # 10 Erlang, 70 % occupancy at most: 10 / 0.7 = 14.3, so 15 agents (not the 14 for SL)
    assert int(required_agents(CLASSIC_RATE, 180, 20, 0.8, max_occupancy=0.7)) == 15
    # exactly 80 %: 12.5 -> 13; and 10 / 0.8 = 12.5 agents is not whole, 0.5 gives exactly 20
    assert int(required_agents(CLASSIC_RATE, 180, 20, 0.5, max_occupancy=0.8)) == 13
    assert int(required_agents(CLASSIC_RATE, 180, 20, 0.5, max_occupancy=0.5)) == 20


def test_an_unreachable_target_is_minus_one() -> None:
    assert int(required_agents(100.0, 180.0, 20, 0.8, max_agents=1000)) == -1  # 18,000 Erlang
    assert int(required_agents(100.0, 180.0, 20, 0.8, 60.0, max_agents=1000)) == -1
    assert int(required_agents(1.0, 180.0, 20, 0.8, max_occupancy=0.01, max_agents=1000)) == -1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: performance(-1.0, 180, 5, 20), "arrival rate"),
        (lambda: performance(1.0, 0.0, 5, 20), "aht_seconds"),
        (lambda: performance(1.0, 180, 0, 20), "agents must be at least 1"),
        (lambda: performance(1.0, 180, 2.5, 20), "whole numbers"),
        (lambda: performance(1.0, 180, 5, -1), "sl_seconds"),
        (lambda: performance(1.0, 180, 5, 20, patience_seconds=0.0), "patience"),
        (lambda: performance(1.0, 180, 5, 20, variant="sometimes"), "sometimes"),
        (lambda: required_agents(1.0, 180, 20, 1.0), "target"),
        (lambda: required_agents(1.0, 180, 20, 0.8, max_occupancy=1.5), "max_occupancy"),
        (lambda: erlang_b(-1, 2.0), "agents"),
        (lambda: erlang_c(3, float("nan")), "load"),
    ],
)
def test_bad_arguments_raise_value_error(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def test_absurd_patience_in_overload_is_refused_not_hung() -> None:
    with pytest.raises(ValueError, match="patience is too long"):
        performance(10.0, 180.0, 100, 20.0, patience_seconds=1e12)


def test_offered_load_and_arrival_rate() -> None:
    assert float(erlang.arrival_rate(100, 1800)) == pytest.approx(1 / 18)
    assert erlang.offered_load(erlang.arrival_rate([100, 50], 1800), 180).tolist() == [10.0, 5.0]
    assert SlVariant("virtual") is SlVariant.VIRTUAL
