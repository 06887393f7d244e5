"""/api/v1/records and /api/v1/loadtest/bots: the records over HTTP, and bot agents."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from tests.orgs.world import World

from linja.contact import actions
from linja.orgs.models import Person

pytestmark = pytest.mark.django_db


def test_the_records_are_the_queues_the_token_sees(with_token: Any, world: World) -> None:
    actions.arrive(world.objects["auge"], contact="seen")
    actions.arrive(world.objects["alver"], contact="not-seen")
    today = timezone.localdate().isoformat()
    answer = with_token("sec").get(f"/api/v1/records?from={today}&to={today}")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert [r["contact_id"] for r in rows] == ["seen"] and rows[0]["queue"] == "auge"


def test_records_need_both_days_and_a_reversed_span_holds_none(
    with_token: Any, world: World
) -> None:
    actions.arrive(world.objects["auge"], contact="today")
    client = with_token("root")
    today = timezone.localdate()
    reversed_span = client.get(
        f"/api/v1/records?from={today}&to={today.replace(year=today.year - 1)}"
    )
    assert reversed_span.status_code == 200
    assert reversed_span.content.decode().splitlines()[0].startswith("contact_id")
    assert len(reversed_span.content.decode().splitlines()) == 1
    assert client.get("/api/v1/records?from=2026-12-02").status_code == 422


@override_settings(LINJA_LOADTEST=True)
def test_an_administrator_makes_bots_that_answer_the_queues(with_token: Any, world: World) -> None:
    body = {"group": "lg", "count": 3, "skills": {"auge": 1}}
    made = with_token("root").post("/api/v1/loadtest/bots", body, content_type="application/json")
    assert made.status_code == 201 and [b["username"] for b in made.json()] == [
        "bot-lg-1", "bot-lg-2", "bot-lg-3"
    ]  # fmt: skip
    bot = Person.objects.get(username="bot-lg-2")
    assert list(bot.memberships.values_list("queue__code", "level")) == [("auge", 1)]
    assert not bot.has_usable_password()
    again = with_token("root").post("/api/v1/loadtest/bots", body, content_type="application/json")
    assert (
        again.status_code == 201 and Person.objects.filter(username__startswith="bot-").count() == 3
    )
    assert with_token("admin").post("/api/v1/loadtest/bots", body,
                                    content_type="application/json").status_code == 403  # fmt: skip


def test_bots_are_refused_where_load_tests_are_not_allowed(with_token: Any, world: World) -> None:
    body = {"group": "lg", "count": 1, "skills": {"auge": 1}}
    answer = with_token("root").post("/api/v1/loadtest/bots", body, content_type="application/json")
    assert answer.status_code == 403 and "LINJA_LOADTEST" in answer.json()["error"]["message"]
    assert not Person.objects.filter(username__startswith="bot-").exists()
