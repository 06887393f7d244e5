"""/api/v1/phone/: a telephony platform hands a call to Linja step by step — offered,
menu keys, where to send it, answered, ended — each step once, whatever it sends twice,
and a step out of order is a 409 that changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.orgs.world import World

from linja.contact import actions, phone
from linja.contact.models import Contact, Event, PhoneCall

pytestmark = pytest.mark.django_db

NUMBER = "+47 912 34 567"


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/phone{path}", json.dumps(body), content_type="application/json")


@pytest.fixture
def platform(with_token: Any) -> Client:
    client: Client = with_token("root")  # the telephony service's account
    return client


def offer(platform: Client, call_id: str = "ast-1", service: str = "hf") -> Any:
    return post(platform, "/calls", {"event_id": f"{call_id}-offered", "call_id": call_id,
                                     "number": NUMBER, "service": service})  # fmt: skip


def test_a_call_goes_through_the_menu_to_an_agent_and_ends(platform: Client, world: World) -> None:
    first = offer(platform)
    assert first.status_code == 201, first.content
    answer = first.json()
    # the world's menu hf: greeting "Velkommen", key 1 to the eye clinic ("Auge")
    assert (answer["state"], answer["menu"], answer["say"], answer["queue"]) == (
        "menu", "hf", "Velkommen", None,
    )  # fmt: skip
    assert answer["choices"] == [{"key": "1", "say": "Auge"}] and answer["repeated"] is False
    nowhere = post(platform, "/calls/ast-1/choice", {"event_id": "e2", "key": "9"})
    assert nowhere.json()["state"] == "menu"
    assert nowhere.json()["problem"] == "key 9 leads nowhere in menu hf (keys: 1)"
    queued = post(platform, "/calls/ast-1/choice", {"event_id": "e3", "key": "1"})
    assert queued.status_code == 200, queued.content
    assert (queued.json()["state"], queued.json()["queue"], queued.json()["position"]) == (
        "waiting", "auge", 1,
    )  # fmt: skip
    sec = world.people["sec"]
    actions.log_in(sec)
    actions.ready(sec)
    ringing = platform.get("/api/v1/phone/calls/ast-1").json()
    assert (ringing["state"], ringing["ring"]) == ("offered", "sec")
    answered = post(platform, "/calls/ast-1/answered", {"event_id": "e4", "agent": "sec"})
    assert (answered.json()["state"], answered.json()["agent"]) == ("answered", "sec")
    done = post(platform, "/calls/ast-1/ended", {"event_id": "e5"})
    assert done.json()["state"] == "ended"
    record = Contact.objects.get(key="phone-ast-1")
    assert record.agent == sec and record.answered_at and record.ended_at
    assert record.queue == world.objects["auge"]


def test_an_event_sent_twice_changes_nothing(platform: Client) -> None:
    offer(platform)
    again = offer(platform)
    assert again.status_code == 201 and again.json()["repeated"] is True
    post(platform, "/calls/ast-1/choice", {"event_id": "e3", "key": "1"})
    twice = post(platform, "/calls/ast-1/choice", {"event_id": "e3", "key": "1"})
    assert twice.json()["repeated"] is True and twice.json()["state"] == "waiting"
    assert PhoneCall.objects.count() == 1 and Contact.objects.count() == 1


def test_the_caller_number_is_never_kept(platform: Client) -> None:
    offer(platform)
    post(platform, "/calls/ast-1/choice", {"event_id": "e3", "key": "1"})
    call = PhoneCall.objects.get()
    assert call.caller.startswith("tel-") and "912" not in call.caller
    assert Contact.objects.get().caller == call.caller
    offer(platform, "ast-2")  # the same number again: the same key, for repeat calls
    assert PhoneCall.objects.get(call_id="ast-2").caller == call.caller


@pytest.mark.parametrize(
    ("step", "body", "status", "message"),
    [
        ("/calls/ast-1/answered", {"event_id": "x1", "agent": "sec"}, 409,
         "call ast-1 is in menu hf, not in a queue: it cannot be answered"),
        ("/calls/nope/choice", {"event_id": "x2", "key": "1"}, 404,
         "no call 'nope': offer it first (POST /api/v1/phone/calls)"),
        ("/calls/ast-1/choice", {"event_id": "ast-1-offered", "key": "1"}, 409,
         "event_id 'ast-1-offered' was already used for a offered event of call ast-1"),
        ("/calls/ast-1/choice", {"event_id": "x3", "key": "12"}, 422,
         "the request does not fit: see details"),
    ],
)  # fmt: skip
def test_a_step_out_of_order_is_refused_and_changes_nothing(
    platform: Client, step: str, body: dict[str, Any], status: int, message: str
) -> None:
    offer(platform)
    refused = post(platform, step, body)
    assert refused.status_code == status
    assert refused.json()["error"]["message"] == message
    assert PhoneCall.objects.get().menu is not None and Contact.objects.count() == 0


def test_an_agent_the_call_is_not_ringing_cannot_answer_it(platform: Client, world: World) -> None:
    offer(platform)
    post(platform, "/calls/ast-1/choice", {"event_id": "e3", "key": "1"})
    refused = post(platform, "/calls/ast-1/answered", {"event_id": "e4", "agent": "sec"})
    assert refused.status_code == 409
    assert refused.json()["error"]["message"].startswith("call ast-1: ")
    assert Contact.objects.get().state == "waiting"


def test_a_caller_who_hangs_up_while_waiting_is_an_abandoned_contact(platform: Client) -> None:
    offer(platform)
    post(platform, "/calls/ast-1/choice", {"event_id": "e3", "key": "1"})
    post(platform, "/calls/ast-1/ended", {"event_id": "e4"})
    record = Contact.objects.get()
    assert record.answered_at is None and record.ended_at is not None
    assert record.state == "ended"


def test_a_call_that_ends_in_the_menu_is_no_contact(platform: Client) -> None:
    offer(platform)
    done = post(platform, "/calls/ast-1/ended", {"event_id": "e4"})
    assert done.json()["state"] == "ended" and Contact.objects.count() == 0


def test_a_token_of_another_organisation_may_not_handle_the_call(with_token: Any) -> None:
    refused = offer(with_token("admin"))  # Alver's administrator, the hospital's menu
    assert refused.status_code == 403
    assert "may not handle calls to hf" in refused.json()["error"]["message"]


def test_a_service_that_is_not_there_is_named(platform: Client) -> None:
    refused = offer(platform, service="tannlege")
    assert refused.status_code == 404
    assert refused.json()["error"]["message"] == (
        "service 'tannlege' is neither a phone menu nor a queue"
    )


def test_a_call_straight_to_a_queue_waits_there(platform: Client) -> None:
    queued = offer(platform, service="sentralbord")
    assert (queued.json()["state"], queued.json()["queue"]) == ("waiting", "sentralbord")


def test_a_call_rings_an_agent_overflows_when_nobody_answers_and_its_record_shows_both_queues(
    platform: Client, world: World
) -> None:
    """Done when (issue 5): the call reaches an agent, who does not answer; after its
    queue's overflow limit it moves on, is answered there, and the record names both."""
    from datetime import timedelta

    from django.utils import timezone

    from linja.contact.service import SERVICE
    from linja.queues import actions as queues

    auge, board = world.objects["auge"], world.objects["sentralbord"]
    queues.change_queue(auge, overflow_to=board, overflow_after_seconds=60,
                        offer_timeout_seconds=20)  # fmt: skip
    sec, agent = world.people["sec"], world.people["agent"]
    queues.set_membership(agent, board, 1)
    start = timezone.now()
    at = lambda s: start + timedelta(seconds=s)  # noqa: E731
    actions.log_in(sec, at=at(0))
    actions.ready(sec, at=at(0))
    body = {"event_id": "ov-offered", "call_id": "ov", "number": NUMBER, "service": "auge",
            "at": at(1).isoformat()}  # fmt: skip
    assert post(platform, "/calls", body).json()["ring"] == "sec"  # it reaches an agent
    SERVICE.tick(at(22))  # sec does not answer: the offer times out, sec is paused
    assert platform.get("/api/v1/phone/calls/ov").json()["state"] == "waiting"
    actions.log_in(agent, at=at(30))
    actions.ready(agent, at=at(30))  # answers the switchboard, not the eye clinic
    assert platform.get("/api/v1/phone/calls/ov").json()["queue"] == "auge"
    SERVICE.tick(at(62))  # the overflow limit: 60 s after it arrived
    moved = platform.get("/api/v1/phone/calls/ov").json()
    assert (moved["state"], moved["queue"], moved["ring"]) == ("offered", "sentralbord", "agent")
    post(platform, "/calls/ov/answered", {"event_id": "ov-answered", "agent": "agent"})
    post(platform, "/calls/ov/ended", {"event_id": "ov-ended"})
    record = Contact.objects.get(key="phone-ov")
    assert (record.queue, record.answered_queue, record.agent) == (auge, board, agent)
    assert record.arrived_at == at(1)


