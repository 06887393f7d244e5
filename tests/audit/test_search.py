"""GET /audit/ and /audit/export.csv: administrators search the log and export it; an
organisation's administrator sees their organisation's entries only."""

from __future__ import annotations

import csv
import io
import re

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


def test_dates_are_read_as_norwegians_write_them(world: World) -> None:
    from auditlog.models import LogEntry
    from django.utils import timezone

    today = timezone.localdate()
    client = login(world, "root")
    everything = LogEntry.objects.count()
    written = today.strftime("%d.%m.%Y")
    assert len(exported(client, f"?since={written}&until={written}")) == everything
    yesterday = (today - timezone.timedelta(days=1)).strftime("%d.%m.%Y")
    assert exported(client, f"?until={yesterday}") == []


def test_a_date_that_is_not_one_is_named_and_nothing_is_hidden(world: World) -> None:
    client = login(world, "root")
    page = client.get("/audit/", {"since": "31.02.2026"}).content.decode()
    assert "«31.02.2026» er ikke en dato: skriv den som dd.mm.åååå" in page
    response = client.get("/audit/export.csv", {"until": "i går"})
    assert response.status_code == 400
    assert "i går" in response.content.decode()


def cells(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("<tr>")[1:]]


def test_an_entry_reads_field_by_field_in_the_persons_language(world: World) -> None:
    [unit] = [row for row in cells(login(world, "root").get("/audit/", {"q": "alver"}).content
              .decode()) if "Enhet Innbyggjarservice (Alver kommune)" in row]  # fmt: skip
    # the world's objects are made outside any request or command: "other"
    assert unit.endswith("Opprettet – annet Enhet Innbyggjarservice (Alver kommune) "
                         "Organisasjon: Alver kommune Navn: Innbyggjarservice")  # fmt: skip


def test_a_change_shows_old_and_new_in_words(world: World) -> None:
    from linja.queues import actions

    actions.change_queue(world.objects["alver"], holidays=False, agent_choice="ordered")
    rows = cells(login(world, "root").get("/audit/", {"q": "alver"}).content.decode())
    changed = [row for row in rows if row.split()[2] == "Endret"]
    assert changed and "Stengt på norske helligdager: ja → nei" in changed[0]
    assert "Valg av saksbehandler: lengst ledig på beste ferdighetsnivå → i fast rekkefølge" \
        in changed[0]  # fmt: skip


def test_a_search_text_with_an_ampersand_survives_the_page_links(world: World) -> None:
    page = login(world, "root").get("/audit/", {"q": "a&b c"}).content.decode()
    assert "export.csv?q=a%26b+c" in page
