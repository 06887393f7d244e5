"""GET /: the person's roles, and each queue they see with their part in it and whether it
is open now."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from tests.orgs.world import World

from linja.queues import actions

pytestmark = pytest.mark.django_db


def rows(page: str) -> dict[str, list[str]]:
    """Queue name -> the row's cells, as text."""
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        found[cells[0]] = cells
    return found


def test_an_agent_sees_the_queues_they_answer_and_at_which_level(
    as_person: Any, world: World
) -> None:
    page = as_person("agent").get("/").content.decode()
    found = rows(page)
    assert set(found) == {"Servicetorget i Alver", "Servicetorget i Austrheim"}
    assert found["Servicetorget i Alver"][2] == "Du svarer på den (hovedferdighet)"
    assert found["Servicetorget i Austrheim"][2] == "Du svarer på den (reserve, nivå 2)"


def test_a_lead_sees_that_they_lead_and_their_role(as_person: Any, world: World) -> None:
    page = as_person("lead").get("/").content.decode()
    assert rows(page)["Augepoliklinikken"][2] == "Du leder den"
    assert "Teamleder – Kirurgisk klinikk" in page


def test_a_planner_sees_without_a_part(as_person: Any, world: World) -> None:
    found = rows(as_person("plan").get("/").content.decode())
    assert {name: cells[2] for name, cells in found.items()} == {
        "Augepoliklinikken": "Du ser den", "Sentralbordet": "Du ser den",
    }  # fmt: skip


def test_each_queue_says_whether_it_is_open_now(as_person: Any, world: World) -> None:
    today = timezone.localdate()
    actions.add_closed_day(world.objects["auge"], today, "flytting")
    found = rows(as_person("plan").get("/").content.decode())
    assert found["Augepoliklinikken"][1] == "Stengt"  # closed all day today
    assert found["Sentralbordet"][1] == "Åpen"  # no hours: open around the clock


def test_someone_with_nothing_is_told_so(as_person: Any, world: World) -> None:
    response = as_person("stranger").get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Du svarer ikke i noen kø ennå." in page and "<tbody>" not in page
