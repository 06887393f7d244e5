"""The web site in a real browser: the demo (``linja demo``, in its own process and data
folder) driven by Debian's Chromium. Each demo role logs in and sees its menu and queues
and nothing more; a team lead changes opening hours; the language switch; the keyboard;
axe-core on every page; nothing fetched from outside the site, no console errors.

Screenshots of the main pages go to $LINJA_SCREENSHOTS (`make screenshots` sets it to
docs/screenshots; a temporary folder otherwise) for a person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.support import Visit, axe

pytestmark = pytest.mark.browser

HOSPITAL = {"sentralbord", "ortopedi", "gastro", "auge", "hjarte-lunge", "nevrologi"}
TOWNS = {f"{t}-servicetorg" for t in ("alver", "austrheim", "fedje", "masfjorden", "modalen")}
DESK = {"ikt-generell", "ikt-klinisk"}
EVERYONE = ["Oversikt", "Køer", "Sanntidstavle"]
AGENTS = ["Oversikt", "Køer", "Agentskrivebord", "Sanntidstavle"]
ADMINISTRATORS = [*EVERYONE, "Revisjonslogg", "API-nøkler", "Administrasjon"]
# login: (menu, queues seen), from the demo (linja.site.demo) and the rules (docs/access.md)
ROLES = {
    "admin": (ADMINISTRATORS, HOSPITAL | TOWNS | DESK),
    "sekretaer": (AGENTS, {"auge", "ortopedi"}),  # answers them
    "teamleiar": (EVERYONE, {"ortopedi", "gastro", "auge"}),  # the surgical clinic's
    "planleggar": (EVERYONE, HOSPITAL),  # plans Helse Førde
    "fagleiar": (EVERYONE, TOWNS),  # leads the shared centre
    "alver": (AGENTS, TOWNS),  # answers Alver first, the others as backup
    "admin-alver": (ADMINISTRATORS, {"alver-servicetorg"}),  # administers Alver kommune
    "brukarstotte": (AGENTS, DESK),
}


def queue_codes(page: Any) -> set[str]:
    links = page.locator("main table a").evaluate_all("(as) => as.map((a) => a.href)")
    return {m.group(1) for href in links if (m := re.search(r"/queues/([^/]+)/$", href))}


@pytest.mark.parametrize("login", sorted(ROLES))
def test_each_role_sees_its_menu_and_its_queues(visit: Visit, login: str) -> None:
    menu, queues = ROLES[login]
    visit.login(login)
    assert visit.menu() == menu
    assert queue_codes(visit.page) == queues  # the overview
    visit.go("/queues/")
    assert queue_codes(visit.page) == queues
    hidden = sorted((HOSPITAL | TOWNS | DESK) - queues)
    if hidden:
        assert visit.page.request.get(visit.site + f"/queues/{hidden[0]}/").status == 404


def test_a_team_lead_changes_a_queues_opening_hours(visit: Visit) -> None:
    page = visit.login("teamleiar").go("/queues/gastro/")
    friday = page.get_by_label("fredag, til").first
    assert friday.input_value() == "15:30"
    friday.fill("14:00")
    page.locator("#hours button[type=submit]").click()
    page.locator("#hours .status .ok").wait_for()  # HTMX swapped the section in place
    page.reload()
    assert page.get_by_label("fredag, til").first.input_value() == "14:00"
    assert page.get_by_label("torsdag, til").first.input_value() == "15:30"


def test_a_refused_change_says_why_and_keeps_what_was_typed(visit: Visit) -> None:
    page = visit.login("teamleiar").go("/queues/ortopedi/")
    page.get_by_label("onsdag, til").first.fill("07:00")  # before 08:00
    page.locator("#hours button[type=submit]").click()
    error = page.locator("#hours .error").first
    error.wait_for()
    assert "onsdag" in error.inner_text().lower() or "07:00" in error.inner_text()
    assert page.get_by_label("onsdag, til").first.input_value() == "07:00"  # kept, to correct
    page.reload()
    assert page.get_by_label("onsdag, til").first.input_value() == "15:30"  # nothing saved
    # the browser notes the refusal (422) in its console; nothing else may be there
    visit.errors = [e for e in visit.errors if "status of 422" not in e]


def test_the_language_switch_changes_every_page(visit: Visit) -> None:
    page = visit.login("fagleiar").go("/queues/")
    assert page.locator("h1").inner_text() == "Køer"
    assert page.locator("html").get_attribute("lang") == "nb"
    page.select_option("#language", "nn")
    page.click("form.language button")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Køar"
    assert page.locator("html").get_attribute("lang") == "nn"
    visit.go("/")
    assert visit.menu()[:2] == ["Oversikt", "Køar"]
    page.select_option("#language", "en")
    page.click("form.language button")
    page.wait_for_load_state()
    assert visit.menu()[:2] == ["Overview", "Queues"]
    page.select_option("#language", "nb")
    page.click("form.language button")
    page.wait_for_load_state()
    assert visit.menu()[:2] == EVERYONE[:2]


def test_the_keyboard_reaches_the_content_first(visit: Visit) -> None:
    page = visit.login("sekretaer").go("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Gå til innholdet"
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def hrefs(visit: Visit, selector: str) -> list[str]:
    found = visit.page.locator(selector).evaluate_all("(as) => as.map((a) => a.href)")
    return [href.removeprefix(visit.site) for href in found]


def pages_of(visit: Visit) -> list[str]:
    """Every page the person reaches from the menu, and the pages of the first queues."""
    paths = hrefs(visit, "header nav a")
    visit.go("/queues/")
    for code in sorted(queue_codes(visit.page))[:2]:
        paths.append(f"/queues/{code}/")
    if "/admin/" in paths:  # the admin pages: each list, its first object, a new one
        visit.go("/admin/")
        for model in hrefs(visit, "#content-main th[scope=row] a"):
            paths.append(model)
            visit.go(model)
            links = "#result_list tbody th a:first-child, a.addlink"  # the first, a new one
            paths += hrefs(visit, links)[:2]
    return paths


@pytest.mark.parametrize("login", sorted(ROLES))
def test_every_page_passes_axe(visit: Visit, login: str) -> None:
    visit.login(login)
    found = {}
    for path in pages_of(visit):
        visit.go(path)
        found[path] = axe(visit.page)
    assert {path: v for path, v in found.items() if v} == {}


def test_the_login_page_passes_axe(visit: Visit) -> None:
    visit.go("/login/")
    assert axe(visit.page) == []
    visit.page.fill("#id_username", "nobody")
    visit.page.fill("#id_password", "wrong")
    visit.page.click("main button[type=submit]")
    visit.page.locator("[role=alert]").wait_for()
    assert axe(visit.page) == []


# login, page, file, whole page (False: the first screen of a long one)
SCREENSHOTS = [
    ("teamleiar", "/", "site-overview", True),
    ("teamleiar", "/queues/auge/", "site-queue", True),
    ("fagleiar", "/queues/", "site-queues", True),
    ("admin", "/audit/", "site-audit", False),
    ("admin-alver", "/tokens/", "site-tokens", True),
    ("admin-alver", "/admin/orgs/person/", "site-admin-people", False),
]


def test_screenshots_of_the_main_pages(browser: Any, site: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("LINJA_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for login, path, name, whole in SCREENSHOTS:
        visit = Visit(browser, site)
        try:
            visit.login(login).go(path)
            shot = folder / f"{name}.png"
            visit.page.screenshot(path=str(shot), full_page=whole)
            assert shot.stat().st_size > 20_000
        finally:
            visit.close()
        assert visit.outside == [] and visit.errors == []
