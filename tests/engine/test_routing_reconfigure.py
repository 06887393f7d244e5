"""New rules for the queues while the router runs (``Router.reconfigure``): what is in the
queues stays, the new rules apply from then on."""

from __future__ import annotations

import pytest

from linja.engine.routing import (
    Calendar,
    Moved,
    Offer,
    Overflow,
    QueueRules,
    Redirect,
    Rejected,
    Router,
    RoutingConfig,
    RoutingError,
    Timer,
)
from linja.engine.routing.decisions import ANNOUNCE, OVERFLOW, WRAPUP


def config(*queues: QueueRules) -> RoutingConfig:
    return RoutingConfig(tuple(queues))


def timers(decisions: list[object], kind: int) -> list[float]:
    return [d.at for d in decisions if isinstance(d, Timer) and d.kind == kind]


def test_a_contact_waiting_before_the_change_stays_and_keeps_its_place() -> None:
    r = Router(config(QueueRules("a")))
    r.arrive(0, 1, "a")
    r.arrive(5, 2, "a")
    assert r.reconfigure(10, config(QueueRules("a", priority=3))) == []
    r.arrive(12, 3, "a")  # takes the queue's new priority, 3, and goes ahead
    assert [r.position(c) for c in (3, 1, 2)] == [1, 2, 3]
    r.login(20, "x", {"a": 1})
    assert r.ready(20, "x") == [Offer(3, "x", "a", None)]


def test_a_new_overflow_rule_applies_to_contacts_that_come_after_it() -> None:
    r = Router(config(QueueRules("a"), QueueRules("b")))
    assert timers(r.arrive(0, 1, "a"), OVERFLOW) == []
    r.reconfigure(10, config(QueueRules("a", overflow=Overflow(30, "b")), QueueRules("b")))
    out = r.arrive(12, 2, "a")
    assert timers(out, OVERFLOW) == [42.0]
    due = next(d for d in out if isinstance(d, Timer))
    assert r.timer_due(42, due) == [Moved(2, "a", "b", "overflow")]
    assert (r.waiting("a"), r.waiting("b")) == (1, 1)  # the first contact had no limit


def test_an_overflow_removed_while_a_contact_waits_no_longer_moves_it() -> None:
    r = Router(config(QueueRules("a", overflow=Overflow(30, "b")), QueueRules("b")))
    (due,) = [d for d in r.arrive(0, 1, "a") if isinstance(d, Timer)]
    r.reconfigure(10, config(QueueRules("a"), QueueRules("b")))
    assert r.timer_due(30, due) == []
    assert (r.waiting("a"), r.waiting("b")) == (1, 0)


def test_a_queue_closed_by_its_new_calendar_turns_new_contacts_away() -> None:
    r = Router(config(QueueRules("a")))
    closed = Calendar(weekly={})  # no opening hours on any weekday
    turned = Redirect(message="closed")
    r.reconfigure(0, config(QueueRules("a", calendar=closed, when_closed=turned)))
    assert r.arrive(3600, 1, "a") == [Rejected(1, "a", "closed", "closed", None)]


def test_a_new_queue_takes_contacts_at_once() -> None:
    r = Router(config(QueueRules("a")))
    with pytest.raises(RoutingError, match="no queue 'new'"):
        r.arrive(0, 1, "new")
    r.reconfigure(5, config(QueueRules("a"), QueueRules("new")))
    r.arrive(6, 1, "new")
    assert r.waiting("new") == 1
    r.login(7, "x", {"new": 1})  # an agent logging in after the change answers it
    assert r.ready(7, "x") == [Offer(1, "x", "new", None)]


def test_a_queue_no_longer_configured_takes_no_new_contact_but_its_own_are_answered() -> None:
    r = Router(config(QueueRules("a"), QueueRules("b")))
    r.login(0, "x", {"a": 1})
    r.arrive(1, 1, "a")
    r.reconfigure(2, config(QueueRules("b")))
    with pytest.raises(RoutingError, match="no queue 'a'"):
        r.arrive(3, 2, "a")
    assert r.ready(4, "x") == [Offer(1, "x", "a", None)]


def test_a_leads_override_and_the_learnt_handle_time_survive_the_change() -> None:
    r = Router(config(QueueRules("a", expected_handle_seconds=100)))
    r.set_open(0, "a", False)
    r.reconfigure(1, config(QueueRules("a", expected_handle_seconds=300, wrapup_seconds=5)))
    assert r.override("a") is False
    r.set_open(2, "a", None)
    r.login(3, "x", {"a": 1})
    r.ready(3, "x")
    r.arrive(4, 1, "a")
    r.accept(4, 1, "x")
    out = r.end(64, 1)  # wrap-up by the new rule: 5 s
    assert timers(out, WRAPUP) == [69.0]
    r.arrive(70, 2, "a")  # x still in wrap-up: 2 waits
    # the expected wait comes from the handle time learnt before (100 s, moved towards
    # the 60 s just handled plus its 5 s wrap-up), not from the new rule's 300 s
    assert r.expected_wait(2) == pytest.approx(0.95 * 100 + 0.05 * (60 + 5))


def test_announcements_switched_off_stop_after_the_next_one() -> None:
    r = Router(config(QueueRules("a", announce_every_seconds=20)))
    (due,) = [d for d in r.arrive(0, 1, "a") if isinstance(d, Timer) and d.kind == ANNOUNCE]
    r.reconfigure(5, config(QueueRules("a")))
    assert timers(r.timer_due(20, due), ANNOUNCE) == []  # none set at infinity


def test_a_configuration_is_required() -> None:
    r = Router(config(QueueRules("a")))
    with pytest.raises(RoutingError, match="expected a routing configuration"):
        r.reconfigure(0, {"queues": []})
