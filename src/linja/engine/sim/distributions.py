"""Drawing durations and arrival instants with NumPy, many at a time."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from linja.engine.sim.model import (
    Arrivals,
    CountArrivals,
    Distribution,
    PoissonArrivals,
    ReplayArrivals,
)

Floats = npt.NDArray[np.float64]


def sample(dist: Distribution, rng: np.random.Generator, n: int) -> Floats:
    """``n`` draws in seconds; lognormal and gamma take the mean and standard deviation."""
    kind = dist.kind
    if kind == "exponential":
        return rng.exponential(dist.mean, n)
    if kind == "fixed":
        return np.full(n, dist.mean)
    if kind == "empirical":
        return rng.choice(np.asarray(dist.values, dtype=np.float64), n)
    assert dist.sd is not None
    m, s = dist.mean, dist.sd
    if kind == "lognormal":
        sigma2 = math.log1p((s / m) ** 2)
        return rng.lognormal(math.log(m) - sigma2 / 2, math.sqrt(sigma2), n)
    if kind == "gamma":
        return rng.gamma((m / s) ** 2, s * s / m, n)
    raise ValueError(f"unknown distribution {kind!r}")


def slots(start: float, end: float, length: float, timezone: str) -> tuple[Floats, Floats]:
    """Start instants and lengths (seconds) of the intervals of a profile or count series.

    Interval i begins at the local wall-clock time ``start + i * length``, so a daily
    profile keeps to the clock across daylight-saving changes: the interval that does not
    exist in spring gets no time, and the one that happens twice in autumn gets both.
    """
    zone = ZoneInfo(timezone)
    first = datetime.fromtimestamp(start, zone).replace(tzinfo=None)
    count = max(math.ceil((end - start) / length), 0) + 2
    step = timedelta(seconds=length)
    bounds = np.array(
        [(first + k * step).replace(tzinfo=zone).timestamp() for k in range(count + 1)]
    )
    bounds = np.maximum.accumulate(bounds)
    keep = bounds[:-1] < end
    lengths = np.diff(bounds)[keep]
    return bounds[:-1][keep], np.clip(lengths, 0.0, None)


def arrival_times(
    arrivals: Arrivals,
    start: float,
    end: float,
    rng: np.random.Generator,
    timezone: str = "Europe/Oslo",
) -> Floats:
    """Sorted arrival instants in [start, end)."""
    if isinstance(arrivals, ReplayArrivals):
        times = np.asarray(arrivals.times, dtype=np.float64)
        return np.sort(times[(times >= start) & (times < end)], kind="stable")
    starts, lengths = slots(start, end, arrivals.interval_seconds, timezone)
    n = len(starts)
    if isinstance(arrivals, PoissonArrivals):
        profile = np.asarray(arrivals.per_hour, dtype=np.float64)
        counts = rng.poisson(np.resize(profile, n) * (lengths / 3600.0))
    else:
        assert isinstance(arrivals, CountArrivals)
        raw = np.resize(np.asarray(arrivals.counts, dtype=np.float64), n)
        raw[lengths == 0] = 0.0
        whole = np.floor(raw)
        counts = (whole + (rng.random(n) < raw - whole)).astype(np.int64)
    times = np.repeat(starts, counts) + rng.random(int(counts.sum())) * np.repeat(lengths, counts)
    times.sort()
    return times[times < end]


def expected_arrivals(
    arrivals: Arrivals, start: float, end: float, timezone: str = "Europe/Oslo"
) -> float:
    """How many arrivals to expect in [start, end), on the same intervals as the draws."""
    if isinstance(arrivals, ReplayArrivals):
        return float(sum(1 for t in arrivals.times if start <= t < end))
    _, lengths = slots(start, end, arrivals.interval_seconds, timezone)
    if isinstance(arrivals, PoissonArrivals):
        rates = np.resize(np.asarray(arrivals.per_hour, dtype=np.float64), len(lengths))
        return float((rates * lengths / 3600.0).sum())
    counts = np.resize(np.asarray(arrivals.counts, dtype=np.float64), len(lengths))
    return float(counts[lengths > 0].sum())
