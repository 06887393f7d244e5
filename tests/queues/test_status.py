"""Open now, and until when: the router's calendar read at an instant (Europe/Oslo)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from tests.orgs.world import World

from linja.queues import actions
from linja.queues.status import OpenNow, open_now

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=OSLO)  # 1 March 2027 is a Monday


@pytest.fixture
def auge(world: World) -> object:
    queue = world.objects["auge"]
    actions.set_opening_hours(queue, {d: [(time(8), time(15, 30))] for d in range(5)})
    actions.add_daily_closure(queue, time(11, 30), time(12), frozenset(range(5)), "lunsj")
    return queue


def test_open_in_the_morning_until_lunch(auge: object) -> None:
    assert open_now(auge, at(1, 9)) == OpenNow(True, at(1, 11, 30))  # type: ignore[arg-type]


def test_closed_at_lunch_until_it_opens_again(auge: object) -> None:
    assert open_now(auge, at(1, 11, 45)) == OpenNow(False, at(1, 12))  # type: ignore[arg-type]


def test_closed_before_opening(auge: object) -> None:
    assert open_now(auge, at(2, 7, 15)) == OpenNow(False, at(2, 8))  # type: ignore[arg-type]


def test_closed_for_the_rest_of_the_day_has_no_time(auge: object) -> None:
    assert open_now(auge, at(1, 16)) == OpenNow(False, None)  # type: ignore[arg-type]
    assert open_now(auge, at(6, 10)) == OpenNow(False, None)  # type: ignore[arg-type]  Saturday


def test_a_closed_day_is_closed(auge: object) -> None:
    actions.add_closed_day(auge, date(2027, 3, 3), "flytting")  # type: ignore[arg-type]
    assert open_now(auge, at(3, 10)) == OpenNow(False, None)  # type: ignore[arg-type]


def test_a_queue_without_hours_is_open_around_the_clock(world: World) -> None:
    assert open_now(world.objects["sentralbord"], at(6, 3)) == OpenNow(True, None)
