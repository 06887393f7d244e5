"""The phone adapter: what a telephony platform (Asterisk through ARI, Puzzel, Teams) does
with a call, one step at a time (docs/telephony.md).

A call is offered to a service (a phone menu, or a queue straight away); the caller's
keys lead through the menus to a queue, where the call becomes a contact for the router;
the platform asks where the call is to go (play this, wait, ring that agent, send it on to
that number), says when an agent answered and when the call ended. Each step carries the
platform's own event id: the same id again changes nothing and answers as the first time.
Every write goes through here, in one transaction, with the routing service's event last.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from linja.contact import actions
from linja.contact.models import Contact, PhoneCall, PhoneEvent
from linja.contact.service import SERVICE, Outcome
from linja.engine.routing import RoutingError
from linja.errors import LinjaError
from linja.orgs.access import Action, can
from linja.orgs.models import Person
from linja.queues.models import Menu, Queue, QueueText
from linja.site.db import one


class Conflict(LinjaError):
    """A step that does not fit where the call is (409): nothing was changed."""


class Forbidden(LinjaError):
    """The caller may not handle calls of this service (403)."""


class NotFound(LinjaError):
    """No such call or service (404)."""


def caller_key(number: str | None) -> str:
    """A pseudonymous key for a phone number: the same number gives the same key in this
    installation (for the repeat-call indicator), and the number itself is never kept."""
    digits = "".join(ch for ch in number or "" if ch.isdigit() or ch == "+")
    if not digits:
        return ""
    mac = hmac.new(settings.SECRET_KEY.encode(), digits.encode(), hashlib.sha256)
    return "tel-" + mac.hexdigest()[:20]


@dataclass
class Step:
    """Where a call is and what the platform is to do with it now."""

    call: PhoneCall
    repeated: bool = False


def _once(event_id: str, kind: str, call: PhoneCall | None) -> PhoneEvent | None:
    """The earlier event with this id, if there was one (of the same kind: else refused)."""
    earlier = one(PhoneEvent.objects.filter(key=event_id).select_related("call"))
    if earlier is None:
        return None
    if earlier.kind != kind or (call is not None and earlier.call_id != call.pk):
        raise Conflict(f"event_id {event_id!r} was already used for a {earlier.kind} event "
                       f"of call {earlier.call.call_id}")  # fmt: skip
    return earlier


def _may(person: Any, obj: Menu | Queue) -> None:
    if not can(person, Action.ADMINISTER, obj):
        raise Forbidden(f"this token may not handle calls to {obj.code}: it needs to "
                        "administer the service's organisation")  # fmt: skip


def _call(call_id: str, *, where: bool = False) -> PhoneCall:
    """The call, with its menu and contact (and with ``where``, the queue the contact is
    in, for :func:`where_to` when no step just loaded it)."""
    related = ["menu", "contact__queue"]
    if where:
        related.append("contact__current_queue")
    call = one(PhoneCall.objects.select_related(*related).filter(call_id=call_id))
    if call is None:
        raise NotFound(f"no call {call_id!r}: offer it first (POST /api/v1/phone/calls)")
    return call


def _routed(call: PhoneCall, name: str, run: Any) -> Contact:
    """The router's part, last in the transaction: a refusal is a conflict. The call's
    contact ``name`` as the router left it."""
    try:
        outcome: Outcome = run()
    except RoutingError as exc:
        raise Conflict(f"call {call.call_id}: {exc.message}") from None
    contact = outcome.contacts.get(name)
    return contact if contact is not None else Contact.objects.get(key=name)


def offered(person: Any, event_id: str, call_id: str, number: str | None, service: str,
            at: datetime | None = None) -> Step:  # fmt: skip
    """A call to ``service`` (a menu's code, or a queue's) reached the platform."""
    at = at or timezone.now()
    earlier = _once(event_id, "offered", None)
    if earlier is not None:
        return Step(_call(earlier.call.call_id), repeated=True)
    menu = one(Menu.objects.filter(code=service).select_related("unit"))
    queue = None if menu else one(Queue.objects.filter(code=service))
    if menu is None and queue is None:
        raise NotFound(f"service {service!r} is neither a phone menu nor a queue")
    _may(person, menu or queue)  # type: ignore[arg-type]

    def write() -> PhoneCall:
        call = PhoneCall.objects.create(call_id=call_id, caller=caller_key(number),
                                        service=service, menu=menu, started_at=at)  # fmt: skip
        PhoneEvent.objects.create(key=event_id, kind="offered", call=call)
        if queue is not None:
            _enter(call, queue, at, event_id)
        return call

    return _written(event_id, "offered", call_id, write)


def _written(event_id: str, kind: str, call_id: str, write: Callable[[], PhoneCall]) -> Step:
    """A step's writes, in one transaction, after what the step read without holding the
    write lock (the token's rights, the service, the agent; a repeat found there answers
    at once). The same event, or the same call, sent twice at the same moment meets a
    unique key here, and is answered as a repeat or a conflict."""
    try:
        with transaction.atomic():
            return Step(write())
    except IntegrityError:
        earlier = _once(event_id, kind, None)
        if earlier is not None:
            return Step(_call(earlier.call.call_id), repeated=True)
        if kind == "offered" and PhoneCall.objects.filter(call_id=call_id).exists():
            raise Conflict(f"call {call_id!r} was already offered (with another event_id)"
                           ) from None  # fmt: skip
        raise


def _enter(call: PhoneCall, queue: Queue, at: datetime, event_id: str) -> None:
    name = f"phone-{call.call_id}"
    call.contact = _routed(call, name, lambda: actions.arrive(
        queue, caller=call.caller, contact=name, at=at, key=f"phone:{event_id}",
        source="phone"))  # fmt: skip
    call.menu = None
    call.save(update_fields=["menu", "contact", "last_problem"])


def choice(person: Any, event_id: str, call_id: str, key: str,
           at: datetime | None = None) -> Step:  # fmt: skip
    """The caller pressed ``key`` in the menu they are in."""
    at = at or timezone.now()
    with transaction.atomic():
        call = _call(call_id)
        if _once(event_id, "choice", call) is not None:
            return Step(call, repeated=True)
        if call.menu is None:
            where = "has ended" if call.ended_at else "is already in a queue"
            raise Conflict(f"call {call_id} {where}: a menu choice no longer applies")
        _may(person, call.menu)
        picked = call.menu.choices.filter(key=key).select_related("queue", "submenu").first()
        PhoneEvent.objects.create(key=event_id, kind="choice", call=call)
        if picked is None:  # the caller hears the menu again
            keys = ", ".join(c.key for c in call.menu.choices.all()) or "none"
            call.last_problem = f"key {key} leads nowhere in menu {call.menu.code} (keys: {keys})"
            call.save(update_fields=["last_problem"])
        elif picked.submenu is not None:
            call.menu, call.last_problem = picked.submenu, ""
            call.save(update_fields=["menu", "last_problem"])
        elif picked.queue is not None:
            call.last_problem = ""
            _enter(call, picked.queue, at, event_id)
    return Step(call)


def answered(person: Any, event_id: str, call_id: str, agent: str,
             at: datetime | None = None) -> Step:  # fmt: skip
    """The agent ``agent`` (a username) answered the call that rang at their phone."""
    at = at or timezone.now()
    call = _call(call_id)
    if _once(event_id, "answered", call) is not None:
        return Step(call, repeated=True)
    contact = _in_queue(call, "answered")  # (a call in a queue stays with its contact)
    _may(person, contact.queue)
    who = one(Person.objects.filter(username=agent))
    if who is None:
        raise NotFound(f"agent: no person with the username {agent!r}")

    def write() -> PhoneCall:  # the router says whether the call still rings at them
        PhoneEvent.objects.create(key=event_id, kind="answered", call=call)
        call.contact = _routed(call, contact.key, lambda: actions.contact_event(
            "accepted", contact.key, agent=who, at=at, key=f"phone:{event_id}",
            source="phone"))  # fmt: skip
        return call

    return _written(event_id, "answered", call_id, write)


def ended(person: Any, event_id: str, call_id: str, at: datetime | None = None) -> Step:
    """The call ended: the caller hung up (while waiting: an abandoned contact) or the
    conversation is over."""
    at = at or timezone.now()
    call = _call(call_id)
    if _once(event_id, "ended", call) is not None:
        return Step(call, repeated=True)
    if call.ended_at is not None:
        raise Conflict(f"call {call_id} has already ended (with another event_id)")
    if call.contact is not None:
        _may(person, call.contact.queue)
    elif call.menu is not None:
        _may(person, call.menu)

    def write() -> PhoneCall:  # (what ended meanwhile is read again under the lock)
        PhoneEvent.objects.create(key=event_id, kind="ended", call=call)
        if not PhoneCall.objects.filter(pk=call.pk, ended_at=None).update(ended_at=at, menu=None):
            raise Conflict(f"call {call_id} has already ended (with another event_id)")
        call.ended_at, call.menu = at, None
        contact = call.contact
        if contact is not None and Contact.objects.filter(pk=contact.pk, ended_at=None).exists():
            call.contact = _routed(call, contact.key, lambda: actions.contact_event(
                "ended", contact.key, at=at, key=f"phone:{event_id}", source="phone"))  # fmt: skip
        return call

    return _written(event_id, "ended", call_id, write)


def current(person: Any, call_id: str) -> Step:
    """The call as it stands (the platform asks where to send it)."""
    call = _call(call_id, where=True)
    target = call.contact.queue if call.contact else call.menu
    if target is not None:
        _may(person, target)
    return Step(call)


def _in_queue(call: PhoneCall, step: str) -> Contact:
    if call.contact is None:
        where = f"is in menu {call.menu.code}" if call.menu else "has ended"
        raise Conflict(f"call {call.call_id} {where}, not in a queue: it cannot be {step}")
    return call.contact


def where_to(call: PhoneCall, language: str = "nb") -> dict[str, Any]:
    """What the platform is to do with the call now (the API's answer to every step)."""
    out: dict[str, Any] = {
        "call_id": call.call_id, "state": "menu", "say": None, "menu": None, "choices": [],
        "queue": None, "position": None, "expected_wait_seconds": None, "ring": None,
        "agent": None, "transfer_to": None, "problem": call.last_problem or None,
    }  # fmt: skip
    if call.ended_at is not None and call.contact is None:
        return out | {"state": "ended"}
    if call.contact is None and call.menu is not None:
        menu = call.menu
        return out | {"menu": menu.code, "say": _text(menu, language),
                      "choices": [{"key": c.key, "say": _text(c, language)}
                                  for c in menu.choices.all()]}  # fmt: skip
    contact = call.contact
    assert contact is not None
    queue = contact.current_queue
    out |= {"queue": queue.code, "state": contact.state}
    if contact.state == Contact.State.WAITING:
        position, wait = SERVICE.place(contact.key, catch_up=False)
        known = position > 0 and math.isfinite(wait)
        out |= {"position": position or None,
                "expected_wait_seconds": round(wait, 1) if known else None,
                "say": _queue_text(queue, QueueText.Key.QUEUED, language)}  # fmt: skip
    elif contact.state == Contact.State.OFFERED and contact.offered_to is not None:
        out["ring"] = contact.offered_to.username
    elif contact.state in (Contact.State.ANSWERED, Contact.State.ENDED) and contact.agent:
        out["agent"] = contact.agent.username
    elif contact.state == Contact.State.REJECTED:
        number = (queue.when_closed_number if contact.rejected_reason == "closed"
                  else queue.when_full_number)  # fmt: skip
        key = QueueText.Key.CLOSED if contact.rejected_reason == "closed" else QueueText.Key.FULL
        out |= {"say": _queue_text(queue, key, language), "transfer_to": number or None}
    return out


def _text(obj: Any, language: str) -> str:
    return str(getattr(obj, language, "") or obj.nb)


def _queue_text(queue: Queue, key: str, language: str) -> str | None:
    text = one(queue.texts.filter(key=key))
    return None if text is None else _text(text, language)
