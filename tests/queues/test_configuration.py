"""Queue configuration: refused with a message when it would be wrong, and mapped one-to-one
onto the routing engine's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from linja.engine.routing import Calendar, Closure, DailyClosure, Overflow, QueueRules, Redirect
from linja.engine.routing.calendar import norwegian_holidays
from linja.orgs import actions as orgs
from linja.orgs.models import Organisation
from linja.queues import actions, checks
from linja.queues.actions import ConfigurationError
from linja.queues.rules import rules_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def unit() -> Any:
    org = orgs.create_organisation("Alver kommune", Organisation.Kind.MUNICIPALITY)
    return orgs.create_unit(org, "Innbyggjarservice")


def test_an_overflow_loop_is_refused_and_nothing_changes(unit: Any) -> None:
    a = actions.create_queue("a", "A", unit)
    b = actions.create_queue("b", "B", unit, overflow_to=a, overflow_after_seconds=60)
    with pytest.raises(ConfigurationError, match="loop: a → b → a"):
        actions.change_queue(a, overflow_to=b, overflow_after_seconds=30)
    a.refresh_from_db()
    assert a.overflow_to is None


def test_a_loop_through_closed_and_full_redirects_is_refused(unit: Any) -> None:
    a = actions.create_queue("a", "A", unit)
    b = actions.create_queue("b", "B", unit, when_closed_queue=a)
    c = actions.create_queue("c", "C", unit, when_full_queue=b, max_waiting=5)
    with pytest.raises(ConfigurationError, match="loop"):
        actions.change_queue(a, overflow_to=c, overflow_after_seconds=60)


def test_a_queue_sending_contacts_to_itself_is_refused(unit: Any) -> None:
    a = actions.create_queue("a", "A", unit)
    with pytest.raises(ConfigurationError, match="to itself"):
        actions.change_queue(a, when_closed_queue=a)


def test_overflow_needs_both_target_and_time(unit: Any) -> None:
    a = actions.create_queue("a", "A", unit)
    with pytest.raises(ConfigurationError, match="after how many seconds"):
        actions.create_queue("b", "B", unit, overflow_to=a)


def test_overlapping_daily_closures_are_refused(unit: Any) -> None:
    q = actions.create_queue("q", "Q", unit)
    actions.add_daily_closure(q, time(11, 30), time(12), frozenset(range(5)))
    with pytest.raises(ConfigurationError, match="daily closures overlap"):
        actions.add_daily_closure(q, time(11, 45), time(12, 15), frozenset({2}))
    actions.add_daily_closure(q, time(11, 45), time(12, 15), frozenset({5}))  # Saturday: fine
    assert q.daily_closures.count() == 2


def test_overlapping_opening_hours_and_backwards_spans_are_refused(unit: Any) -> None:
    q = actions.create_queue("q", "Q", unit)
    with pytest.raises(ConfigurationError, match="opening hours overlap"):
        actions.set_opening_hours(q, {0: [(time(8), time(12)), (time(11), time(15))]})
    with pytest.raises(ConfigurationError, match="ends before it starts"):
        actions.set_opening_hours(q, {0: [(time(15), time(8))]})
    assert q.opening_hours.count() == 0


def test_overlapping_planned_closures_are_refused(unit: Any) -> None:
    q = actions.create_queue("q", "Q", unit)
    actions.add_planned_closure(q, datetime(2026, 3, 18, 11, tzinfo=UTC),
                                datetime(2026, 3, 18, 13, tzinfo=UTC), "staff meeting")  # fmt: skip
    with pytest.raises(ConfigurationError, match="planned closures overlap"):
        actions.add_planned_closure(q, datetime(2026, 3, 18, 12, tzinfo=UTC),
                                    datetime(2026, 3, 18, 14, tzinfo=UTC), "move")  # fmt: skip


def test_a_queue_no_one_answers_is_a_problem_unless_it_passes_contacts_on(unit: Any) -> None:
    person = orgs.create_person("kari", "Kari", "Nes", unit.organisation)
    answered = actions.create_queue("a", "A", unit)
    actions.set_membership(person, answered, 1)
    actions.create_queue("b", "B", unit, overflow_to=answered, overflow_after_seconds=60)
    actions.create_queue("c", "C", unit)
    problems = checks.check([*answered.unit.queues.all()])
    assert [(p.queue, p.field) for p in problems] == [("c", "memberships")]
    assert "no one answers" in problems[0].message


def test_a_queue_a_menu_leads_to_cannot_be_removed(unit: Any) -> None:
    q = actions.create_queue("q", "Q", unit)
    menu = actions.create_menu("m", "Meny", unit, "Velkommen")
    actions.add_choice(menu, "1", "Byggesak", queue=q)
    with pytest.raises(ConfigurationError, match="still used by menu m key 1"):
        actions.remove_queue(q)
    assert q.__class__.objects.filter(pk=q.pk).exists()


def test_a_menu_leading_back_into_itself_is_refused(unit: Any) -> None:
    top = actions.create_menu("top", "Top", unit, "Velkommen")
    sub = actions.create_menu("sub", "Sub", unit, "Vel")
    actions.add_choice(top, "1", "Meir", submenu=sub)
    with pytest.raises(ConfigurationError, match="leads back"):
        actions.add_choice(sub, "9", "Tilbake", submenu=top)


def test_a_menu_key_leads_to_one_place(unit: Any) -> None:
    q = actions.create_queue("q", "Q", unit)
    menu = actions.create_menu("m", "Meny", unit, "Velkommen")
    with pytest.raises(ConfigurationError, match="either a queue or a menu"):
        actions.add_choice(menu, "1", "Begge", queue=q, submenu=menu)
    with pytest.raises(ConfigurationError, match="key"):
        actions.add_choice(menu, "x", "Ukjend", queue=q)


def test_a_queue_maps_one_to_one_onto_the_routers_rules(unit: Any) -> None:
    board = actions.create_queue("sentralbord", "Sentralbord", unit)
    q = actions.create_queue(
        "byggesak", "Byggesak", unit, priority=2, sl_seconds=30, agent_choice="ordered",
        overflow_to=board, overflow_after_seconds=180, max_waiting=10, when_full_queue=board,
        when_closed_number="+47 56 37 50 00", callback_after_seconds=300, wrapup_seconds=30,
        offer_timeout_seconds=15, announce_every_seconds=45, expected_handle_seconds=290,
    )  # fmt: skip
    actions.set_opening_hours(q, {d: [(time(8), time(15, 30))] for d in range(5)})
    actions.add_daily_closure(q, time(11, 30), time(12), frozenset(range(5)), "lunsj")
    meeting = (datetime(2026, 3, 18, 11, tzinfo=UTC), datetime(2026, 3, 18, 13, tzinfo=UTC))
    actions.add_planned_closure(q, *meeting, "personalmøte")
    actions.add_closed_day(q, date(2026, 12, 24), "julaftan")
    years = range(2026, 2028)
    assert rules_of(q, years) == QueueRules(
        id="byggesak", unit="Innbyggjarservice", organisation="Alver kommune", priority=2,
        sl_seconds=30.0, agent_choice="ordered", overflow=Overflow(180.0, "sentralbord"),
        widen_after_seconds=None,
        calendar=Calendar(
            weekly={d: ((time(8), time(15, 30)),) for d in range(5)},
            holidays=frozenset({date(2026, 12, 24)} | norwegian_holidays(2026, 2027)),
            daily_closures=(DailyClosure(time(11, 30), time(12), frozenset(range(5)), "lunsj"),),
            closures=(Closure(*meeting, "personalmøte"),),
        ),
        when_closed=Redirect(queue=None, message="closed", number="+47 56 37 50 00"),
        max_waiting=10, when_full=Redirect(queue="sentralbord"), callback_after_seconds=300.0,
        wrapup_seconds=30.0, offer_timeout_seconds=15.0, announce_every_seconds=45.0,
        expected_handle_seconds=290.0,
    )  # fmt: skip
    assert rules_of(board, years).calendar is None  # open around the clock
