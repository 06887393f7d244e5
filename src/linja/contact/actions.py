"""Every change to the live contact centre goes through here: a call or chat arriving and
ending, an agent logging in, getting ready, pausing, answering. Each is one event for the
routing service (:mod:`linja.contact.service`), logged, routed and carried out at once."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from linja.contact import live
from linja.contact.models import AgentState, ChatSession, Contact, Event, Handling, Message
from linja.contact.service import CHAT_PREFIX, SERVICE, Outcome
from linja.engine.routing import CONSULT
from linja.errors import LinjaError
from linja.orgs.models import Person
from linja.queues.models import Queue
from linja.site.db import one


def arrive(
    queue: Queue, *, caller: str = "", contact: str | None = None, priority: int | None = None,
    at: datetime | None = None, key: str | None = None, source: str = "",
) -> Outcome:  # fmt: skip
    """A contact entered ``queue`` (named ``contact``, or a new name)."""
    name = contact or f"c-{uuid.uuid4().hex[:12]}"
    if Contact.objects.filter(key=name).exists() and not (
        key and Event.objects.filter(key=key).exists()  # a repeat: the service answers it
    ):
        raise LinjaError(f"contact {name!r} has already arrived; a new contact needs a new name")
    data = {"contact": name, "queue": queue.code, "priority": priority, "caller": caller or None}
    return SERVICE.submit("arrived", data, at=at, key=key, source=source, loaded=[queue])


def contact_event(
    kind: str, contact: str, *, agent: Person | None = None, at: datetime | None = None,
    key: str | None = None, source: str = "",
) -> Outcome:  # fmt: skip
    """``abandoned`` or ``ended`` (no agent); ``accepted``, ``declined`` or
    ``not_answered`` (the agent it was offered to)."""
    data: dict[str, object] = {"contact": contact}
    if kind in ("accepted", "declined", "not_answered"):
        if agent is None:
            raise LinjaError(f"{kind}: which agent?")
        data["agent"] = agent.username
    return SERVICE.submit(kind, data, at=at, key=key, source=source,
                          loaded=[] if agent is None else [agent])  # fmt: skip


def log_in(person: Person, *, at: datetime | None = None, auto_answer: bool = False,
           source: str = "") -> Outcome:  # fmt: skip
    """``person`` logs in to the queues they answer, with their skill levels; they start
    paused, until they say they are ready."""
    skills = {m.queue.code: m.level for m in person.memberships.select_related("queue")}
    if not skills:
        raise LinjaError(f"{person.username} answers no queue: a team lead adds them first")
    organisation = person.home.name if person.home else ""
    data = {"agent": person.username, "skills": skills, "organisation": organisation,
            "auto_answer": auto_answer}  # fmt: skip
    return SERVICE.submit("logged_in", data, at=at, source=source)


def ready(person: Person, *, at: datetime | None = None, source: str = "") -> Outcome:
    return SERVICE.submit("ready", {"agent": person.username}, at=at, source=source)


def pause(person: Person, reason: str, *, at: datetime | None = None,
          source: str = "") -> Outcome:  # fmt: skip
    return SERVICE.submit("paused", {"agent": person.username, "reason": reason}, at=at,
                          source=source)  # fmt: skip


def wrapup_done(person: Person, *, at: datetime | None = None, source: str = "") -> Outcome:
    return SERVICE.submit("wrapup_done", {"agent": person.username}, at=at, source=source)


def log_out(person: Person, *, at: datetime | None = None, source: str = "") -> Outcome:
    return SERVICE.submit("logged_out", {"agent": person.username}, at=at, source=source)


# ---------------------------------------------------------------------- the agent desktop


def _answered_by(person: Person, contact: Contact) -> Handling:
    """The desk's handling of ``contact``, which ``person`` must be working on now."""
    if contact.state != Contact.State.ANSWERED or contact.handler_id != person.pk:
        raise LinjaError(f"{contact.key} is not a contact you are working on now")
    handling, _ = Handling.objects.get_or_create(contact=contact)
    return handling


def accept(person: Person, contact: Contact, *, source: str = "desk") -> Outcome:
    return contact_event("accepted", contact.key, agent=person, source=source)


def decline(person: Person, contact: Contact, *, source: str = "desk") -> Outcome:
    return contact_event("declined", contact.key, agent=person, source=source)


def hold(person: Person, contact: Contact, on_hold: bool) -> None:
    """Put the caller on hold, or take them off it."""
    with transaction.atomic():
        handling = _answered_by(person, contact)
        if handling.consulting_id is not None and not on_hold:
            raise LinjaError(_("End the consultation first: take the contact back or "
                               "complete the transfer."))  # fmt: skip
        handling.on_hold = on_hold
        handling.save(update_fields=["on_hold"])
        _system(
            contact, _("You are on hold. Please wait.") if on_hold else _("Thank you for waiting.")
        )
        live.changed(agents=[person.pk], contacts=[contact.pk])


