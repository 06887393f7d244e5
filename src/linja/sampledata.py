"""Synthetic contact records for the five Helse Vest trusts of seed 000.

The records are made up. Nothing in them comes from a real caller; they are calibrated so
that a year of them (by default 1 September 2020 to 31 August 2021) gives, per trust, about
the results Helse Vest published for August 2020 to September 2021 (:data:`UNITS`). They
feed ``make report``, the tests and the benchmarks. See docs/sample-data.md.

The model, all of it vectorised (NumPy draws, one Polars frame at the end):

- **Calendar.** Phone lines are open 08:00-15:30 Europe/Oslo local time on weekdays that
  are not Norwegian public holidays (``holidays``, country NO), Christmas Eve or New
  Year's Eve. Each day has a volume factor: Monday heavier, Friday lighter, a summer dip
  centred on the July holidays, lower volume before Christmas, in the Christmas week and
  the Easter week, the school autumn and winter holiday weeks, and a backlog on the
  first day after a long closure. Local times are turned into UTC with the day's offset,
  so the daylight-saving changes are respected.
- **First calls.** A non-homogeneous Poisson process per unit and polyclinic queue: the
  intensity is constant within 15-minute bins and is the product of the unit's volume,
  the queue's share, the day factor, a gamma-distributed day-to-day noise and an
  intraday profile (a peak when the lines open, a lunch dip, a quiet last hour).
- **Pressure.** Each (day, queue, 15 minutes) cell has a pressure ``z``: half the log of
  its load relative to the queue's mean, plus a staffing effect per month (summer and
  August holiday staffing, January backlog; Helse Fonna's staffing problems on top),
  a per-unit monthly noise, an AR(1) day-to-day noise and a per-queue effect. Higher
  pressure means fewer answered calls and longer waits, which makes the charts move.
- **Outcomes.** ``P(answered) = sigmoid(a_u - z)``; the wait of an answered call is
  4 s plus either a *quick* Gamma(4, 5 s) answer (probability ``sigmoid(g_u - 1.2 z)``) or
  a *queued* exponential wait truncated at 40 min with mean ``theta_u * exp(0.35 z)``.
  ``a_u``, ``g_u`` and ``theta_u`` are solved per unit (bisection on the expected values
  over the records actually drawn), so the answer rate, the service level (answered
  within 60 s over offered) and the mean wait land on the published figures while the
  months differ. Abandoned calls end after a patience (a few quick hang-ups, otherwise
  lognormal, longer where people are used to waiting). Answered calls get a lognormal
  talk time of a few minutes, lognormal wrap-up seconds, an agent of the queue (now and
  then of another queue of the unit that helps out under pressure, which is then the
  ``answered_queue``; empty otherwise, as the importers write it),
  a resolution for three in four of them (resolved/unresolved/pending 79/7/14 %, the
  survey of seed 000) and ``knowledge_used`` for most of them.
- **Callers and repeats.** Every first call starts a chain with its own pseudonymous key
  (``"k"`` + 20 hex digits, like :mod:`linja.callerkey`; about 3 % unknown). A call is
  followed within 24 h by another call of the chain with probability
  ``sigmoid(r_u + b_outcome)`` (abandoned calls most, unresolved ones next), if the
  opening hours leave a time for it: later the same day (redials come quickly) or the
  next day before the time of the first call. ``r_u`` is solved per unit so that the
  share of calls *not* followed within 24 h is the published "ringer ikkje tilbake".
  Other calls come back after more than 24 h (pending matters most often). Follow-up
  calls go through the same outcome model, generation after generation, each
  calibrated the same way, so the totals stay on target.

Everything is drawn from ``numpy.random.default_rng`` streams derived from ``seed``: the
same arguments give the same records.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import numpy.typing as npt
import polars as pl

from linja.engine.records import SCHEMA
from linja.errors import LinjaError

__all__ = ["DEFAULT_START", "UNITS", "Queue", "Unit", "expected_records", "generate", "open_days"]

TZ = "Europe/Oslo"
DEFAULT_START = date(2020, 9, 1)
DEFAULT_DAYS = 365
DEFAULT_SEED = 2021
OPENS = 8 * 3600  # local time of day, seconds
CLOSES = 15 * 3600 + 30 * 60
BIN = 15 * 60
BINS = (CLOSES - OPENS) // BIN
SL_SECONDS = 60.0

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Codes = npt.NDArray[np.integer[Any]]  # compact integers (int8 to int32)


@dataclass(frozen=True)
class Queue:
    name: str
    code: str  # in agent ids
    share: float  # of the unit's calls
    agents: int
    talk_median: float  # seconds


@dataclass(frozen=True)
class Unit:
    """A trust, its polyclinic queues, its volume and the results it is calibrated to."""

    name: str
    code: str  # in agent ids
    first_calls_per_day: float  # first calls on an ordinary open day at scale 1
    queues: tuple[Queue, ...]
    answer_rate: float  # svarprosent
    service_level: float  # servicegrad: answered within 60 s / offered
    asa_seconds: float  # gjennomsnittleg ventetid
    no_repeat_24h_rate: float  # ringer ikkje tilbake
    patience_median: float  # seconds before an abandoning caller hangs up
    knowledge_share: float  # of answered calls with knowledge_used set, the share true
    staffing: Mapping[int, float] = field(default_factory=dict)  # extra pressure by month


# Helse Fonna's staffing problems ("Resultata er påverka av utfordringar med bemanning").
FONNA_STAFFING = {1: 0.15, 2: 0.00, 3: -0.10, 4: -0.15, 5: -0.10, 6: 0.05,
                  7: 0.20, 8: 0.35, 9: 0.40, 10: 0.35, 11: 0.30, 12: 0.20}  # fmt: skip

UNITS: tuple[Unit, ...] = (
    Unit(
        name="Helse Førde",
        code="hfd",
        first_calls_per_day=140,
        queues=(
            Queue("ortopedi", "ort", share=0.32, agents=4, talk_median=150),
            Queue("kirurgi", "kir", share=0.24, agents=3, talk_median=170),
            Queue("medisin", "med", share=0.28, agents=4, talk_median=180),
            Queue("auge", "aug", share=0.16, agents=2, talk_median=130),
        ),
        answer_rate=0.842,
        service_level=0.805,
        asa_seconds=41,
        no_repeat_24h_rate=0.870,
        patience_median=50,
        knowledge_share=0.38,
    ),
    Unit(
        name="Helse Bergen",
        code="hbe",
        first_calls_per_day=380,
        queues=(
            Queue("ortopedi", "ort", share=0.30, agents=8, talk_median=150),
            Queue("medisin", "med", share=0.28, agents=7, talk_median=185),
            Queue("barn", "bar", share=0.22, agents=5, talk_median=200),
            Queue("øye", "oye", share=0.20, agents=5, talk_median=135),
        ),
        answer_rate=0.837,
        service_level=0.721,
        asa_seconds=68,
        no_repeat_24h_rate=0.852,
        patience_median=70,
        knowledge_share=0.22,
    ),
    Unit(
        name="Haraldsplass",
        code="hds",
        first_calls_per_day=120,
        queues=(
            Queue("medisin", "med", share=0.40, agents=4, talk_median=180),
            Queue("kirurgi", "kir", share=0.35, agents=3, talk_median=165),
            Queue("ortopedi", "ort", share=0.25, agents=3, talk_median=150),
        ),
        answer_rate=0.863,
        service_level=0.785,
        asa_seconds=51,
        no_repeat_24h_rate=0.814,
        patience_median=60,
        knowledge_share=0.27,
    ),
    Unit(
        name="Helse Fonna",
        code="hfo",
        first_calls_per_day=170,
        queues=(
            Queue("kirurgi", "kir", share=0.38, agents=4, talk_median=170),
            Queue("medisin", "med", share=0.37, agents=4, talk_median=180),
            Queue("barn", "bar", share=0.25, agents=3, talk_median=195),
        ),
        answer_rate=0.777,
        service_level=0.406,
        asa_seconds=198,
        no_repeat_24h_rate=0.849,
        patience_median=140,  # callers who know the wait is long wait longer
        knowledge_share=0.18,
        staffing=FONNA_STAFFING,
    ),
    Unit(
        name="Helse Stavanger",
        code="sus",
        first_calls_per_day=260,
        queues=(
            Queue("ortopedi", "ort", share=0.30, agents=6, talk_median=150),
            Queue("gynekologi", "gyn", share=0.22, agents=4, talk_median=175),
            Queue("medisin", "med", share=0.30, agents=6, talk_median=185),
            Queue("øye", "oye", share=0.18, agents=3, talk_median=135),
        ),
        answer_rate=0.875,
        service_level=0.752,
        asa_seconds=53,
        no_repeat_24h_rate=0.827,
        patience_median=65,
        knowledge_share=0.30,
    ),
)

# Volume: weekday (Mon..Fri) and calendar month, before the summer, Christmas and Easter dips.
WEEKDAY_VOLUME = (1.30, 1.02, 0.96, 0.92, 0.84)
MONTH_VOLUME = {1: 1.08, 2: 1.02, 3: 1.03, 4: 0.98, 5: 0.96, 6: 0.95,
                7: 1.00, 8: 1.04, 9: 1.08, 10: 1.04, 11: 1.03, 12: 0.97}  # fmt: skip
# Pressure from staffing by month (holidays, backlog), for every unit (Unit.staffing adds).
MONTH_STAFFING = {1: 0.20, 2: -0.05, 3: 0.00, 4: 0.05, 5: 0.00, 6: 0.15,
                  7: 0.45, 8: 0.55, 9: 0.15, 10: -0.05, 11: 0.00, 12: 0.20}  # fmt: skip
LOAD_WEIGHT = 0.5  # pressure per unit of log load
ANSWER_SLOPE = 1.0  # of the answer logit per unit of pressure
QUICK_SLOPE = 1.2  # of the quick-answer logit
TAIL_SLOPE = 0.35  # of the log queued-wait mean
RING_SECONDS = 4.0  # minimum wait of an answered call
QUICK_SHAPE, QUICK_SCALE = 4.0, 5.0  # gamma, seconds
TAIL_CAP = 2400.0  # longest queued wait, seconds
UNKNOWN_CALLER = 0.03
RESOLUTION_SET = 0.75  # share of answered calls that register a resolution
RESOLUTION_SHARES = (0.79, 0.07, 0.14)  # resolved, unresolved, pending (seed 000 survey)
RESOLUTIONS = ("resolved", "unresolved", "pending")
KNOWLEDGE_SET = 0.85
# Outcome classes of a call, for what the caller does next:
# abandoned, answered without resolution, resolved, unresolved, pending.
REPEAT_BONUS = np.array([1.4, 0.0, -0.4, 0.9, 0.5])  # logit, call again within 24 h
LATER_SHARE = np.array([0.05, 0.04, 0.02, 0.10, 0.35])  # call again after more than 24 h
SAME_DAY_SHARE = np.array([0.85, 0.6, 0.6, 0.6, 0.5])  # of 24 h repeats, when both fit
REDIAL_MEAN = np.array([300.0, 2400.0, 2400.0, 2400.0, 2400.0])  # same-day delay, seconds
OTHER_QUEUE_SHARE = 0.08  # follow-ups to another queue of the same unit
Z_STEP = 0.01  # pressure is quantised, so calibration works on a few hundred levels
Z_MAX = 4.0
MAX_GENERATIONS = 30
MAX_DAYS = 36_600
MAX_RECORDS = 500_000_000  # about 50 GB in memory: more is a typo, not a benchmark

# Stream numbers of numpy.random.default_rng([seed, stream]).
_S_CALENDAR, _S_ARRIVALS, _S_KEYS, _S_GENERATION = 1, 2, 3, 100

ZQ = round(Z_MAX / Z_STEP)
LEVELS = 2 * ZQ + 1
Z_VALUES: Floats = (np.arange(LEVELS, dtype=np.float64) - ZQ) * Z_STEP
MIN_CALIBRATION = 2000  # answered calls of a unit in a generation to re-solve its wait model
QUICK_MEAN = QUICK_SHAPE * QUICK_SCALE
SL_REACH = SL_SECONDS + 0.5 - RING_SECONDS  # waits are whole seconds: 60.4 s counts as 60


# --------------------------------------------------------------------------- calendar


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def open_days(start: date, days: int) -> list[bool]:
    """For each day from ``start``: are the phone lines open?

    Weekdays that are not Norwegian public holidays, Christmas Eve or New Year's Eve.
    """
    if days <= 0:
        return []
    last = start + timedelta(days=days - 1)
    public = holidays.country_holidays("NO", years=range(start.year, last.year + 1))
    flags = []
    for i in range(days):
        day = start + timedelta(days=i)
        eve = day.month == 12 and day.day in (24, 31)
        flags.append(day.weekday() < 5 and day not in public and not eve)
    return flags


def _day_volume(day: date, days_since_open: int) -> float:
    """The volume factor of an open day."""
    factor = WEEKDAY_VOLUME[day.weekday()] * MONTH_VOLUME[day.month]
    doy = day.timetuple().tm_yday
    factor *= 1.0 - 0.5 * math.exp(-(((doy - 201) / 15.0) ** 2))  # fellesferie in July
    if day.month == 12 and 27 <= day.day <= 30:
        factor *= 0.45  # romjul
    elif day.month == 12 and 18 <= day.day <= 23:
        factor *= 0.8
    elif day.month == 1 and day.day <= 8:
        factor *= 1.12  # after Christmas
    if 4 <= (_easter(day.year) - day).days <= 6:
        factor *= 0.75  # Monday to Wednesday of the Easter week
    if day.isocalendar().week in (9, 41):
        factor *= 0.92  # winter and autumn school holidays in Vestland and Rogaland
    if days_since_open >= 4:
        factor *= 1.2  # backlog after a long closure (Easter, Whitsun)
    return factor


@dataclass(frozen=True)
class _Calendar:
    open: Bools  # (D,)
    volume: Floats  # day factor, 0 when closed
    month: Ints  # 1..12
    midnight: Ints  # the local date's midnight read as UTC, epoch seconds
    offset: Ints  # UTC offset of Europe/Oslo at local noon, seconds
    open_index: Ints  # the indices of the open days
    first_open_from: Ints  # for d in 0..D+2: position in open_index of the first open day >= d

    @property
    def days(self) -> int:
        return len(self.open)


def _calendar(start: date, days: int) -> _Calendar:
    zone = ZoneInfo(TZ)
    flags = open_days(start, days)
    epoch = date(1970, 1, 1)
    volume = np.zeros(days)
    month = np.zeros(days, dtype=np.int64)
    midnight = np.zeros(days, dtype=np.int64)
    offset = np.zeros(days, dtype=np.int64)
    last_open: date | None = None
    for i, flag in enumerate(flags):
        day = start + timedelta(days=i)
        if flag:
            volume[i] = _day_volume(day, (day - last_open).days if last_open else 1)
            last_open = day
        month[i] = day.month
        midnight[i] = (day - epoch).days * 86400
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=zone)
        offset[i] = int((noon.utcoffset() or timedelta(0)).total_seconds())
    is_open = np.array(flags, dtype=np.bool_)
    open_index = np.flatnonzero(is_open).astype(np.int64)
    first_open_from = np.searchsorted(open_index, np.arange(days + 3)).astype(np.int64)
    return _Calendar(is_open, volume, month, midnight, offset, open_index, first_open_from)


def _intraday() -> Floats:
    """Share of a day's calls in each 15-minute bin: the opening peak, lunch, a quiet end."""
    hour = (OPENS + BIN * (np.arange(BINS) + 0.5)) / 3600.0
    weight = (
        0.6
        + 1.3 * np.exp(-(((hour - 8.7) / 0.85) ** 2))
        + 0.3 * np.exp(-(((hour - 12.9) / 1.0) ** 2))
        - 0.3 * np.exp(-(((hour - 11.6) / 0.3) ** 2))
        - 0.15 * np.clip(hour - 14.0, 0.0, None)
    )
    weight = np.clip(weight, 0.15, None)
    result: Floats = weight / weight.sum()
    return result


