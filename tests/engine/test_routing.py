"""The router's rules, one behaviour per test, with expected values worked out by hand.

Instants are small numbers of seconds; no queue here has a calendar (see
test_routing_calendar.py). Timer tickets are opaque to a caller, so an expected timer is
matched on everything but its ticket (``timer``), and timers given back to the router
are the ones it asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from linja.engine.routing import (
    CONSULT,
    AgentChanged,
    Announce,
    Moved,
    Offer,
    OfferCallback,
    OfferWithdrawn,
    Overflow,
    QueueRules,
    Redirect,
    Rejected,
    Router,
    RoutingConfig,
    RoutingError,
    Timer,
    Widened,
    handle,
)
from linja.engine.routing import events as ev
from linja.engine.routing.decisions import ANNOUNCE, OFFER_TIMEOUT, OVERFLOW, WIDEN, WRAPUP

# ---------------------------------------------------------------------------- helpers


def make(*queues: QueueRules) -> Router:
    return Router(RoutingConfig(tuple(queues)))


def ready_agent(
    r: Router, at: float, agent: str, skills: dict[str, int], org: str = ""
) -> list[Any]:
    assert r.login(at, agent, skills, org) == []
    return r.ready(at, agent)


class Like:
    """Equal to any decision of ``kind`` whose fields named here have these values."""

    def __init__(self, decision: type, /, **fields: Any) -> None:
        self.decision = decision
        self.fields = fields

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.decision) and all(
            getattr(other, name) == value for name, value in self.fields.items()
        )

    __hash__ = None  # type: ignore[assignment]  # a matcher, not a value

    def __repr__(self) -> str:
        given = ", ".join(f"{k}={v!r}" for k, v in self.fields.items())
        return f"{self.decision.__name__}({given}, ...)"


def timer(at: float, kind: int, subject: Any) -> Any:
    return Like(Timer, at=at, kind=kind, subject=subject)


def the_timer(decisions: list[Any], kind: int) -> Timer:
    found = [d for d in decisions if isinstance(d, Timer) and d.kind == kind]
    assert len(found) == 1, decisions
    return found[0]


def busy(r: Router, at: float, contact: Any, queue: str, agent: str) -> None:
    """``contact`` arrives at ``at`` and the ready ``agent`` answers it at once."""
    out = r.arrive(at, contact, queue)
    assert [d for d in out if isinstance(d, Offer)] == [
        Like(Offer, contact=contact, agent=agent, queue=queue)
    ]
    assert r.accept(at, contact, agent) == []


def snapshot(r: Router) -> Any:
    """Everything the router holds, as plain values (to compare before and after)."""

    def line(heap: Any) -> list[Any]:
        return [(c.id, c.place, c.wplace) for c in heap.in_order()]

    contacts = {
        cid: (
            c.state, c.queue.id, c.priority, c.caller, c.arrived, c.entered, c.seq,
            c.agent.id if c.agent else None, c.ticket, c.place, c.wplace, c.offers, c.offer_ticket,
            c.widened,
            c.callback, c.callback_offered, frozenset(c.declined or ()),
        )
        for cid, c in r.contacts.items()
    }  # fmt: skip
    agents = {
        aid: (
            a.organisation, dict(a.skills), a.state, a.reason, a.since, a.idle_since,
            a.ticket, a.contact.id if a.contact else None, a.pending, a.handled, a.order,
            [(m.queue.id, m.level, m.own, m.listed) for m in a.memberships],
        )
        for aid, a in r.agents.items()
    }  # fmt: skip
    queues = {
        qid: (
            line(q.waiting), line(q.widened), list(q.levels),
            {k: [a.id for a in d.agents()] for k, d in q.ready.items()},
            {k: [a.id for a in d.agents()] for k, d in q.ready_other.items()}, list(q.members),
            q.override, q.message, q.aht,
        )
        for qid, q in r.queues.items()
    }  # fmt: skip
    return contacts, agents, queues, r._seq, r._logins, r._tickets


# ---------------------------------------------------------------------------- priority, FIFO


def test_higher_priority_contact_is_offered_before_older_lower_priority_ones() -> None:
    r = make(QueueRules("q"))
    r.login(0, "x", {"q": 1})
    assert r.arrive(1, 1, "q", priority=0) == []
    assert r.arrive(2, 2, "q", priority=5) == []
    assert r.arrive(3, 3, "q", priority=0) == []
    assert [r.position(c) for c in (1, 2, 3)] == [2, 1, 3]
    assert r.ready(10, "x") == [Offer(2, "x", "q", None)]


def test_contacts_of_equal_priority_are_offered_in_arrival_order() -> None:
    r = make(QueueRules("q"))
    r.login(0, "x", {"q": 1})
    for cid, at in ((7, 1), (3, 2), (5, 3)):
        r.arrive(at, cid, "q")
    assert r.ready(10, "x") == [Offer(7, "x", "q", None)]
    r.accept(11, 7, "x")
    assert r.end(20, 7) == [Offer(3, "x", "q", None)]
    r.accept(21, 3, "x")
    assert r.end(30, 3) == [Offer(5, "x", "q", None)]


def test_contact_without_priority_takes_its_queue_priority() -> None:
    r = make(QueueRules("low", priority=0), QueueRules("high", priority=3))
    r.login(0, "x", {"low": 1, "high": 1})
    r.arrive(1, 1, "low")
    r.arrive(2, 2, "high")
    assert r.ready(10, "x") == [Offer(2, "x", "high", None)]


# ---------------------------------------------------------------------------- agent choice


def _three_agents(choice: str) -> Router:
    """x (level 2) logs in first and is ready longest; y and z have level 1, z idle longer
    than y but logged in after y."""
    r = make(QueueRules("q", agent_choice=choice))  # type: ignore[arg-type]
    r.login(0, "x", {"q": 2})
    r.login(0, "y", {"q": 1})
    r.login(0, "z", {"q": 1})
    assert r.ready(1, "x") == []
    assert r.ready(5, "z") == []
    assert r.ready(10, "y") == []
    return r


def test_longest_idle_agent_among_best_level_gets_the_contact() -> None:
    assert _three_agents("longest_idle").arrive(20, 1, "q") == [Offer(1, "z", "q", None)]


def test_longest_idle_any_level_gives_the_contact_to_the_longest_idle_of_all() -> None:
    r = _three_agents("longest_idle_any_level")
    assert r.arrive(20, 1, "q") == [Offer(1, "x", "q", None)]


def test_ordered_choice_gives_the_contact_to_the_first_logged_in_of_the_best_level() -> None:
    assert _three_agents("ordered").arrive(20, 1, "q") == [Offer(1, "y", "q", None)]


def test_backup_level_agent_gets_the_contact_when_no_primary_agent_is_ready() -> None:
    r = make(QueueRules("q"))
    r.login(0, "x", {"q": 2})
    r.login(0, "y", {"q": 1})
    r.ready(1, "x")
    assert r.arrive(2, 1, "q") == [Offer(1, "x", "q", None)]


def test_ready_agent_takes_contact_of_their_best_skill_level_first() -> None:
    r = make(QueueRules("a"), QueueRules("b"))
    r.login(0, "x", {"a": 2, "b": 1})
    r.arrive(1, 1, "a", priority=5)  # older and higher priority, but x's backup skill
    r.arrive(2, 2, "b", priority=0)
    assert r.ready(10, "x") == [Offer(2, "x", "b", None)]


def test_ready_agent_takes_highest_priority_across_queues_of_same_level() -> None:
    r = make(QueueRules("a"), QueueRules("b"))
    r.login(0, "x", {"a": 1, "b": 1})
    r.arrive(1, 1, "a", priority=0)
    r.arrive(2, 2, "b", priority=2)
    assert r.ready(10, "x") == [Offer(2, "x", "b", None)]


def test_ready_agent_takes_oldest_across_queues_of_same_level_and_priority() -> None:
    r = make(QueueRules("a"), QueueRules("b"))
    r.login(0, "x", {"a": 1, "b": 1})
    r.arrive(1, 1, "b")
    r.arrive(2, 2, "a")
    assert r.ready(10, "x") == [Offer(1, "x", "b", None)]


# ---------------------------------------------------------------------------- overflow


def test_contact_overflows_to_the_next_queue_after_n_seconds() -> None:
    r = make(QueueRules("a", overflow=Overflow(30, "b")), QueueRules("b"))
    out = r.arrive(100, 1, "a")
    assert out == [timer(130, OVERFLOW, 1)]
    assert r.timer_due(130, out[0]) == [Moved(1, "a", "b", "overflow")]
    assert (r.waiting("a"), r.waiting("b")) == (0, 1)


def test_overflowed_contact_keeps_its_age_and_goes_ahead_of_younger_contacts() -> None:
    r = make(QueueRules("a", overflow=Overflow(30, "b")), QueueRules("b"))
    t = the_timer(r.arrive(0, 1, "a"), OVERFLOW)
    r.arrive(10, 2, "b")
    assert r.timer_due(30, t) == [Moved(1, "a", "b", "overflow")]
    assert (r.position(1), r.position(2)) == (1, 2)
    assert ready_agent(r, 40, "y", {"b": 1}) == [Offer(1, "y", "b", None)]


def test_overflow_deadline_passing_during_an_offer_moves_the_contact_when_declined() -> None:
    r = make(QueueRules("a", overflow=Overflow(30, "b")), QueueRules("b"))
    ready_agent(r, 0, "x", {"a": 1})
    ready_agent(r, 0, "y", {"b": 1})
    out = r.arrive(0, 1, "a")
    assert out == [Offer(1, "x", "a", None)]  # offered at once: no overflow timer
    # declined after the deadline, it overflows at once instead of waiting in "a" again
    assert r.decline(40, 1, "x") == [Moved(1, "a", "b", "overflow"), Offer(1, "y", "b", None)]
    assert r.agent_state("x") == ("ready", None)


def test_overflow_timer_due_while_offered_does_nothing_and_accept_keeps_the_contact() -> None:
    r = make(QueueRules("a", overflow=Overflow(30, "b")), QueueRules("b"))
    t = the_timer(r.arrive(0, 1, "a"), OVERFLOW)
    ready_agent(r, 0, "x", {"a": 1})
    ready_agent(r, 0, "y", {"b": 1})  # y logs in later: the contact was already offered
    assert r.contact_state(1) == "offered"
    assert r.timer_due(30, t) == []
    assert r.accept(35, 1, "x") == []
    assert r.contact_state(1) == "busy"


def test_overflow_deadline_passed_during_offer_moves_contact_when_offer_rings_out() -> None:
    r = make(QueueRules("a", overflow=Overflow(30, "b"), offer_timeout_seconds=15), QueueRules("b"))
    r.login(0, "x", {"a": 1})
    t_over = the_timer(r.arrive(0, 1, "a"), OVERFLOW)
    out = r.ready(20, "x")
    assert out == [Offer(1, "x", "a", 35), timer(35, OFFER_TIMEOUT, 1)]
    assert r.timer_due(30, t_over) == []
    assert r.timer_due(35, out[1]) == [
        AgentChanged("x", "paused", "no_answer"),
        Moved(1, "a", "b", "overflow"),
    ]
    assert r.waiting("b") == 1


# ---------------------------------------------------------------------------- widening


def _shared(widen: float | None = 60) -> Router:
    return make(QueueRules("q", organisation="north", widen_after_seconds=widen))


def test_agent_of_the_queue_organisation_takes_the_contact_from_the_start() -> None:
    r = _shared()
    ready_agent(r, 0, "n1", {"q": 1}, "north")
    assert r.arrive(5, 1, "q") == [Offer(1, "n1", "q", None)]


def test_other_organisation_agent_takes_the_contact_only_once_widened() -> None:
    r = _shared()
    ready_agent(r, 0, "s1", {"q": 1}, "south")
    out = r.arrive(5, 1, "q")
    assert out == [timer(65, WIDEN, 1)]
    assert r.contact_state(1) == "waiting"
    assert r.timer_due(65, out[0]) == [Widened(1, "q"), Offer(1, "s1", "q", None)]


def test_other_organisation_agent_becoming_ready_before_widening_leaves_the_contact() -> None:
    r = _shared()
    t = the_timer(r.arrive(0, 1, "q"), WIDEN)
    assert ready_agent(r, 30, "s1", {"q": 1}, "south") == []
    assert r.contact_state(1) == "waiting"
    assert r.timer_due(60, t) == [Widened(1, "q"), Offer(1, "s1", "q", None)]


def test_other_organisation_agent_becoming_ready_after_widening_takes_the_contact() -> None:
    r = _shared()
    t = the_timer(r.arrive(0, 1, "q"), WIDEN)
    assert r.timer_due(60, t) == [Widened(1, "q")]
    assert ready_agent(r, 70, "s1", {"q": 1}, "south") == [Offer(1, "s1", "q", None)]


def test_queue_without_widen_rule_lets_any_skilled_agent_take_the_contact() -> None:
    r = _shared(widen=None)
    ready_agent(r, 0, "s1", {"q": 1}, "south")
    assert r.arrive(5, 1, "q") == [Offer(1, "s1", "q", None)]


# ---------------------------------------------------------------------------- max_waiting


def test_full_queue_redirects_new_contact_to_its_when_full_queue() -> None:
    r = make(QueueRules("a", max_waiting=1, when_full=Redirect(queue="b")), QueueRules("b"))
    assert r.arrive(0, 1, "a") == []
    assert r.arrive(1, 2, "a") == [Moved(2, "a", "b", "full")]
    assert (r.waiting("a"), r.waiting("b")) == (1, 1)


def test_full_queue_without_redirect_queue_rejects_with_message_and_number() -> None:
    full = Redirect(message="queue_full", number="+4755000000")
    r = make(QueueRules("a", max_waiting=2, when_full=full))
    r.arrive(0, 1, "a")
    r.arrive(1, 2, "a")
    assert r.arrive(2, 3, "a") == [Rejected(3, "a", "full", "queue_full", "+4755000000")]
    assert r.contact_state(3) == "done"
    assert r.waiting("a") == 2


def test_contact_leaving_a_full_queue_makes_room_again() -> None:
    r = make(QueueRules("a", max_waiting=1))
    r.arrive(0, 1, "a")
    r.abandon(1, 1)
    assert r.arrive(2, 2, "a") == []
    assert r.waiting("a") == 1


def test_full_queue_still_gives_a_contact_to_a_ready_agent() -> None:
    r = make(QueueRules("q", max_waiting=1))
    ready_agent(r, 0, "x", {"q": 1})
    r.arrive(1, 1, "q")
    assert r.decline(2, 1, "x") == []  # 1 waits; x is ready but never gets 1 again
    assert r.arrive(3, 2, "q") == [Offer(2, "x", "q", None)]


# ---------------------------------------------------------------------------- callback


def _two_busy_agents(**rules: Any) -> Router:
    """Agents x and y busy with contacts 1 and 2: expected wait = position * 180 / 2."""
    r = make(QueueRules("q", **rules))
    ready_agent(r, 0, "x", {"q": 1})
    ready_agent(r, 0, "y", {"q": 1})
    busy(r, 0, 1, "q", "x")
    busy(r, 0, 2, "q", "y")
    return r


def test_callback_is_offered_when_the_expected_wait_exceeds_the_threshold() -> None:
    r = _two_busy_agents(callback_after_seconds=300)
    assert r.arrive(1, 3, "q") == []  # 1 * 180 / 2 = 90
    assert r.arrive(2, 4, "q") == []  # 180
    assert r.arrive(3, 5, "q") == []  # 270
    assert r.arrive(4, 6, "q") == [OfferCallback(6, "q", 360.0)]
    assert r.expected_wait(6) == 360.0


def test_contact_keeps_its_place_after_choosing_a_callback() -> None:
    r = _two_busy_agents(callback_after_seconds=100)
    r.arrive(1, 3, "q")
    assert r.arrive(2, 4, "q") == [OfferCallback(4, "q", 180.0)]
    r.arrive(3, 5, "q")
    assert r.callback(4, 4) == []
    assert (r.contact_state(4), r.position(4)) == ("waiting", 2)
    assert r.end(10, 1) == [Offer(3, "x", "q", None)]
    assert r.end(11, 2) == [Offer(4, "y", "q", None)]


def test_expected_wait_counts_other_organisations_agents_only_once_widened() -> None:
    r = make(QueueRules("q", organisation="Alver", widen_after_seconds=60), QueueRules("p"))
    ready_agent(r, 0, "x", {"q": 1}, "Alver")
    ready_agent(r, 0, "y", {"p": 1, "q": 1}, "Austrheim")
    busy(r, 0, 1, "q", "x")
    busy(r, 0, 10, "p", "y")
    widen = the_timer(r.arrive(5, 2, "q"), WIDEN)
    assert r.expected_wait(2) == 180.0  # 1 * 180 / x alone: y may not take it yet
    assert r.timer_due(widen.at, widen) == [Widened(2, "q")]  # y is busy: 2 still waits
    assert r.expected_wait(2) == 90.0  # 1 * 180 / (x and y)


# ---------------------------------------------------------------------------- announcements


def test_waiting_contact_hears_position_and_expected_wait_on_entry_and_periodically() -> None:
    r = make(QueueRules("q", announce_every_seconds=30))
    ready_agent(r, 0, "x", {"q": 1})
    busy(r, 0, 1, "q", "x")  # one working agent: expected wait = position * 180
    assert r.arrive(10, 2, "q") == [
        Announce(2, "q", "queued", 1, 180.0, None),
        timer(40, ANNOUNCE, 2),
    ]
    out3 = r.arrive(20, 3, "q")
    assert out3 == [Announce(3, "q", "queued", 2, 360.0, None), timer(50, ANNOUNCE, 3)]
    r.abandon(25, 2)
    assert r.timer_due(50, out3[1]) == [
        Announce(3, "q", "position", 1, 180.0, None),
        timer(80, ANNOUNCE, 3),
    ]


def test_incident_message_is_played_with_every_announcement_until_cleared() -> None:
    r = make(QueueRules("q", announce_every_seconds=30))
    r.login(0, "x", {"q": 1})  # paused: expected wait = position * 180 / max(0, 1)
    assert r.set_message(1, "q", "outage") == []
    out = r.arrive(2, 1, "q")
    assert out == [Announce(1, "q", "queued", 1, 180.0, "outage"), timer(32, ANNOUNCE, 1)]
    assert r.set_message(3, "q", None) == []
    assert r.timer_due(32, out[1]) == [
        Announce(1, "q", "position", 1, 180.0, None),
        timer(62, ANNOUNCE, 1),
    ]


def test_incident_message_is_announced_on_entry_without_periodic_announcements() -> None:
    r = make(QueueRules("q"))
    r.set_message(0, "q", "outage")
    assert r.arrive(1, 1, "q") == [Announce(1, "q", "queued", 1, 180.0, "outage")]


def test_announcement_timer_of_an_answered_contact_does_nothing() -> None:
    r = make(QueueRules("q", announce_every_seconds=30))
    t = the_timer(r.arrive(0, 1, "q"), ANNOUNCE)
    ready_agent(r, 10, "x", {"q": 1})
    r.accept(11, 1, "x")
    assert r.timer_due(30, t) == []


def test_periodic_announcements_resume_after_an_offer_rings_out() -> None:
    r = make(QueueRules("q", announce_every_seconds=30, offer_timeout_seconds=15))
    r.login(0, "x", {"q": 1})
    t_ann = the_timer(r.arrive(0, 1, "q"), ANNOUNCE)
    t_off = the_timer(r.ready(20, "x"), OFFER_TIMEOUT)  # rings 20..35
    assert r.timer_due(30, t_ann) == []  # offered: no announcement now
    out = r.timer_due(35, t_off)
    assert out[0] == AgentChanged("x", "paused", "no_answer")
    # the caller waits again: some announcement timer must be running for it
    assert any(isinstance(d, Timer) and d.kind == ANNOUNCE for d in out)


# ---------------------------------------------------------------------------- wrap-up


def _in_wrapup(wrapup: float = 20) -> Router:
    """x answered contact 1 at 0 and it ended at 100: wrap-up until 100 + wrapup."""
    r = make(QueueRules("q", wrapup_seconds=wrapup))
    ready_agent(r, 0, "x", {"q": 1})
    busy(r, 0, 1, "q", "x")
    return r


def test_agent_wraps_up_after_a_contact_and_is_ready_when_the_timer_is_due() -> None:
    r = _in_wrapup()
    out = r.end(100, 1)
    assert out == [timer(120, WRAPUP, "x")]
    assert r.agent_state("x") == ("wrapup", None)
    assert r.arrive(110, 2, "q") == []  # x is in wrap-up: 2 waits
    assert r.timer_due(120, out[0]) == [Offer(2, "x", "q", None)]


def test_wrapup_done_early_makes_the_agent_ready_and_the_wrapup_timer_stale() -> None:
    r = _in_wrapup()
    t = the_timer(r.end(100, 1), WRAPUP)
    assert r.wrapup_done(105, "x") == []
    assert r.agent_state("x") == ("ready", None)
    assert r.arrive(110, 2, "q") == [Offer(2, "x", "q", None)]
    assert r.timer_due(120, t) == []
    assert r.agent_state("x") == ("offered", None)


def test_wrapup_done_when_not_in_wrapup_changes_nothing() -> None:
    r = _in_wrapup()
    before = snapshot(r)
    assert r.wrapup_done(50, "x") == []  # busy, not in wrap-up
    assert snapshot(r) == before


def test_ready_during_wrapup_ends_the_wrapup() -> None:
    r = _in_wrapup()
    t = the_timer(r.end(100, 1), WRAPUP)
    assert r.arrive(101, 2, "q") == []
    assert r.ready(105, "x") == [Offer(2, "x", "q", None)]
    assert r.timer_due(120, t) == []


# ---------------------------------------------------------------------------- offer outcomes


def test_unanswered_offer_returns_contact_to_the_head_and_pauses_the_agent() -> None:
    r = make(QueueRules("q", offer_timeout_seconds=15))
    ready_agent(r, 0, "x", {"q": 1})
    out = r.arrive(0, 1, "q")
    assert out == [Offer(1, "x", "q", 15), timer(15, OFFER_TIMEOUT, 1)]
    r.arrive(5, 2, "q")
    assert r.timer_due(15, out[1]) == [AgentChanged("x", "paused", "no_answer")]
    assert r.agent_state("x") == ("paused", "no_answer")
    assert (r.position(1), r.position(2)) == (1, 2)
    assert ready_agent(r, 20, "y", {"q": 1}) == [
        Offer(1, "y", "q", 35),
        timer(35, OFFER_TIMEOUT, 1),
    ]


def test_offer_timeout_after_the_offer_was_accepted_does_nothing() -> None:
    r = make(QueueRules("q", offer_timeout_seconds=15))
    ready_agent(r, 0, "x", {"q": 1})
    t = the_timer(r.arrive(0, 1, "q"), OFFER_TIMEOUT)
    r.accept(10, 1, "x")
    assert r.timer_due(15, t) == []
    assert (r.contact_state(1), r.agent_state("x")) == ("busy", ("busy", None))


def test_offer_timeout_of_an_earlier_offer_does_not_end_a_later_one() -> None:
    r = make(QueueRules("q", offer_timeout_seconds=15))
    ready_agent(r, 0, "x", {"q": 1})
    t1 = the_timer(r.arrive(0, 1, "q"), OFFER_TIMEOUT)  # x rings 0..15
    r.decline(5, 1, "x")  # 1 waits; x never gets it again
    assert ready_agent(r, 10, "y", {"q": 1}) == [
        Offer(1, "y", "q", 25),
        timer(25, OFFER_TIMEOUT, 1),
    ]
    assert r.timer_due(15, t1) == []
    assert r.agent_state("y") == ("offered", None)


def test_declined_contact_goes_to_another_agent_and_never_back_to_the_decliner() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    ready_agent(r, 1, "y", {"q": 1})
    assert r.arrive(5, 1, "q") == [Offer(1, "x", "q", None)]
    assert r.decline(6, 1, "x") == [Offer(1, "y", "q", None)]
    assert r.decline(7, 1, "y") == []  # x and y both declined: 1 waits with both ready
    assert (r.contact_state(1), r.agent_state("x"), r.agent_state("y")) == (
        "waiting", ("ready", None), ("ready", None),
    )  # fmt: skip
    assert ready_agent(r, 8, "z", {"q": 2}) == [Offer(1, "z", "q", None)]


def test_decliner_takes_the_next_contact_instead() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    r.arrive(1, 1, "q")
    r.arrive(2, 2, "q")
    assert r.decline(3, 1, "x") == [Offer(2, "x", "q", None)]
    assert r.position(1) == 1


# ---------------------------------------------------------------------------- auto-answer


def test_auto_answer_agent_is_connected_when_the_contact_is_offered() -> None:
    r = make(QueueRules("q", offer_timeout_seconds=15))
    r.login(0, "x", {"q": 1}, auto_answer=True)
    r.ready(0, "x")
    # no time-out and no offer timer: there is nothing to accept
    assert r.arrive(10, 1, "q") == [Offer(1, "x", "q", None)]
    assert (r.contact_state(1), r.agent_state("x")) == ("busy", ("busy", None))
    assert r.accept(10, 1, "x") == []  # a phone platform reporting the answer changes nothing
    assert (r.contact_state(1), r.agent_state("x")) == ("busy", ("busy", None))


def test_auto_answer_agent_takes_the_waiting_contact_when_ready_again() -> None:
    r = make(QueueRules("q", wrapup_seconds=30))
    r.login(0, "x", {"q": 1}, auto_answer=True)
    r.ready(0, "x")
    r.arrive(10, 1, "q")
    assert r.arrive(20, 2, "q") == []  # x is on contact 1: 2 waits
    wrap = the_timer(r.end(100, 1), WRAPUP)
    assert wrap.at == 130
    assert r.timer_due(130, wrap) == [Offer(2, "x", "q", None)]
    assert r.contact_state(2) == "busy"
    assert r.waiting("q") == 0


def test_accepting_a_contact_twice_is_an_error_for_an_agent_who_must_accept() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    busy(r, 10, 1, "q", "x")
    with pytest.raises(RoutingError, match="already been accepted"):
        r.accept(11, 1, "x")


def test_auto_answer_comes_with_the_login_event() -> None:
    r = make(QueueRules("q"))
    handle(r, ev.AgentLoggedIn(0, "x", {"q": 1}, "", True))
    handle(r, ev.AgentReady(0, "x"))
    assert handle(r, ev.ContactArrived(5, 1, "q")) == [Offer(1, "x", "q", None)]
    assert r.contact_state(1) == "busy"


# ---------------------------------------------------------------------------- pause, log-out


def test_pause_while_busy_takes_effect_after_the_contact_and_wrapup() -> None:
    r = _in_wrapup(10)
    assert r.pause(50, "x", "lunch") == []
    assert r.agent_state("x") == ("busy", None)
    r.arrive(55, 2, "q")
    t = the_timer(r.end(60, 1), WRAPUP)
    assert t.at == 70
    assert r.timer_due(70, t) == [AgentChanged("x", "paused", "lunch")]
    assert r.agent_state("x") == ("paused", "lunch")
    assert r.contact_state(2) == "waiting"


def test_logout_while_busy_takes_effect_after_the_contact() -> None:
    r = _in_wrapup(0)
    assert r.logout(50, "x") == []
    assert r.agent_state("x") == ("busy", None)
    assert r.end(60, 1) == [AgentChanged("x", "logged_out", None)]
    assert r.agent_state("x") == ("logged_out", None)
    assert "x" not in r.agents


def test_ready_while_busy_cancels_the_pause_asked_for() -> None:
    r = _in_wrapup(0)
    r.pause(50, "x", "lunch")
    assert r.ready(55, "x") == []
    r.arrive(56, 2, "q")
    assert r.end(60, 1) == [Offer(2, "x", "q", None)]


def test_ready_while_busy_cancels_the_logout_asked_for() -> None:
    r = _in_wrapup(0)
    r.logout(50, "x")
    r.ready(55, "x")
    assert r.end(60, 1) == []
    assert r.agent_state("x") == ("ready", None)


def test_ready_during_wrapup_with_a_pending_pause_makes_the_agent_ready() -> None:
    r = _in_wrapup(60)
    r.pause(50, "x", "lunch")
    r.end(60, 1)  # wrap-up until 120, then the pause
    assert r.ready(70, "x") == []
    assert r.agent_state("x") == ("ready", None)


def test_pause_while_offered_withdraws_the_offer_and_the_next_agent_gets_it() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    ready_agent(r, 1, "y", {"q": 1})
    r.arrive(2, 1, "q")
    assert r.pause(3, "x", "meeting") == [
        OfferWithdrawn(1, "x", "agent_paused"),
        Offer(1, "y", "q", None),
    ]
    assert r.agent_state("x") == ("paused", "meeting")


def test_logout_while_offered_withdraws_the_offer_and_the_contact_waits_again() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    r.arrive(1, 1, "q")
    r.arrive(2, 2, "q")
    assert r.logout(3, "x") == [OfferWithdrawn(1, "x", "agent_logged_out")]
    assert (r.position(1), r.position(2)) == (1, 2)
    assert r.agent_state("x") == ("logged_out", None)


def test_paused_agent_gets_no_contact() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    assert r.pause(1, "x", "break") == []
    assert r.arrive(2, 1, "q") == []
    assert r.ready(3, "x") == [Offer(1, "x", "q", None)]


# ---------------------------------------------------------------------------- abandon, end


def test_abandon_while_waiting_removes_the_contact_from_the_queue() -> None:
    r = make(QueueRules("q"))
    r.login(0, "x", {"q": 1})
    r.arrive(1, 1, "q")
    r.arrive(2, 2, "q")
    assert r.abandon(3, 1) == []
    assert (r.waiting("q"), r.position(2), r.contact_state(1)) == (1, 1, "done")
    assert r.ready(4, "x") == [Offer(2, "x", "q", None)]


def test_abandon_while_offered_withdraws_the_offer_and_the_agent_takes_the_next() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    r.arrive(1, 1, "q")
    r.arrive(2, 2, "q")
    assert r.abandon(3, 1) == [OfferWithdrawn(1, "x", "abandoned"), Offer(2, "x", "q", None)]


def test_end_of_a_busy_contact_frees_the_agent_for_the_next_contact() -> None:
    r = make(QueueRules("q"))
    ready_agent(r, 0, "x", {"q": 1})
    busy(r, 0, 1, "q", "x")
    r.arrive(5, 2, "q")
    assert r.end(10, 1) == [Offer(2, "x", "q", None)]
    assert r.contact_state(1) == "done"


# ---------------------------------------------------------------------------- transfer


def test_blind_transfer_to_a_queue_moves_the_contact_and_sends_the_agent_to_wrapup() -> None:
    r = make(QueueRules("a", wrapup_seconds=30), QueueRules("b"))
    ready_agent(r, 0, "x", {"a": 1})
    busy(r, 0, 1, "a", "x")
    r.arrive(5, 2, "b")  # younger than 1
    assert r.transfer(50, 1, queue="b") == [
        Moved(1, "a", "b", "transfer"),
        timer(80, WRAPUP, "x"),
    ]
    assert (r.agent_state("x"), r.position(1), r.position(2)) == (("wrapup", None), 1, 2)
    assert ready_agent(r, 60, "y", {"b": 1}) == [Offer(1, "y", "b", None)]


def test_blind_transfer_to_a_ready_agent_offers_the_contact_to_that_agent() -> None:
    r = make(QueueRules("a", wrapup_seconds=30))
    ready_agent(r, 0, "x", {"a": 1})
    busy(r, 0, 1, "a", "x")
    ready_agent(r, 10, "y", {"a": 2})
    ready_agent(r, 11, "z", {"a": 1})
    assert r.transfer(50, 1, agent="y") == [Offer(1, "y", "a", None), timer(80, WRAPUP, "x")]
    assert r.accept(51, 1, "y") == []
    assert r.contact_state(1) == "busy"


@pytest.mark.parametrize("target", ["p", "ghost", "o"])
def test_transfer_to_an_agent_who_is_not_ready_is_an_error_and_changes_nothing(
    target: str,
) -> None:
    r = make(QueueRules("a"))
    ready_agent(r, 0, "x", {"a": 1})
    busy(r, 0, 1, "a", "x")
    r.login(1, "p", {"a": 1})  # paused
    ready_agent(r, 1, "o", {"a": 1})
    r.arrive(2, 2, "a")  # "o" is now offered contact 2
    before = snapshot(r)
    with pytest.raises(RoutingError):
        r.transfer(5, 1, agent=target)
    assert snapshot(r) == before


def test_warm_transfer_goes_to_the_colleague_paused_for_the_consultation() -> None:
    r = make(QueueRules("a", wrapup_seconds=30))
    ready_agent(r, 0, "x", {"a": 1})
    busy(r, 0, 1, "a", "x")
    ready_agent(r, 10, "y", {"a": 2})
    assert r.pause(20, "y", CONSULT) == []
    r.arrive(25, 2, "a")  # the consulted colleague takes no contact from the queue meanwhile
    assert (r.agent_state("y"), r.contact_state(2)) == (("paused", CONSULT), "waiting")
    assert r.transfer(50, 1, agent="y") == [Offer(1, "y", "a", None), timer(80, WRAPUP, "x")]
    assert r.accept(51, 1, "y") == []
    assert (r.contact_state(1), r.agent_state("y"), r.contact_state(2)) == (
        "busy", ("busy", None), "waiting"
    )  # fmt: skip


def test_a_colleague_paused_for_another_reason_cannot_be_transferred_to() -> None:
    r = make(QueueRules("a"))
    ready_agent(r, 0, "x", {"a": 1})
    busy(r, 0, 1, "a", "x")
    ready_agent(r, 1, "y", {"a": 1})
    r.pause(2, "y", "lunch")
    before = snapshot(r)
    with pytest.raises(RoutingError, match="being consulted"):
        r.transfer(5, 1, agent="y")
    assert snapshot(r) == before


def test_a_contact_offered_on_arrival_and_not_answered_still_overflows_at_its_limit() -> None:
    r = make(QueueRules("a", overflow=Overflow(60, "b"), offer_timeout_seconds=20), QueueRules("b"))
    ready_agent(r, 0, "x", {"a": 1})
    arrived = r.arrive(1, 1, "a")  # rings x at once: no wait, so no overflow timer yet
    assert [d for d in arrived if isinstance(d, Timer) and d.kind == OVERFLOW] == []
    back = r.not_answered(21, 1, "x")  # back in the queue: the limit counts from arrival
    (limit,) = [d for d in back if isinstance(d, Timer) and d.kind == OVERFLOW]
    assert limit.at == 61
    assert r.timer_due(61, limit) == [Moved(1, "a", "b", "overflow")]


# ---------------------------------------------------------------------------- stale timers


def test_timer_of_a_contact_answered_since_does_nothing() -> None:
    r = make(QueueRules("a", overflow=Overflow(30, "b"), widen_after_seconds=20), QueueRules("b"))
    out = r.arrive(0, 1, "a")
    ready_agent(r, 10, "x", {"a": 1})
    r.accept(11, 1, "x")
    before = snapshot(r)
    for t in out:
        assert r.timer_due(t.at, t) == []
    assert snapshot(r) == before


def test_timer_from_the_queue_a_contact_has_left_does_nothing() -> None:
    rules_a = QueueRules(
        "a", organisation="north", overflow=Overflow(30, "b"), widen_after_seconds=60
    )
    r = make(rules_a, QueueRules("b"))
    out = r.arrive(0, 1, "a")
    t_widen = the_timer(out, WIDEN)
    assert r.timer_due(30, the_timer(out, OVERFLOW)) == [Moved(1, "a", "b", "overflow")]
    assert r.timer_due(60, t_widen) == []
    assert r.waiting("b") == 1


def test_timer_of_an_ended_contact_does_nothing() -> None:
    r = make(QueueRules("q", announce_every_seconds=30))
    t = the_timer(r.arrive(0, 1, "q"), ANNOUNCE)
    r.abandon(5, 1)
    assert r.timer_due(30, t) == []


def test_overflow_timer_given_back_twice_moves_the_contact_once() -> None:
    r = make(QueueRules("a", overflow=Overflow(30, "b")), QueueRules("b", overflow=Overflow(30, "c")),
             QueueRules("c"))  # fmt: skip
    t = the_timer(r.arrive(0, 1, "a"), OVERFLOW)
    assert r.timer_due(30, t) == [Moved(1, "a", "b", "overflow"), timer(60, OVERFLOW, 1)]
    assert r.timer_due(30, t) == []
    assert r.waiting("b") == 1


def test_contact_is_widened_once_when_decline_and_widen_timer_coincide() -> None:
    r = _shared(widen=10)
    ready_agent(r, 0, "n1", {"q": 1}, "north")
    r.pause(0, "n1", "break")
    t = the_timer(r.arrive(0, 1, "q"), WIDEN)
    r.ready(5, "n1")  # offered 5..10
    assert r.decline(10, 1, "n1") == [Widened(1, "q")]
    assert r.timer_due(10, t) == []


def test_a_timer_of_an_earlier_contact_with_the_same_id_does_nothing() -> None:
    """Ids may come back (a phone platform's call ids); the timers of the earlier contact
    must not act on the new one."""
    r = make(QueueRules("c", announce_every_seconds=15), QueueRules("a"))
    announce = the_timer(r.arrive(0, "s1", "c"), ANNOUNCE)
    r.end(4, "s1")
    assert r.arrive(4, "s1", "a") == []
    assert r.timer_due(15, announce) == []


def test_a_missed_announcement_is_not_played_in_a_queue_without_announcements() -> None:
    """Ringing at x when its announcement came due and past its overflow time when x
    declines: it moves to d, which announces nothing, and is declined there too."""
    r = make(
        QueueRules("c", announce_every_seconds=15, overflow=Overflow(20, "d")), QueueRules("d")
    )
    ready_agent(r, 0, "x", {"c": 1})
    ready_agent(r, 0, "y", {"d": 1})
    busy(r, 0, 1, "c", "x")
    out = r.arrive(1, 2, "c")
    announce, overflow = the_timer(out, ANNOUNCE), the_timer(out, OVERFLOW)
    assert r.end(10, 1) == [Offer(2, "x", "c", None)]
    assert r.timer_due(announce.at, announce) == []  # missed while ringing
    assert r.timer_due(overflow.at, overflow) == []  # due while ringing
    assert r.decline(25, 2, "x") == [Moved(2, "c", "d", "overflow"), Offer(2, "y", "d", None)]
    assert r.decline(26, 2, "y") == []  # back in d, which announces nothing


# ---------------------------------------------------------------------------- errors


def _busy_router() -> Router:
    """x busy with 1 in a; y offered 2; 3 waiting in a; p paused with skill b."""
    r = make(QueueRules("a", wrapup_seconds=10), QueueRules("b"))
    ready_agent(r, 0, "x", {"a": 1})
    ready_agent(r, 1, "y", {"a": 1})
    r.login(1, "p", {"b": 1})
    busy(r, 2, 1, "a", "x")
    assert r.arrive(3, 2, "a") == [Offer(2, "y", "a", None)]
    assert r.arrive(4, 3, "a") == []
    return r


ERRORS: dict[str, Callable[[Router], Any]] = {
    "arrive_unknown_queue": lambda r: r.arrive(5, 9, "nope"),
    "arrive_twice_waiting": lambda r: r.arrive(5, 3, "b"),
    "arrive_twice_busy": lambda r: r.arrive(5, 1, "a"),
    "abandon_unknown_contact": lambda r: r.abandon(5, 99),
    "end_unknown_contact": lambda r: r.end(5, 99),
    "accept_offer_made_to_another_agent": lambda r: r.accept(5, 2, "x"),
    "accept_waiting_contact": lambda r: r.accept(5, 3, "p"),
    "accept_unknown_agent": lambda r: r.accept(5, 2, "ghost"),
    "decline_offer_made_to_another_agent": lambda r: r.decline(5, 2, "p"),
    "not_answered_busy_contact": lambda r: r.not_answered(5, 1, "x"),
    "login_twice": lambda r: r.login(5, "x", {"a": 1}),
    "login_skill_level_0": lambda r: r.login(5, "n", {"a": 0}),
    "login_skill_level_0_after_a_good_one": lambda r: r.login(5, "n", {"b": 1, "a": 0}),
    "login_skill_unknown_queue": lambda r: r.login(5, "n", {"b": 1, "nope": 1}),
    "transfer_unknown_queue": lambda r: r.transfer(5, 1, queue="nope"),
    "transfer_neither_queue_nor_agent": lambda r: r.transfer(5, 1),
    "transfer_both_queue_and_agent": lambda r: r.transfer(5, 1, queue="b", agent="p"),
    "transfer_waiting_contact": lambda r: r.transfer(5, 3, queue="b"),
    "transfer_offered_contact": lambda r: r.transfer(5, 2, queue="b"),
    "callback_busy_contact": lambda r: r.callback(5, 1),
    "callback_unknown_contact": lambda r: r.callback(5, 99),
    "ready_unknown_agent": lambda r: r.ready(5, "ghost"),
    "pause_unknown_agent": lambda r: r.pause(5, "ghost", "lunch"),
    "logout_unknown_agent": lambda r: r.logout(5, "ghost"),
    "wrapup_done_unknown_agent": lambda r: r.wrapup_done(5, "ghost"),
    "set_open_unknown_queue": lambda r: r.set_open(5, "nope", True),
    "set_message_unknown_queue": lambda r: r.set_message(5, "nope", "m"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_routing_error_leaves_the_router_unchanged(case: str) -> None:
    r = _busy_router()
    before = snapshot(r)
    with pytest.raises(RoutingError):
        ERRORS[case](r)
    assert snapshot(r) == before
    # and it goes on as if nothing happened
    assert r.end(20, 1) == [timer(30, WRAPUP, "x")]
    assert r.accept(21, 2, "y") == []


# ---------------------------------------------------------------------------- handle, determinism


def _script(apply: Callable[[Any, Callable[[Router], Any]], list[Any]]) -> list[list[Any]]:
    """Every event type once or more; ``apply(event, call)`` runs one of the two."""
    log: list[list[Any]] = []

    def step(event: Any, call: Callable[[Router], Any]) -> list[Any]:
        out = apply(event, call)
        log.append(out)
        return out

    step(
        ev.AgentLoggedIn(0, "x", {"a": 1, "b": 1}, "n"),
        lambda r: r.login(0, "x", {"a": 1, "b": 1}, "n"),
    )
    step(ev.AgentLoggedIn(0, "y", {"a": 1}), lambda r: r.login(0, "y", {"a": 1}))
    step(ev.AgentReady(1, "x"), lambda r: r.ready(1, "x"))
    step(ev.QueueMessage(2, "a", "outage"), lambda r: r.set_message(2, "a", "outage"))
    step(ev.ContactArrived(3, 1, "a"), lambda r: r.arrive(3, 1, "a"))
    step(ev.ContactArrived(4, 2, "a", 2, "k2"), lambda r: r.arrive(4, 2, "a", 2, "k2"))
    step(ev.CallbackRequested(5, 2), lambda r: r.callback(5, 2))
    step(ev.OfferDeclined(6, 1, "x"), lambda r: r.decline(6, 1, "x"))
    step(ev.AgentReady(7, "y"), lambda r: r.ready(7, "y"))
    step(ev.OfferAccepted(8, 2, "x"), lambda r: r.accept(8, 2, "x"))
    step(ev.OfferNotAnswered(9, 1, "y"), lambda r: r.not_answered(9, 1, "y"))
    step(ev.TransferRequested(10, 2, queue="b"), lambda r: r.transfer(10, 2, queue="b"))
    step(ev.WrapupDone(12, "x"), lambda r: r.wrapup_done(12, "x"))
    step(ev.OfferAccepted(13, 2, "x"), lambda r: r.accept(13, 2, "x"))
    step(ev.ContactEnded(20, 2), lambda r: r.end(20, 2))
    t = the_timer(step(ev.AgentReady(21, "y"), lambda r: r.ready(21, "y")), OFFER_TIMEOUT)
    step(ev.TimerDue(t.at, t), lambda r: r.timer_due(t.at, t))
    step(ev.AgentPaused(42, "y", "lunch"), lambda r: r.pause(42, "y", "lunch"))
    step(ev.QueueOverride(43, "a", False), lambda r: r.set_open(43, "a", False))
    step(ev.ContactArrived(44, 3, "a"), lambda r: r.arrive(44, 3, "a"))
    step(ev.ContactAbandoned(45, 1), lambda r: r.abandon(45, 1))
    step(ev.AgentLoggedOut(46, "x"), lambda r: r.logout(46, "x"))
    return log


def _script_rules() -> tuple[QueueRules, ...]:
    return (
        QueueRules("a", offer_timeout_seconds=20, wrapup_seconds=10, announce_every_seconds=30,
                   callback_after_seconds=100),
        QueueRules("b"),
    )  # fmt: skip


def test_handle_gives_the_same_decisions_as_the_method_for_every_event_type() -> None:
    by_method = make(*_script_rules())
    by_handle = make(*_script_rules())
    methods = _script(lambda event, call: call(by_method))
    handled = _script(lambda event, call: handle(by_handle, event))
    assert handled == methods
    assert snapshot(by_handle) == snapshot(by_method)
    # the script did exercise the rules (hand-checked highlights)
    assert methods[4] == [Offer(1, "x", "a", 23), timer(23, OFFER_TIMEOUT, 1)]
    assert methods[7] == [Offer(2, "x", "a", 26), timer(26, OFFER_TIMEOUT, 2)]
    assert methods[10][0] == AgentChanged("y", "paused", "no_answer")
    assert methods[12] == [Offer(2, "x", "b", None)]  # priority 2 beats 1's priority 0
    assert methods[14] == []  # x declined contact 1 at 6: never offered it again
    assert methods[15] == [Offer(1, "y", "a", 41), timer(41, OFFER_TIMEOUT, 1)]
    assert methods[16] == [AgentChanged("y", "paused", "no_answer")]
    assert methods[19] == [Rejected(3, "a", "closed", None, None)]
    assert methods[20] == []  # 1 was waiting
    assert methods[21] == []  # x was ready


def test_handle_refuses_what_is_not_an_event() -> None:
    with pytest.raises(TypeError):
        handle(make(QueueRules("a")), ("not", "an", "event"))  # type: ignore[arg-type]


def test_same_events_give_the_same_decisions() -> None:
    first, second = make(*_script_rules()), make(*_script_rules())
    assert _script(lambda e, call: handle(first, e)) == _script(lambda e, call: handle(second, e))
    assert snapshot(first) == snapshot(second)
