"""Every 4xx of the API has one body: {"error": {status, code, message, details}}, with
``details`` saying where a request went wrong."""

from __future__ import annotations

from typing import Any

import pytest
from tests.orgs.world import World

pytestmark = pytest.mark.django_db


def error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]
    found: dict[str, Any] = body["error"]
    return found


def put_hours(client: Any, body: Any, code: str = "auge") -> Any:
    return client.put(f"/api/v1/queues/{code}/opening-hours", body,
                      content_type="application/json")  # fmt: skip


def test_a_field_out_of_range_names_the_field(with_token: Any, world: World) -> None:
    body = {"spans": [{"weekday": 7, "start": "08:00", "end": "15:00"},
                      {"weekday": 1, "start": "08:00", "end": "late"}]}  # fmt: skip
    found = error(put_hours(with_token("lead"), body), 422, "invalid")
    assert [d["where"] for d in found["details"]] == ["body.spans[0].weekday", "body.spans[1].end"]


def test_a_missing_field_is_named(with_token: Any, world: World) -> None:
    found = error(put_hours(with_token("lead"), {}), 422, "invalid")
    assert found["details"] == [{"where": "body.spans", "message": "Field required"}]


def test_a_body_that_is_not_json_says_where_it_breaks(with_token: Any, world: World) -> None:
    found = error(put_hours(with_token("lead"), '{"spans": [\n  oops]}'), 400, "bad_request")
    assert found["details"][0]["where"] == "body, line 2 column 3"


def test_a_bad_query_parameter_is_named(with_token: Any, world: World) -> None:
    found = error(with_token("lead").get("/api/v1/queues/?limit=0"), 422, "invalid")
    assert found["details"][0]["where"] == "query.limit"


def test_a_change_the_engine_rules_refuse_is_explained(with_token: Any, world: World) -> None:
    body = {"spans": [{"weekday": 1, "start": "15:00", "end": "08:00"}]}
    found = error(put_hours(with_token("lead"), body), 422, "invalid")
    assert "ends before it starts" in found["message"]
    assert not world.objects["auge"].opening_hours.exists()  # nothing half-saved


def test_unknown_addresses_under_the_api_answer_json(with_token: Any, world: World) -> None:
    error(with_token("lead").get("/api/v1/no-such-thing/"), 404, "not_found")
    error(with_token("lead").get("/api/v2/"), 404, "not_found")


def test_a_method_a_path_does_not_take_answers_json(with_token: Any, world: World) -> None:
    response = with_token("lead").post("/api/v1/queues/auge/opening-hours", {},
                                       content_type="application/json")  # fmt: skip
    error(response, 405, "method_not_allowed")
    assert "PUT" in response["Allow"]


def test_not_seeing_and_not_being_allowed_differ(with_token: Any, world: World) -> None:
    # sec answers auge (sees it, may not change it); sentralbord is not sec's to see
    error(put_hours(with_token("sec"), {"spans": []}), 403, "forbidden")
    error(put_hours(with_token("sec"), {"spans": []}, "sentralbord"), 404, "not_found")
    error(with_token("sec").get("/api/v1/queues/sentralbord"), 404, "not_found")