# --------------------------------------------------------------------------- units and queues


@dataclass(frozen=True)
class _Columns:
    """One column per (unit, queue), in the order of :data:`UNITS`."""

    unit: Ints
    first: Ints  # the unit's first column
    count: Ints  # the unit's number of queues
    base: Floats  # first calls per ordinary open day at scale 1
    talk_median: Floats
    agents: Ints
    agent_base: Ints  # global index of the column's first agent
    queue_names: dict[int, str]
    agent_names: dict[int, str]

    @property
    def size(self) -> int:
        return len(self.unit)


def _columns() -> _Columns:
    unit: list[int] = []
    first: list[int] = []
    count: list[int] = []
    agents: list[int] = []
    agent_base: list[int] = []
    base: list[float] = []
    talk: list[float] = []
    queue_names: dict[int, str] = {}
    agent_names: dict[int, str] = {}
    for u, spec in enumerate(UNITS):
        start = len(unit)
        for queue in spec.queues:
            queue_names[len(unit)] = queue.name
            agent_base.append(len(agent_names))
            for no in range(1, queue.agents + 1):
                agent_names[len(agent_names)] = f"{spec.code}-{queue.code}-{no:02d}"
            unit.append(u)
            first.append(start)
            count.append(len(spec.queues))
            base.append(spec.first_calls_per_day * queue.share)
            talk.append(queue.talk_median)
            agents.append(queue.agents)

    def ints(values: list[int]) -> Ints:
        return np.array(values, dtype=np.int64)

    return _Columns(
        ints(unit),
        ints(first),
        ints(count),
        np.array(base),
        np.array(talk),
        ints(agents),
        ints(agent_base),
        queue_names,
        agent_names,
    )


