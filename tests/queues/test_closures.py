"""POST /queues/<code>/closures/...: daily and planned closures, added and removed by a lead."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from tests.orgs.world import World

pytestmark = pytest.mark.django_db


def test_the_lead_adds_and_removes_a_shared_lunch(as_person: Any, world: World) -> None:
    lead = as_person("prof")
    form = {
        "start": "11:30",
        "end": "12:00",
        "weekdays": ["0", "1", "2", "3", "4"],
        "reason": "felles lunsj",
    }
    assert lead.post("/queues/alver/closures/daily/", form).status_code == 302
    closure = world.objects["alver"].daily_closures.get()
    assert (closure.start, closure.end, closure.days(), closure.reason) == (
        time(11, 30), time(12), frozenset(range(5)), "felles lunsj"
    )  # fmt: skip
    assert lead.post(f"/queues/alver/closures/daily/{closure.pk}/remove/").status_code == 302
    assert not world.objects["alver"].daily_closures.exists()


def test_an_overlapping_lunch_is_refused_with_the_reason(as_person: Any, world: World) -> None:
    lead = as_person("prof")
    lunch = {"start": "11:30", "end": "12:00", "weekdays": ["2"], "reason": "lunsj"}
    lead.post("/queues/alver/closures/daily/", lunch)
    response = lead.post("/queues/alver/closures/daily/", lunch | {"start": "11:45", "end": "12:15"},
                         HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 422
    assert "de daglige stengingene overlapper" in response.content.decode()
    assert world.objects["alver"].daily_closures.count() == 1


def test_a_planned_closure_is_added_in_oslo_time(as_person: Any, world: World) -> None:
    lead = as_person("prof")
    form = {"start": "2026-03-18T12:00", "end": "2026-03-18T14:00", "reason": "personalmøte"}
    assert lead.post("/queues/alver/closures/planned/", form).status_code == 302
    closure = world.objects["alver"].planned_closures.get()
    assert closure.start.isoformat() == "2026-03-18T11:00:00+00:00"  # 12:00 in Oslo, winter


def test_a_closure_of_another_queue_cannot_be_removed_through_this_one(
    as_person: Any, world: World
) -> None:
    as_person("lead").post("/queues/auge/closures/daily/",
                           {"start": "11:30", "end": "12:00", "weekdays": ["0"], "reason": "lunsj"})  # fmt: skip
    closure = world.objects["auge"].daily_closures.get()
    assert (
        as_person("prof").post(f"/queues/alver/closures/daily/{closure.pk}/remove/").status_code
        == 404
    )
    assert world.objects["auge"].daily_closures.exists()
