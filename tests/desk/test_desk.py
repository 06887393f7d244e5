"""The agent desktop's page and actions over HTTP: what an agent sees and is refused."""

from __future__ import annotations

from typing import Any

import pytest
from tests.orgs.world import World

from linja.contact import actions
from linja.contact.models import AgentState, Contact

pytestmark = pytest.mark.django_db


def test_the_desk_needs_a_login(client: Any, world: World) -> None:
    response = client.get("/desk/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_agent_logs_in_gets_ready_and_sees_the_offer_with_the_callers_history(
    as_person: Any, world: World
) -> None:
    browser = as_person("sec")
    assert browser.post("/desk/login/").status_code == 200
    assert browser.post("/desk/ready/").status_code == 200
    assert AgentState.objects.get(person=world.people["sec"]).state == "ready"
    auge = world.objects["auge"]
    actions.arrive(auge, caller="tel-abc", contact="earlier")  # offered to sec
    actions.contact_event("accepted", "earlier", agent=world.people["sec"])
    actions.contact_event("ended", "earlier")
    actions.arrive(auge, caller="tel-abc", contact="now")
    page = browser.get("/desk/").content.decode()
    assert 'id="desk-offer" class="card offer ringing"' in page
    assert "Gjentatt kontakt" in page or "Repeat contact" in page  # the same caller today
    assert browser.post("/desk/contacts/now/accept/").status_code == 200
    assert Contact.objects.get(key="now").state == "answered"


def test_a_pause_needs_one_of_the_reasons(as_person: Any, world: World) -> None:
    browser = as_person("sec")
    browser.post("/desk/login/")
    response = browser.post("/desk/pause/", {"reason": "<b>sleep</b>"})
    assert response.status_code == 422 and b"<b>sleep" not in response.content
    assert browser.post("/desk/pause/", {"reason": "lunch"}).status_code == 200
    assert AgentState.objects.get(person=world.people["sec"]).reason == "lunch"


def test_someone_who_answers_no_queue_is_told_why_they_cannot_log_in(
    as_person: Any, world: World
) -> None:
    response = as_person("lead").post("/desk/login/")
    assert response.status_code == 422 and b"answers no queue" in response.content


def test_an_agent_cannot_act_on_a_contact_that_is_not_on_their_desk(
    as_person: Any, world: World
) -> None:
    actions.log_in(world.people["sec"])
    actions.ready(world.people["sec"])
    actions.arrive(world.objects["auge"], contact="theirs")
    response = as_person("agent").post("/desk/contacts/theirs/accept/")
    assert response.status_code == 404
    assert Contact.objects.get(key="theirs").state == "offered"


def test_a_transfer_names_a_queue_or_a_colleague_that_exists(as_person: Any, world: World) -> None:
    actions.log_in(world.people["sec"])
    actions.ready(world.people["sec"])
    actions.arrive(world.objects["auge"], contact="c1")
    world.people["sec"].language = "en"
    world.people["sec"].save(update_fields=["language"])
    browser = as_person("sec")
    browser.post("/desk/contacts/c1/accept/")
    for data, says in [({}, b"either a queue or a colleague"),
                       ({"queue": "nope"}, b"no queue nope"),
                       ({"queue": "alver", "colleague": "agent"}, b"either a queue")]:  # fmt: skip
        response = browser.post("/desk/contacts/c1/transfer/", data)
        assert response.status_code == 422, data
        assert says in response.content.lower(), response.content
    assert Contact.objects.get(key="c1").state == "answered"
