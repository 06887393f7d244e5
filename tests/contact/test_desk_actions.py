"""The agent desktop's and web chat's writes: hold, warm and blind transfer, wrap-up, chat
messages, a citizen who leaves — each worked out against the router and the records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.orgs.world import World

from linja.contact import actions
from linja.contact.models import AgentState, ChatSession, Contact, Handling, Message
from linja.contact.service import SERVICE
from linja.errors import LinjaError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def state_of(world: World, name: str) -> tuple[str, str]:
    row = AgentState.objects.get(person=world.people[name])
    return row.state, row.reason


def ready(world: World, *names: str) -> None:
    for name in names:
        actions.log_in(world.people[name])
        actions.ready(world.people[name])


def answered_chat(world: World) -> ChatSession:
    """A chat in auge, answered by sec."""
    ready(world, "sec")
    session = actions.start_chat(world.objects["auge"], language="nn")
    contact = Contact.objects.get(pk=session.contact_id)
    assert contact.channel == "chat" and contact.offered_to == world.people["sec"]
    actions.accept(world.people["sec"], contact)
    session.contact.refresh_from_db()
    return session


def test_a_warm_transfer_holds_the_citizen_reserves_the_colleague_and_hands_it_over(
    world: World,
) -> None:
    session = answered_chat(world)
    contact, sec, agent = session.contact, world.people["sec"], world.people["agent"]
    ready(world, "agent")
    assert actions.consult(sec, contact, colleague=agent) == agent
    handling = Handling.objects.get(contact=contact)
    assert (handling.on_hold, handling.consulting, handling.consulted_by) == (True, agent, sec)
    assert state_of(world, "agent") == ("paused", "consult")  # no other contact meanwhile
    other = actions.arrive(world.objects["alver"], contact="call-during-consult")
    assert Contact.objects.get(key="call-during-consult").state == "waiting", other.decisions
    actions.say(contact, "Kan du ta denne?", person=sec, internal=True)
    assert [m.internal for m in contact.messages.filter(sender="agent")] == [True]

    actions.complete_transfer(sec, contact)
    contact.refresh_from_db()
    assert (contact.state, contact.handler, contact.agent) == ("answered", agent, sec)
    assert state_of(world, "agent") == ("busy", "")
    assert state_of(world, "sec") == ("ready", "")  # auge has no wrap-up time
    handling.refresh_from_db()
    assert (handling.on_hold, handling.consulting) == (False, None)

    actions.end(agent, contact)
    contact.refresh_from_db()
    actions.wrap_up(agent, contact, resolution="resolved", note=" starta på nytt ",
                    knowledge_used=True)  # fmt: skip
    contact.refresh_from_db()
    assert (contact.resolution, contact.knowledge_used) == ("resolved", True)
    assert Handling.objects.get(contact=contact).note == "starta på nytt"
    # the waiting call went to the colleague once they were free
    assert Contact.objects.get(key="call-during-consult").offered_to == agent


def test_taking_the_contact_back_makes_the_colleague_ready_again(world: World) -> None:
    session = answered_chat(world)
    contact, sec, agent = session.contact, world.people["sec"], world.people["agent"]
    ready(world, "agent")
    actions.consult(sec, contact, colleague=agent)
    actions.take_back(sec, contact)
    assert state_of(world, "agent") == ("ready", "")
    contact.refresh_from_db()
    assert (contact.handler, contact.state) == (sec, "answered")
    assert Handling.objects.get(contact=contact).on_hold is False


def test_consulting_a_queue_takes_its_longest_ready_agent(world: World) -> None:
    session = answered_chat(world)
    ready(world, "agent")
    colleague = actions.consult(world.people["sec"], session.contact, queue=world.objects["alver"])
    assert colleague == world.people["agent"]


def test_a_consultation_needs_a_ready_colleague(world: World) -> None:
    session = answered_chat(world)
    sec, agent = world.people["sec"], world.people["agent"]
    actions.log_in(agent)  # paused
    with pytest.raises(LinjaError, match="not ready"):
        actions.consult(sec, session.contact, colleague=agent)
    with pytest.raises(LinjaError, match="Nobody in"):
        actions.consult(sec, session.contact, queue=world.objects["alver"])
    with pytest.raises(LinjaError, match="yourself"):
        actions.consult(sec, session.contact, colleague=sec)
    assert not Handling.objects.filter(contact=session.contact, consulting__isnull=False).exists()


def test_only_the_agent_in_the_contact_may_hold_or_transfer_it(world: World) -> None:
    session = answered_chat(world)
    ready(world, "agent")
    with pytest.raises(LinjaError, match="not a contact you are working on"):
        actions.hold(world.people["agent"], session.contact, True)
    with pytest.raises(LinjaError, match="not a contact you are working on"):
        actions.transfer(world.people["agent"], session.contact, queue=world.objects["alver"])


def test_hold_tells_the_citizen_and_a_blind_transfer_keeps_the_contacts_age(
    world: World,
) -> None:
    session = answered_chat(world)
    contact, sec = session.contact, world.people["sec"]
    actions.hold(sec, contact, True)
    assert Handling.objects.get(contact=contact).on_hold
    actions.hold(sec, contact, False)
    system = list(
        contact.messages.filter(sender=Message.Sender.SYSTEM).values_list("text", flat=True)
    )
    assert len(system) == 2  # on hold, and thank you for waiting
    actions.transfer(sec, contact, queue=world.objects["alver"])
    contact.refresh_from_db()
    assert (contact.state, contact.current_queue, contact.queue) == (
        "waiting", world.objects["alver"], world.objects["auge"]
    )  # fmt: skip


def test_chat_messages_are_kept_with_the_contact_and_refused_when_empty_or_over(
    world: World,
) -> None:
    session = answered_chat(world)
    actions.say(session.contact, "  Hei  ")
    assert [(m.sender, m.text) for m in session.contact.messages.filter(sender="citizen")] == [
        ("citizen", "Hei")
    ]
    with pytest.raises(LinjaError, match="empty"):
        actions.say(session.contact, "   ")
    with pytest.raises(LinjaError, match="too long"):
        actions.say(session.contact, "x" * 4001)
    actions.end(world.people["sec"], session.contact)
    session.contact.refresh_from_db()
    with pytest.raises(LinjaError, match="ended"):
        actions.say(session.contact, "Er du der?")


def test_a_citizen_who_leaves_before_an_answer_is_an_abandoned_contact(world: World) -> None:
    session = actions.start_chat(world.objects["auge"])  # nobody is logged in
    actions.leave_chat(session)
    contact = Contact.objects.get(pk=session.contact_id)
    assert contact.state == "ended" and contact.answered_at is None
    assert contact.ended_at is not None


def test_a_chat_whose_page_is_gone_ends_after_the_grace_time(world: World) -> None:
    session = actions.start_chat(world.objects["auge"])
    actions.chat_connected(session, False)
    now = timezone.now()
    assert actions.end_gone_chats(now) == 0  # a reload comes back within the grace time
    later = now + timedelta(seconds=actions.CHAT_GONE_SECONDS + 1)
    actions.chat_connected(session, True)  # it came back
    assert actions.end_gone_chats(later) == 0
    actions.chat_connected(session, False)
    assert (
        actions.end_gone_chats(timezone.now() + timedelta(seconds=actions.CHAT_GONE_SECONDS + 1))
        == 1
    )
    assert Contact.objects.get(pk=session.contact_id).state == "ended"


def test_a_wrap_up_needs_a_resolution_and_a_contact_the_agent_ended(world: World) -> None:
    session = answered_chat(world)
    sec = world.people["sec"]
    with pytest.raises(LinjaError, match="not a contact you ended"):
        actions.wrap_up(sec, session.contact, resolution="resolved")
    actions.end(sec, session.contact)
    session.contact.refresh_from_db()
    with pytest.raises(LinjaError, match="Choose a resolution"):
        actions.wrap_up(sec, session.contact, resolution="fixed")
    assert Contact.objects.get(pk=session.contact_id).resolution == ""


def test_a_lead_closes_and_opens_a_queue_against_its_calendar(world: World) -> None:
    auge = world.objects["auge"]
    now = timezone.now()
    actions.set_queue_open(auge, False)
    assert SERVICE.queue_now("auge", now)[:2] == (False, False)
    actions.set_queue_open(auge, True)
    assert SERVICE.queue_now("auge", now)[:2] == (True, True)
    actions.set_queue_open(auge, None)
    assert SERVICE.queue_now("auge", now)[1] is None


def test_an_offer_to_an_agent_whose_browser_died_goes_back_after_the_offer_timeout(
    world: World,
) -> None:
    """Nobody accepts (the desktop is gone): the offer times out, the contact goes to the
    next ready agent with its age, and the silent agent is paused as not answering."""
    auge, sec, agent = world.objects["auge"], world.people["sec"], world.people["agent"]
    start = timezone.now()
    at = lambda s: start + timedelta(seconds=s)  # noqa: E731
    actions.log_in(sec, at=at(0))
    actions.ready(sec, at=at(0))
    actions.arrive(auge, contact="c-dead", at=at(1))
    assert Contact.objects.get(key="c-dead").offered_to == sec
    from linja.queues import actions as queues

    queues.set_membership(agent, auge, 2)
    actions.log_in(agent, at=at(2))
    actions.ready(agent, at=at(2))
    assert SERVICE.tick(at(auge.offer_timeout_seconds)) == []  # not yet: due at 1 + timeout
    SERVICE.tick(at(1 + auge.offer_timeout_seconds + 1))
    contact = Contact.objects.get(key="c-dead")
    assert (contact.state, contact.offered_to, contact.arrived_at) == ("offered", agent, at(1))
    assert state_of(world, "sec") == ("paused", "no_answer")
