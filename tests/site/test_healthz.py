"""GET /healthz: 200 and ok when the database answers, 503 naming the part that fails."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_says_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_is_503_and_names_the_database_when_it_fails(
    client: Client, monkeypatch: Any
) -> None:
    from django.db import connection

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "failing"}


def test_healthz_needs_no_login_and_takes_only_get(client: Client) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
