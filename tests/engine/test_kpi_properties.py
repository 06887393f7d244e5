"""Invariants of the indicators on random record sets (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from linja.engine import kpi
from linja.engine.kpi import Grouping, compute
from linja.engine.records import COLUMNS, SCHEMA
from linja.engine.targets import ServiceTargets

BASE = datetime(2026, 3, 28, 6, 0, tzinfo=UTC)  # spans the spring DST change
DAY = 86_400

record = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["A", "B"]),
        "queue": st.sampled_from(["q1", "q2"]),
        "channel": st.sampled_from(["phone", "chat"]),
        "caller": st.sampled_from([None, "x", "y", "z"]),
        # arrivals on whole seconds, often exactly a day apart, to hit the window edge
        "arrive": st.one_of(st.integers(0, 3 * DAY), st.sampled_from([0, DAY, DAY + 1, 2 * DAY])),
        "wait": st.one_of(st.none(), st.integers(0, 300)),
        "talk": st.one_of(st.none(), st.integers(0, 900)),
        "wrapup": st.one_of(st.none(), st.integers(0, 120)),
        "resolution": st.sampled_from([None, "resolved", "unresolved", "pending"]),
        "knowledge_used": st.sampled_from([None, True, False]),
    }
)


def frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    out = []
    for i, r in enumerate(rows):
        arrived = BASE + timedelta(seconds=int(r["arrive"]))  # type: ignore[call-overload]
        answered = None if r["wait"] is None else arrived + timedelta(seconds=int(r["wait"]))  # type: ignore[call-overload]
        ended = None
        if r["talk"] is not None:
            ended = (answered or arrived) + timedelta(seconds=int(r["talk"]))  # type: ignore[call-overload]
        out.append(
            {
                "contact_id": f"c{i}",
                "unit": r["unit"],
                "queue": r["queue"],
                "channel": r["channel"],
                "caller": r["caller"],
                "arrived_at": arrived,
                "answered_at": answered,
                "ended_at": ended,
                "agent": None,
                "answered_queue": None,
                "wrapup_seconds": None if r["wrapup"] is None else float(r["wrapup"]),  # type: ignore[arg-type]
                "resolution": r["resolution"],
                "knowledge_used": r["knowledge_used"],
            }
        )
    return pl.DataFrame(out, schema=SCHEMA).select(COLUMNS)


def brute_force_no_repeat(rows: pl.DataFrame) -> dict[str, float | None]:
    """Per unit, straight from the definition: O(n²) over all pairs."""
    result: dict[str, float | None] = {}
    data = rows.to_dicts()
    for unit in sorted({r["unit"] for r in data}):
        known = [r for r in data if r["unit"] == unit and r["caller"] is not None]
        if not known:
            result[unit] = None
            continue
        quiet = sum(
            1
            for r in known
            if not any(
                o["caller"] == r["caller"]
                and r["arrived_at"] < o["arrived_at"] <= r["arrived_at"] + timedelta(hours=24)
                for o in known
            )
        )
        result[unit] = quiet / len(known)
    return result


@settings(max_examples=150, deadline=None)
@given(st.lists(record, max_size=30))
def test_no_repeat_matches_the_definition_pair_by_pair(rows: list[dict[str, object]]) -> None:
    records = frame(rows)
    table = compute(records, Grouping(("unit",)))
    assert dict(table.select("unit", "no_repeat_24h_rate").rows()) == brute_force_no_repeat(records)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(record, max_size=30),
    st.sampled_from(["unit", "queue,channel", "unit,day", "hour", "total"]),
)
def test_rates_are_fractions_and_counts_add_up(rows: list[dict[str, object]], by: str) -> None:
    table = compute(frame(rows), Grouping.parse(by))
    for name in (
        "answer_rate",
        "service_level",
        "abandon_rate",
        "no_repeat_24h_rate",
        "resolution_rate",
        "knowledge_use_rate",
    ):
        values = table[name].drop_nulls()
        assert values.is_empty() or (values.min() >= 0 and values.max() <= 1)  # type: ignore[operator]
    assert (table["offered"] == table["answered"] + table["abandoned"]).all()
    assert table["offered"].sum() == len(rows)
    assert table["answered"].sum() == sum(1 for r in rows if r["wait"] is not None)
    both = table.drop_nulls(["service_level", "answer_rate"])
    assert (both["service_level"] <= both["answer_rate"] + 1e-12).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(record, min_size=1, max_size=30))
def test_total_equals_the_offered_weighted_mean_of_the_groups(
    rows: list[dict[str, object]],
) -> None:
    records = frame(rows)
    total = compute(records, Grouping.parse("total")).row(0, named=True)
    parts = compute(records, Grouping.parse("unit,queue"))
    weighted = (parts["answer_rate"] * parts["offered"]).sum() / parts["offered"].sum()
    assert abs(total["answer_rate"] - weighted) < 1e-12
    answered = parts["answered"]
    if answered.sum():
        asa = (parts["asa_seconds"].fill_null(0) * answered).sum() / answered.sum()
        assert abs(total["asa_seconds"] - asa) < 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(record, max_size=30))
def test_no_repeat_stays_exact_when_caller_hashes_collide(rows: list[dict[str, object]]) -> None:
    """Every caller forced onto one hash: the collision is seen and the exact path used."""

    def one_hash_for_all(unit: pl.Expr, caller: pl.Expr) -> pl.Expr:
        return pl.when(caller.is_null()).then(None).otherwise(pl.lit(7, dtype=pl.UInt64))

    records = frame(rows)
    with patch.object(kpi, "caller_hash", one_hash_for_all):
        table = compute(records, Grouping(("unit",)))
    assert dict(table.select("unit", "no_repeat_24h_rate").rows()) == brute_force_no_repeat(records)


def test_a_collision_is_detected() -> None:
    records = frame(
        [
            {
                "unit": "A",
                "queue": "q1",
                "channel": "phone",
                "caller": c,
                "arrive": t,
                "wait": None,
                "talk": None,
                "wrapup": None,
                "resolution": None,
                "knowledge_used": None,
            }
            for c, t in [("x", 0), ("y", 60), ("x", 120)]
        ]
    )
    lf = kpi.annotate(records, ServiceTargets())
    assert not lf.collect()["_collision"].any()
    with patch.object(kpi, "caller_hash", lambda u, c: pl.lit(7, dtype=pl.UInt64)):
        assert kpi.annotate(records, ServiceTargets()).collect()["_collision"].any()
