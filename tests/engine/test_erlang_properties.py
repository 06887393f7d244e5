"""Invariants of the staffing formulas on random inputs (Hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from linja.engine.erlang import (
    SlVariant,
    erlang_b,
    erlang_c,
    performance,
    required_agents,
)

SETTINGS = settings(max_examples=60, deadline=None)

loads = st.floats(min_value=0.01, max_value=120.0)
ahts = st.floats(min_value=20.0, max_value=900.0)
thresholds = st.floats(min_value=0.0, max_value=120.0)
patiences = st.floats(min_value=5.0, max_value=1800.0)
variants = st.sampled_from(list(SlVariant))


def rate_of(load: float, aht: float) -> float:
    return load / aht


@SETTINGS
@given(load=loads, aht=ahts, t=thresholds, patience=st.none() | patiences, variant=variants)
def test_more_agents_never_hurt(
    load: float, aht: float, t: float, patience: float | None, variant: SlVariant
) -> None:
    n = np.arange(1, int(load * 1.5) + 12)
    got = performance(rate_of(load, aht), aht, n, t, patience, variant)
    slack = 1e-12
    assert np.all(np.diff(got.service_level) >= -slack)
    assert np.all(np.diff(got.wait_probability) <= slack)
    assert np.all(np.diff(got.abandon_rate) <= slack)
    assert np.all(np.diff(got.occupancy) <= 1e-9)  # rounding where every agent is busy
    finite = np.isfinite(got.asa_seconds)
    assert np.all(np.diff(got.asa_seconds[finite]) <= 1e-9 * got.asa_seconds[finite][:-1] + slack)


@SETTINGS
@given(load=loads, aht=ahts, t=thresholds, patience=st.none() | patiences, variant=variants)
def test_results_are_probabilities(
    load: float, aht: float, t: float, patience: float | None, variant: SlVariant
) -> None:
    n = np.arange(1, int(load * 1.5) + 5)
    got = performance(rate_of(load, aht), aht, n, t, patience, variant)
    for probability in (got.service_level, got.wait_probability, got.abandon_rate, got.occupancy):
        assert np.all((probability >= 0) & (probability <= 1))
        assert not np.any(np.isnan(probability))
    assert np.all(got.asa_seconds >= 0)
    assert not np.any(np.isnan(got.asa_seconds))
    # carried load is at most the offered load and at most the agents
    assert np.all(got.occupancy <= np.minimum(load / n, 1.0) * (1 + 1e-12))
    if patience is None:
        assert np.all(got.abandon_rate == 0)
        offered = rate_of(load, aht) * aht  # the load as the engine sees it, rounding and all
        assert np.all(np.isinf(got.asa_seconds) == (n <= offered))
    else:
        assert np.all(np.isfinite(got.asa_seconds))  # Erlang A is always stable


@SETTINGS
@given(load=loads, n=st.integers(0, 400))
def test_blocking_is_at_most_waiting(load: float, n: int) -> None:
    b, c = float(erlang_b(n, load)), float(erlang_c(n, load))
    assert 0 <= b <= c <= 1
    if n > load:
        # the textbook link: C = B / (1 − ρ (1 − B)), ρ = A/n
        assert math.isclose(c, b / (1 - load / n * (1 - b)), rel_tol=1e-12, abs_tol=1e-300)


@SETTINGS
@given(load=loads, n=st.integers(1, 400))
def test_erlang_b_recursion_step(load: float, n: int) -> None:
    # B(n) = A B(n-1) / (n + A B(n-1)), and B falls as agents are added
    before, now = float(erlang_b(n - 1, load)), float(erlang_b(n, load))
    assert math.isclose(now, load * before / (n + load * before), rel_tol=1e-12, abs_tol=1e-300)
    assert now <= before


@SETTINGS
@given(load=loads, aht=ahts, t=thresholds, patience=patiences)
def test_virtual_wait_and_answered_service_level(
    load: float, aht: float, t: float, patience: float
) -> None:
    n = np.arange(1, int(load * 1.3) + 5)
    rate = rate_of(load, aht)
    answered = performance(rate, aht, n, t, patience, SlVariant.ANSWERED)
    virtual = performance(rate, aht, n, t, patience, SlVariant.VIRTUAL)
    # answered in time needs the call answered at all, and needs V <= T
    assert np.all(answered.service_level <= 1 - answered.abandon_rate + 1e-12)
    assert np.all(answered.service_level <= virtual.service_level + 1e-12)
    # those who do not wait are answered at once
    assert np.all(answered.service_level >= 1 - answered.wait_probability - 1e-12)


@SETTINGS
@given(
    load=st.floats(min_value=0.5, max_value=150.0),
    aht=ahts,
    t=thresholds,
    extra=st.integers(1, 30),
)
def test_erlang_a_tends_to_erlang_c_as_patience_grows(
    load: float, aht: float, t: float, extra: int
) -> None:
    n = math.floor(load) + extra
    rate = rate_of(load, aht)
    assume(load / n < 0.97)  # near saturation the approach is slow
    classic = performance(rate, aht, n, t)
    waits = []
    for patience in (1e4 * aht, 1e6 * aht, 1e8 * aht):
        palm = performance(rate, aht, n, t, patience)
        waits.append(float(classic.wait_probability) - float(palm.wait_probability))
        # P(ab) = E[wait] / patience, and callers who may hang up wait less than in Erlang C
        assert float(palm.abandon_rate) <= float(classic.asa_seconds) / patience * (1 + 1e-9)
    # at 10^8 handle times of patience, Erlang A is Erlang C to what a planner can see
    assert abs(float(palm.service_level) - float(classic.service_level)) <= 1e-5
    assert float(palm.asa_seconds) == pytest.approx(float(classic.asa_seconds), rel=1e-4, abs=1e-12)
    # the gap shrinks like 1 / patience: a hundred times longer, a hundred times smaller
    assert all(gap >= -1e-12 for gap in waits)
    assert waits[2] <= waits[1] / 50 + 1e-12
    assert waits[1] <= waits[0] / 50 + 1e-12


@SETTINGS
@given(load=loads, aht=ahts, t=thresholds, patience=patiences)
def test_longer_patience_fewer_abandon(load: float, aht: float, t: float, patience: float) -> None:
    n = max(1, round(load))
    rate = rate_of(load, aht)
    short = performance(rate, aht, n, t, patience)
    long = performance(rate, aht, n, t, patience * 2)
    assert float(long.abandon_rate) <= float(short.abandon_rate) + 1e-12
    assert float(long.wait_probability) >= float(short.wait_probability) - 1e-12


@settings(max_examples=40, deadline=None)
@given(
    load=st.floats(min_value=0.05, max_value=200.0),
    aht=ahts,
    t=thresholds,
    target=st.floats(min_value=0.05, max_value=0.99),
    cap=st.none() | st.floats(min_value=0.3, max_value=1.0),
    patience=st.none() | patiences,
    variant=variants,
)
def test_required_agents_is_minimal(
    load: float,
    aht: float,
    t: float,
    target: float,
    cap: float | None,
    patience: float | None,
    variant: SlVariant,
) -> None:
    rate = rate_of(load, aht)
    n = int(required_agents(rate, aht, t, target, patience, cap, variant))
    assert n >= 1
    ceiling = 1.0 if cap is None else cap
    at = performance(rate, aht, n, t, patience, variant)
    assert float(at.service_level) >= target - 1e-9
    assert float(at.occupancy) <= ceiling + 1e-9
    if n > 1:
        below = performance(rate, aht, n - 1, t, patience, variant)
        assert float(below.service_level) < target or float(below.occupancy) > ceiling


@settings(max_examples=25, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.floats(0.0, 80.0), ahts, thresholds, st.sampled_from([0.7, 0.8, 0.9])),
        min_size=1,
        max_size=40,
    ),
    patience=st.none() | patiences,
)
def test_vectorised_equals_cell_by_cell(
    cells: list[tuple[float, float, float, float]], patience: float | None
) -> None:
    load, aht, t, target = (np.array(column) for column in zip(*cells, strict=True))
    rate = load / aht
    together = required_agents(rate, aht, t, target, patience)
    one_by_one = [
        int(required_agents(float(r), float(h), float(s), float(p), patience))
        for r, h, s, p in zip(rate, aht, t, target, strict=True)
    ]
    assert together.tolist() == one_by_one
    assert np.all((together == 0) == (rate == 0))
