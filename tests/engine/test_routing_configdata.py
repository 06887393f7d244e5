"""A routing configuration survives its trip through the live service's log as JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tests.engine.test_routing_properties import QUEUES, queue_rules

from linja.engine.routing import (
    Calendar,
    Closure,
    DailyClosure,
    QueueRules,
    Redirect,
    RoutingConfig,
)
from linja.engine.routing.configdata import from_data, to_data


def through_the_log(config: RoutingConfig) -> RoutingConfig:
    return from_data(json.loads(json.dumps(to_data(config))))


@given(st.tuples(*(queue_rules(q) for q in QUEUES)))
def test_any_queues_rules_come_back_equal(rules: Any) -> None:
    config = RoutingConfig(rules)
    assert through_the_log(config) == config


def test_a_calendar_with_every_part_comes_back_equal() -> None:
    calendar = Calendar(
        weekly={0: ((time(8), time(11, 30)), (time(12), time(15, 30))), 4: ((time(8), time(0)),)},
        holidays=frozenset({date(2026, 12, 25), date(2026, 12, 26)}),
        daily_closures=(DailyClosure(time(11, 30), time(12), frozenset({0, 1, 2}), "lunch"),),
        closures=(
            Closure(
                datetime(2026, 3, 2, 13, tzinfo=UTC),
                datetime(2026, 3, 2, 14, tzinfo=UTC),
                "staff meeting",
            ),
        ),
        timezone="Europe/Oslo",
    )
    config = RoutingConfig((
        QueueRules("a", unit="Auge", calendar=calendar, when_closed=Redirect("b"),
                   when_full=Redirect(None, "queue_full", "+4755000000")),
        QueueRules("b", calendar=Calendar(weekly=None)),
    ))  # fmt: skip
    back = through_the_log(config)
    assert back == config
    assert back.queues[0].calendar.closures[0].start == datetime(2026, 3, 2, 13, tzinfo=UTC)