def _unit_array(values: list[float]) -> Floats:
    return np.array(values, dtype=np.float64)


def _follow_up_share(unit: Unit) -> float:
    """Expected follow-up calls per call: within 24 h, plus later ones."""
    answered = unit.answer_rate
    shares = np.array(
        [
            1 - answered,
            answered * (1 - RESOLUTION_SET),
            *(answered * RESOLUTION_SET * s for s in RESOLUTION_SHARES),
        ]
    )
    later = float((shares * LATER_SHARE).sum())
    return (1 - unit.no_repeat_24h_rate) + unit.no_repeat_24h_rate * later


# --------------------------------------------------------------------------- arrivals and pressure


def _intensity(cal: _Calendar, cols: _Columns, seed: int) -> Floats:
    """First calls expected per (day, column, bin) at scale 1."""
    rng = np.random.default_rng([seed, _S_CALENDAR])
    noise = rng.gamma(45.0, 1 / 45.0, size=(cal.days, cols.size))  # day-to-day, CV 15 %
    daily = cal.volume[:, None] * cols.base[None, :] * noise
    result: Floats = daily[:, :, None] * _intraday()[None, None, :]
    return result


def _expected_records(lam: Floats, cols: _Columns) -> float:
    per_column = lam.sum(axis=(0, 2))
    multiplier = np.array([1 / (1 - _follow_up_share(UNITS[u])) for u in cols.unit])
    return float((per_column * multiplier).sum())


