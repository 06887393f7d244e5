"""The API lists exactly what the access rules let each person see: the same matrix as
tests/orgs/test_access.py, asked through /api/v1/."""

from __future__ import annotations

from typing import Any

import pytest
from tests.orgs.test_access import PEOPLE, VIEW
from tests.orgs.world import World

pytestmark = pytest.mark.django_db

QUEUES = ("auge", "sentralbord", "alver", "austrheim")
ORGANISATIONS = ("H", "A", "B")
MENUS = ("hf", "al")


def expected(names: tuple[str, ...], who: str) -> set[str]:
    return {n for n in names if who in VIEW[n]}


@pytest.mark.parametrize("who", PEOPLE)
def test_each_person_lists_what_they_may_see(with_token: Any, world: World, who: str) -> None:
    client = with_token(who)
    queues = client.get("/api/v1/queues/").json()
    assert {q["code"] for q in queues["items"]} == expected(QUEUES, who)
    assert queues["count"] == len(queues["items"])
    names = {world.objects[n].name: n for n in ORGANISATIONS}
    organisations = client.get("/api/v1/organisations/").json()["items"]
    assert {names[o["name"]] for o in organisations} == expected(ORGANISATIONS, who)
    menus = client.get("/api/v1/menus/").json()["items"]
    assert {m["code"] for m in menus} == expected(MENUS, who)
    people = {p["username"] for p in client.get("/api/v1/people/").json()["items"]}
    for name in ("sec", "agent", "stranger"):
        assert (name in people) == (who in VIEW[name]), name


@pytest.mark.parametrize("who", PEOPLE)
def test_one_object_is_found_only_by_those_who_see_it(
    with_token: Any, world: World, who: str
) -> None:
    client = with_token(who)
    for code in QUEUES:
        status = client.get(f"/api/v1/queues/{code}").status_code
        assert status == (200 if who in VIEW[code] else 404), code
    for name in ORGANISATIONS:
        status = client.get(f"/api/v1/organisations/{world.objects[name].pk}").status_code
        assert status == (200 if who in VIEW[name] else 404), name


def test_a_queue_reads_as_configured(with_token: Any, world: World) -> None:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from linja.queues import actions

    alver = world.objects["alver"]
    actions.set_opening_hours(alver, {0: [(time(8), time(15, 30))]})
    actions.add_daily_closure(alver, time(11, 30), time(12), frozenset({0, 2}), "lunsj")
    oslo = ZoneInfo("Europe/Oslo")
    actions.add_planned_closure(alver, datetime(2027, 1, 4, 8, tzinfo=oslo),
                                datetime(2027, 1, 4, 10, tzinfo=oslo), "fagdag")  # fmt: skip
    actions.set_text(alver, "closed", "Vi har stengt", "Vi har stengt", "We are closed")
    queue = with_token("prof").get("/api/v1/queues/alver").json()
    assert queue["opening_hours"] == [{"weekday": 0, "start": "08:00", "end": "15:30"}]
    assert [(c["start"], c["end"], c["weekdays"], c["reason"]) for c in queue["daily_closures"]] \
        == [("11:30", "12:00", [0, 2], "lunsj")]  # fmt: skip
    assert [(c["start"], c["end"]) for c in queue["planned_closures"]] == [
        ("2027-01-04T08:00:00+01:00", "2027-01-04T10:00:00+01:00")
    ]
    assert queue["messages"] == {"closed": {"nb": "Vi har stengt", "nn": "Vi har stengt",
                                            "en": "We are closed"}}  # fmt: skip
    assert queue["centre_id"] == world.objects["C"].pk
    assert queue["organisation_id"] == world.objects["A"].pk
    assert queue["widen_after_seconds"] == 60
    agent = world.people["agent"]
    assert queue["members"] == [{"person_id": agent.pk, "level": 1}]


def test_a_menu_reads_with_its_choices(with_token: Any, world: World) -> None:
    menu = with_token("sec").get("/api/v1/menus/hf").json()
    assert menu["greeting"]["nb"] == "Velkommen"
    assert [(c["key"], c["queue"], c["submenu"]) for c in menu["choices"]] == [("1", "auge", None)]


def test_pages_split_a_list(with_token: Any, world: World) -> None:
    client = with_token("root")
    first = client.get("/api/v1/queues/?limit=3").json()
    rest = client.get("/api/v1/queues/?limit=3&offset=3").json()
    assert first["count"] == rest["count"] == 4
    assert [q["code"] for q in first["items"] + rest["items"]] == sorted(QUEUES)
