from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.orgs.world import World, build


@pytest.fixture
def world(db: Any) -> World:
    return build()


@pytest.fixture
def as_person(world: World) -> Any:
    def login(username: str) -> Client:
        client = Client()
        client.force_login(world.people[username])
        return client

    return login


@pytest.fixture
def english() -> Any:
    """Messages in English, for tests that pin the wording rather than the language."""
    from django.utils import translation

    with translation.override("en"):
        yield