def _pressure(cal: _Calendar, cols: _Columns, lam: Floats, seed: int) -> Ints:
    """Quantised pressure (in steps of Z_STEP) of each (day, column, bin) cell, flattened."""
    rng = np.random.default_rng([seed, _S_CALENDAR + 1])
    n_units = len(UNITS)
    staff = np.zeros((n_units, 13))
    for u, spec in enumerate(UNITS):
        for month in range(1, 13):
            staff[u, month] = MONTH_STAFFING[month] + spec.staffing.get(month, 0.0)
    staff[:, 1:] += rng.normal(0.0, 0.12, size=(n_units, 12))
    # AR(1) day-to-day staffing noise (sick leave, courses), stationary sd about 0.28
    innovations = rng.normal(0.0, 0.2, size=(cal.days, n_units))
    daily = np.empty((cal.days, n_units))
    state = rng.normal(0.0, 0.28, size=n_units)
    for d in range(cal.days):
        state = 0.7 * state + innovations[d]
        daily[d] = state
    queue = rng.normal(0.0, 0.15, size=cols.size)
    mean = lam[cal.open].mean(axis=(0, 2))
    load = LOAD_WEIGHT * np.log(np.maximum(lam, 1e-12) / mean[None, :, None])
    load[~cal.open] = 0.0
    level = staff[cols.unit[None, :], cal.month[:, None]] + daily[:, cols.unit] + queue[None, :]
    z = load + level[:, :, None]
    quantised: Ints = np.clip(np.rint(z / Z_STEP), -ZQ, ZQ).astype(np.int64).ravel()
    return quantised


