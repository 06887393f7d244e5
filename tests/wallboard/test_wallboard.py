"""The wallboard: today's figures per queue come from the records by the engine's KPI
definitions (worked out here by hand), against the queue's targets; team leads pause and
log out agents and open and close queues, others may not."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from tests.orgs.world import World

from linja.contact import actions
from linja.contact.models import AgentState
from linja.contact.service import SERVICE
from linja.wallboard.figures import agent_rows, queue_rows

pytestmark = pytest.mark.django_db


def today_base() -> datetime:
    """A moment today (Oslo) with room for a few minutes of contacts after it."""
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=1, microsecond=0)
    return max(now - timedelta(minutes=10), midnight)


def test_todays_figures_count_as_the_reports_do_and_flag_a_missed_target(world: World) -> None:
    sec, auge = world.people["sec"], world.objects["auge"]  # T = 60 s, target 80 %
    t = today_base()
    at = lambda s: t + timedelta(seconds=s)  # noqa: E731
    actions.log_in(sec, at=at(0))
    actions.ready(sec, at=at(0))
    actions.arrive(auge, contact="quick", at=at(1))  # offered at once
    actions.contact_event("accepted", "quick", agent=sec, at=at(11))  # waited 10 s
    actions.arrive(auge, contact="slow", at=at(12))
    actions.arrive(auge, contact="gone", at=at(13))
    actions.contact_event("ended", "quick", at=at(100))  # sec takes "slow" next
    actions.contact_event("accepted", "slow", agent=sec, at=at(102))  # waited 90 s
    actions.contact_event("abandoned", "gone", at=at(110))
    actions.arrive(auge, contact="waiting", at=at(120))  # still waiting: not counted yet
    row = next(r for r in queue_rows(world.people["lead"], at(130)) if r.queue == auge)
    assert (row.today["offered"], row.today["answered"]) == (3, 2)
    assert row.today["answer_rate"] == pytest.approx(2 / 3)
    assert row.today["service_level"] == pytest.approx(1 / 3)  # only "quick" within 60 s
    assert row.today["asa_seconds"] == pytest.approx((10 + 90) / 2)
    assert (row.waiting, row.longest, row.busy) == (1, 10.0, 1)
    assert row.met == {"answer_rate": False, "service_level": False, "asa_seconds": True}
    assert row.alarm and row.leads


def test_a_queue_without_contacts_today_has_no_alarm(world: World) -> None:
    rows = queue_rows(world.people["lead"])
    assert rows and not any(r.alarm for r in rows)
    assert all(r.today == {} for r in rows)


def test_the_agents_show_their_state_and_time_in_it(world: World) -> None:
    sec = world.people["sec"]
    t = timezone.now() - timedelta(seconds=75)
    actions.log_in(sec, at=t)
    (row,) = agent_rows(world.people["lead"], [world.objects["auge"]], t + timedelta(seconds=75))
    assert (row.state.state, row.state.reason, row.seconds, row.leads) == (
        "paused",
        "login",
        75.0,
        True,
    )


def test_a_lead_pauses_and_logs_out_an_agent_and_closes_a_queue(
    as_person: Any, world: World
) -> None:
    sec = world.people["sec"]
    actions.log_in(sec)
    actions.ready(sec)
    lead = as_person("lead")  # leads the surgical clinic, auge's unit
    assert lead.post(f"/wallboard/agents/{sec.pk}/pause/").status_code == 200
    assert AgentState.objects.get(person=sec).reason == "team_lead"
    assert lead.post(f"/wallboard/agents/{sec.pk}/logout/").status_code == 200
    assert AgentState.objects.get(person=sec).state == "logged_out"
    assert lead.post("/wallboard/queues/auge/close/").status_code == 200
    assert SERVICE.queue_now("auge", timezone.now())[:2] == (False, False)
    assert lead.post("/wallboard/queues/auge/calendar/").status_code == 200
    assert SERVICE.queue_now("auge", timezone.now())[1] is None


def test_someone_who_does_not_lead_the_queue_may_not_change_it(
    as_person: Any, world: World
) -> None:
    sec = world.people["sec"]
    actions.log_in(sec)
    agent = as_person("agent")
    assert agent.post(f"/wallboard/agents/{sec.pk}/pause/").status_code == 404
    assert agent.post("/wallboard/queues/auge/close/").status_code == 404
    assert as_person("lead").post("/wallboard/queues/auge/shut/").status_code == 404
    assert AgentState.objects.get(person=sec).reason == "login"
    assert SERVICE.queue_now("auge", timezone.now())[1] is None


def test_the_wallboard_page_shows_the_queues_the_person_sees(as_person: Any, world: World) -> None:
    page = as_person("lead").get("/wallboard/").content.decode()
    assert 'data-queue="auge"' in page and 'data-queue="alver"' not in page
