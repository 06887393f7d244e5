"""POST /queues/<code>/hours/: a team lead sets the opening hours, with a clear message
for a half-filled or overlapping day; anyone else changes nothing."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from tests.orgs.world import World

pytestmark = pytest.mark.django_db


def spans(world: World, code: str) -> list[tuple[int, time, time]]:
    queue = world.objects[code]
    return [(h.weekday, h.start, h.end) for h in queue.opening_hours.order_by("weekday", "start")]


def test_the_team_lead_sets_opening_hours(as_person: Any, world: World) -> None:
    form = {"d0_1_start": "08:00", "d0_1_end": "11:30", "d0_2_start": "12:30", "d0_2_end": "15:30",
            "d4_1_start": "08:00", "d4_1_end": "14:00"}  # fmt: skip
    response = as_person("lead").post("/queues/auge/hours/", form)
    assert response.status_code == 302 and response["Location"] == "/queues/auge/#hours"
    assert spans(world, "auge") == [
        (0, time(8), time(11, 30)), (0, time(12, 30), time(15, 30)), (4, time(8), time(14)),
    ]  # fmt: skip


def test_with_htmx_the_section_comes_back_with_a_message(as_person: Any, world: World) -> None:
    response = as_person("lead").post(
        "/queues/auge/hours/", {"d2_1_start": "09:00", "d2_1_end": "15:00"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<section id="hours"') and 'role="status"' in page
    assert spans(world, "auge") == [(2, time(9), time(15))]


def test_a_day_with_only_a_start_is_refused_with_the_day_named(
    as_person: Any, world: World
) -> None:
    response = as_person("lead").post("/queues/auge/hours/", {"d1_1_start": "08:00"})
    assert response.status_code == 422
    assert "Tirsdag: oppgi både fra og til, eller ingen av dem." in response.content.decode()
    assert spans(world, "auge") == []


def test_overlapping_spans_are_refused_and_nothing_changes(as_person: Any, world: World) -> None:
    as_person("lead").post("/queues/auge/hours/", {"d0_1_start": "08:00", "d0_1_end": "15:00"})
    response = as_person("lead").post("/queues/auge/hours/", {
        "d0_1_start": "08:00", "d0_1_end": "12:00", "d0_2_start": "11:00", "d0_2_end": "15:00"})  # fmt: skip
    assert response.status_code == 422
    assert spans(world, "auge") == [(0, time(8), time(15))]


@pytest.mark.parametrize("who", ["sec", "plan", "admin", "stranger"])
def test_someone_who_does_not_lead_the_queue_changes_nothing(
    as_person: Any, world: World, who: str
) -> None:
    response = as_person(who).post(
        "/queues/auge/hours/", {"d0_1_start": "08:00", "d0_1_end": "09:00"}
    )
    assert response.status_code == 404
    assert spans(world, "auge") == []


def test_a_get_is_not_allowed(as_person: Any) -> None:
    assert as_person("lead").get("/queues/auge/hours/").status_code == 405
