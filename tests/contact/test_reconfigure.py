"""The live router follows a change of queue configuration without a restart: committed,
the change is logged as a `reconfigured` event; this process routes by it at once, another
process when it next catches up with the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from tests.orgs.world import World

from linja.contact import actions
from linja.contact.events import RECONFIGURED
from linja.contact.models import Contact, Event
from linja.contact.service import SERVICE, RoutingService
from linja.queues import actions as queues

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world_committed")]

Commits = Callable[..., Any]  # django_capture_on_commit_callbacks


@pytest.fixture
def world_committed(world: World) -> None:
    """What would have run had the world's setup committed (the test's transaction never
    does): the router told of the queues it made — so a change in the test is a
    transaction of its own, telling the router once more."""
    connection = transaction.get_connection()
    pending = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _savepoints, run, _robust in pending:
        run()


def close_for_a_meeting(world: World, commits: Commits) -> None:
    now = timezone.now()
    with commits(execute=True):
        queues.add_planned_closure(world.objects["auge"], now - timedelta(hours=1),
                                   now + timedelta(hours=1), "staff meeting")  # fmt: skip


def test_a_planned_closure_turns_the_next_call_away_without_a_restart(
    world: World, django_capture_on_commit_callbacks: Commits
) -> None:
    auge = world.objects["auge"]
    actions.arrive(auge, contact="before")
    assert Contact.objects.get(key="before").state == "waiting"
    close_for_a_meeting(world, django_capture_on_commit_callbacks)
    actions.arrive(auge, contact="after")
    after = Contact.objects.get(key="after")
    assert (after.state, after.rejected_reason) == ("rejected", "closed")
    assert Contact.objects.get(key="before").state == "waiting"  # already in: stays
    logged = Event.objects.filter(kind=RECONFIGURED)  # the world's setup, then the closure
    assert [e.source for e in logged] == ["configuration"] * 2
    rules = {q["id"]: q for q in logged.last().data["queues"]}  # the rules from then on
    assert [c[2] for c in rules["auge"]["calendar"]["closures"]] == ["staff meeting"]


def test_another_process_follows_the_change_when_it_catches_up(
    world: World, django_capture_on_commit_callbacks: Commits
) -> None:
    other = RoutingService()  # a second server process, its router built before the change
    now = timezone.now()
    assert other.queue_now("auge", now)[0] is True
    close_for_a_meeting(world, django_capture_on_commit_callbacks)
    assert other.queue_now("auge", now)[0] is False
    assert SERVICE.queue_now("auge", now)[0] is False


def test_one_change_of_many_rows_is_one_event(
    world: World, django_capture_on_commit_callbacks: Commits
) -> None:
    from datetime import time

    with django_capture_on_commit_callbacks(execute=True):
        queues.set_opening_hours(world.objects["auge"],
                                 {d: [(time(8), time(15, 30))] for d in range(5)})  # fmt: skip
    assert Event.objects.filter(kind=RECONFIGURED).count() == 2  # the world's, and this


def test_a_change_rolled_back_tells_no_router(
    world: World, django_capture_on_commit_callbacks: Commits
) -> None:
    now = timezone.now()
    before = Event.objects.filter(kind=RECONFIGURED).count()
    with (django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError),
          transaction.atomic()):  # fmt: skip
        queues.add_planned_closure(world.objects["auge"], now - timedelta(hours=1),
                                   now + timedelta(hours=1), "never")  # fmt: skip
        raise RuntimeError("rolled back")
    assert Event.objects.filter(kind=RECONFIGURED).count() == before
    assert SERVICE.queue_now("auge", now)[0] is True


def test_a_router_rebuilt_from_the_log_replays_each_event_by_the_rules_of_its_time(
    world: World, django_capture_on_commit_callbacks: Commits
) -> None:
    actions.arrive(world.objects["auge"], contact="waiting-one")  # while it was open
    close_for_a_meeting(world, django_capture_on_commit_callbacks)  # (covering that arrival)
    SERVICE.reset()  # a restart
    assert SERVICE.place("waiting-one")[0] == 1  # not turned away by today's rules
    assert SERVICE.queue_now("auge", timezone.now())[:2] == (False, None)
    actions.arrive(world.objects["auge"], contact="during-the-meeting")
    assert Contact.objects.get(key="during-the-meeting").state == "rejected"
