"""The routing service: events logged, routed by the engine and carried out on the
contacts and agents, once each, surviving a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.orgs.world import World

from linja.contact import actions
from linja.contact.models import AgentState, Contact, Event
from linja.contact.service import SERVICE, RoutingService
from linja.engine.routing import Offer, RoutingError
from linja.errors import LinjaError
from linja.queues import actions as queues

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def s(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def state_of(world: World, name: str) -> tuple[str, str]:
    row = AgentState.objects.get(person=world.people[name])
    return row.state, row.reason


def test_a_call_is_offered_answered_ended_and_its_record_kept(world: World) -> None:
    sec, auge = world.people["sec"], world.objects["auge"]
    queues.change_queue(auge, wrapup_seconds=30)
    actions.log_in(sec, at=s(0))
    actions.ready(sec, at=s(1))
    arrived = actions.arrive(auge, caller="k-77", contact="call-1", at=s(10))
    timeout = s(10 + auge.offer_timeout_seconds).timestamp()
    assert [d for d in arrived.decisions if isinstance(d, Offer)] == [
        Offer("call-1", "sec", "auge", timeout)
    ]
    assert state_of(world, "sec") == ("offered", "")
    actions.contact_event("accepted", "call-1", agent=sec, at=s(25))
    assert state_of(world, "sec") == ("busy", "")
    actions.contact_event("ended", "call-1", at=s(205))
    assert state_of(world, "sec") == ("wrapup", "")
    SERVICE.tick(s(300))  # the wrap-up timer, due at 205 + 30
    assert state_of(world, "sec") == ("ready", "")
    record = Contact.objects.get(key="call-1")
    assert (record.queue, record.answered_queue, record.agent) == (auge, auge, sec)
    assert (record.arrived_at, record.answered_at, record.ended_at) == (s(10), s(25), s(205))
    assert record.caller == "k-77" and record.state == "ended"
    assert record.wrapup_seconds == 30.0  # the timer fired at its own instant, 235


def test_a_repeated_event_changes_nothing(world: World) -> None:
    auge = world.objects["auge"]
    first = actions.arrive(auge, contact="call-2", at=s(0), key="asterisk-1700000000.1")
    again = actions.arrive(auge, contact="call-2", at=s(3), key="asterisk-1700000000.1")
    assert again.repeated and again.event == first.event and again.decisions == []
    assert Event.objects.count() == 1 and Contact.objects.count() == 1
    with pytest.raises(LinjaError, match="already used for a arrived event"):
        actions.contact_event("ended", "call-2", at=s(4), key="asterisk-1700000000.1")


def test_an_event_the_router_refuses_leaves_nothing_behind(world: World) -> None:
    sec, agent, auge = world.people["sec"], world.people["agent"], world.objects["auge"]
    actions.log_in(sec, at=s(0))
    actions.ready(sec, at=s(1))
    actions.arrive(auge, contact="call-3", at=s(2))
    events = Event.objects.count()
    with pytest.raises(RoutingError):
        actions.contact_event("accepted", "call-3", agent=agent, at=s(3))  # offered to sec
    assert Event.objects.count() == events
    assert Contact.objects.get(key="call-3").state == "offered"
    actions.contact_event("accepted", "call-3", agent=sec, at=s(4))  # the router is intact
    assert Contact.objects.get(key="call-3").agent == sec


def test_a_restarted_server_goes_on_where_it_stopped(world: World) -> None:
    sec, auge = world.people["sec"], world.objects["auge"]
    queues.change_queue(auge, offer_timeout_seconds=20)
    actions.log_in(sec, at=s(0))
    actions.arrive(auge, contact="call-4", at=s(5))  # waits: sec is paused
    actions.ready(sec, at=s(30))  # offered, answer by 50
    restarted = RoutingService()  # a new process: no router until it reads the log
    assert [t.at for t in restarted.due(s(60))] == [s(50).timestamp()]
    restarted.tick(s(60))
    assert state_of(world, "sec") == ("paused", "no_answer")
    contact = Contact.objects.get(key="call-4")
    assert contact.state == "waiting" and contact.offered_to is None


def test_an_overflow_moves_the_waiting_contact(world: World) -> None:
    auge, board = world.objects["auge"], world.objects["sentralbord"]
    queues.change_queue(auge, overflow_to=board, overflow_after_seconds=120)
    actions.arrive(auge, contact="call-5", at=s(0))
    SERVICE.tick(s(119))
    assert Contact.objects.get(key="call-5").current_queue == auge
    SERVICE.tick(s(121))
    moved = Contact.objects.get(key="call-5")
    assert (moved.queue, moved.current_queue) == (auge, board)


def test_a_call_to_a_full_queue_is_rejected_and_ended(world: World) -> None:
    auge = world.objects["auge"]
    queues.change_queue(auge, max_waiting=1, when_full_number="+4757000000")
    actions.arrive(auge, contact="call-6", at=s(0))
    rejected = actions.arrive(auge, contact="call-7", at=s(1))
    assert any(type(d).__name__ == "Rejected" for d in rejected.decisions)
    record = Contact.objects.get(key="call-7")
    assert (record.state, record.rejected_reason, record.ended_at) == ("rejected", "full", s(1))


def test_someone_who_answers_no_queue_cannot_log_in(world: World) -> None:
    with pytest.raises(LinjaError, match="lead answers no queue"):
        actions.log_in(world.people["lead"], at=s(0))


def test_a_replay_under_changed_rules_skips_what_they_refuse(world: World) -> None:
    auge = world.objects["auge"]
    actions.arrive(auge, contact="call-8", at=s(0))
    Event.objects.create(at=s(1), kind="arrived", data={"contact": "call-9", "queue": "gone",
                                                        "priority": None, "caller": None})  # fmt: skip
    restarted = RoutingService()  # the queue "gone" was removed since
    router = restarted.router()
    assert router.contact_state("call-8") == "waiting"
    assert router.contact_state("call-9") == "done"  # skipped, not a crash


def test_a_contact_name_is_used_once(world: World) -> None:
    auge = world.objects["auge"]
    actions.arrive(auge, contact="call-10", at=s(0))
    actions.contact_event("abandoned", "call-10", at=s(5))  # the router forgets it
    with pytest.raises(LinjaError, match="contact 'call-10' has already arrived"):
        actions.arrive(auge, contact="call-10", at=s(6))
    assert Contact.objects.filter(key="call-10").count() == 1


def test_a_time_out_of_an_offer_already_answered_is_dropped_not_logged(world: World) -> None:
    sec, auge = world.people["sec"], world.objects["auge"]
    actions.log_in(sec, at=s(0))
    actions.ready(sec, at=s(1))
    actions.arrive(auge, contact="call-1", at=s(10))
    actions.arrive(auge, contact="call-2", at=s(11))  # waits: sec rings for call-1
    actions.contact_event("accepted", "call-1", agent=sec, at=s(12))
    actions.contact_event("ended", "call-1", at=s(13))  # sec rings for call-2 now
    logged = Event.objects.count()
    later = s(13 + auge.offer_timeout_seconds + 1)  # both time-outs are due
    fired = SERVICE.tick(later)
    # call-1's time-out changes nothing: not logged; call-2's, unanswered, puts it back
    assert [o.event.kind for o in fired] == ["timer_due"]
    assert Event.objects.count() == logged + 1
    assert fired[0].event.data["timer"]["subject"] == "call-2"
    assert Contact.objects.get(key="call-2").state == "waiting"
    assert SERVICE.due(later) == []
