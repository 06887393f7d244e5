"""POST /queues/<code>/members/: a lead decides who answers the queue, at which level, from
the people of the queue's organisations only."""

from __future__ import annotations

from typing import Any

import pytest
from tests.orgs.world import World

from linja.queues.models import Membership

pytestmark = pytest.mark.django_db


def levels(world: World, code: str) -> dict[str, int]:
    rows = Membership.objects.filter(queue=world.objects[code]).select_related("person")
    return {m.person.username: m.level for m in rows}


def test_the_professional_lead_adds_someone_of_another_municipality(
    as_person: Any, world: World
) -> None:
    stranger = world.people["stranger"]  # employed by Austrheim, part of the shared centre
    response = as_person("prof").post("/queues/alver/members/", {"person": stranger.pk, "level": 2})
    assert response.status_code == 302
    assert levels(world, "alver") == {"agent": 1, "stranger": 2}


def test_the_level_is_changed_and_the_member_removed(as_person: Any, world: World) -> None:
    lead = as_person("prof")
    agent, stranger = world.people["agent"], world.people["stranger"]
    lead.post("/queues/alver/members/", {"person": agent.pk, "level": 3})
    assert levels(world, "alver") == {"agent": 3}
    lead.post("/queues/alver/members/", {"person": stranger.pk, "level": 1})
    lead.post(f"/queues/alver/members/{agent.pk}/remove/")
    assert levels(world, "alver") == {"stranger": 1}


def test_the_last_who_answers_a_queue_is_not_removed(as_person: Any, world: World) -> None:
    agent = world.people["agent"]  # the only one answering alver, which passes nothing on
    response = as_person("prof", headers={"HX-Request": "true"}).post(
        f"/queues/alver/members/{agent.pk}/remove/"
    )
    assert response.status_code == 422
    # in the lead's language, bokmål
    assert "alver: ingen svarer i denne køen, og heller ikke i en kø den sender videre til" in (
        response.content.decode()
    )
    assert levels(world, "alver") == {"agent": 1}


def test_a_queue_that_passes_its_contacts_on_keeps_being_answered(
    world: World, english: None
) -> None:
    from linja.queues import actions

    alver, austrheim, agent = (
        world.objects["alver"],
        world.objects["austrheim"],
        world.objects["agent"],
    )
    actions.change_queue(austrheim, overflow_to=alver, overflow_after_seconds=60)
    actions.set_membership(agent, austrheim, None)  # austrheim overflows to alver: answered
    with pytest.raises(actions.ConfigurationError, match="alver: no one answers"):
        actions.set_membership(agent, alver, None)  # would leave alver and austrheim unanswered
    assert levels(world, "alver") == {"agent": 1}


def test_someone_outside_the_queues_organisations_cannot_be_added(
    as_person: Any, world: World
) -> None:
    sec = world.people["sec"]  # employed by the hospital
    response = as_person("prof").post("/queues/alver/members/", {"person": sec.pk, "level": 1})
    assert response.status_code == 422
    assert levels(world, "alver") == {"agent": 1}


def test_an_agent_cannot_change_who_answers(as_person: Any, world: World) -> None:
    stranger = world.people["stranger"]
    response = as_person("agent").post(
        "/queues/alver/members/", {"person": stranger.pk, "level": 1}
    )
    assert response.status_code == 404
    assert levels(world, "alver") == {"agent": 1}