def _unseen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step's first look for its event id misses it, as when the same event, sent
    twice at once, is being written by the other sending meanwhile."""
    real = phone._once
    looks: list[str] = []

    def once(event_id: str, kind: str, call: Any) -> Any:
        looks.append(event_id)
        return None if len(looks) == 1 else real(event_id, kind, call)

    monkeypatch.setattr(phone, "_once", once)


def test_an_offer_sent_twice_at_once_is_answered_as_a_repeat(
    platform: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert offer(platform, service="auge").status_code == 201
    _unseen_once(monkeypatch)
    again = offer(platform, service="auge")
    assert again.status_code == 201, again.content
    assert again.json()["repeated"] is True and again.json()["state"] == "waiting"
    assert PhoneCall.objects.count() == 1 and Contact.objects.count() == 1


def test_an_answer_sent_twice_at_once_is_answered_as_a_repeat(
    platform: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    sec = world.people["sec"]
    actions.log_in(sec)
    actions.ready(sec)
    offer(platform, service="auge")
    first = post(platform, "/calls/ast-1/answered", {"event_id": "e4", "agent": "sec"})
    assert first.json()["state"] == "answered"
    events = Event.objects.count()
    _unseen_once(monkeypatch)
    again = post(platform, "/calls/ast-1/answered", {"event_id": "e4", "agent": "sec"})
    assert again.status_code == 200, again.content
    assert again.json()["repeated"] is True and again.json()["agent"] == "sec"
    assert Event.objects.count() == events


def test_two_different_ends_of_one_call_at_once_end_it_once(
    platform: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    offer(platform, service="auge")
    before = phone._call("ast-1")  # the call as the second end reads it: not ended yet
    assert post(platform, "/calls/ast-1/ended", {"event_id": "e8"}).json()["state"] == "ended"
    events = Event.objects.count()
    monkeypatch.setattr(phone, "_call", lambda call_id, where=False: before)
    second = post(platform, "/calls/ast-1/ended", {"event_id": "e9"})
    assert second.status_code == 409, second.content
    assert "already ended" in second.json()["error"]["message"]
    assert Event.objects.count() == events


def test_a_call_offered_again_with_another_event_id_is_a_conflict(platform: Client) -> None:
    offer(platform)
    again = post(platform, "/calls", {"event_id": "other", "call_id": "ast-1", "service": "hf"})
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        "call 'ast-1' was already offered (with another event_id)"
    )
    assert PhoneCall.objects.count() == 1
