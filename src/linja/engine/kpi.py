"""The indicators of DESIGN.md §4, computed one way for every part of Linja.

:func:`compute` takes contact records (the frame :mod:`linja.engine.records` returns) and
groups them by any of ``unit``, ``queue``, ``channel`` and at most one period (``hour``,
``day``, ``week``, ``month``, ``year``) in Europe/Oslo local time. Without a period the
group spans the whole range. The result has one row per group: the group keys, then
:data:`INDICATORS`, then ``sl_seconds`` (the threshold T the group was measured against,
null when its queues use different ones), ``_unit`` (the unit of the group when all its
contacts belong to one, so its targets apply) and ``_period_start`` when grouped by a period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from linja.engine.targets import ServiceTargets
from linja.errors import LinjaError

TZ = "Europe/Oslo"
DIMENSIONS = ("unit", "queue", "channel")
PERIODS = ("hour", "day", "week", "month", "year")
TOTAL = "total"
INDICATORS = (
    "offered",
    "answered",
    "abandoned",
    "answer_rate",
    "service_level",
    "asa_seconds",
    "abandon_rate",
    "aht_seconds",
    "no_repeat_24h_rate",
    "resolution_rate",
    "knowledge_use_rate",
)
COUNTS = ("offered", "answered", "abandoned")
REPEAT_WINDOW = timedelta(hours=24)
PERIOD_START = "_period_start"
UNIT = "_unit"  # the one unit all of a group's contacts belong to (null when several)
MAX_ROWS = 1_000_000  # periods x groups a table may have when empty periods are filled
_EVERY = {"hour": "1h", "day": "1d", "week": "1w", "month": "1mo", "year": "1y"}
_LABEL = {
    "hour": "%Y-%m-%dT%H:%M%:z",
    "day": "%Y-%m-%d",
    "week": "%G-W%V",
    "month": "%Y-%m",
    "year": "%Y",
}
_FAR_FUTURE = datetime(9999, 1, 1)


@dataclass(frozen=True)
class Grouping:
    """What to group by: dimensions in the order asked, and at most one period."""

    dimensions: tuple[str, ...] = ("unit",)
    period: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return self.dimensions + ((self.period,) if self.period else ())

    @classmethod
    def parse(cls, text: str) -> Grouping:
        """``"unit,month"`` -> Grouping; ``"total"`` groups everything into one row."""
        names = [n.strip().lower() for n in text.split(",") if n.strip()]
        if names == [TOTAL]:
            return cls((), None)
        if TOTAL in names:
            raise LinjaError(
                f"--by: '{text}' combines {TOTAL} (everything in one row) with other keys; "
                f"expected {TOTAL} alone, or a list of keys"
            )
        known = (*DIMENSIONS, *PERIODS)
        for name in names:
            if name not in known:
                raise LinjaError(
                    f"--by: '{name}' is not something to group by; expected a comma-separated "
                    f"list of {', '.join(known)}, or {TOTAL}"
                )
        if len(set(names)) != len(names):
            raise LinjaError(f"--by: '{text}' names a key twice")
        periods = [n for n in names if n in PERIODS]
        if len(periods) > 1:
            raise LinjaError(f"--by: '{text}' names {len(periods)} periods; expected at most one")
        if not names:
            raise LinjaError(f"--by: expected at least one of {', '.join(known)}, or {TOTAL}")
        return cls(tuple(n for n in names if n in DIMENSIONS), periods[0] if periods else None)


def annotate(
    records: pl.LazyFrame | pl.DataFrame, targets: ServiceTargets, *, exact: bool = False
) -> pl.LazyFrame:
    """Add the per-record facts every indicator is built from.

    ``_answered``, ``_wait`` (seconds), ``_sl_seconds`` (T), ``_within_sl``, ``_handle``
    (seconds, answered records with ended_at), and ``_repeat`` (another record of the
    same caller at the same unit arrived within (arrived_at, arrived_at + 24 h]; null
    without a caller key). The repeat looks at every record given, so annotate before
    cutting a period out. See :func:`_with_repeats` for ``exact`` and ``_collision``.
    """
    lf = records.lazy()
    arrived, answered, ended = pl.col("arrived_at"), pl.col("answered_at"), pl.col("ended_at")
    wait = (pl.coalesce(answered, ended) - arrived).dt.total_microseconds() / 1e6
    wrapup = pl.col("wrapup_seconds").fill_null(0.0)
    handle = (ended - answered).dt.total_microseconds() / 1e6 + wrapup
    lf = lf.with_columns(
        answered.is_not_null().alias("_answered"),
        wait.alias("_wait"),
        targets.threshold_expr().alias("_sl_seconds"),
        handle.alias("_handle"),
    ).with_columns(
        (pl.col("_answered") & (pl.col("_wait") <= pl.col("_sl_seconds"))).alias("_within_sl")
    )
    return _with_repeats(lf, exact=exact)


def caller_hash(unit: pl.Expr, caller: pl.Expr) -> pl.Expr:
    """A 64-bit key for (unit, caller); null without a caller."""
    return pl.when(caller.is_null()).then(None).otherwise(pl.struct(unit, caller).hash())


def _with_repeats(lf: pl.LazyFrame, *, exact: bool) -> pl.LazyFrame:
    """Mark records followed by another of the same caller and unit within 24 h.

    Sorted by caller and arrival, the next *distinct* later arrival of the same key
    decides: ties (two records in the same instant) do not count as a repeat of each
    other, since the window (arrived_at, arrived_at + 24 h] is open on the left.

    Sorting by text is slow, so records are sorted by a 64-bit hash of (unit, caller)
    and neighbours are compared by their real unit and caller. Two keys with the same
    hash would interleave; ``_collision`` marks that (about one chance in 10^7 for a
    million callers), and :func:`compute` then does it again with ``exact``, sorting by
    the text itself.
    """
    unit, caller, arrived = pl.col("unit"), pl.col("caller"), pl.col("arrived_at")
    if exact:
        lf = lf.sort(["unit", "caller", "arrived_at"])
        collision = pl.lit(False)
    else:
        lf = lf.with_columns(caller_hash(unit, caller).alias("_key"))
        lf = lf.sort(["_key", "arrived_at"])  # nulls_last would make it ~9x slower
        same_hash = (pl.col("_key").shift(-1) == pl.col("_key")).fill_null(False)
        same_text = unit.shift(-1).eq_missing(unit) & caller.shift(-1).eq_missing(caller)
        collision = same_hash & ~same_text
    same_key = ((unit.shift(-1) == unit) & (caller.shift(-1) == caller)).fill_null(False)
    following = arrived.shift(-1)
    sentinel = pl.lit(_FAR_FUTURE).dt.replace_time_zone("UTC").dt.cast_time_unit("us")
    candidate = (
        pl.when(same_key.not_())
        .then(sentinel)
        .when(following == arrived)
        .then(None)
        .otherwise(following)
    )
    next_later = candidate.fill_null(strategy="backward")
    repeat = (
        pl.when(caller.is_null())
        .then(None)
        .otherwise((next_later != sentinel) & (next_later - arrived <= REPEAT_WINDOW))
    )
    return lf.with_columns(repeat.alias("_repeat"), collision.alias("_collision"))


def _period_start(period: str) -> pl.Expr:
    local = pl.col("arrived_at").dt.convert_time_zone(TZ)
    return local.dt.truncate(_EVERY[period])


def _ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _aggregations() -> list[pl.Expr]:
    ans = pl.col("_answered")
    caller_known = pl.col("_repeat").is_not_null()
    return [
        pl.len().alias("offered"),
        ans.sum().alias("answered"),
        pl.col("_within_sl").sum().alias("_within_sl"),
        pl.col("_wait").filter(ans).mean().alias("asa_seconds"),
        pl.col("_handle").filter(ans).mean().alias("aht_seconds"),
        caller_known.sum().alias("_with_caller"),
        (caller_known & pl.col("_repeat").not_()).sum().alias("_no_repeat"),
        pl.col("resolution").is_not_null().sum().alias("_with_resolution"),
        (pl.col("resolution") == "resolved").sum().alias("_resolved"),
        pl.col("knowledge_used").is_not_null().sum().alias("_with_knowledge"),
        pl.col("knowledge_used").sum().alias("_knowledge_used"),
        pl.col("_sl_seconds").min().alias("_t_min"),
        pl.col("_sl_seconds").max().alias("_t_max"),
        pl.col("_collision").any().alias("_collision"),
        pl.col("unit").min().alias("_unit_min"),
        pl.col("unit").max().alias("_unit_max"),
    ]


def _finish(grouped: pl.LazyFrame) -> pl.LazyFrame:
    offered = pl.col("offered")
    return grouped.with_columns(
        (offered - pl.col("answered")).alias("abandoned"),
        _ratio(pl.col("answered"), offered).alias("answer_rate"),
        _ratio(pl.col("_within_sl"), offered).alias("service_level"),
        _ratio(offered - pl.col("answered"), offered).alias("abandon_rate"),
        _ratio(pl.col("_no_repeat"), pl.col("_with_caller")).alias("no_repeat_24h_rate"),
        _ratio(pl.col("_resolved"), pl.col("_with_resolution")).alias("resolution_rate"),
        _ratio(pl.col("_knowledge_used"), pl.col("_with_knowledge")).alias("knowledge_use_rate"),
        pl.when(pl.col("_t_min") == pl.col("_t_max")).then(pl.col("_t_min")).alias("sl_seconds"),
        pl.when(pl.col("_unit_min") == pl.col("_unit_max")).then(pl.col("_unit_min")).alias(UNIT),
    )


def local_day_bounds(
    start: date | None, end: date | None
) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, end + 1 day 00:00) in Oslo local time, as aware datetimes."""
    zone = ZoneInfo(TZ)
    lo = datetime(start.year, start.month, start.day, tzinfo=zone) if start else None
    hi = None
    if end:
        after = end + timedelta(days=1)
        hi = datetime(after.year, after.month, after.day, tzinfo=zone)
    return lo, hi