# --------------------------------------------------------------------------- calibration


def _sigmoid(x: Floats) -> Floats:
    result: Floats = 1.0 / (1.0 + np.exp(-x))
    return result


def _bisect(f: Callable[[float], float], lo: float, hi: float, iterations: int = 40) -> float:
    """The root of an increasing ``f`` in [lo, hi], or the bound it is beyond."""
    if f(lo) >= 0:
        return lo
    if f(hi) <= 0:
        return hi
    for _ in range(iterations):
        mid = (lo + hi) / 2
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _level_counts(unit: Ints, zq: Ints) -> Floats:
    """Calls per (unit, pressure level)."""
    counts = np.bincount(unit * LEVELS + (zq + ZQ), minlength=len(UNITS) * LEVELS)
    result: Floats = counts.reshape(len(UNITS), LEVELS).astype(np.float64)
    return result


def _answer_offset(counts: Floats, target: float) -> float:
    """``a`` such that the mean of sigmoid(a - z) over the calls is ``target``."""
    used = counts > 0
    z, w = Z_VALUES[used], counts[used]
    total = w.sum()
    return _bisect(
        lambda a: float((w * _sigmoid(a - ANSWER_SLOPE * z)).sum() / total) - target, -40.0, 40.0
    )


def _erlang_cdf(x: float, shape: int, scale: float) -> float:
    y = x / scale
    return 1.0 - math.exp(-y) * sum(y**k / math.factorial(k) for k in range(shape))


QUICK_WITHIN = _erlang_cdf(SL_REACH, int(QUICK_SHAPE), QUICK_SCALE)


def _tail_mean(theta: Floats) -> Floats:
    """Mean of an exponential with mean ``theta`` truncated at TAIL_CAP."""
    r = TAIL_CAP / theta
    result: Floats = theta - TAIL_CAP * np.exp(-r) / -np.expm1(-r)
    return result


def _tail_cdf(t: float, theta: Floats) -> Floats:
    result: Floats = np.expm1(-t / theta) / np.expm1(-TAIL_CAP / theta)
    return result


def _wait_params(counts: Floats, within_share: float, mean_wait: float) -> tuple[float, float]:
    """(g, theta) of the wait model so that the answered calls given by ``counts``
    (per pressure level) have the share within 60 s and the mean wait asked."""
    used = counts > 0
    z, w = Z_VALUES[used], counts[used]
    total = w.sum()
    spread = np.exp(TAIL_SLOPE * z)
    target = mean_wait - RING_SECONDS

    def quick_share(theta: float) -> tuple[Floats, float]:
        tail = _tail_mean(theta * spread)

        def lower_mean(g: float) -> float:
            quick = _sigmoid(g - QUICK_SLOPE * z)
            return target - float((w * (quick * QUICK_MEAN + (1 - quick) * tail)).sum() / total)

        g = _bisect(lower_mean, -40.0, 40.0)
        return _sigmoid(g - QUICK_SLOPE * z), g

    def within(log_theta: float) -> float:
        theta = math.exp(log_theta)
        quick, _ = quick_share(theta)
        share = quick * QUICK_WITHIN + (1 - quick) * _tail_cdf(SL_REACH, theta * spread)
        return float((w * share).sum() / total) - within_share

    def tail_reaches(log_theta: float) -> float:
        return float((w * _tail_mean(math.exp(log_theta) * spread)).sum() / total) - target

    smallest = _bisect(tail_reaches, 0.0, math.log(1e6))
    theta = math.exp(_bisect(within, smallest, math.log(1e6)))
    return quick_share(theta)[1], theta


def _repeat_offset(feasible: Floats, target: float) -> float:
    """``r`` such that sum over outcome classes of feasible * sigmoid(r + bonus) = target."""
    return _bisect(
        lambda r: float((feasible * _sigmoid(r + REPEAT_BONUS)).sum()) - target, -40.0, 40.0
    )


# --------------------------------------------------------------------------- one generation


@dataclass(frozen=True)
class _Calls:
    day: Ints
    col: Ints
    tod: Ints  # arrival, local seconds since midnight
    chain: Ints  # the first call of the caller's chain


@dataclass(frozen=True)
class _Outcome:
    answered: Bools
    wait: Codes  # seconds until answered, or until the caller hung up
    talk: Codes  # seconds, 0 when not answered
    wrapup: Floats
    resolution: Codes  # -1 none, else index into RESOLUTIONS
    knowledge: Codes  # -1 none, 0 false, 1 true
    answered_col: Codes  # -1 unless another queue of the unit answered (overflow)
    agent: Codes  # -1 when not answered


@dataclass
class _WaitModel:
    g: Floats
    theta: Floats
    solved: Bools


