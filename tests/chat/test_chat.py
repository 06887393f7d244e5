"""The citizen's web chat over HTTP: no login, the service from the menu, the secret
address, messages, leaving."""

from __future__ import annotations

from typing import Any

import pytest
from tests.orgs.world import World

from linja.contact import actions
from linja.contact.models import ChatSession, Contact

pytestmark = pytest.mark.django_db


def start(client: Any, menu: str = "hf", choice: str = "1") -> Any:
    return client.post(f"/chat/{menu}/", {"choice": choice})


def test_the_services_page_lists_the_menus_without_a_login(client: Any, world: World) -> None:
    page = client.get("/chat/").content.decode()
    assert 'href="/chat/hf/"' in page and 'href="/chat/al/"' in page


def test_a_citizen_starts_a_chat_and_sees_their_place_in_the_queue(
    client: Any, world: World
) -> None:
    response = start(client)
    session = ChatSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/chat/c/{session.secret}/"
    assert session.contact.queue == world.objects["auge"] and session.contact.channel == "chat"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-state="waiting"' in page


def test_a_start_without_a_choice_says_what_to_choose_and_starts_nothing(
    client: Any, world: World
) -> None:
    response = client.post("/chat/hf/", {"choice": "9"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and b"Choose what your question is about" in response.content
    assert not Contact.objects.exists()


def test_an_unknown_chat_or_menu_is_not_found(client: Any, world: World) -> None:
    assert client.get("/chat/c/not-a-secret/").status_code == 404
    assert client.get("/chat/no-such-menu/").status_code == 404


def test_the_citizen_writes_and_the_transcript_stays_with_the_contact(
    client: Any, world: World
) -> None:
    start(client)
    session = ChatSession.objects.get()
    assert client.post(f"/chat/c/{session.secret}/say/", {"text": "Hei"}).status_code == 200
    empty = client.post(f"/chat/c/{session.secret}/say/", {"text": " "})
    assert empty.status_code == 422
    assert list(session.contact.messages.values_list("sender", "text")) == [("citizen", "Hei")]


def test_a_citizen_who_ends_the_chat_before_an_answer_has_abandoned(
    client: Any, world: World
) -> None:
    start(client)
    session = ChatSession.objects.get()
    assert client.post(f"/chat/c/{session.secret}/leave/").status_code == 204
    contact = Contact.objects.get()
    assert contact.ended_at is not None and contact.answered_at is None


def test_the_chat_pages_may_be_framed_by_the_widget(client: Any, world: World) -> None:
    assert "X-Frame-Options" not in client.get("/chat/hf/")
    script = client.get("/chat/widget.js?menu=hf")
    assert script["Content-Type"].startswith("text/javascript")
    assert b"http://testserver/chat/hf/?embed" in script.content


def test_the_chat_page_shows_the_agents_name_once_answered(client: Any, world: World) -> None:
    actions.log_in(world.people["sec"])
    actions.ready(world.people["sec"])
    start(client)
    session = ChatSession.objects.get()
    actions.accept(world.people["sec"], session.contact)
    page = client.get(f"/chat/c/{session.secret}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-state="answered"' in page and world.people["sec"].first_name in page
