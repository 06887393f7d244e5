"""The synthetic Helse Vest records: calibrated, valid, deterministic, in opening hours."""

from __future__ import annotations

import re
from datetime import date, time

import holidays
import polars as pl
import pytest

from linja import sampledata
from linja.engine.kpi import Grouping, annotate, compute
from linja.engine.records import COLUMNS, LINE, SCHEMA, validate
from linja.engine.targets import ServiceTargets
from linja.errors import LinjaError

TZ = "Europe/Oslo"
# Helse Vest, August 2020 - September 2021 (seed 000):
# answer rate, service level (answered within 60 s / offered), mean wait (s), no repeat in 24 h
PUBLISHED = {
    "Helse Førde": (0.842, 0.805, 41.0, 0.870),
    "Helse Bergen": (0.837, 0.721, 68.0, 0.852),
    "Haraldsplass": (0.863, 0.785, 51.0, 0.814),
    "Helse Fonna": (0.777, 0.406, 198.0, 0.849),
    "Helse Stavanger": (0.875, 0.752, 53.0, 0.827),
}
KEY = re.compile(r"k[0-9a-f]{20}")


@pytest.fixture(scope="module")
def year() -> pl.DataFrame:
    """The default year, as `make report` generates it."""
    return sampledata.generate()


@pytest.fixture(scope="module")
def table(year: pl.DataFrame) -> pl.DataFrame:
    return compute(year)


@pytest.fixture(scope="module")
def local(year: pl.DataFrame) -> pl.DataFrame:
    return year.with_columns(pl.col("arrived_at").dt.convert_time_zone(TZ).alias("local"))


def test_the_default_year_lands_on_the_published_results(table: pl.DataFrame) -> None:
    assert sorted(table["unit"]) == sorted(PUBLISHED)
    for row in table.iter_rows(named=True):
        answer_rate, service_level, asa, no_repeat = PUBLISHED[row["unit"]]
        assert row["answer_rate"] == pytest.approx(answer_rate, abs=0.02), row["unit"]
        assert row["service_level"] == pytest.approx(service_level, abs=0.02), row["unit"]
        assert row["asa_seconds"] == pytest.approx(asa, abs=6.0), row["unit"]
        assert row["no_repeat_24h_rate"] == pytest.approx(no_repeat, abs=0.02), row["unit"]
        assert row["sl_seconds"] == 60.0


def test_the_units_are_those_of_the_table_with_their_results() -> None:
    published = {
        u.name: (u.answer_rate, u.service_level, u.asa_seconds, u.no_repeat_24h_rate)
        for u in sampledata.UNITS
    }
    assert published == PUBLISHED


def test_volumes_are_plausible(year: pl.DataFrame, local: pl.DataFrame) -> None:
    assert 150_000 <= year.height <= 400_000
    per_day = local.group_by("unit", pl.col("local").dt.date().alias("day")).len()
    mean = dict(per_day.group_by("unit").agg(pl.col("len").mean()).iter_rows())
    assert max(mean, key=lambda u: mean[u]) == "Helse Bergen"
    assert all(80 <= calls <= 700 for calls in mean.values()), mean
    queues = year.group_by("unit").agg(pl.col("queue").n_unique())
    assert all(2 <= n <= 4 for n in queues["queue"])


def test_records_validate_without_a_problem(year: pl.DataFrame) -> None:
    assert year.columns == list(COLUMNS)
    assert dict(year.schema) == SCHEMA
    raw = year.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(LINE))
    good, problems, rejected = validate(raw, "sample", position="row")
    assert problems == []
    assert rejected == 0
    assert good.height == year.height


def test_calls_arrive_only_in_opening_hours_on_open_days(local: pl.DataFrame) -> None:
    clock = local["local"].dt.time()
    assert clock.min() >= time(8, 0)
    assert clock.max() < time(15, 30)
    assert local["local"].dt.weekday().max() <= 5  # Monday 1 .. Friday 5
    days = local["local"].dt.date().unique()
    public = holidays.country_holidays("NO", years=[2020, 2021])
    assert [d for d in days if d in public] == []
    assert date(2020, 12, 24) not in days.to_list()
    assert {date(2021, 5, 17), date(2021, 4, 1), date(2021, 5, 13)}.isdisjoint(days.to_list())