def _outcomes(
    calls: _Calls, zq_cells: Ints, cols: _Columns, model: _WaitModel, rng: np.random.Generator
) -> _Outcome:
    n = len(calls.day)
    cell = (calls.day * cols.size + calls.col) * BINS + (calls.tod - OPENS) // BIN
    zq = zq_cells[cell]
    z = zq * Z_STEP
    unit = cols.unit[calls.col]
    counts = _level_counts(unit, zq)
    offset = np.zeros(len(UNITS))
    for u, spec in enumerate(UNITS):
        if counts[u].sum() > 0:
            offset[u] = _answer_offset(counts[u], spec.answer_rate)
    answered = rng.random(n) < _sigmoid(offset[unit] - ANSWER_SLOPE * z)

    answered_counts = _level_counts(unit[answered], zq[answered])
    for u, spec in enumerate(UNITS):
        size = answered_counts[u].sum()
        if size >= MIN_CALIBRATION or (size > 0 and not model.solved[u]):
            model.g[u], model.theta[u] = _wait_params(
                answered_counts[u], spec.service_level / spec.answer_rate, spec.asa_seconds
            )
            model.solved[u] = True
    quick = rng.random(n) < _sigmoid(model.g[unit] - QUICK_SLOPE * z)
    quick_wait = rng.gamma(QUICK_SHAPE, QUICK_SCALE, size=n)
    theta = model.theta[unit] * np.exp(TAIL_SLOPE * z)
    queued_wait = -theta * np.log1p(rng.random(n) * np.expm1(-TAIL_CAP / theta))
    answer_wait = np.rint(RING_SECONDS + np.where(quick, quick_wait, queued_wait))

    patience_median = _unit_array([s.patience_median for s in UNITS])[unit] * np.exp(0.3 * z)
    patience = np.where(
        rng.random(n) < 0.12,
        rng.integers(2, 13, size=n),  # heard the greeting and hung up
        np.rint(patience_median * np.exp(0.8 * rng.standard_normal(n))),
    )
    wait = np.where(answered, answer_wait, np.clip(patience, 1, 3600)).astype(np.int64)

    talk = np.rint(cols.talk_median[calls.col] * np.exp(0.55 * rng.standard_normal(n)))
    talk = np.where(answered, np.maximum(talk, 15), 0).astype(np.int64)
    wrapup = np.rint(25.0 * np.exp(0.8 * rng.standard_normal(n)))

    # another queue of the unit answers now and then, more often under pressure
    helps = rng.random(n) < 0.015 + 0.06 * _sigmoid(3.0 * (z - 0.6))
    count = cols.count[calls.col]
    first = cols.first[calls.col]
    step = 1 + np.floor(rng.random(n) * (count - 1)).astype(np.int64)
    other = first + (calls.col - first + step) % count
    moved = answered & helps & (count > 1)
    answering = np.where(moved, other, calls.col)
    answered_col = np.where(moved, other, -1)  # set only when another queue answered
    agent_no = np.floor(cols.agents[answering] * rng.random(n) ** 1.3).astype(np.int64)
    agent = np.where(answered, cols.agent_base[answering] + agent_no, -1)

    kind = np.searchsorted(np.cumsum(RESOLUTION_SHARES)[:-1], rng.random(n), side="right")
    resolution = np.where(answered & (rng.random(n) < RESOLUTION_SET), kind, -1)
    share = _unit_array([s.knowledge_share for s in UNITS])[unit]
    used = (rng.random(n) < share).astype(np.int64)
    knowledge = np.where(answered & (rng.random(n) < KNOWLEDGE_SET), used, -1)
    return _Outcome(
        answered,
        wait.astype(np.int32),
        talk.astype(np.int32),
        wrapup,
        resolution.astype(np.int8),
        knowledge.astype(np.int8),
        answered_col.astype(np.int16),
        agent.astype(np.int32),
    )


def _follow_ups(
    calls: _Calls, out: _Outcome, cal: _Calendar, cols: _Columns, rng: np.random.Generator
) -> _Calls:
    """The next call of each chain that has one (within 24 h, or later)."""
    n = len(calls.day)
    unit = cols.unit[calls.col]
    kind = np.where(out.answered, out.resolution + 2, 0)  # classes of REPEAT_BONUS
    days = cal.days
    # later the same day, after the call ended
    same_start = calls.tod + out.wait + out.talk + 30
    same_room = CLOSES - same_start
    # the next day before the time of this call (at most 24 h after it)
    nxt = calls.day + 1
    open_next = np.append(cal.open, False)[np.minimum(nxt, days)]
    shift = cal.offset[np.minimum(nxt, days - 1)] - cal.offset[calls.day]
    next_room = np.where(open_next, np.clip(calls.tod + shift - OPENS, 0, CLOSES - OPENS), 0)
    feasible = (same_room > 0) | (next_room > 0)

    within_p = np.zeros(n)
    for u, spec in enumerate(UNITS):
        mine = unit == u
        if not mine.any():
            continue
        per_kind = np.bincount(
            kind[mine], weights=feasible[mine].astype(np.float64), minlength=len(REPEAT_BONUS)
        ).astype(np.float64)
        r = _repeat_offset(per_kind, (1 - spec.no_repeat_24h_rate) * int(mine.sum()))
        within_p[mine] = _sigmoid(r + REPEAT_BONUS[kind[mine]]) * feasible[mine]
    draw = rng.random(n)
    within = draw < within_p
    later = ~within & (draw < within_p + (1 - within_p) * LATER_SHARE[kind])

    same_day = (same_room > 0) & ((next_room <= 0) | (rng.random(n) < SAME_DAY_SHARE[kind]))
    mean = REDIAL_MEAN[kind]
    room = np.maximum(same_room, 1)
    delay = -mean * np.log1p(-rng.random(n) * -np.expm1(-room / mean))
    same_tod = same_start + np.minimum(np.floor(delay).astype(np.int64), room - 1)
    next_offset = np.floor(next_room * rng.random(n) ** 1.6).astype(np.int64)
    next_tod = OPENS + np.minimum(next_offset, np.maximum(next_room - 1, 0))

    # after more than 24 h: an open day at least two days on, a few open days spread
    position = cal.first_open_from[np.minimum(calls.day + 2, days + 2)]
    position = position + rng.geometric(0.35, size=n) - 1
    later &= position < len(cal.open_index)
    later_day = (
        cal.open_index[np.minimum(position, len(cal.open_index) - 1)] if later.any() else nxt
    )
    profile = np.cumsum(_intraday())
    bins = np.minimum(np.searchsorted(profile, rng.random(n) * profile[-1]), BINS - 1)
    later_tod = OPENS + bins * BIN + rng.integers(0, BIN, size=n)

    day = np.where(within, np.where(same_day, calls.day, nxt), later_day)
    tod = np.where(within, np.where(same_day, same_tod, next_tod), later_tod)
    count = cols.count[calls.col]
    first = cols.first[calls.col]
    step = 1 + np.floor(rng.random(n) * (count - 1)).astype(np.int64)
    switch = (rng.random(n) < OTHER_QUEUE_SHARE) & (count > 1)
    col = np.where(switch, first + (calls.col - first + step) % count, calls.col)
    keep = within | later
    return _Calls(day[keep], col[keep], tod[keep], calls.chain[keep])


