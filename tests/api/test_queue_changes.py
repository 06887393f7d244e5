"""A team lead changes a queue's daily settings through the API as on its page: opening
hours, closures, who answers; the audit log records it as from the API."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from tests.orgs.world import World

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_opening_hours_are_replaced(with_token: Any, world: World) -> None:
    client = with_token("lead")
    body = {"spans": [{"weekday": 0, "start": "08:00", "end": "11:30"},
                      {"weekday": 0, "start": "12:30", "end": "15:30"},
                      {"weekday": 4, "start": "08:00", "end": "00:00"}]}  # fmt: skip
    response = client.put("/api/v1/queues/auge/opening-hours", body, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["opening_hours"] == [
        {"weekday": 0, "start": "08:00", "end": "11:30"},
        {"weekday": 0, "start": "12:30", "end": "15:30"},
        {"weekday": 4, "start": "08:00", "end": "00:00"},
    ]
    stored = world.objects["auge"].opening_hours.order_by("weekday", "start")
    assert [(h.weekday, h.start, h.end) for h in stored] == [
        (0, time(8), time(11, 30)), (0, time(12, 30), time(15, 30)), (4, time(8), time(0)),
    ]  # fmt: skip


def test_the_change_is_in_the_audit_log_as_from_the_api(with_token: Any, world: World) -> None:
    client = with_token("lead")
    body = {"spans": [{"weekday": 2, "start": "09:00", "end": "14:00"}]}
    client.put("/api/v1/queues/auge/opening-hours", body, content_type=JSON)
    entry = LogEntry.objects.filter(content_type__model="openinghours").latest("pk")
    assert entry.actor == world.people["lead"]
    assert entry.additional_data["via"] == "api"
    assert entry.remote_addr == "127.0.0.1"


def test_a_daily_closure_is_added_and_removed(with_token: Any, world: World) -> None:
    client = with_token("lead")
    body = {"start": "11:30", "end": "12:00", "weekdays": [0, 1, 2, 3, 4], "reason": "lunsj"}
    response = client.post("/api/v1/queues/auge/daily-closures", body, content_type=JSON)
    assert response.status_code == 201
    [closure] = response.json()["daily_closures"]
    assert (closure["start"], closure["end"], closure["weekdays"]) == ("11:30", "12:00",
                                                                       [0, 1, 2, 3, 4])  # fmt: skip
    response = client.delete(f"/api/v1/queues/auge/daily-closures/{closure['id']}")
    assert response.status_code == 200 and response.json()["daily_closures"] == []


def test_an_overlapping_closure_is_refused(with_token: Any, world: World) -> None:
    client = with_token("lead")
    lunch = {"start": "11:30", "end": "12:00", "weekdays": [0, 1, 2, 3, 4]}
    assert client.post("/api/v1/queues/auge/daily-closures", lunch,
                       content_type=JSON).status_code == 201  # fmt: skip
    later = {"start": "11:45", "end": "12:15", "weekdays": [2]}
    response = client.post("/api/v1/queues/auge/daily-closures", later, content_type=JSON)
    assert response.status_code == 422
    assert "overlap" in response.json()["error"]["message"]
    assert world.objects["auge"].daily_closures.count() == 1


def test_a_weekday_outside_the_week_is_refused(with_token: Any, world: World) -> None:
    body = {"start": "11:30", "end": "12:00", "weekdays": [5, 7]}
    response = with_token("lead").post("/api/v1/queues/auge/daily-closures", body,
                                       content_type=JSON)  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["where"] == "body.weekdays[1]"


def test_a_planned_closure_without_an_offset_is_in_oslo_time(with_token: Any, world: World) -> None:
    body = {"start": "2027-06-14T08:00", "end": "2027-06-14T09:30", "reason": "fagdag"}
    response = with_token("lead").post("/api/v1/queues/auge/planned-closures", body,
                                       content_type=JSON)  # fmt: skip
    assert response.status_code == 201
    [closure] = world.objects["auge"].planned_closures.all()
    assert closure.start == datetime(2027, 6, 14, 8, tzinfo=ZoneInfo("Europe/Oslo"))
    assert response.json()["planned_closures"][0]["start"] == "2027-06-14T08:00:00+02:00"


def test_removing_a_closure_of_another_queue_is_not_found(with_token: Any, world: World) -> None:
    from linja.queues import actions

    other = actions.add_daily_closure(world.objects["alver"], time(11), time(12), frozenset({0}))
    response = with_token("lead").delete(f"/api/v1/queues/auge/daily-closures/{other.pk}")
    assert response.status_code == 404
    assert world.objects["alver"].daily_closures.count() == 1


def test_a_member_is_added_changed_and_removed(with_token: Any, world: World) -> None:
    client = with_token("prof")
    stranger = world.people["stranger"]  # of Austrheim, one of the centre's organisations
    url = f"/api/v1/queues/alver/members/{stranger.pk}"
    assert client.put(url, {"level": 2}, content_type=JSON).status_code == 200
    assert client.put(url, {"level": 1}, content_type=JSON).json()["members"] == [
        {"person_id": world.people["agent"].pk, "level": 1},
        {"person_id": stranger.pk, "level": 1},
    ]
    response = client.delete(url)
    assert [m["person_id"] for m in response.json()["members"]] == [world.people["agent"].pk]
    assert client.delete(url).status_code == 404


def test_someone_from_outside_the_queues_organisations_cannot_answer_it(
    with_token: Any, world: World
) -> None:
    response = with_token("lead").put(f"/api/v1/queues/auge/members/{world.people['agent'].pk}",
                                      {"level": 1}, content_type=JSON)  # fmt: skip
    assert response.status_code == 422
    assert not world.objects["auge"].memberships.filter(person=world.people["agent"]).exists()