def test_opening_hours_follow_daylight_saving_time(local: pl.DataFrame) -> None:
    # 08:00 in Oslo is 07:00 UTC in winter and 06:00 UTC in summer
    first = (
        local.group_by(pl.col("local").dt.date().alias("day"))
        .agg(pl.col("arrived_at").min().alias("utc"), pl.col("local").min().alias("at"))
        .sort("day")
    )
    by_day = {row["day"]: row for row in first.iter_rows(named=True)}
    for day, utc_hour in [
        (date(2020, 10, 23), 6),  # Friday before summer time ends
        (date(2020, 10, 26), 7),  # Monday after
        (date(2021, 3, 26), 7),  # Friday before summer time starts
        (date(2021, 3, 29), 6),  # Monday after
    ]:
        assert by_day[day]["at"].time() < time(8, 15)
        assert by_day[day]["utc"].hour == utc_hour


def test_open_days() -> None:
    week = sampledata.open_days(date(2021, 5, 10), 7)  # Ascension Thursday 13 May
    assert week == [True, True, True, False, True, False, False]
    christmas = sampledata.open_days(date(2020, 12, 23), 12)  # Wednesday 23 to Sunday 3
    assert christmas == [True, *[False] * 4, True, True, True, False, False, False, False]


def test_volume_patterns(local: pl.DataFrame) -> None:
    daily = local.group_by(pl.col("local").dt.date().alias("day")).len()
    weekday = dict(daily.group_by(pl.col("day").dt.weekday()).agg(pl.col("len").mean()).iter_rows())
    assert weekday[1] > 1.1 * weekday[5]  # Monday heavier than Friday
    monthly = dict(daily.group_by(pl.col("day").dt.month()).agg(pl.col("len").mean()).iter_rows())
    others = [v for m, v in monthly.items() if m not in (7, 12)]
    assert monthly[7] < 0.8 * min(others)  # summer holidays
    assert monthly[12] < min(others)  # Christmas
    hours = dict(local.group_by(pl.col("local").dt.hour()).len().iter_rows())
    assert max(hours, key=lambda h: hours[h]) == 8  # the morning peak
    assert hours[11] < hours[9]


def test_results_move_from_month_to_month(year: pl.DataFrame, table: pl.DataFrame) -> None:
    months = compute(year, Grouping(("unit",), "month"))
    spread = months.group_by("unit").agg(
        (pl.col("service_level").max() - pl.col("service_level").min()).alias("sl"),
        (pl.col("answer_rate").max() - pl.col("answer_rate").min()).alias("ar"),
    )
    assert (spread["sl"] > 0.04).all()
    assert (spread["ar"] > 0.02).all()
    # Helse Fonna is the worst every month; August (holiday staffing) is worse than the year
    worst = months.group_by("month").agg(pl.col("unit").sort_by("service_level").first())
    assert set(worst["unit"]) == {"Helse Fonna"}
    annual = dict(table.select("unit", "service_level").iter_rows())
    august = months.filter(pl.col("month") == "2021-08")
    worse = [
        r["unit"] for r in august.iter_rows(named=True) if r["service_level"] < annual[r["unit"]]
    ]
    assert len(worse) >= 4