# --------------------------------------------------------------------------- the frame


_HEX = np.frombuffer(b"".join(f"{i:02x}".encode() for i in range(256)), dtype=np.uint16)


def _caller_keys(count: int, rng: np.random.Generator) -> pl.Series:
    """``count`` random keys "k" + 20 hex digits (80 random bits each)."""
    raw = np.frombuffer(rng.bytes(10 * count), dtype=np.uint8).reshape(count, 10)
    text = np.empty((count, 21), dtype=np.uint8)
    text[:, 0] = ord("k")
    text[:, 1:] = _HEX[raw].view(np.uint8).reshape(count, 20)
    return pl.Series("caller", text.view("S21").ravel()).cast(pl.String)


def _contact_ids(count: int) -> pl.Series:
    """``hv-000000001``, ``hv-000000002``, ... (nine digits, more when needed)."""
    width = max(9, len(str(count)))
    text = np.empty((count, 3 + width), dtype=np.uint8)
    text[:, :3] = np.frombuffer(b"hv-", dtype=np.uint8)
    number: npt.NDArray[np.unsignedinteger[Any]] = np.arange(
        1, count + 1, dtype=np.uint64 if count >= 2**32 else np.uint32
    )
    for place in range(width - 1, -1, -1):
        text[:, 3 + place] = ord("0") + number % 10
        number //= 10
    return pl.Series("contact_id", text.view(f"S{3 + width}").ravel()).cast(pl.String)


def _frame(
    parts: list[tuple[_Calls, _Outcome]], cal: _Calendar, cols: _Columns, chains: int, seed: int
) -> pl.DataFrame:
    """The records of every generation, in arrival order, in the canonical schema.

    Empties ``parts`` on the way, to keep the peak memory low.
    """

    def cat(get: Callable[[_Calls, _Outcome], npt.NDArray[Any]]) -> npt.NDArray[Any]:
        return np.concatenate([get(c, o) for c, o in parts])

    day = cat(lambda c, o: c.day)
    arrived = cal.midnight[day] + cat(lambda c, o: c.tod) - cal.offset[day]
    del day
    data = {
        "_arrived": arrived,
        "_col": cat(lambda c, o: c.col).astype(np.int16),
        "_chain": cat(lambda c, o: c.chain),
        "_answered": cat(lambda c, o: o.answered),
        "_wait": cat(lambda c, o: o.wait).astype(np.int32),
        "_talk": cat(lambda c, o: o.talk).astype(np.int32),
        "_agent": cat(lambda c, o: o.agent).astype(np.int32),
        "_answered_col": cat(lambda c, o: o.answered_col).astype(np.int16),
        "_wrapup": cat(lambda c, o: o.wrapup),
        "_resolution": cat(lambda c, o: o.resolution).astype(np.int8),
        "_knowledge": cat(lambda c, o: o.knowledge).astype(np.int8),
    }
    parts.clear()
    del arrived
    # (arrival, queue, chain) is unique: a chain's next call comes at least 30 s later
    raw = pl.DataFrame(data).sort("_arrived", "_col", "_chain")
    del data
    rng = np.random.default_rng([seed, _S_KEYS])
    keys = _caller_keys(chains, rng)
    hidden = rng.random(chains) < UNKNOWN_CALLER
    chain = raw["_chain"].to_numpy()
    raw = raw.with_columns(
        _contact_ids(raw.height),
        keys.gather(chain).alias("_key"),
        pl.Series("_hidden", hidden[chain]),
    )
    del keys, hidden, chain
    answered = pl.col("_answered")
    micro = 1_000_000
    arrived_us = pl.col("_arrived") * micro
    answered_us = arrived_us + pl.col("_wait").cast(pl.Int64) * micro
    ended_us = answered_us + pl.col("_talk").cast(pl.Int64) * micro
    utc = SCHEMA["arrived_at"]
    col = pl.col("_col").cast(pl.Int64)
    unit_of_col = {c: UNITS[int(u)].name for c, u in enumerate(cols.unit)}
    resolutions = dict(enumerate(RESOLUTIONS))
    frame = raw.select(
        pl.col("contact_id"),
        col.replace_strict(unit_of_col, return_dtype=pl.String).alias("unit"),
        col.replace_strict(cols.queue_names, return_dtype=pl.String).alias("queue"),
        pl.lit("phone", dtype=pl.String).alias("channel"),
        pl.when(pl.col("_hidden")).then(None).otherwise(pl.col("_key")).alias("caller"),
        arrived_us.cast(utc).alias("arrived_at"),
        pl.when(answered).then(answered_us.cast(utc)).alias("answered_at"),
        ended_us.cast(utc).alias("ended_at"),
        pl.col("_agent")
        .cast(pl.Int64)
        .replace_strict(cols.agent_names, default=None, return_dtype=pl.String)
        .alias("agent"),
        pl.col("_answered_col")
        .cast(pl.Int64)
        .replace_strict(cols.queue_names, default=None, return_dtype=pl.String)
        .alias("answered_queue"),
        pl.when(answered).then(pl.col("_wrapup")).alias("wrapup_seconds"),
        pl.col("_resolution")
        .cast(pl.Int64)
        .replace_strict(resolutions, default=None, return_dtype=pl.String)
        .alias("resolution"),
        pl.when(pl.col("_knowledge") >= 0).then(pl.col("_knowledge") == 1).alias("knowledge_used"),
    )
    return frame


