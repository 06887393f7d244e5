"""Staffing formulas: Erlang B, Erlang C and Erlang A (M/M/n+M), exact and vectorised.

Every function takes numpy arrays (or scalars) and broadcasts them against each other, so
a whole planning grid of intervals × queues is computed in one call; a scalar in gives a
0-d array out (``float(x)`` works on it). Units: the arrival rate is calls per **second**,
every time is in seconds, the offered load ``A = arrival_rate × aht`` is in Erlang.

The models (one queue, ``n`` identical agents, calls answered first come first served):

- **Erlang B** (M/M/n/n): no queue; a call that finds every agent busy is lost.
- **Erlang C** (M/M/n): an infinite, infinitely patient queue. Stable only when ``n > A``;
  otherwise the queue grows without limit and the results say so plainly (service level 0,
  ``asa_seconds`` infinite, ``wait_probability`` 1, occupancy 1) — no NaN, no warning.
- **Erlang A** (M/M/n+M, Palm's model): callers abandon after an exponential patience
  with mean ``patience_seconds``. Always stable; with infinite patience it is Erlang C.

Definitions follow DESIGN.md §4 (see docs/staffing.md):

- ``service_level``, variant ``"answered"`` (the default, the definition of the KPIs):
  answered within T / offered, so a caller who abandons is *not* answered:
  ``P(answered and wait <= T)``. Variant ``"virtual"``: the chance that an infinitely
  patient caller would be answered within T, ``P(V <= T)`` with V the virtual wait (the
  time until an agent would take the call). Without abandonment the two are the same.
- ``asa_seconds``: mean wait of *answered* callers (those answered at once count as 0).
- ``occupancy``: carried load / n, where the carried load is ``λ (1 − P(abandon)) aht``
  (``min(A, n)`` for Erlang C).
- ``wait_probability``: the chance a caller finds every agent busy (has to queue).
- ``abandon_rate``: abandoned / offered (always 0 in Erlang C).

The computation is exact (the birth–death chain of the model, not the Garnett/Palm
approximations). Erlang B uses its classical recursion
``B(k) = A B(k-1) / (k + A B(k-1))``, which never forms a factorial or a power and stays
accurate well past 20,000 agents. Erlang A sums the stationary distribution of the queue
in log space, ``π(n+q) / π(n) = Π_{j<=q} λ / (nμ + jθ)``, until the rest of the infinite
tail is provably below ``e^-36`` of the total (a geometric bound). For a caller who finds
``q`` callers ahead, the virtual wait is a sum of ``q+1`` exponentials with rates
``nμ + iθ`` (``i = 0..q``), so ``1 − e^{−θV}`` is Beta(q+1, nμ/θ) distributed; that gives

- ``P(answered | q) = nμ / (nμ + (q+1)θ)``,
- ``P(answered and wait <= T | q) = P(answered | q) × (1 − F_q)``, with ``F_q`` the
  distribution function at ``q`` of a negative binomial (``(nμ + θ)/θ`` successes of
  chance ``e^{−θT}``), summed term by term with its own recursion,
- ``E[wait; answered | q] = P(answered | q) × Σ_{i=1}^{q+1} 1 / (nμ + iθ)``.

Pure: no I/O, no clock; only numpy and the standard library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MAX_AGENTS: Final = 100_000
"""The default largest staffing :func:`required_agents` looks at (beyond it: -1)."""

TOLERANCE: Final = 1e-9
"""A target missed by less than this still counts as met, so that rounding in the inputs
(for example an occupancy of exactly 0.8 computed as 0.8000000000000002) never adds an
agent. Far below anything a planner can see (targets are given to 0.1 %)."""

MAX_QUEUE_TERMS: Final = 20_000_000
"""Erlang A sums the queue-length distribution term by term. It needs about
``max(0, (λ − nμ)/θ) + 40 √(λ/θ)`` terms: tens of thousands for real contact centres, but
without limit as the patience grows towards infinity while the load exceeds the agents."""

_TAIL_MARGIN: Final = 36.0  # stop the queue series when its tail is below e^-36 of the sum
_FIRST_CHUNK: Final = 64
_CHUNK_CELLS: Final = 1 << 19  # at most this many (cell, term) pairs in memory at once
_SCALAR_CELLS: Final = 32  # up to this many cells the Erlang B recursion runs in plain floats


class SlVariant(StrEnum):
    """Which service level: answered within T (DESIGN.md §4), or the virtual wait."""

    ANSWERED = "answered"
    VIRTUAL = "virtual"


@dataclass(frozen=True)
class Performance:
    """What a staffing gives, one value per cell (arrays of the broadcast shape)."""

    service_level: FloatArray
    asa_seconds: FloatArray
    occupancy: FloatArray
    wait_probability: FloatArray
    abandon_rate: FloatArray


_FIELDS = ("service_level", "asa_seconds", "occupancy", "wait_probability", "abandon_rate")


# --------------------------------------------------------------------------- inputs


def _floats(value: npt.ArrayLike) -> FloatArray:
    return np.asarray(value, dtype=np.float64)


def _patience(value: npt.ArrayLike | None) -> FloatArray:
    return np.array(np.inf) if value is None else _floats(value)


def _agents(value: npt.ArrayLike, least: int) -> IntArray:
    raw = np.asarray(value)
    if raw.dtype.kind == "f":
        if not np.all(np.isfinite(raw)) or np.any(raw != np.floor(raw)):
            raise ValueError("agents must be whole numbers")
    elif raw.dtype.kind not in "iub":
        raise ValueError(f"agents must be whole numbers, not {raw.dtype}")
    agents = raw.astype(np.int64)
    if np.any(agents < least):
        raise ValueError(f"agents must be at least {least}")
    return agents


def _check(condition: np.bool_ | bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _check_rates(rate: FloatArray, aht: FloatArray) -> None:
    _check(np.all(np.isfinite(rate) & (rate >= 0)), "arrival rate must be finite and >= 0")
    _check(np.all(np.isfinite(aht) & (aht > 0)), "aht_seconds must be finite and > 0")


def _check_times(sl_seconds: FloatArray, patience: FloatArray) -> None:
    _check(np.all(np.isfinite(sl_seconds) & (sl_seconds >= 0)), "sl_seconds must be >= 0")
    _check(np.all(~np.isnan(patience) & (patience > 0)), "patience_seconds must be > 0")


# ----------------------------------------------------------------------- public API


def arrival_rate(calls: npt.ArrayLike, interval_seconds: npt.ArrayLike) -> FloatArray:
    """Calls per second: ``calls`` offered in an interval of ``interval_seconds``."""
    count, length = np.broadcast_arrays(_floats(calls), _floats(interval_seconds))
    _check(np.all(np.isfinite(count) & (count >= 0)), "calls must be finite and >= 0")
    _check(np.all(np.isfinite(length) & (length > 0)), "interval_seconds must be > 0")
    rate: FloatArray = count / length
    return rate


def offered_load(rate: npt.ArrayLike, aht_seconds: npt.ArrayLike) -> FloatArray:
    """The offered load in Erlang: arrival rate (calls per second) × mean handle time."""
    lam, aht = np.broadcast_arrays(_floats(rate), _floats(aht_seconds))
    _check_rates(lam, aht)
    load: FloatArray = lam * aht
    return load


def erlang_b(agents: npt.ArrayLike, load: npt.ArrayLike) -> FloatArray:
    """Blocking probability of ``agents`` servers with no queue at ``load`` Erlang."""
    n, a = np.broadcast_arrays(_agents(agents, 0), _floats(load))
    _check(np.all(np.isfinite(a) & (a >= 0)), "load must be finite and >= 0")
    with np.errstate(under="ignore"):
        return _erlang_b(n.ravel(), a.ravel()).reshape(n.shape)


def erlang_c(agents: npt.ArrayLike, load: npt.ArrayLike) -> FloatArray:
    """Probability that a call waits with ``agents`` servers and an infinite queue.

    1 where the queue is unstable (load >= agents).
    """
    n, a = np.broadcast_arrays(_agents(agents, 0), _floats(load))
    _check(np.all(np.isfinite(a) & (a >= 0)), "load must be finite and >= 0")
    flat_n, flat_a = n.ravel(), a.ravel()
    with np.errstate(under="ignore"):
        return _erlang_c(flat_n, flat_a, _erlang_b(flat_n, flat_a)).reshape(n.shape)


def performance(
    rate: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    agents: npt.ArrayLike,
    sl_seconds: npt.ArrayLike,
    patience_seconds: npt.ArrayLike | None = None,
    variant: SlVariant | str = SlVariant.ANSWERED,
) -> Performance:
    """Service level, mean wait, occupancy, wait and abandon probability of a staffing.

    ``rate`` is calls per second, ``agents`` at least 1, ``sl_seconds`` the threshold T.
    ``patience_seconds`` None (or ``inf``) gives Erlang C; a finite mean patience gives
    Erlang A. Cells may mix the two. A rate of 0 gives service level 1 and zeros.
    """
    shaped = np.broadcast_arrays(
        _floats(rate),
        _floats(aht_seconds),
        _agents(agents, 1),
        _floats(sl_seconds),
        _patience(patience_seconds),
    )
    lam, aht, n, t, patience = (part.ravel() for part in shaped)
    _check_rates(lam, aht)
    _check_times(t, patience)
    with np.errstate(under="ignore"):  # tiny probabilities underflow to 0, harmlessly
        flat = _performance(lam, aht, n, t, patience, SlVariant(variant))
    shape = shaped[0].shape
    return Performance(*(getattr(flat, f).reshape(shape) for f in _FIELDS))


def required_agents(
    rate: npt.ArrayLike,
    aht_seconds: npt.ArrayLike,
    sl_seconds: npt.ArrayLike,
    target: npt.ArrayLike,
    patience_seconds: npt.ArrayLike | None = None,
    max_occupancy: npt.ArrayLike | None = None,
    variant: SlVariant | str = SlVariant.ANSWERED,
    max_agents: int = MAX_AGENTS,
) -> IntArray:
    """The smallest number of agents whose service level is at least ``target``.

    With ``max_occupancy`` also the smallest whose occupancy is at most that. ``target``
    must lie in (0, 1) and ``max_occupancy`` in (0, 1]. A cell with no calls needs 0
    agents; a cell that would need more than ``max_agents`` gives -1.

    Erlang C cells are found in one pass of the Erlang B recursion, checking each n from
    the first stable one; Erlang A cells by bisection (service level and occupancy are
    monotone in n).
    """
    shaped = np.broadcast_arrays(
        _floats(rate),
        _floats(aht_seconds),
        _floats(sl_seconds),
        _floats(target),
        _patience(patience_seconds),
        _floats(1.0 if max_occupancy is None else max_occupancy),
    )
    lam, aht, t, goal, patience, occupancy = (part.ravel() for part in shaped)
    _check_rates(lam, aht)
    _check_times(t, patience)
    _check(np.all((goal > 0) & (goal < 1)), "target must lie strictly between 0 and 1")
    _check(np.all((occupancy > 0) & (occupancy <= 1)), "max_occupancy must be in (0, 1]")
    _check(max_agents >= 1, "max_agents must be at least 1")
    wanted = SlVariant(variant)
    with np.errstate(under="ignore"):
        agents = _required(lam, aht, t, goal, patience, occupancy, wanted, max_agents)
    return agents.reshape(shaped[0].shape)


def _required(
    lam: FloatArray,
    aht: FloatArray,
    t: FloatArray,
    goal: FloatArray,
    patience: FloatArray,
    occupancy: FloatArray,
    wanted: SlVariant,
    max_agents: int,
) -> IntArray:
    agents = np.zeros(lam.size, dtype=np.int64)
    calls = lam > 0
    classic = calls & np.isinf(patience)
    agents[classic] = _solve_erlang_c(
        lam[classic] * aht[classic],
        t[classic] / aht[classic],
        goal[classic],
        occupancy[classic],
        max_agents,
    )
    palm = calls & ~np.isinf(patience)
    if np.any(palm):
        agents[palm] = _solve_erlang_a(
            lam[palm], aht[palm], t[palm], patience[palm], goal[palm], occupancy[palm],
            wanted, max_agents,
        )  # fmt: skip
    return agents


# --------------------------------------------------------------------------- Erlang B/C


def _erlang_b(n: IntArray, a: FloatArray) -> FloatArray:
    """B(n, A) per cell by the forward recursion (stable; underflows harmlessly to 0)."""
    if n.size <= _SCALAR_CELLS:
        return np.array([_erlang_b_scalar(int(k), float(x)) for k, x in zip(n, a, strict=True)])
    order = np.argsort(n, kind="stable")
    ns, load = n[order], a[order]
    b = np.ones(n.size)
    top = int(ns[-1]) if n.size else 0
    starts = np.searchsorted(ns, np.arange(1, top + 1), side="left")
    for k in range(1, top + 1):
        first = int(starts[k - 1])  # cells with n >= k
        ab = load[first:] * b[first:]
        b[first:] = ab / (k + ab)
    out = np.empty(n.size)
    out[order] = b
    return out


def _erlang_b_scalar(n: int, a: float) -> float:
    b = 1.0
    for k in range(1, n + 1):
        ab = a * b
        b = ab / (k + ab)
    return b


def _erlang_c(n: IntArray, a: FloatArray, b: FloatArray) -> FloatArray:
    stable = n > a
    gap = np.where(stable, n - a * (1.0 - b), 1.0)
    return np.where(stable, n * b / gap, 1.0)


def _performance_c(lam: FloatArray, aht: FloatArray, n: IntArray, t: FloatArray) -> Performance:
    a = lam * aht
    stable = n > a
    c = _erlang_c(n, a, _erlang_b(n, a))
    spare = np.where(stable, n - a, 1.0)  # idle agents on average (1.0 only as a placeholder)
    late = c * np.exp(-spare * (t / aht))
    return Performance(
        service_level=np.where(stable, 1.0 - late, 0.0),
        asa_seconds=np.where(stable, c * aht / spare, np.inf),
        occupancy=np.where(stable, a / n, 1.0),
        wait_probability=c,
        abandon_rate=np.zeros(lam.size),
    )


def _solve_erlang_c(
    a: FloatArray, t_over_aht: FloatArray, goal: FloatArray, occupancy: FloatArray, limit: int
) -> IntArray:
    """The smallest stable n with SL >= goal and A/n <= occupancy, one recursion pass.

    Cells are sorted by the first n worth checking; the recursion runs for every cell not
    yet solved, the service level is only evaluated for those whose first n has come.
    """
    first = np.maximum(np.floor(a) + 1.0, np.ceil(a / (occupancy + TOLERANCE)))
    result = np.full(a.size, -1, dtype=np.int64)
    reachable = first <= limit
    cells = np.flatnonzero(reachable)
    if cells.size == 0:
        return result
    order = cells[np.argsort(first[cells], kind="stable")]
    load, ratio, want, start = a[order], t_over_aht[order], goal[order], first[order]
    found = np.full(order.size, -1, dtype=np.int64)
    b = np.ones(order.size)
    top = int(start[-1])  # from here on every cell is due
    due = np.searchsorted(start, np.arange(1, top + 1), side="right")  # cells with start <= k
    low = 0  # every cell before `low` is solved
    for k in range(1, limit + 1):
        ab = load[low:] * b[low:]
        b[low:] = ab / (k + ab)
        end = int(due[k - 1]) if k <= top else order.size
        if end <= low:
            continue
        window = slice(low, end)
        open_ = found[window] < 0
        spare = k - load[window]
        c = k * b[window] / (k - load[window] * (1.0 - b[window]))
        met = open_ & (1.0 - c * np.exp(-spare * ratio[window]) >= want[window] - TOLERANCE)
        found[window][met] = k
        while low < order.size and found[low] >= 0:
            low += 1
        if low == order.size:
            break
    result[order] = found
    return result


# ----------------------------------------------------------------------------- Erlang A


@dataclass
class _QueueSums:
    """Σ over q >= 0 of w_q × (1, 1 − a_q, a_q (1 − F_q), 1 − F'_q, a_q h_q), with
    w_q = π(n+q)/π(n) / e^log_scale."""

    log_scale: FloatArray
    total: FloatArray
    abandon: FloatArray
    answered_in_time: FloatArray
    virtual_in_time: FloatArray
    answered_wait: FloatArray


def _performance(
    lam: FloatArray,
    aht: FloatArray,
    n: IntArray,
    t: FloatArray,
    patience: FloatArray,
    variant: SlVariant,
) -> Performance:
    result = Performance(*(np.empty(lam.size) for _ in _FIELDS))
    parts = (
        (np.isinf(patience) & (lam > 0), _classic),
        (~np.isinf(patience) & (lam > 0), _palm),
        (lam == 0, _idle),
    )
    for where, model in parts:
        if np.any(where):
            part = model(lam[where], aht[where], n[where], t[where], patience[where], variant)
            for name in _FIELDS:
                getattr(result, name)[where] = getattr(part, name)
    return result


def _classic(
    lam: FloatArray, aht: FloatArray, n: IntArray, t: FloatArray, _p: FloatArray, _v: SlVariant
) -> Performance:
    return _performance_c(lam, aht, n, t)


def _idle(
    lam: FloatArray, _a: FloatArray, _n: IntArray, _t: FloatArray, _p: FloatArray, _v: SlVariant
) -> Performance:
    zeros = np.zeros(lam.size)
    return Performance(np.ones(lam.size), zeros, zeros, zeros, zeros)


def _palm(
    lam: FloatArray,
    aht: FloatArray,
    n: IntArray,
    t: FloatArray,
    patience: FloatArray,
    variant: SlVariant,
) -> Performance:
    """Erlang A for cells with calls (lam > 0) and a finite patience."""
    a = lam * aht
    nmu = n / aht  # service completions per second with every agent busy
    theta = 1.0 / patience
    b = _erlang_b(n, a)
    # log of P(fewer than n in the system) / π(n) = 1/B − 1; B underflows only when that
    # part is everything, so a floor on B changes nothing visible.
    log_idle = np.log1p(-b) - np.log(np.maximum(b, np.finfo(np.float64).tiny))
    sums = _queue_sums(lam, nmu, theta, t)
    log_norm = np.logaddexp(log_idle, sums.log_scale + np.log(sums.total))
    scale = np.exp(sums.log_scale - log_norm)  # π(n) e^log_scale
    idle = np.exp(log_idle - log_norm)
    abandon = np.minimum(scale * sums.abandon, 1.0)
    in_time = sums.answered_in_time if variant is SlVariant.ANSWERED else sums.virtual_in_time
    return Performance(
        service_level=np.clip(idle + scale * in_time, 0.0, 1.0),
        asa_seconds=scale * sums.answered_wait / (1.0 - abandon),
        occupancy=np.minimum(lam * (1.0 - abandon) * aht / n, 1.0),
        wait_probability=np.minimum(scale * sums.total, 1.0),
        abandon_rate=abandon,
    )


def _queue_sums(lam: FloatArray, nmu: FloatArray, theta: FloatArray, t: FloatArray) -> _QueueSums:
    """The sums over the queue length q of :class:`_QueueSums`, in chunks of q.

    Each cell runs until its tail is negligible; finished cells leave the working set.
    """
    cells = lam.size
    if np.any(lam - nmu > MAX_QUEUE_TERMS * theta):  # the most likely queue is that long
        raise _too_long()
    out = _QueueSums(*(np.zeros(cells) for _ in range(6)))
    carry = _Carry.start(nmu, theta, t)
    step = -np.expm1(-theta * t) / theta  # P(a given caller ahead has gone by T) / θ
    log_step = np.log(step, where=step > 0, out=np.full(cells, -np.inf))
    active = np.arange(cells)
    q0, width = 0, _FIRST_CHUNK
    while active.size:
        if q0 > MAX_QUEUE_TERMS:
            raise _too_long()
        width = max(1, min(width, _CHUNK_CELLS // active.size))
        done = _chunk(
            out, carry, active, q0, width, lam[active], nmu[active], theta[active],
            log_step[active],
        )  # fmt: skip
        active = active[~done]
        q0 += width
        width *= 2
    return out


def _too_long() -> ValueError:
    return ValueError(
        f"Erlang A needs more than {MAX_QUEUE_TERMS:,} queue terms: the patience is too long "
        "for this load; leave it out (Erlang C) or shorten it"
    )


@dataclass
class _Carry:
    """Where each cell's running sums stood at the end of the last chunk."""

    log_r: FloatArray  # log π(n+q)/π(n)
    wait: FloatArray  # Σ_{i=1}^{q+1} 1/(nμ + iθ)
    log_nb: FloatArray  # log of the last negative-binomial term (answered variant)
    log_nbv: FloatArray  # the same for the virtual variant
    cdf: FloatArray  # F_q
    cdfv: FloatArray  # F'_q

    @classmethod
    def start(cls, nmu: FloatArray, theta: FloatArray, t: FloatArray) -> _Carry:
        cells = nmu.size
        return cls(
            log_r=np.zeros(cells),
            wait=np.zeros(cells),
            log_nb=-(nmu + theta) * t,  # term 0: (e^{−θT})^{(nμ+θ)/θ}
            log_nbv=-nmu * t,
            cdf=np.zeros(cells),
            cdfv=np.zeros(cells),
        )


def _chunk(
    out: _QueueSums,
    carry: _Carry,
    active: IntArray,
    q0: int,
    width: int,
    lam: FloatArray,
    nmu: FloatArray,
    theta: FloatArray,
    log_step: FloatArray,
) -> npt.NDArray[np.bool_]:
    """Add the terms q0 .. q0+width-1 for the active cells; True where a cell is finished."""
    q = np.arange(q0, q0 + width, dtype=np.float64)[None, :]
    lam_, nmu_, theta_ = lam[:, None], nmu[:, None], theta[:, None]
    leave = nmu_ + q * theta_  # nμ + qθ: the rate the queue ahead shrinks with q ahead
    next_leave = leave + theta_  # nμ + (q+1)θ
    with np.errstate(divide="ignore", invalid="ignore"):  # column q = 0 is replaced below
        log_q = np.log(q)
        step_r = np.log(lam_ / leave)
        step_nb = log_step[:, None] + np.log(leave) - log_q
        step_nbv = log_step[:, None] + np.log(leave - theta_) - log_q
    if q0 == 0:  # term 0 is the starting value itself
        step_r[:, 0] = step_nb[:, 0] = step_nbv[:, 0] = 0.0
    log_r = carry.log_r[active, None] + np.cumsum(step_r, axis=1)
    wait = carry.wait[active, None] + np.cumsum(1.0 / next_leave, axis=1)
    log_nb = carry.log_nb[active, None] + np.cumsum(step_nb, axis=1)
    log_nbv = carry.log_nbv[active, None] + np.cumsum(step_nbv, axis=1)
    cdf = np.minimum(carry.cdf[active, None] + np.cumsum(np.exp(log_nb), axis=1), 1.0)
    cdfv = np.minimum(carry.cdfv[active, None] + np.cumsum(np.exp(log_nbv), axis=1), 1.0)

    old_scale = out.log_scale[active]
    new_scale = np.maximum(old_scale, log_r.max(axis=1))
    shrink = np.exp(old_scale - new_scale)
    w = np.exp(log_r - new_scale[:, None])
    answered = nmu_ / next_leave  # P(answered | q ahead)
    out.log_scale[active] = new_scale
    out.total[active] = out.total[active] * shrink + w.sum(axis=1)
    out.abandon[active] = out.abandon[active] * shrink + (w * ((q + 1) * theta_ / next_leave)).sum(
        axis=1
    )
    out.answered_in_time[active] = out.answered_in_time[active] * shrink + (
        w * answered * (1.0 - cdf)
    ).sum(axis=1)
    out.virtual_in_time[active] = out.virtual_in_time[active] * shrink + (w * (1.0 - cdfv)).sum(
        axis=1
    )
    out.answered_wait[active] = out.answered_wait[active] * shrink + (w * answered * wait).sum(
        axis=1
    )
    carry.log_r[active] = log_r[:, -1]
    carry.wait[active] = wait[:, -1]
    carry.log_nb[active] = log_nb[:, -1]
    carry.log_nbv[active] = log_nbv[:, -1]
    carry.cdf[active] = cdf[:, -1]
    carry.cdfv[active] = cdfv[:, -1]
    return _tail_negligible(out, active, carry.log_r[active], q0 + width - 1, lam, nmu, theta)


def _tail_negligible(
    out: _QueueSums,
    active: IntArray,
    log_r: FloatArray,
    last: int,
    lam: FloatArray,
    nmu: FloatArray,
    theta: FloatArray,
) -> npt.NDArray[np.bool_]:
    """Beyond q = last every ratio π(q+1)/π(q) is at most ρ < 1, so the tail is at most
    r_last ρ/(1−ρ) (times (last+2)/(1−ρ) for the wait sum, whose weights grow with q)."""
    rho = lam / (nmu + (last + 1) * theta)
    falling = rho < 1.0
    safe = np.where(falling, rho, 0.5)
    bound = log_r + np.log(safe) - 2.0 * np.log1p(-safe) + math.log(last + 2)
    enough = bound < out.log_scale[active] + np.log(out.total[active]) - _TAIL_MARGIN
    return falling & enough


def _solve_erlang_a(
    lam: FloatArray,
    aht: FloatArray,
    t: FloatArray,
    patience: FloatArray,
    goal: FloatArray,
    occupancy: FloatArray,
    variant: SlVariant,
    limit: int,
) -> IntArray:
    """Bisection per cell between an n known to fail and an n known to meet the target."""
    a = lam * aht

    def meets(cells: IntArray, agents: IntArray) -> npt.NDArray[np.bool_]:
        # A queue of more than MAX_QUEUE_TERMS callers on average answers nobody in time.
        hopeless = lam[cells] - agents / aht[cells] > MAX_QUEUE_TERMS / patience[cells]
        ok = np.zeros(cells.size, dtype=np.bool_)
        look = cells[~hopeless]
        got = _palm(lam[look], aht[look], agents[~hopeless], t[look], patience[look], variant)
        ok[~hopeless] = (got.service_level >= goal[look] - TOLERANCE) & (
            got.occupancy <= occupancy[look] + TOLERANCE
        )
        return ok

    # Answered within T needs answered: carried load λ(1−P(ab))aht <= n, so SL <= n/A.
    low = np.zeros(a.size, dtype=np.int64)
    if variant is SlVariant.ANSWERED:
        low = np.maximum(np.ceil(goal * a - TOLERANCE).astype(np.int64) - 1, 0)
    high = np.minimum(np.maximum(np.ceil(a + 3.0 * np.sqrt(a)), low + 1), limit).astype(np.int64)
    open_ = np.flatnonzero(low < limit)
    while open_.size:  # grow `high` until it meets the target (or the limit)
        ok = meets(open_, high[open_])
        grow = open_[~ok]
        low[grow] = high[grow]
        high[grow] = np.minimum(high[grow] * 2, limit)
        open_ = grow[low[grow] < limit]
    found = high > low
    cells = np.flatnonzero(found & (high - low > 1))
    while cells.size:
        mid = (low[cells] + high[cells]) // 2
        ok = meets(cells, mid)
        high[cells[ok]] = mid[ok]
        low[cells[~ok]] = mid[~ok]
        cells = cells[high[cells] - low[cells] > 1]
    return np.where(found, high, -1)
