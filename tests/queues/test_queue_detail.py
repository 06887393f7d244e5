"""GET /queues/<code>/: the queue's settings for whoever sees it; the forms to change them
only for those who lead it; a queue one may not see does not exist (404)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_queue_without_the_forms(as_person: Any) -> None:
    response = as_person("sec").get("/queues/auge/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Augepoliklinikken" in page and "Sec Test" in page  # who answers
    assert 'action="/queues/auge/hours/"' not in page
    assert 'action="/queues/auge/members/"' not in page


def test_the_team_lead_sees_the_forms(as_person: Any) -> None:
    page = as_person("lead").get("/queues/auge/").content.decode()
    for form in ("hours", "closures/daily", "closures/planned", "members"):
        assert f'action="/queues/auge/{form}/"' in page


def test_a_queue_the_person_may_not_see_is_not_found(as_person: Any) -> None:
    assert as_person("sec").get("/queues/alver/").status_code == 404
    assert as_person("admin").get("/queues/austrheim/").status_code == 404
    assert as_person("prof").get("/queues/austrheim/").status_code == 200
