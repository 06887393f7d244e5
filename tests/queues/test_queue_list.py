"""GET /queues/: the queues the person sees, and only those."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def codes(page: str) -> set[str]:
    return {c for c in ("auge", "sentralbord", "alver", "austrheim") if f'/queues/{c}/"' in page}


def test_the_list_shows_the_queues_the_person_sees(as_person: Any) -> None:
    assert codes(as_person("sec").get("/queues/").content.decode()) == {"auge"}
    assert codes(as_person("prof").get("/queues/").content.decode()) == {"alver", "austrheim"}
    assert codes(as_person("root").get("/queues/").content.decode()) == {
        "auge", "sentralbord", "alver", "austrheim"
    }  # fmt: skip
    assert codes(as_person("stranger").get("/queues/").content.decode()) == set()


def test_the_list_asks_for_a_login(client: Client) -> None:
    response = client.get("/queues/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