def test_outcomes_are_consistent(year: pl.DataFrame) -> None:
    answered = year.filter(pl.col("answered_at").is_not_null())
    abandoned = year.filter(pl.col("answered_at").is_null())
    assert 0.1 < abandoned.height / year.height < 0.3
    assert (
        abandoned.select(
            pl.col("agent", "answered_queue", "wrapup_seconds", "resolution", "knowledge_used")
            .is_null()
            .all()
        ).row(0)
        == (True,) * 5
    )
    patience = (abandoned["ended_at"] - abandoned["arrived_at"]).dt.total_seconds()
    assert patience.min() >= 1
    assert 20 < patience.median() < 200
    assert answered["agent"].is_not_null().all()
    # another queue of the unit answers now and then (overflow); answered_queue says which
    moved = answered.filter(pl.col("answered_queue").is_not_null())
    assert 0.01 < moved.height / answered.height < 0.1
    assert (moved["answered_queue"] != moved["queue"]).all()
    queues = set(year.select("unit", "queue").unique().iter_rows())
    assert set(moved.select("unit", "answered_queue").unique().iter_rows()) <= queues
    talk = (answered["ended_at"] - answered["answered_at"]).dt.total_seconds()
    assert talk.min() > 0
    assert 90 < talk.median() < 300
    assert answered["wrapup_seconds"].min() >= 0
    assert set(year["channel"].unique()) == {"phone"}
    # agents belong to their unit
    codes = {u.name: u.code for u in sampledata.UNITS}
    prefix = answered.select(pl.col("unit"), pl.col("agent").str.slice(0, 3)).unique()
    assert all(codes[unit] == code for unit, code in prefix.iter_rows())
    # resolution as in the survey of seed 000: 79 / 7 / 14 %
    shares = answered["resolution"].drop_nulls().value_counts(normalize=True)
    share = dict(shares.iter_rows())
    assert share["resolved"] == pytest.approx(0.79, abs=0.02)
    assert share["unresolved"] == pytest.approx(0.07, abs=0.02)
    assert share["pending"] == pytest.approx(0.14, abs=0.02)
    assert 0.5 < answered["resolution"].is_not_null().mean() < 0.95
    assert 0.5 < answered["knowledge_used"].is_not_null().mean() < 0.95


def test_caller_keys_are_pseudonymous(year: pl.DataFrame) -> None:
    callers = year["caller"]
    unknown = callers.null_count() / year.height
    assert 0.01 < unknown < 0.06
    keys = callers.drop_nulls()
    assert keys.str.contains(r"^k[0-9a-f]{20}$").all()
    assert not keys.str.contains(r"^\+?\d{8,}$").any()  # never a phone number
    assert all(KEY.fullmatch(k) for k in keys.head(100))


def test_repeats_are_the_same_caller_at_the_same_unit(year: pl.DataFrame) -> None:
    marked = annotate(year, ServiceTargets()).collect()
    known = marked.filter(pl.col("caller").is_not_null())
    # abandoned callers call again more often than those who got an answer
    rate = dict(known.group_by("_answered").agg(pl.col("_repeat").mean()).iter_rows())
    assert rate[False] > rate[True] + 0.05
    # a caller key belongs to one unit
    assert known.group_by("caller").agg(pl.col("unit").n_unique())["unit"].max() == 1


def test_deterministic_for_a_seed_and_different_for_another() -> None:
    first = sampledata.generate(date(2021, 3, 22), 14, seed=7)
    again = sampledata.generate(date(2021, 3, 22), 14, seed=7)
    other = sampledata.generate(date(2021, 3, 22), 14, seed=8)
    assert first.equals(again)
    assert not first.equals(other)
    assert first.height > 0
    assert first["contact_id"].is_unique().all()


def test_scale_and_records_give_the_size_asked() -> None:
    start = date(2021, 2, 1)
    full = sampledata.generate(start, 28)
    half = sampledata.generate(start, 28, scale=0.5)
    assert half.height / full.height == pytest.approx(0.5, rel=0.05)
    asked = sampledata.generate(start, 28, records=12_345)
    assert asked.height == pytest.approx(12_345, rel=0.05)
    expected = sampledata.expected_records(start, 28)
    assert full.height == pytest.approx(expected, rel=0.05)


def test_days_without_open_lines_give_no_records() -> None:
    empty = sampledata.generate(date(2020, 12, 24), 4)  # Christmas Eve to the Sunday
    assert empty.is_empty()
    assert dict(empty.schema) == SCHEMA


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"days": 0}, "days: 0"),
        ({"days": -5}, "days: -5"),
        ({"seed": -1}, "seed: -1"),
        ({"scale": 0.0}, "scale: 0.0"),
        ({"scale": float("nan")}, "scale: nan"),
        ({"records": 0}, "records: 0"),
    ],
)
def test_bad_arguments_say_what_is_wrong(arguments: dict[str, float], message: str) -> None:
    with pytest.raises(LinjaError, match=message):
        sampledata.generate(**arguments)