DEFAULT_GROUPING = Grouping()
DEFAULT_TARGETS = ServiceTargets()


def compute(
    records: pl.DataFrame | pl.LazyFrame,
    grouping: Grouping = DEFAULT_GROUPING,
    targets: ServiceTargets = DEFAULT_TARGETS,
    *,
    start: date | None = None,
    end: date | None = None,
    fill_periods: bool = True,
) -> pl.DataFrame:
    """The indicator table for ``records`` grouped by ``grouping``.

    ``start`` and ``end`` (inclusive, Oslo local dates) cut out the period reported; the
    24 h repeat still looks at every record given. With a period in the grouping and
    ``fill_periods``, periods without contacts appear with offered 0 (rates null) for each
    combination of the other keys seen, so a time series has no silent gaps.
    """
    lo, hi = local_day_bounds(start, end)
    table = _grouped_table(records, grouping, targets, lo, hi, exact=False)
    if table["_collision"].any():
        table = _grouped_table(records, grouping, targets, lo, hi, exact=True)
    if grouping.period and fill_periods:
        table = _fill_periods(table, grouping, lo, hi)
    if grouping.period:
        label = pl.col(PERIOD_START).dt.strftime(_LABEL[grouping.period]).alias(grouping.period)
        table = table.with_columns(label)
    order = [*grouping.dimensions, *([PERIOD_START] if grouping.period else [])]
    if order:
        table = table.sort(order, nulls_last=True)
    extra = [PERIOD_START] if grouping.period else []
    return table.select(*grouping.keys, *INDICATORS, "sl_seconds", UNIT, *extra)


