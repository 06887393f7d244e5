"""Every indicator of DESIGN.md §4 on small record sets worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest

from linja.engine.kpi import INDICATORS, Grouping, compute
from linja.engine.records import RawSource, load
from linja.engine.targets import ServiceTargets, Targets, is_met
from linja.errors import LinjaError


def records(*rows: dict[str, Any]) -> pl.DataFrame:
    """Records through the real validation; unit U, queue q, channel phone by default."""
    defaults = {"unit": "U", "queue": "q", "channel": "phone"}
    full = [{**defaults, "contact_id": f"c{i}", **row} for i, row in enumerate(rows)]
    names = sorted({k for row in full for k in row})
    raw = pl.DataFrame(
        {n: [None if row.get(n) is None else str(row.get(n)) for row in full] for n in names},
        schema={n: pl.String for n in names},
    ).with_columns(pl.int_range(pl.len()).cast(pl.Int64).alias("_line") + 2)
    return load([RawSource("test", raw)]).frame


def one(table: pl.DataFrame, **keys: str) -> dict[str, Any]:
    for key, value in keys.items():
        table = table.filter(pl.col(key) == value)
    assert table.height == 1, table
    return table.row(0, named=True)


# Five calls at one unit, T = 60 s (times are Oslo winter time, +01:00):
#   c0 caller A  arrives 08:00:00, answered 08:00:20 (wait 20), ends 08:03:20 (talk 180) + 30 wrap-up, resolved, knowledge yes
#   c1 caller B  arrives 08:01:00, answered 08:02:00 (wait 60 = T), ends 08:06:00 (talk 240), no wrap-up, unresolved, knowledge no
#   c2 unknown   arrives 08:02:00, answered 08:03:01 (wait 61 > T), ends 08:05:01 (talk 120) + 0, pending
#   c3 caller C  arrives 08:05:00, hangs up 08:06:30 unanswered
#   c4 caller A  arrives 08:10:00, unanswered, no ended_at        -> c0 is followed within 24 h
FIVE = [
    dict(
        caller="A",
        arrived_at="2026-03-02T08:00:00+01:00",
        answered_at="2026-03-02T08:00:20+01:00",
        ended_at="2026-03-02T08:03:20+01:00",
        wrapup_seconds=30,
        resolution="resolved",
        knowledge_used="true",
    ),
    dict(
        caller="B",
        arrived_at="2026-03-02T08:01:00+01:00",
        answered_at="2026-03-02T08:02:00+01:00",
        ended_at="2026-03-02T08:06:00+01:00",
        resolution="unresolved",
        knowledge_used="false",
    ),
    dict(
        arrived_at="2026-03-02T08:02:00+01:00",
        answered_at="2026-03-02T08:03:01+01:00",
        ended_at="2026-03-02T08:05:01+01:00",
        wrapup_seconds=0,
        resolution="pending",
    ),
    dict(caller="C", arrived_at="2026-03-02T08:05:00+01:00", ended_at="2026-03-02T08:06:30+01:00"),
    dict(caller="A", arrived_at="2026-03-02T08:10:00+01:00"),
]


def test_every_indicator_on_five_calls_worked_by_hand() -> None:
    row = one(compute(records(*FIVE)), unit="U")
    assert row["offered"] == 5
    assert row["answered"] == 3
    assert row["abandoned"] == 2
    assert row["answer_rate"] == pytest.approx(3 / 5)
    assert row["service_level"] == pytest.approx(2 / 5)  # c0 (20 s) and c1 (exactly 60 s)
    assert row["asa_seconds"] == pytest.approx((20 + 60 + 61) / 3)
    assert row["abandon_rate"] == pytest.approx(2 / 5)
    assert row["aht_seconds"] == pytest.approx(((180 + 30) + 240 + (120 + 0)) / 3)
    assert row["no_repeat_24h_rate"] == pytest.approx(3 / 4)  # A, B, C, A known; first A repeats
    assert row["resolution_rate"] == pytest.approx(1 / 3)
    assert row["knowledge_use_rate"] == pytest.approx(1 / 2)
    assert row["sl_seconds"] == 60


def test_wait_exactly_at_t_counts_and_one_second_more_does_not() -> None:
    calls = records(
        dict(arrived_at="2026-03-02T08:00:00Z", answered_at="2026-03-02T08:00:30Z"),
        dict(arrived_at="2026-03-02T08:00:00Z", answered_at="2026-03-02T08:00:31Z"),
    )
    assert (
        one(compute(calls, targets=ServiceTargets(sl_seconds=30)), unit="U")["service_level"] == 0.5
    )
    assert (
        one(compute(calls, targets=ServiceTargets().with_override(31)), unit="U")["service_level"]
        == 1.0
    )


def test_threshold_per_queue_of_a_unit_beats_queue_unit_and_default() -> None:
    waits = [("Bergen", "a", 25), ("Bergen", "b", 25), ("Førde", "b", 25), ("Førde", "c", 45)]
    calls = records(
        *(
            dict(
                unit=u,
                queue=q,
                arrived_at="2026-03-02T08:00:00Z",
                answered_at=f"2026-03-02T08:00:{w}Z",
            )
            for u, q, w in waits
        )
    )
    targets = ServiceTargets(
        sl_seconds=60,
        unit_sl_seconds={"Bergen": 30, "Førde": 40},
        queue_sl_seconds={"b": 20},
        unit_queue_sl_seconds={("Bergen", "a"): 20},
    )
    table = compute(calls, Grouping(("unit", "queue")), targets)
    # Bergen/a: T=20 (unit+queue) -> 25 s misses; Bergen/b: T=20 (queue) -> misses;
    # Førde/b: T=20 (queue) -> misses; Førde/c: T=40 (unit) -> 45 s misses as well.
    assert [
        (r["unit"], r["queue"], r["sl_seconds"], r["service_level"]) for r in table.to_dicts()
    ] == [
        ("Bergen", "a", 20, 0.0),
        ("Bergen", "b", 20, 0.0),
        ("Førde", "b", 20, 0.0),
        ("Førde", "c", 40, 0.0),
    ]
    by_unit = compute(calls, Grouping(("unit",)), targets)
    assert one(by_unit, unit="Førde")["sl_seconds"] is None  # mixed T in one group


# --------------------------------------------------------------------------- no repeat within 24 h


def no_repeat(*rows: dict[str, Any], by: str = "unit") -> list[Any]:
    return compute(records(*rows), Grouping.parse(by))["no_repeat_24h_rate"].to_list()


def test_repeat_exactly_24_hours_later_counts() -> None:
    assert no_repeat(
        dict(caller="X", arrived_at="2026-03-02T08:00:00Z"),
        dict(caller="X", arrived_at="2026-03-03T08:00:00Z"),
    ) == [0.5]


def test_repeat_24_hours_and_one_second_later_does_not_count() -> None:
    assert no_repeat(
        dict(caller="X", arrived_at="2026-03-02T08:00:00Z"),
        dict(caller="X", arrived_at="2026-03-03T08:00:01Z"),
    ) == [1.0]


def test_same_caller_at_another_unit_is_not_a_repeat() -> None:
    assert no_repeat(
        dict(unit="Bergen", caller="X", arrived_at="2026-03-02T08:00:00Z"),
        dict(unit="Førde", caller="X", arrived_at="2026-03-02T08:05:00Z"),
    ) == [1.0, 1.0]


def test_same_caller_in_another_queue_of_the_same_unit_is_a_repeat() -> None:
    assert no_repeat(
        dict(queue="a", caller="X", arrived_at="2026-03-02T08:00:00Z"),
        dict(queue="b", caller="X", arrived_at="2026-03-02T08:05:00Z"),
        by="queue",
    ) == [0.0, 1.0]


def test_unknown_caller_is_left_out_of_no_repeat() -> None:
    assert no_repeat(
        dict(arrived_at="2026-03-02T08:00:00Z"),
        dict(arrived_at="2026-03-02T08:01:00Z"),
        dict(caller="X", arrived_at="2026-03-02T08:02:00Z"),
    ) == [1.0]
    assert no_repeat(dict(arrived_at="2026-03-02T08:00:00Z")) == [None]


def test_two_contacts_in_the_same_instant_are_not_repeats_of_each_other() -> None:
    # the window (arrived_at, arrived_at + 24 h] is open on the left
    assert no_repeat(
        dict(caller="X", arrived_at="2026-03-02T08:00:00Z"),
        dict(caller="X", arrived_at="2026-03-02T08:00:00Z"),
        dict(caller="X", arrived_at="2026-03-02T09:00:00Z"),
    ) == [pytest.approx(1 / 3)]  # both 08:00 calls are followed by 09:00; 09:00 is not followed


def test_repeat_looks_past_the_reported_period() -> None:
    calls = records(
        dict(caller="X", arrived_at="2026-03-31T23:30:00+02:00"),
        dict(caller="X", arrived_at="2026-04-01T00:10:00+02:00"),
    )
    march = compute(calls, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert one(march, unit="U")["offered"] == 1
    assert one(march, unit="U")["no_repeat_24h_rate"] == 0.0
    by_month = compute(calls, Grouping.parse("month"))
    assert by_month.select("month", "no_repeat_24h_rate").rows() == [
        ("2026-03", 0.0),
        ("2026-04", 1.0),
    ]


def test_24_hours_are_elapsed_hours_across_the_autumn_change() -> None:
    # Saturday 12:00 CEST (10:00Z) and Sunday 12:00 CET (11:00Z) are 25 hours apart
    assert no_repeat(
        dict(caller="X", arrived_at="2026-10-24T12:00:00+02:00"),
        dict(caller="X", arrived_at="2026-10-25T12:00:00+01:00"),
    ) == [1.0]
    # ... and across the spring change, 12:00 to 12:30 the next day is 23.5 hours
    assert no_repeat(
        dict(caller="X", arrived_at="2026-03-28T12:00:00+01:00"),
        dict(caller="X", arrived_at="2026-03-29T12:30:00+02:00"),
    ) == [0.5]


# --------------------------------------------------------------------------- periods in Oslo time


def test_spring_change_day_groups_by_oslo_local_day_and_hour() -> None:
    calls = records(
        dict(arrived_at="2026-03-28T23:30:00Z"),  # 00:30 CET on the 29th
        dict(arrived_at="2026-03-29T00:30:00Z"),  # 01:30 CET
        dict(arrived_at="2026-03-29T01:30:00Z"),  # 03:30 CEST (02:xx does not exist)
        dict(arrived_at="2026-03-29T22:30:00Z"),  # 00:30 CEST on the 30th
    )
    days = compute(calls, Grouping.parse("day")).select("day", "offered").rows()
    assert days == [("2026-03-29", 3), ("2026-03-30", 1)]
    hours = compute(calls, Grouping.parse("hour"), start=date(2026, 3, 29), end=date(2026, 3, 29))
    assert hours.height == 23  # the day has 23 hours
    assert hours.filter(pl.col("offered") > 0).select("hour", "offered").rows() == [
        ("2026-03-29T00:00+01:00", 1),
        ("2026-03-29T01:00+01:00", 1),
        ("2026-03-29T03:00+02:00", 1),
    ]


def test_autumn_change_day_keeps_the_two_two_oclock_hours_apart() -> None:
    calls = records(
        dict(arrived_at="2026-10-24T22:30:00Z"),  # 00:30 CEST on the 25th
        dict(arrived_at="2026-10-25T00:30:00Z"),  # 02:30 CEST
        dict(arrived_at="2026-10-25T01:30:00Z"),  # 02:30 CET, an hour later
        dict(arrived_at="2026-10-25T23:30:00Z"),  # 00:30 CET on the 26th
    )
    days = compute(calls, Grouping.parse("day")).select("day", "offered").rows()
    assert days == [("2026-10-25", 3), ("2026-10-26", 1)]
    hours = compute(calls, Grouping.parse("hour"), start=date(2026, 10, 25), end=date(2026, 10, 25))
    assert hours.height == 25  # the day has 25 hours
    assert hours.filter(pl.col("offered") > 0).select("hour", "offered").rows() == [
        ("2026-10-25T00:00+02:00", 1),
        ("2026-10-25T02:00+02:00", 1),
        ("2026-10-25T02:00+01:00", 1),
    ]


def test_week_month_and_year_labels() -> None:
    calls = records(
        dict(arrived_at="2026-12-31T23:30:00Z"), dict(arrived_at="2026-12-28T10:00:00Z")
    )
    # 2027-01-01 00:30 in Oslo; ISO week 53 of 2026 runs Mon 28 Dec 2026 .. Sun 3 Jan 2027
    assert compute(calls, Grouping.parse("week")).select("week", "offered").rows() == [
        ("2026-W53", 2)
    ]
    assert compute(calls, Grouping.parse("month")).select("month", "offered").rows() == [
        ("2026-12", 1),
        ("2027-01", 1),
    ]
    assert compute(calls, Grouping.parse("year")).select("year", "offered").rows() == [
        ("2026", 1),
        ("2027", 1),
    ]


def test_from_and_to_are_inclusive_oslo_days() -> None:
    calls = records(
        dict(arrived_at="2026-03-01T22:59:59Z"),  # 23:59:59 on the 1st in Oslo: out
        dict(arrived_at="2026-03-01T23:00:00Z"),  # 00:00 on the 2nd: in
        dict(arrived_at="2026-03-02T22:59:59Z"),  # 23:59:59 on the 2nd: in
        dict(arrived_at="2026-03-02T23:00:00Z"),  # 00:00 on the 3rd: out
    )
    table = compute(calls, start=date(2026, 3, 2), end=date(2026, 3, 2))
    assert one(table, unit="U")["offered"] == 2


# --------------------------------------------------------------------------- empty groups and missing values


def test_days_without_contacts_appear_with_zero_offered_and_null_rates() -> None:
    calls = records(dict(arrived_at="2026-03-02T08:00:00Z", answered_at="2026-03-02T08:00:10Z"))
    table = compute(calls, Grouping.parse("unit,day"), start=date(2026, 3, 1), end=date(2026, 3, 3))
    assert table.select("day", "offered", "answered", "abandoned").rows() == [
        ("2026-03-01", 0, 0, 0),
        ("2026-03-02", 1, 1, 0),
        ("2026-03-03", 0, 0, 0),
    ]
    empty_day = one(table, day="2026-03-01")
    assert all(empty_day[name] is None for name in INDICATORS[3:])


def test_no_records_gives_no_groups_or_one_empty_total() -> None:
    nothing = records(dict(arrived_at="2026-03-02T08:00:00Z")).clear()
    assert compute(nothing).is_empty()
    total = compute(nothing, Grouping.parse("total")).row(0, named=True)
    assert total["offered"] == 0
    assert all(total[name] is None for name in INDICATORS[3:])


def test_group_with_no_answered_calls_has_no_mean_wait_or_handling_time() -> None:
    row = one(
        compute(records(dict(arrived_at="2026-03-02T08:00:00Z", ended_at="2026-03-02T08:01:00Z"))),
        unit="U",
    )
    assert (row["answer_rate"], row["service_level"], row["asa_seconds"], row["aht_seconds"]) == (
        0.0,
        0.0,
        None,
        None,
    )


def test_unanswered_without_ended_at_counts_as_offered_and_abandoned() -> None:
    row = one(
        compute(
            records(
                dict(
                    arrived_at="2026-03-02T08:00:00Z",
                    answered_at="2026-03-02T08:00:40Z",
                    ended_at="2026-03-02T08:02:40Z",
                ),
                dict(arrived_at="2026-03-02T08:01:00Z"),
            )
        ),
        unit="U",
    )
    assert (row["offered"], row["answered"], row["abandoned"]) == (2, 1, 1)
    assert row["asa_seconds"] == 40.0
    assert row["service_level"] == 0.5


def test_answered_without_ended_at_is_left_out_of_handling_time_only() -> None:
    row = one(
        compute(
            records(
                dict(
                    arrived_at="2026-03-02T08:00:00Z",
                    answered_at="2026-03-02T08:00:10Z",
                    ended_at="2026-03-02T08:01:10Z",
                ),
                dict(arrived_at="2026-03-02T08:00:00Z", answered_at="2026-03-02T08:00:30Z"),
            )
        ),
        unit="U",
    )
    assert row["asa_seconds"] == 20.0
    assert row["aht_seconds"] == 60.0


def test_groups_by_several_keys_in_the_order_asked() -> None:
    calls = records(
        dict(unit="B", channel="chat", arrived_at="2026-03-02T08:00:00Z"),
        dict(unit="A", channel="phone", arrived_at="2026-03-02T08:00:00Z"),
        dict(unit="A", channel="chat", arrived_at="2026-03-02T08:00:00Z"),
    )
    table = compute(calls, Grouping.parse("channel,unit"))
    assert table.columns[:2] == ["channel", "unit"]
    assert table.select("channel", "unit").rows() == [("chat", "A"), ("chat", "B"), ("phone", "A")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("unit,colour", "--by: 'colour' is not something to group by"),
        ("day,month", "--by: 'day,month' names 2 periods; expected at most one"),
        ("unit,unit", "names a key twice"),
        ("", "--by: expected at least one of"),
    ],
)
def test_bad_grouping_is_explained(text: str, message: str) -> None:
    with pytest.raises(LinjaError, match=message):
        Grouping.parse(text)


def test_targets_are_floors_except_waits_and_abandonment() -> None:
    targets = Targets()
    assert is_met("answer_rate", 0.94, targets.answer_rate) is True
    assert is_met("answer_rate", 0.9399, targets.answer_rate) is False
    assert is_met("asa_seconds", 60.0, targets.asa_seconds) is True
    assert is_met("asa_seconds", 60.5, targets.asa_seconds) is False
    assert is_met("abandon_rate", 0.1, 0.05) is False
    assert is_met("resolution_rate", 0.8, None) is None
    assert is_met("answer_rate", None, 0.94) is None


def test_a_group_of_one_unit_carries_that_unit_whatever_the_grouping() -> None:
    calls = records(
        dict(unit="Bergen", queue="a", arrived_at="2026-03-02T08:00:00Z"),
        dict(unit="Bergen", queue="b", arrived_at="2026-03-02T08:00:00Z"),
        dict(unit="Førde", queue="b", arrived_at="2026-03-02T08:00:00Z"),
    )
    by_queue = compute(calls, Grouping.parse("queue"))
    assert by_queue.select("queue", "_unit").rows() == [("a", "Bergen"), ("b", None)]


def test_filling_an_absurd_number_of_periods_is_refused() -> None:
    calls = records(dict(arrived_at="2026-03-02T08:00:00Z"))
    with pytest.raises(
        LinjaError,
        match=r"grouping by hour from 1900-01-01 to 2026-03-02 gives 1,105,\d{3} rows; expected at most 1,000,000",
    ):
        compute(calls, Grouping.parse("hour"), start=date(1900, 1, 1), end=date(2026, 3, 2))


def test_total_cannot_be_combined_with_other_keys() -> None:
    with pytest.raises(LinjaError, match="--by: 'total,unit' combines total"):
        Grouping.parse("total,unit")
