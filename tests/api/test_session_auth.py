"""The browser's session works for the API too; a change then needs the CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from tests.orgs.world import World

pytestmark = pytest.mark.django_db

HOURS = {"spans": [{"weekday": 0, "start": "08:00", "end": "15:00"}]}


def test_a_logged_in_browser_reads_the_api(as_person: Any, world: World) -> None:
    response = as_person("sec").get("/api/v1/queues/")
    assert response.status_code == 200
    assert [q["code"] for q in response.json()["items"]] == ["auge"]


def test_a_change_without_the_csrf_token_is_refused(as_person: Any, world: World) -> None:
    browser = as_person("lead", enforce_csrf_checks=True)
    response = browser.put("/api/v1/queues/auge/opening-hours", HOURS,
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 403
    assert "X-CSRFToken" in response.json()["error"]["message"]
    assert not world.objects["auge"].opening_hours.exists()


def test_a_change_with_the_csrf_token_is_made(as_person: Any, world: World) -> None:
    browser = as_person("lead", enforce_csrf_checks=True)
    browser.get("/queues/auge/")  # the page sets the csrftoken cookie
    csrf = browser.cookies["csrftoken"].value
    response = browser.put("/api/v1/queues/auge/opening-hours", HOURS,
                           content_type="application/json", headers={"X-CSRFToken": csrf})  # fmt: skip
    assert response.status_code == 200
    assert world.objects["auge"].opening_hours.count() == 1


def test_without_a_session_or_token_nothing_is_answered(world: World, client: Any) -> None:
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert set(response.json()) == {"error"}
