"""What a simulation runs: a scenario as plain values (the YAML loader builds these).

Times of day are local (the scenario's time zone); instants are POSIX seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Literal

from linja.engine.routing.config import QueueRules

DistributionKind = Literal["exponential", "lognormal", "gamma", "empirical", "fixed"]


@dataclass(frozen=True, slots=True)
class Distribution:
    """A duration in seconds: exponential(mean), lognormal(mean, sd), gamma(mean, sd),
    empirical(values: drawn with replacement) or fixed(mean)."""

    kind: DistributionKind
    mean: float = 0.0
    sd: float | None = None
    values: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class PoissonArrivals:
    """Poisson arrivals whose rate (per hour) changes every ``interval_seconds``.

    ``per_hour[i]`` holds from ``start + i * interval_seconds``; the list repeats (a
    daily or weekly profile) until the end of the run. One value is a constant rate.
    """

    per_hour: tuple[float, ...]
    interval_seconds: float = 3600.0


@dataclass(frozen=True, slots=True)
class CountArrivals:
    """Exactly ``counts[i]`` arrivals, spread at random over interval i (a count series
    such as the Anonymous Bank 6-minute data); the series repeats if the run is longer."""

    counts: tuple[float, ...]
    interval_seconds: float


@dataclass(frozen=True, slots=True)
class ReplayArrivals:
    """Arrivals at these instants (POSIX seconds, sorted), with their caller keys."""

    times: tuple[float, ...]
    callers: tuple[str | None, ...] = ()


Arrivals = PoissonArrivals | CountArrivals | ReplayArrivals


@dataclass(frozen=True, slots=True)
class Redial:
    """Callers who try again: after abandoning (with ``after_abandon`` probability) or
    after an answer that did not settle the matter (``after_answer``), ``delay`` later."""

    after_abandon: float = 0.0
    after_answer: float = 0.0
    delay: Distribution = field(default_factory=lambda: Distribution("exponential", 1800.0))


@dataclass(frozen=True, slots=True)
class QueueSpec:
    """A queue: its routing rules and the traffic that enters it."""

    rules: QueueRules
    arrivals: Arrivals
    handle: Distribution
    patience: Distribution | None = None  # None: callers never abandon
    channel: str = "phone"
    callback_accept: float = 0.0  # share of callers who take an offered callback
    redial: Redial | None = None
    callers: int = 0  # size of the caller population (0: every contact a new caller)


@dataclass(frozen=True, slots=True)
class Shift:
    """On the phones from ``start`` to ``end`` (local time) on ``weekdays`` (0 = Monday),
    with pauses (e.g. lunch) that start after the current contact."""

    start: time
    end: time
    weekdays: frozenset[int] = frozenset(range(7))
    pauses: tuple[tuple[time, time, str], ...] = ()


@dataclass(frozen=True, slots=True)
class AgentGroup:
    """``count`` agents with the same skills (queue -> level, 1 best) and shifts.

    No shifts: logged in and ready for the whole run.
    """

    group: str
    count: int
    skills: dict[str, int]
    organisation: str = ""
    shifts: tuple[Shift, ...] = ()


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    start: datetime
    hours: float
    queues: tuple[QueueSpec, ...]
    agents: tuple[AgentGroup, ...]
    warmup_minutes: float = 0.0
    timezone: str = "Europe/Oslo"
    description: str = ""
