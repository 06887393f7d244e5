"""Authorization: Bearer linja_…: a token acts as its person, with that person's access;
anything but a live token of an active person is refused; only a hash is kept."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from tests.orgs.world import World

from linja.api import actions
from linja.api.models import Token

pytestmark = pytest.mark.django_db


def codes(response: Any) -> list[str]:
    return [q["code"] for q in response.json()["items"]]


def bearer(text: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {text}"})


def test_a_token_sees_what_its_person_sees(world: World) -> None:
    _token, text = actions.issue_token(world.people["agent"], "phone system", None)
    response = bearer(text).get("/api/v1/queues/")
    assert response.status_code == 200
    assert codes(response) == ["alver", "austrheim"]


def test_only_the_hash_of_the_secret_is_stored(world: World) -> None:
    token, text = actions.issue_token(world.people["agent"], "phone system", None)
    secret = text.split("_", 2)[2]
    stored = Token.objects.get(pk=token.pk)
    assert stored.hashed == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret not in value for value in (stored.key, stored.name, stored.hashed))
    assert Token.person_for(text) == world.people["agent"]
    wrong = text[:-1] + ("A" if text[-1] != "A" else "B")  # one character of the secret off
    assert Token.person_for(wrong) is None


def test_using_a_token_records_when(world: World) -> None:
    token, text = actions.issue_token(world.people["agent"], "phone system", None)
    assert token.last_used is None
    bearer(text).get("/api/v1/queues/")
    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.parametrize("spoil", ["wrong secret", "unknown key", "no prefix", "empty"])
def test_a_wrong_token_is_refused(world: World, spoil: str) -> None:
    _token, text = actions.issue_token(world.people["agent"], "phone system", None)
    prefix, key, secret = text.split("_", 2)
    presented = {
        "wrong secret": f"{prefix}_{key}_{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}",
        "unknown key": f"{prefix}_{'0' * 16}_{secret}",
        "no prefix": f"{key}_{secret}",
        "empty": "",
    }[spoil]
    response = bearer(presented).get("/api/v1/queues/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_revoked_token_stops_working_at_once(world: World) -> None:
    token, text = actions.issue_token(world.people["agent"], "phone system", None)
    assert bearer(text).get("/api/v1/queues/").status_code == 200
    actions.revoke_token(token)
    assert bearer(text).get("/api/v1/queues/").status_code == 401


def test_the_token_of_a_deactivated_person_is_refused(world: World) -> None:
    agent = world.people["agent"]
    _token, text = actions.issue_token(agent, "phone system", None)
    agent.is_active = False
    agent.save()
    assert bearer(text).get("/api/v1/queues/").status_code == 401


def test_a_token_changes_without_csrf(world: World) -> None:
    _token, text = actions.issue_token(world.people["lead"], "rota tool", None)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {text}"})
    response = client.put("/api/v1/queues/auge/opening-hours", {"spans": []},
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 200


def test_a_token_needs_a_name(world: World) -> None:
    from linja.errors import LinjaError

    with pytest.raises(LinjaError, match="name"):
        actions.issue_token(world.people["agent"], "  ", None)
