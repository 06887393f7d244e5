"""The agent desktop's parts, rendered for one agent from the database: the same HTML for
the page, the answer to an action, and the websocket's updates
(:mod:`linja.contact.consumers`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from linja.contact.models import AgentState, Contact, Handling, Message
from linja.contact.reasons import CHOSEN
from linja.orgs.models import Person
from linja.queues.models import Queue

PARTS = ("desk-state", "desk-offer", "desk-work", "desk-consulted", "desk-wrapup")
DAY = timedelta(hours=24)
MONTH = timedelta(days=30)


@dataclass
class History:
    """The caller's earlier contacts: in the 24 hours and 30 days before this one."""

    day: list[Contact]
    month: list[Contact]

    @property
    def repeat(self) -> bool:
        return bool(self.day)


def history(contact: Contact) -> History:
    if not contact.caller:
        return History([], [])
    earlier = (
        Contact.objects.filter(caller=contact.caller, arrived_at__lt=contact.arrived_at,
                               arrived_at__gte=contact.arrived_at - MONTH)
        .exclude(pk=contact.pk).select_related("queue", "agent").order_by("-arrived_at")
    )  # fmt: skip
    month = list(earlier[:20])
    day = [c for c in month if c.arrived_at >= contact.arrived_at - DAY]
    return History(day, month)


def state_of(person: Person) -> AgentState | None:
    return AgentState.objects.filter(person=person).select_related("last_contact").first()


def _messages(contact: Contact, *, internal: bool | None = None) -> list[Message]:
    messages = contact.messages.select_related("author")
    if internal is not None:
        messages = messages.filter(internal=internal)
    return list(messages)


@dataclass
class Desk:
    """What is on an agent's desk now: their state, the contact offered to them, the one
    they are in, and the one waiting for its resolution — for the page and the API."""

    state: AgentState | None
    offer: Contact | None
    work: Contact | None
    wrapup: Contact | None


def desk_of(person: Person) -> Desk:
    state = state_of(person)
    offer = (Contact.objects.filter(offered_to=person, state=Contact.State.OFFERED)
             .select_related("queue", "current_queue").first())  # fmt: skip
    work = (Contact.objects.filter(handler=person, state=Contact.State.ANSWERED)
            .select_related("queue", "current_queue").order_by("-answered_at").first())  # fmt: skip
    last = state.last_contact if state else None
    ended = last is not None and last.ended_at is not None and not last.resolution
    wrapup = last if ended and last is not None and last.handler_id == person.pk else None
    return Desk(state, offer, work, wrapup)


def context(person: Person, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    desk = desk_of(person)
    state, offer, work, wrapup = desk.state, desk.offer, desk.work, desk.wrapup
    handling = Handling.objects.filter(contact=work).first() if work else None
    consulted = (Handling.objects.filter(consulting=person)
                 .select_related("contact__current_queue", "consulted_by").first())  # fmt: skip
    logged_in = state is not None and state.state != AgentState.State.LOGGED_OUT
    queues = Queue.objects.order_by("name")
    colleagues = (Person.objects.filter(agent_state__state=AgentState.State.READY)
                  .exclude(pk=person.pk).order_by("first_name", "username"))  # fmt: skip
    return {
        "person": person, "state": state, "logged_in": logged_in, "now": now,
        "since": (now - state.since).total_seconds() if state else 0,
        "reasons": CHOSEN, "offer": offer,
        "offer_history": history(offer) if offer else None,
        "work": work, "handling": handling,
        "work_history": history(work) if work else None,
        "messages": _messages(work) if work else [],
        "consulted": consulted,
        "consult_messages": _messages(consulted.contact, internal=True) if consulted else [],
        "wrapup": wrapup, "resolutions": Contact.Resolution.choices,
        "queues": queues, "colleagues": colleagues,
        "waiting_info": (now - offer.arrived_at).total_seconds() if offer else None,
    }  # fmt: skip


def parts(person: Person) -> dict[str, str]:
    """Every part of ``person``'s desk, in their language."""
    with translation.override(person.language):
        ctx = context(person)
        return {name: render_to_string(f"desk/{name}.html", ctx) for name in PARTS}


def contact_for(person: Person, key: str) -> Contact | None:
    """A contact the desk of ``person`` may act on: offered to them, theirs, one they
    are consulted on, or the last they handled."""
    return (
        Contact.objects.filter(key=key)
        .filter(Q(offered_to=person) | Q(handler=person) | Q(agent=person)
                | Q(handling__consulting=person))
        .select_related("queue", "current_queue").first()
    )  # fmt: skip
