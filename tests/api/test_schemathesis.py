"""Schemathesis against /api/v1/openapi.json, at a bounded size: no answer is a server
error (5xx), and every answer fits the schema (status, content type, body) — for the
installation's administrator, who may do everything, and for a team lead, who is refused
much."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from tests.orgs.world import World

from linja.api.actions import issue_token

pytestmark = pytest.mark.django_db


# read from the site itself, as a client would (no database needed for that)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _one_connection() -> Iterator[None]:
    """Keep the test's database connection open across requests (Django's test client
    does the same): the site closes it after each request, which would end the test's
    transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def bearer(world: World, who: str) -> dict[str, str]:
    _token, text = issue_token(world.people[who], "schemathesis", None)
    return {"Authorization": f"Bearer {text}"}


BOUNDED = settings(max_examples=30, deadline=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))  # fmt: skip


@schema.parametrize()
@BOUNDED
def test_the_api_keeps_its_schema_for_the_administrator(case: Any, world: World) -> None:
    case.call_and_validate(headers=bearer(world, "root"))


@schema.parametrize()
@BOUNDED
def test_the_api_keeps_its_schema_for_a_team_lead(case: Any, world: World) -> None:
    case.call_and_validate(headers=bearer(world, "lead"))
