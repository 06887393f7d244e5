"""/tokens/: administrators issue a token (its text shown once), see who has which, and
revoke one; an organisation's administrator only for their own organisation's people."""

from __future__ import annotations

import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from tests.orgs.world import World

from linja.api.actions import issue_token
from linja.api.models import Token

pytestmark = pytest.mark.django_db


def shown_token(page: str) -> str:
    found = re.search(r'id="secret"[^>]*value="(linja_[^"]+)"', page)
    assert found, "the new token is shown"
    return found.group(1)


def test_an_administrator_issues_a_token_that_then_works(as_person: Any, world: World) -> None:
    agent = world.people["agent"]
    response = as_person("admin").post("/tokens/", {"person": agent.pk, "name": "telefoni"})
    assert response.status_code == 200
    text = shown_token(response.content.decode())
    [token] = Token.objects.all()
    assert (token.person, token.name, token.created_by) == (agent, "telefoni",
                                                            world.people["admin"])  # fmt: skip
    api = Client(headers={"Authorization": f"Bearer {text}"})
    assert api.get("/api/v1/queues/").status_code == 200


def test_the_token_is_shown_only_once(as_person: Any, world: World) -> None:
    browser = as_person("admin")
    first = browser.post("/tokens/", {"person": world.people["agent"].pk, "name": "telefoni"})
    text = shown_token(first.content.decode())
    again = browser.get("/tokens/").content.decode()
    assert text not in again
    assert Token.objects.get().prefix in again  # its beginning is listed, to recognise it


def test_an_organisation_administrator_offers_only_their_own_people(
    as_person: Any, world: World
) -> None:
    page = as_person("admin").get("/tokens/").content.decode()
    assert world.people["agent"].get_full_name() in page
    assert world.people["sec"].get_full_name() not in page  # of Helse Førde
    response = as_person("admin").post("/tokens/", {"person": world.people["sec"].pk,
                                                    "name": "x"})  # fmt: skip
    assert response.status_code == 200 and not Token.objects.exists()


def test_an_organisation_administrator_sees_and_revokes_only_their_own(
    as_person: Any, world: World
) -> None:
    mine, _ = issue_token(world.people["agent"], "telefoni", None)
    theirs, _ = issue_token(world.people["sec"], "sentralbord", None)
    browser = as_person("admin")
    page = browser.get("/tokens/").content.decode()
    assert mine.prefix in page and theirs.prefix not in page
    assert browser.post(f"/tokens/{theirs.key}/revoke/").status_code == 404
    assert browser.post(f"/tokens/{mine.key}/revoke/").status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked is not None and theirs.revoked is None


@pytest.mark.parametrize("who", ["sec", "lead", "plan", "prof", "agent", "stranger"])
def test_no_one_but_administrators_has_the_page(as_person: Any, world: World, who: str) -> None:
    assert as_person(who).get("/tokens/").status_code == 404
    response = as_person(who).post("/tokens/", {"person": world.people[who].pk, "name": "x"})
    assert response.status_code == 404 and not Token.objects.exists()


def test_issuing_and_revoking_are_in_the_audit_log(as_person: Any, world: World) -> None:
    browser = as_person("root")
    text = shown_token(browser.post("/tokens/", {"person": world.people["sec"].pk,
                                                 "name": "sentralbord"}).content.decode())  # fmt: skip
    token = Token.objects.get()
    browser.post(f"/tokens/{token.key}/revoke/")
    entries = LogEntry.objects.filter(content_type__model="token").order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, world.people["root"]),
        (LogEntry.Action.UPDATE, world.people["root"]),
    ]
    assert "revoked" in entries[1].changes_dict
    secret = text.split("_", 2)[2]
    assert all(secret not in str(e.changes) for e in entries)
    assert all("hashed" not in e.changes_dict for e in entries)


def test_a_token_without_a_name_is_refused_with_the_field_named(
    as_person: Any, world: World
) -> None:
    response = as_person("root").post("/tokens/", {"person": world.people["sec"].pk, "name": ""})
    page = response.content.decode()
    name_field = page[page.index('id="id_name"') :]
    assert name_field.index("Feltet er påkrevet.") < name_field.index("</div>")
    assert not Token.objects.exists()
