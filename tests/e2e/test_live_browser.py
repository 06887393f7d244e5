"""The live contact centre in real browsers (issue 5, done when): a citizen chats, an agent
takes it, consults a colleague and transfers warm, the colleague wraps up as resolved, and
the team lead's wallboard follows — all without a reload. And a dropped websocket (the
server killed and started again) reconnects, and the desktop catches up by itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.support import Demo, Visit

pytestmark = pytest.mark.browser

QUEUE = "ikt-klinisk"  # open around the clock in the demo, answered by brukarstotte


def live(visit: Visit, path: str) -> Any:
    page = visit.go(path)
    page.wait_for_selector(".connection[data-connection=open]")
    page.evaluate("window.notReloaded = true")
    return page


def not_reloaded(page: Any) -> bool:
    return bool(page.evaluate("window.notReloaded === true"))


def cell(page: Any, figure: str) -> str:
    return str(page.inner_text(f"#wb-queues tr[data-queue={QUEUE}] [data-figure={figure}]"))


def ready(page: Any) -> None:
    page.click("form[hx-post$='/desk/login/'] button")
    page.wait_for_selector("#desk-state [data-state=paused]")
    page.click("form[hx-post$='/desk/ready/'] button")
    page.wait_for_selector("#desk-state [data-state=ready]")


def shoot(page: Any, name: str, folder: Path) -> None:
    """A screenshot for a person to look at ($LINJA_SCREENSHOTS: `make screenshots`)."""
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert (folder / f"{name}.png").stat().st_size > 10_000


def test_a_chat_is_answered_transferred_warm_and_resolved_while_the_wallboard_follows(
    browser: Any, site: str, tmp_path: Path
) -> None:
    """The screenshots of the live pages are taken on the way (`make screenshots`)."""
    folder = Path(os.environ.get("LINJA_SCREENSHOTS") or tmp_path)
    lead, hans, randi, citizen = (Visit(browser, site) for _ in range(4))
    try:
        board = live(lead.login("ikt-leiar"), "/wallboard/")
        assert cell(board, "answered").split() == ["0", "/", "0"]
        first = live(hans.login("brukarstotte"), "/desk/")
        second = live(randi.login("brukarstotte2"), "/desk/")
        ready(first)
        ready(second)
        board.wait_for_function(
            f"document.querySelector('#wb-queues tr[data-queue={QUEUE}] [data-figure=ready]')"
            ".textContent.trim() === '1'"
        )

        chat = citizen.go("/chat/helse-nord-ikt/")
        chat.check("input[name=choice][value='1']")
        chat.click("main button.primary")
        chat.wait_for_selector(".connection[data-connection=open]")
        chat.evaluate("window.notReloaded = true")

        first.wait_for_selector("#desk-offer.ringing")
        first.click("form[hx-post$='/accept/'] button")
        first.wait_for_selector("#desk-work [data-contact]")
        chat.wait_for_selector("#chat-status[data-state=answered]")
        chat.fill("#chat-text", "Journalsystemet heng på poliklinikken")
        chat.click("#chat-compose form.say button")
        first.wait_for_selector("#desk-work .msg-citizen >> text=Journalsystemet heng")
        first.fill("#say-text", "Eg sjekkar det no")
        first.click("#desk-work form.say button")
        chat.wait_for_selector(".msg-agent >> text=Eg sjekkar det no")

        # warm transfer: consult Randi while the citizen waits on hold, then hand it over
        first.click("#desk-work details.transfer summary")
        first.select_option("#consult-colleague", "brukarstotte2")
        first.click("form[hx-post$='/consult/'] button")
        second.wait_for_selector("#desk-consulted:not([hidden])")
        first.fill("#say-text", "Kan du ta denne? Det gjeld integrasjonen")
        first.click("#desk-work form.say button")
        second.wait_for_selector("#desk-consulted >> text=Det gjeld integrasjonen")
        shoot(first, "live-desk-consulting", folder)
        shoot(second, "live-desk-consulted", folder)
        chat.wait_for_selector(".msg-system")  # told they are on hold
        assert chat.locator("text=Det gjeld integrasjonen").count() == 0  # between agents
        first.click("form[hx-post$='/complete/'] button")
        second.wait_for_selector("#desk-work [data-contact]")
        first.wait_for_selector("#desk-work:not(:has([data-contact]))")  # handed over
        chat.wait_for_selector("#chat-status >> text=Randi")
        shoot(chat, "live-chat", folder)

        second.click("#desk-work form[hx-post$='/end/'] button")
        second.wait_for_selector("#desk-wrapup:not([hidden])")
        second.check("#desk-wrapup input[value=resolved]")
        shoot(second, "live-desk-wrapup", folder)
        second.fill("#wrapup-note", "Integrasjonen starta på nytt")
        second.click("#desk-wrapup button.primary")
        second.wait_for_selector("#desk-wrapup[hidden]", state="attached")
        chat.wait_for_selector("#chat-status[data-state=ended]")

        board.wait_for_function(
            f"document.querySelector('#wb-queues tr[data-queue={QUEUE}] [data-figure=answered]')"
            ".textContent.replace(/\\s/g, '') === '1/1'"
        )
        assert cell(board, "answer_rate").startswith("100 %")
        shoot(board, "live-wallboard", folder)
        assert all(not_reloaded(p) for p in (board, first, second, chat))
        for visit in (lead, hans, randi, citizen):
            assert visit.outside == [] and visit.errors == []
    finally:
        for visit in (lead, hans, randi, citizen):
            visit.close()


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[Demo]:
    """The demo in a process of its own, which the test may kill and start again."""
    demo = Demo(tmp_path)
    demo.start()
    try:
        yield demo
    finally:
        demo.stop()


def test_a_dropped_websocket_reconnects_and_the_desktop_catches_up(
    browser: Any, restartable: Demo
) -> None:
    base = restartable.base
    agent, citizen = Visit(browser, base), Visit(browser, base)
    try:
        desk = live(agent.login("brukarstotte"), "/desk/")
        ready(desk)
        restartable.kill()  # SIGKILL: no clean shutdown
        desk.wait_for_selector(".connection[data-connection=closed]")
        restartable.start()
        chat = citizen.go("/chat/helse-nord-ikt/")  # a chat arrives after the restart
        chat.check("input[name=choice][value='1']")
        chat.click("main button.primary")
        desk.wait_for_selector("#desk-offer.ringing", timeout=20_000)  # reconnected, caught up
        desk.wait_for_selector(".connection[data-connection=open]")
        assert not_reloaded(desk)
        agent.errors = [e for e in agent.errors if "WebSocket" not in e]  # while it was down
    finally:
        agent.close()
        citizen.close()
