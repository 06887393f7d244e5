"""/audit/ and its export answer a date the database cannot compare (the year 1) as any
other bad date: a message, never a server error."""

from __future__ import annotations

import pytest
from tests.audit.test_search import login
from tests.orgs.world import World

pytestmark = pytest.mark.django_db


def test_the_year_1_is_not_a_date_to_search_from(world: World) -> None:
    page = login(world, "root").get("/audit/", {"since": "01.01.0001"})
    assert page.status_code == 200
    assert "«01.01.0001» er ikke en dato: skriv den som dd.mm.åååå" in page.content.decode()


def test_the_export_refuses_it_before_it_starts(world: World) -> None:
    response = login(world, "root").get("/audit/export.csv", {"until": "0001-01-01"})
    assert response.status_code == 400
    assert "0001-01-01" in response.content.decode()
