"""The menu each role gets, with the page the person is on marked for screen readers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.orgs.world import World

pytestmark = pytest.mark.django_db

EVERYONE = ["Oversikt", "Køer", "Sanntidstavle"]
AGENTS = ["Oversikt", "Køer", "Agentskrivebord", "Sanntidstavle"]  # they answer queues
ADMINISTRATORS = [*EVERYONE, "Revisjonslogg", "API-nøkler", "Administrasjon"]


def menu(page: str) -> list[tuple[str, str | None]]:
    nav = page[page.index('<nav aria-label="Hovedmeny"'):page.index("</nav>")]  # fmt: skip
    return [(label, current or None) for current, label in
            re.findall(r'<a href="[^"]+"(?: aria-current="(\w+)")?>([^<]+)</a>', nav)]  # fmt: skip


@pytest.mark.parametrize(
    ("who", "items"),
    [("sec", AGENTS), ("lead", EVERYONE), ("plan", EVERYONE), ("prof", EVERYONE),
     ("agent", AGENTS), ("stranger", EVERYONE), ("admin", ADMINISTRATORS),
     ("root", ADMINISTRATORS)],
)  # fmt: skip
def test_each_role_gets_its_menu(as_person: Any, world: World, who: str, items: list[str]) -> None:
    assert [label for label, _ in menu(as_person(who).get("/").content.decode())] == items


def test_the_page_one_is_on_is_marked(as_person: Any, world: World) -> None:
    browser = as_person("lead")
    assert menu(browser.get("/").content.decode())[:2] == [("Oversikt", "page"), ("Køer", None)]
    assert menu(browser.get("/queues/").content.decode())[:2] == [
        ("Oversikt", None),
        ("Køer", "page"),
    ]
    assert menu(browser.get("/wallboard/").content.decode())[2] == ("Sanntidstavle", "page")
    # a queue's page is within Queues
    assert menu(browser.get("/queues/auge/").content.decode())[1] == ("Køer", "true")