# --------------------------------------------------------------------------- the generator


def _check(start: date, days: int, seed: int, scale: float, records: int | None) -> None:
    if days < 1:
        raise LinjaError(f"days: {days} is not a number of days; expected 1 or more")
    if seed < 0:
        raise LinjaError(f"seed: {seed} is negative; expected 0 or more")
    if records is None and not (math.isfinite(scale) and scale > 0):
        raise LinjaError(f"scale: {scale} is not a volume factor; expected a number above 0")
    if records is not None and not 1 <= records <= MAX_RECORDS:
        raise LinjaError(
            f"records: {records} is not a number of records; expected 1 to {MAX_RECORDS:,}"
        )
    if days > MAX_DAYS:
        raise LinjaError(f"days: {days} is more than {MAX_DAYS} (a hundred years); expected fewer")
    if date.max - start < timedelta(days=days):
        raise LinjaError(f"days: {days} days from {start} go past the year 9999")


def expected_records(
    start: date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
) -> float:
    """The number of records :func:`generate` gives on average for these arguments."""
    _check(start, days, seed, scale, None)
    cal = _calendar(start, days)
    if not cal.open.any():
        return 0.0
    return scale * _expected_records(_intensity(cal, _columns(), seed), _columns())


def generate(
    start: date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    records: int | None = None,
) -> pl.DataFrame:
    """Synthetic contact records for the Helse Vest trusts, in the canonical schema.

    ``days`` days from ``start`` (Oslo local dates). ``scale`` multiplies the volumes
    (1.0: about 330,000 records in a year); ``records``, when given, replaces it with the
    scale that gives about that many records. The same arguments give the same frame.
    Raises :class:`LinjaError` for a bad argument.
    """
    _check(start, days, seed, scale, records)
    cal = _calendar(start, days)
    cols = _columns()
    if not cal.open.any():
        return pl.DataFrame(schema=SCHEMA)
    lam = _intensity(cal, cols, seed)
    expected = _expected_records(lam, cols)
    if records is not None:
        scale = records / expected
    if scale * expected > MAX_RECORDS:
        raise LinjaError(
            f"scale: {scale:g} gives about {scale * expected:,.0f} records; "
            f"expected at most {MAX_RECORDS:,}"
        )
    zq_cells = _pressure(cal, cols, lam, seed)

    rng = np.random.default_rng([seed, _S_ARRIVALS])
    counts = rng.poisson(lam.ravel() * scale)
    del lam
    cell = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    del counts
    day_col, bins = np.divmod(cell, BINS)
    day, col = np.divmod(day_col, cols.size)
    tod = OPENS + bins * BIN + rng.integers(0, BIN, size=len(cell))
    del cell, day_col, bins
    chains = len(day)
    if chains == 0:
        return pl.DataFrame(schema=SCHEMA)
    calls = _Calls(day, col, tod, np.arange(chains, dtype=np.int64))

    n_units = len(UNITS)
    model = _WaitModel(np.zeros(n_units), np.ones(n_units), np.zeros(n_units, dtype=np.bool_))
    parts: list[tuple[_Calls, _Outcome]] = []
    for generation in range(MAX_GENERATIONS):
        if len(calls.day) == 0:
            break
        step = np.random.default_rng([seed, _S_GENERATION + generation])
        outcome = _outcomes(calls, zq_cells, cols, model, step)
        parts.append((calls, outcome))
        calls = _follow_ups(calls, outcome, cal, cols, step)
    return _frame(parts, cal, cols, chains, seed)