def _grouped_table(
    records: pl.DataFrame | pl.LazyFrame,
    grouping: Grouping,
    targets: ServiceTargets,
    lo: datetime | None,
    hi: datetime | None,
    *,
    exact: bool,
) -> pl.DataFrame:
    lf = annotate(records, targets, exact=exact)
    if lo is not None:
        lf = lf.filter(pl.col("arrived_at") >= lo.astimezone(UTC))
    if hi is not None:
        lf = lf.filter(pl.col("arrived_at") < hi.astimezone(UTC))
    keys = list(grouping.dimensions)
    if grouping.period:
        lf = lf.with_columns(_period_start(grouping.period).alias(PERIOD_START))
        keys.append(PERIOD_START)
    grouped = lf.group_by(keys).agg(_aggregations()) if keys else lf.select(_aggregations())
    # a global sort does not stream: the in-memory engine is about twice as fast here
    return _finish(grouped).collect(engine="in-memory")


def _fill_periods(
    table: pl.DataFrame, grouping: Grouping, lo: datetime | None, hi: datetime | None
) -> pl.DataFrame:
    assert grouping.period is not None
    starts = table[PERIOD_START]
    if lo is None and starts.is_empty():
        return table
    every = _EVERY[grouping.period]
    first = pl.select(
        pl.lit(lo).dt.convert_time_zone(TZ).dt.truncate(every) if lo is not None else starts.min()
    ).item()
    if hi is not None:
        last_instant = hi - timedelta(microseconds=1)
        last = pl.select(pl.lit(last_instant).dt.convert_time_zone(TZ).dt.truncate(every)).item()
    else:
        last = starts.max()
    if first is None or last is None:
        return table
    if grouping.period == "hour":
        # whole hours are the same instants in UTC and in Oslo; step in UTC across DST
        utc = pl.datetime_range(
            pl.lit(first).dt.convert_time_zone("UTC"),
            pl.lit(last).dt.convert_time_zone("UTC"),
            interval="1h",
            time_unit="us",
            eager=True,
        )
        every_start = utc.dt.convert_time_zone(TZ)
    else:
        every_start = pl.datetime_range(first, last, interval=every, time_unit="us", eager=True)
    combos = table.select(grouping.dimensions).unique() if grouping.dimensions else None
    rows = len(every_start) * (combos.height if combos is not None else 1)
    if rows > MAX_ROWS:
        raise LinjaError(
            f"grouping by {grouping.period} from {first:%Y-%m-%d} to {last:%Y-%m-%d} gives "
            f"{rows:,} rows; expected at most {MAX_ROWS:,}: choose a shorter range "
            "(--from/--to) or a longer period"
        )
    grid = pl.DataFrame({PERIOD_START: every_start.cast(table.schema[PERIOD_START])})
    if combos is not None:
        grid = combos.join(grid, how="cross")
    merged = grid.join(table, on=[*grouping.dimensions, PERIOD_START], how="left", nulls_equal=True)
    return merged.with_columns(pl.col(list(COUNTS)).fill_null(0))
