"""GET /audit/ and /audit/export.csv: administrators search the log and export it; an
organisation's administrator sees their organisation's entries only."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from tests.orgs.world import World

pytestmark = pytest.mark.django_db


def login(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.people[who])
    return client


def exported(client: Client, query: str = "") -> list[dict[str, str]]:
    response = client.get(f"/audit/export.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_installation_administrator_sees_every_entry(world: World) -> None:
    rows = exported(login(world, "root"))
    objects = {r["object"] for r in rows}
    assert {"Servicetorget i Alver (alver)", "Augepoliklinikken (auge)"} <= objects


def test_an_organisations_administrator_sees_only_that_organisations_entries(world: World) -> None:
    rows = exported(login(world, "admin"))
    objects = {r["object"] for r in rows}
    assert "Servicetorget i Alver (alver)" in objects
    assert "Augepoliklinikken (auge)" not in objects
    assert "Servicetorget i Austrheim (austrheim)" not in objects


def test_the_search_finds_by_text_and_the_export_follows_it(world: World) -> None:
    client = login(world, "root")
    page = client.get("/audit/", {"q": "austrheim"}).content.decode()
    assert "Servicetorget i Austrheim" in page and "Augepoliklinikken (auge)" not in page
    rows = exported(client, "?q=austrheim")
    assert rows and all("austrheim" in (" ".join(r.values())).lower() for r in rows)


@pytest.mark.parametrize("who", ["sec", "lead", "plan", "prof", "agent", "stranger"])
def test_the_log_is_for_administrators_only(world: World, who: str) -> None:
    client = login(world, who)
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404