def consult(person: Person, contact: Contact, *, colleague: Person | None = None,
            queue: Queue | None = None) -> Person:  # fmt: skip
    """Start a warm transfer: the caller waits on hold while ``person`` consults
    ``colleague`` (or the longest-idle ready agent of ``queue``), who takes no other
    contact meanwhile. Returns the colleague consulted."""
    with transaction.atomic():
        handling = _answered_by(person, contact)
        if handling.consulting_id is not None:
            raise LinjaError(_("You are already consulting a colleague on this contact."))
        target = colleague if colleague is not None else _ready_in(queue, person)
        if target.pk == person.pk:
            raise LinjaError(_("You cannot consult yourself."))
        state = one(AgentState.objects.filter(person=target))
        if state is None or state.state != AgentState.State.READY:
            raise LinjaError(_("%(name)s is not ready: only a ready colleague can be "
                               "consulted.") % {"name": target})  # fmt: skip
        SERVICE.submit("paused", {"agent": target.username, "reason": CONSULT}, source="desk")
        handling.consulting, handling.consulted_by, handling.on_hold = target, person, True
        handling.save(update_fields=["consulting", "consulted_by", "on_hold"])
        _system(contact, _("You are on hold while we ask a colleague. Please wait."))
        live.changed(agents=[person.pk, target.pk], contacts=[contact.pk])
        return target


def _ready_in(queue: Queue | None, person: Person) -> Person:
    if queue is None:
        raise LinjaError(_("Consult whom? Choose a colleague or a queue."))
    ready = (
        AgentState.objects.filter(state=AgentState.State.READY, person__memberships__queue=queue)
        .exclude(person=person).select_related("person").order_by("since").first()
    )  # fmt: skip
    if ready is None:
        raise LinjaError(_("Nobody in %(queue)s is ready now: transfer the contact to the "
                           "queue instead.") % {"queue": queue.name})  # fmt: skip
    return ready.person


def complete_transfer(person: Person, contact: Contact) -> None:
    """End the consultation by handing the contact to the colleague consulted."""
    with transaction.atomic():
        handling = _answered_by(person, contact)
        colleague = handling.consulting
        if colleague is None:
            raise LinjaError(_("No consultation is under way on this contact."))
        SERVICE.submit("transfer", {"contact": contact.key, "agent": colleague.username},
                       source="desk")  # fmt: skip
        SERVICE.submit("accepted", {"contact": contact.key, "agent": colleague.username},
                       source="desk")  # fmt: skip
        handling.consulting, handling.consulted_by, handling.on_hold = None, None, False
        handling.save(update_fields=["consulting", "consulted_by", "on_hold"])
        _system(
            contact,
            _("You are now talking to %(name)s.")
            % {"name": colleague.first_name or colleague.username},
        )
        live.changed(agents=[person.pk, colleague.pk], contacts=[contact.pk])


def take_back(person: Person, contact: Contact) -> None:
    """End the consultation and go on with the contact: the colleague is ready again."""
    with transaction.atomic():
        handling = _answered_by(person, contact)
        colleague = handling.consulting
        if colleague is None:
            raise LinjaError(_("No consultation is under way on this contact."))
        SERVICE.submit("ready", {"agent": colleague.username}, source="desk")
        handling.consulting, handling.consulted_by, handling.on_hold = None, None, False
        handling.save(update_fields=["consulting", "consulted_by", "on_hold"])
        _system(contact, _("Thank you for waiting."))
        live.changed(agents=[person.pk, colleague.pk], contacts=[contact.pk])


def transfer(person: Person, contact: Contact, *, queue: Queue | None = None,
             colleague: Person | None = None) -> Outcome:  # fmt: skip
    """Blind transfer: to a queue, where it keeps its age, or to a ready colleague."""
    with transaction.atomic():
        handling = _answered_by(person, contact)
        if handling.consulting_id is not None:
            raise LinjaError(_("End the consultation first: take the contact back or "
                               "complete the transfer."))  # fmt: skip
        data: dict[str, object] = {"contact": contact.key}
        if queue is not None:
            data["queue"] = queue.code
        if colleague is not None:
            data["agent"] = colleague.username
        outcome = SERVICE.submit("transfer", data, source="desk")
        handling.on_hold = False
        handling.save(update_fields=["on_hold"])
        _system(contact, _("You are being put through. Please wait."))
        return outcome


def end(person: Person, contact: Contact) -> Outcome:
    """The agent ends the contact (a chat closed, a call hung up)."""
    with transaction.atomic():
        _answered_by(person, contact)
        _system(contact, _("The conversation has ended. Thank you for contacting us."))
        return SERVICE.submit("ended", {"contact": contact.key}, source="desk")


