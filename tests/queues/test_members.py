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
    agent = world.people["agent"]
    lead.post("/queues/alver/members/", {"person": agent.pk, "level": 3})
    assert levels(world, "alver") == {"agent": 3}
    lead.post(f"/queues/alver/members/{agent.pk}/remove/")
    assert levels(world, "alver") == {}


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
