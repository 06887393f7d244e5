"""Fixtures every web test shares: the small world of tests/orgs/world.py and its people
logged in, on the web or with an API token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from tests.orgs.world import World, build


@pytest.fixture
def world(db: Any) -> World:
    return build()


@pytest.fixture
def as_person(world: World) -> Any:
    """A browser logged in as one of the world's people."""

    def login(username: str, **client: Any) -> Client:
        browser = Client(**client)
        browser.force_login(world.people[username])
        return browser

    return login


@pytest.fixture
def with_token(world: World) -> Any:
    """A machine client sending a fresh token of one of the world's people."""
    from linja.api.actions import issue_token

    def client(username: str) -> Client:
        _token, text = issue_token(world.people[username], "tests", None)
        return Client(headers={"Authorization": f"Bearer {text}"})

    return client


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English, for tests that pin the wording rather than the language."""
    from django.utils import translation

    with translation.override("en"):
        yield