def wrap_up(person: Person, contact: Contact, *, resolution: str, note: str = "",
            knowledge_used: bool | None = None) -> None:  # fmt: skip
    """Record the outcome of the contact ``person`` handled last, and end their wrap-up
    (they are ready again, or paused if they asked to be)."""
    if resolution not in Contact.Resolution.values:
        raise LinjaError(_("Choose a resolution: resolved, unresolved or pending."))
    with transaction.atomic():
        if contact.handler_id != person.pk or contact.ended_at is None:
            raise LinjaError(
                _("%(contact)s is not a contact you ended.") % {"contact": contact.key}
            )
        contact.resolution, contact.knowledge_used = resolution, knowledge_used
        contact.save(update_fields=["resolution", "knowledge_used"])
        handling, _created = Handling.objects.get_or_create(contact=contact)
        handling.note = note.strip()
        handling.save(update_fields=["note"])
        state = one(AgentState.objects.filter(person=person))
        if state is not None and state.state == AgentState.State.WRAPUP:
            wrapup_done(person, source="desk")
        live.changed(agents=[person.pk], contacts=[contact.pk])


# ---------------------------------------------------------------------- web chat


def start_chat(queue: Queue, *, language: str = "nb") -> ChatSession:
    """A citizen opens a chat in ``queue``; the session's secret lets them write in it."""
    with transaction.atomic():
        name = f"{CHAT_PREFIX}{uuid.uuid4().hex[:16]}"
        arrive(queue, contact=name, source="chat")
        contact = Contact.objects.get(key=name)
        return ChatSession.objects.create(contact=contact, secret=secrets.token_urlsafe(32),
                                          language=language)  # fmt: skip


def say(contact: Contact, text: str, *, person: Person | None = None,
        internal: bool = False) -> Message:  # fmt: skip
    """A message in the chat, from the citizen (no ``person``) or from an agent;
    ``internal``: between the agents of a consultation."""
    text = text.strip()
    if not text:
        raise LinjaError(_("The message is empty."))
    if len(text) > 4000:
        raise LinjaError(_("The message is too long: at most 4000 characters."))
    if contact.ended_at is not None:
        raise LinjaError(_("The conversation has ended."))
    sender = Message.Sender.CITIZEN if person is None else Message.Sender.AGENT
    with transaction.atomic():
        message = Message.objects.create(
            contact=contact,
            sender=sender,
            author=person,
            text=text,
            internal=internal,
            at=timezone.now(),
        )
        agents = [p for p in (contact.handler_id, contact.offered_to_id) if p is not None]
        if internal and hasattr(contact, "handling") and contact.handling.consulting_id:
            agents.append(contact.handling.consulting_id)
        live.changed(agents=agents, contacts=[contact.pk], wallboard=False)
    return message


def leave_chat(session: ChatSession) -> None:
    """The citizen closed the chat: abandoned if nobody had answered, else ended."""
    contact = session.contact
    with transaction.atomic():
        if session.left_at is None:
            session.left_at = timezone.now()
            session.save(update_fields=["left_at"])
        if contact.ended_at is not None:
            return
        kind = "ended" if contact.state == Contact.State.ANSWERED else "abandoned"
        if contact.state == Contact.State.ANSWERED:
            _system(contact, _("The citizen left the chat."))
        SERVICE.submit(kind, {"contact": contact.key}, source="chat")


CHAT_GONE_SECONDS = 20
"""How long a citizen's chat page may be away (no websocket) before the chat ends: long
enough for a reload or a dropped connection to come back, short enough that a closed tab
leaves the queue soon."""


def chat_connected(session: ChatSession, connected: bool) -> None:
    """The citizen's page connected (or went away, at this instant)."""
    left = None if connected else timezone.now()
    ChatSession.objects.filter(pk=session.pk, contact__ended_at__isnull=True).update(left_at=left)


def end_gone_chats(now: datetime | None = None) -> int:
    """End the chats whose citizen's page has been away too long: abandoned if nobody had
    answered, else ended. Returns how many."""
    now = now or timezone.now()
    gone = ChatSession.objects.filter(
        left_at__lte=now - timedelta(seconds=CHAT_GONE_SECONDS), contact__ended_at__isnull=True,
    ).select_related("contact")  # fmt: skip
    count = 0
    for session in gone:
        leave_chat(session)
        count += 1
    return count


def _system(contact: Contact, text: str) -> None:
    if contact.channel == Contact.Channel.CHAT:
        Message.objects.create(contact=contact, sender=Message.Sender.SYSTEM, text=str(text),
                               at=timezone.now())  # fmt: skip


def set_queue_open(queue: Queue, is_open: bool | None, *, source: str = "") -> Outcome:
    """A team lead opens (True) or closes (False) ``queue`` now, whatever its calendar
    says, or gives it back to its calendar (None)."""
    return SERVICE.submit("queue_open", {"queue": queue.code, "open": is_open}, source=source)
