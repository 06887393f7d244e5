"""The routing service: the live contact centre's one router, fed from the event log.

Every event goes through :meth:`RoutingService.submit`: in one transaction it is written to
the log (:class:`~linja.contact.models.Event`), handed to :mod:`linja.engine.routing` — the
same router the simulator runs — and what the router decided is carried out on the
contacts and agents it touched. A router error leaves nothing behind. A server that
starts, or takes over, rebuilds its router by replaying the log: the router is a pure
function of its events, so it comes back exactly as it was, timers included
(docs/architecture.md).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from linja.contact import events as log
from linja.contact import live
from linja.contact.models import AgentState, Contact, Event
from linja.engine.routing import (
    AgentChanged,
    Decision,
    Moved,
    Offer,
    OfferWithdrawn,
    Rejected,
    Router,
    RoutingConfig,
    Timer,
    configdata,
    handle,
)
from linja.engine.routing import events as ev
from linja.engine.routing.decisions import WRAPUP
from linja.errors import LinjaError
from linja.orgs.models import Person
from linja.queues.models import Queue
from linja.queues.rules import routing_config
from linja.site.db import one

logger = logging.getLogger(__name__)
ROUTER_STATES = {"waiting": Contact.State.WAITING, "offered": Contact.State.OFFERED,
                 "busy": Contact.State.ANSWERED}  # fmt: skip


@dataclass
class Outcome:
    """What one event came to: the logged event, the router's decisions (none for a
    repeated event: it was handled the first time), whether it was a repeat, and the
    contacts it changed as they now are (with their queue and agents loaded)."""

    event: Event
    decisions: list[Decision] = field(default_factory=list)
    repeated: bool = False
    contacts: dict[str, Contact] = field(default_factory=dict)  # as saved, by name


def _years(now: datetime) -> range:
    return range(now.year - 1, now.year + 2)


class RoutingService:
    """The router of this server process, in step with the log."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._router: Router | None = None
        self._last = 0  # the last event of the log the router has seen
        self._last_mark: tuple[int, str, datetime] | None = None  # and what it was
        self._last_at = 0.0  # and its instant: the router's time never goes back
        self.timers: dict[int, Timer] = {}  # ticket -> timer not yet due

    # ------------------------------------------------------------------ the router

    def router(self) -> Router:
        """The router, rebuilt from the log if this process has none, or is behind."""
        with self._lock:
            news: list[Any] = []
            if self._router is not None:  # the event it saw last, and those after it
                news = _logged_from(self._last)
                if self._last and (not news or _mark(news[0]) != self._last_mark):
                    # not the log it was built from: a restore, or (SQLite) the id of an
                    # event rolled back given again
                    self._router = None
                news = news[1:] if self._last else news
            if self._router is None:
                # the rules of the log's first change of configuration (those of today if
                # there was none), then each change's in turn: every event replayed by the
                # rules that held when it happened
                first = one(Event.objects.filter(kind=log.RECONFIGURED).order_by("id"))
                self._router = Router(_config() if first is None else _logged(first.data))
                self._last, self._last_at, self.timers = 0, 0.0, {}
                news = _logged_from(0)
            for event in news:
                try:
                    if event.kind == log.RECONFIGURED:
                        decisions = self._router.reconfigure(log.seconds(event.at),
                                                             _logged(event.data))  # fmt: skip
                    else:
                        decisions = handle(self._router,
                                           log.build(event.kind, event.at, event.data))  # fmt: skip
                except LinjaError as exc:  # the rules changed since (a queue removed, say)
                    logger.warning("replaying event %s (%s): %s; skipped", event.id,
                                   event.kind, exc)  # fmt: skip
                    decisions = []
                self._remember(decisions, event)
            return self._router

    def reconfigure(self, source: str = "") -> Outcome:
        """The queues' configuration changed: log it, and route by the configuration as the
        database has it now — here at once, in the other server processes when they next
        catch up with the log."""
        return self.submit(log.RECONFIGURED, {}, source=source)

    def reset(self) -> None:
        """Forget the router: the next call rebuilds it from the log (to recover, or as a
        restart would; a change of configuration needs none: :meth:`reconfigure`)."""
        with self._lock:
            self._router = None

    def _remember(self, decisions: list[Decision], event: Any) -> None:
        self._last, self._last_mark = event.id, _mark(event)
        self._last_at = max(self._last_at, log.seconds(event.at))
        data = event.data
        if event.kind == "timer_due":
            self.timers.pop(data["timer"]["ticket"], None)
        for d in decisions:
            if isinstance(d, Timer):
                self.timers[d.ticket] = d

    # ------------------------------------------------------------------ events

    def submit(
        self, kind: str, data: dict[str, Any], at: datetime | None = None,
        key: str | None = None, source: str = "", loaded: Iterable[Person | Queue] = (),
    ) -> Outcome:  # fmt: skip
        """Log the event ``kind`` (with the engine's fields ``data``), route it, carry out
        the decisions. ``key`` names the event for its sender: the same key again is the
        same event, and changes nothing. ``loaded``: people and queues the sender has read
        already, not read again while the router is held."""
        outcome = self._submit(kind, data, at or timezone.now(), key, source, loaded=loaded)
        assert outcome is not None
        return outcome

    def _submit(
        self, kind: str, data: dict[str, Any], at: datetime, key: str | None, source: str,
        timer: Timer | None = None, loaded: Iterable[Person | Queue] = (),
    ) -> Outcome | None:  # fmt: skip
        """One event, routed under the router's lock (:func:`_routing_lock`): every
        process of the installation routes in turn, each first catching up with the events
        the others logged — so the router that decides is always the whole log's. A
        ``timer`` that another process fired meanwhile is not fired again (None).

        Locks are always taken in one order — the database's router lock, then this
        process's — and the router notes the event before the database lock is let go, so
        no other thread or process can replay it a second time.

        A repeated ``key`` meets the log's unique key when the event is written, before the
        router sees it, and is answered as a repeat — whether it was sent again later or
        twice at once (a phone step has found its repeats before it comes here)."""
        try:
            with transaction.atomic():
                _routing_lock()
                with self._lock:
                    router = self.router()  # caught up with the log
                    if timer is not None:
                        if timer.ticket not in self.timers:
                            return None
                        at = log.instant(max(timer.at, self._last_at))
                    if kind == log.RECONFIGURED:  # the rules of the database now, logged
                        event_value = None
                        data = configdata.to_data(_config())
                        event = _log_event(at=at, kind=kind, data=data, key=key, source=source)
                        decisions = router.reconfigure(log.seconds(at), _logged(data))
                    else:
                        event_value = log.build(kind, at, data)
                        event = _log_event(at=at, kind=kind, key=key, source=source,
                                           data=log.fields_of(event_value))  # fmt: skip
                        decisions = handle(router, event_value)  # a RoutingError changes nothing
                    try:
                        touched = _carry_out(router, event_value, decisions, at, loaded)
                    except BaseException:
                        self._router = None  # the router moved on, the database did not
                        raise
                    live.changed(agents=[p.pk for p in touched.agents.values()],
                                 contacts=[c.pk for c in touched.contacts.values()])  # fmt: skip
                    self._remember(decisions, event)
        except _KeyTaken:  # before the router saw it: it is as it was
            return self._repeat(Event.objects.get(key=key), kind)
        except IntegrityError:
            self._router = None
            earlier = one(Event.objects.filter(key=key)) if key else None
            if earlier is None:
                raise
            return self._repeat(earlier, kind)
        except LinjaError:
            raise  # refused by the engine or the log: nothing changed, here or there
        except BaseException:
            self._router = None  # the transaction did not commit: rebuild from the log
            raise
        return Outcome(event, decisions, contacts=touched.contacts)

    def _repeat(self, earlier: Event, kind: str) -> Outcome:
        if earlier.kind != kind:
            raise LinjaError(
                f"event key {earlier.key!r} was already used for a {earlier.kind} event"
            )
        return Outcome(earlier, repeated=True)

    def place(self, contact: str, catch_up: bool = True) -> tuple[int, float]:
        """A waiting contact's position in its queue (1: next) and expected wait in
        seconds (inf when nobody serves the queue); (0, 0) when it is not waiting. Without
        ``catch_up``, as this process's router last saw it (a phone platform asking while
        the call waits: its state comes from the database, the position may be a moment
        old)."""
        with self._lock:
            router = self._router if self._router is not None and not catch_up else self.router()
            if router.contact_state(contact) != "waiting":
                return 0, 0.0
            return router.position(contact), router.expected_wait(contact)

    def queue_now(self, queue: str, now: datetime) -> tuple[bool, bool | None, int]:
        """Whether ``queue`` is open at ``now``, a lead's override of it (None: its
        calendar), and how many contacts wait in it."""
        with self._lock:
            router = self.router()
            return (router.is_open(queue, log.seconds(now)), router.override(queue),
                    router.waiting(queue))  # fmt: skip

    def due(self, now: datetime) -> list[Timer]:
        """The timers due at ``now``, soonest first. Those that no longer matter (an offer
        answered before its time-out, say: ``Router.matters``) are dropped here, not fired:
        they would change nothing, and each would cost a write to the log."""
        with self._lock:
            router = self.router()
            moment = log.seconds(now)
            due = [t for t in self.timers.values() if t.at <= moment]
            for timer in due:
                if not router.matters(timer):
                    del self.timers[timer.ticket]
            return sorted((t for t in due if t.ticket in self.timers),
                          key=lambda t: (t.at, t.ticket))  # fmt: skip

    def tick(self, now: datetime | None = None) -> list[Outcome]:
        """Fire every timer due by ``now``, each at its own instant (or, if the server
        was busy or down then, at the last instant the router has seen). Every process
        runs this clock; a timer is fired once, by whichever process comes first."""
        now = now or timezone.now()
        done = []
        for timer in self.due(now):  # each checked again under the locks
            fired = self._submit("timer_due", {"timer": log.timer_fields(timer)},
                                 now, None, "timer", timer=timer)  # fmt: skip
            if fired is not None:
                done.append(fired)
        return done


class _KeyTaken(Exception):
    """The event's key is in the log already: the same event, sent twice at once."""


def _log_event(**fields: Any) -> Event:
    try:
        return Event.objects.create(**fields)
    except IntegrityError:
        if fields.get("key") is None:
            raise
        raise _KeyTaken() from None


ROUTER_LOCK = 0x4C494E4A41  # "LINJA": the PostgreSQL advisory lock the routers take in turn


def _routing_lock() -> None:
    """Hold the installation's router lock until the transaction ends. PostgreSQL: an
    advisory transaction lock. SQLite: the transaction began with BEGIN IMMEDIATE
    (settings), so it already holds the database's one write lock."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROUTER_LOCK])


def _mark(event: Any) -> tuple[int, str, datetime]:
    """What tells one event of the log from another that took its id (an :class:`Event`
    or a row of :func:`_logged_from`)."""
    return event.id, event.kind, event.at


def _logged_from(first: int) -> list[Any]:
    """The log's events from the id ``first`` on, in order, as rows (id, at, kind, data):
    what the router replays, read without building a model for each (it is read before
    every event and every tick)."""
    rows = Event.objects.filter(id__gte=first).order_by("id")
    return list(rows.values_list("id", "at", "kind", "data", named=True))


def _config() -> RoutingConfig:
    """The routing rules of every queue, as the database has them now."""
    return routing_config(_queues(), _years(timezone.now()))


def _logged(data: dict[str, Any]) -> RoutingConfig:
    """The rules a ``reconfigured`` event logged."""
    try:
        return configdata.from_data(data)
    except (KeyError, TypeError, ValueError) as exc:  # not written by this version
        logger.warning("a reconfigured event without readable rules (%s); today's used", exc)
        return _config()


def _queues() -> Any:
    return Queue.objects.select_related(
        "unit__organisation", "overflow_to", "when_closed_queue", "when_full_queue"
    ).prefetch_related("opening_hours", "closed_days", "daily_closures", "planned_closures")


# ---------------------------------------------------------------------- carrying it out


class _Touched:
    """The contacts and agents one event touched, loaded once and saved once."""

    def __init__(self, at: datetime, loaded: Iterable[Person | Queue] = ()) -> None:
        self.at = at
        self.contacts: dict[str, Contact] = {}
        self.agents: dict[str, Person] = {}
        self.answered: dict[str, Contact] = {}  # agent -> the contact they just answered
        self.queues: dict[str, Queue] = {}
        self._people: dict[str, Person] = {}  # read already by the sender (never saved here)
        for obj in loaded:
            if isinstance(obj, Person):
                self._people[obj.username] = obj
            else:
                self.queues[obj.code] = obj

    def contact(self, key: object) -> Contact | None:
        name = str(key)
        if name not in self.contacts:
            found = one(Contact.objects.select_related("current_queue", "handler", "agent")
                        .filter(key=name))  # fmt: skip
            if found is None:
                return None
            self.contacts[name] = found
            self.queues.setdefault(found.current_queue.code, found.current_queue)
            for person in (found.handler, found.agent):
                if person is not None:
                    self.agents.setdefault(person.username, person)
        return self.contacts[name]

    def agent(self, username: object) -> Person:
        name = str(username)
        if name not in self.agents:
            known = self._people.get(name)
            self.agents[name] = known or Person.objects.get(username=name)
        return self.agents[name]

    def queue(self, code: object) -> Queue:
        name = str(code)
        if name not in self.queues:
            self.queues[name] = Queue.objects.get(code=name)
        return self.queues[name]


def _carry_out(router: Router, event: Any, decisions: list[Decision], at: datetime,
               loaded: Iterable[Person | Queue] = ()) -> _Touched:  # fmt: skip
    touched = _Touched(at, loaded)
    if isinstance(event, ev.ContactArrived):
        queue = touched.queue(event.queue)
        touched.contacts[str(event.contact)] = Contact(
            key=str(event.contact), channel=_channel(queue, str(event.contact)), queue=queue,
            current_queue=queue, caller=event.caller or "", state=Contact.State.WAITING,
            arrived_at=at,
        )  # fmt: skip
    elif isinstance(event, ev.OfferAccepted):
        contact = touched.contact(event.contact)
        if contact is not None:
            contact.handler = touched.agent(event.agent)
            touched.answered[str(event.agent)] = contact
            if contact.answered_at is None:
                contact.answered_at = at
                contact.agent = contact.handler
                contact.answered_queue = contact.current_queue
    elif isinstance(event, ev.ContactAbandoned | ev.ContactEnded):
        contact = touched.contact(event.contact)
        if contact is not None and contact.ended_at is None:
            contact.ended_at = at
    for key in _contacts_of(event):
        touched.contact(key)
    for d in decisions:
        _decided(d, touched, at)
    for contact in list(touched.contacts.values()):  # its agent, now in wrap-up, say
        for person in (contact.handler, contact.agent):  # loaded with the contact
            if person is not None:
                touched.agents.setdefault(person.username, person)
    for key, contact in touched.contacts.items():
        state = router.contact_state(key)
        if contact.state != Contact.State.REJECTED:
            contact.state = ROUTER_STATES.get(state, Contact.State.ENDED)
        if contact.state != Contact.State.OFFERED:
            contact.offered_to = None
        contact.save()
    for name in _agents_of(event):
        touched.agent(name)
    for name, person in list(touched.agents.items()):
        _agent_now(router, person, name, at, touched)
    return touched


def _contacts_of(event: Any) -> list[object]:
    """The contact an event is about: its own, or the subject of a contact's timer."""
    if isinstance(event, ev.TimerDue):
        return [] if event.timer.kind == WRAPUP else [event.timer.subject]
    contact = getattr(event, "contact", None)
    return [] if contact is None else [contact]


def _agents_of(event: Any) -> list[str]:
    """The agent an event is about: its own, or the subject of a wrap-up timer."""
    if isinstance(event, ev.TimerDue):
        subject = event.timer.subject
        return [subject] if event.timer.kind == WRAPUP and isinstance(subject, str) else []
    agent = getattr(event, "agent", None)
    return [agent] if isinstance(agent, str) else []


def _decided(d: Decision, touched: _Touched, at: datetime) -> None:
    if isinstance(d, Offer):
        contact = touched.contact(d.contact)
        if contact is not None:
            contact.offered_to = touched.agent(d.agent)
            contact.current_queue = touched.queue(d.queue)
    elif isinstance(d, OfferWithdrawn):
        touched.contact(d.contact)
        touched.agent(d.agent)
    elif isinstance(d, Moved):
        contact = touched.contact(d.contact)
        if contact is not None:
            contact.current_queue = touched.queue(d.target)
    elif isinstance(d, Rejected):
        contact = touched.contact(d.contact)
        if contact is not None:
            contact.state = Contact.State.REJECTED
            contact.rejected_reason = d.reason
            contact.ended_at = at
    elif isinstance(d, AgentChanged):
        touched.agent(d.agent)


def _agent_now(router: Router, person: Person, name: str, at: datetime,
               touched: _Touched) -> None:  # fmt: skip
    """The agent's row as the router now has it (and the contact they just answered); the
    end of a wrap-up is written on the contact it followed."""
    answered = touched.answered.get(name)
    state, reason = router.agent_state(name)
    reason = reason or ""
    row = one(AgentState.objects.filter(person=person))
    if row is None:
        AgentState.objects.create(person=person, state=state, reason=reason, since=at,
                                  last_contact=answered)  # fmt: skip
        return
    changes: dict[str, Any] = {} if answered is None else {"last_contact": answered}
    moved = row.state != state or row.reason != reason
    if moved:
        changes |= {"state": state, "reason": reason, "since": at}
    if changes:
        AgentState.objects.filter(pk=row.pk).update(**changes)
    after_work = (AgentState.State.BUSY, AgentState.State.WRAPUP)
    if moved and row.state in after_work and state != AgentState.State.WRAPUP:
        # the contact they worked on is done, wrap-up too (none, straight from busy)
        last = next((c for c in touched.contacts.values() if c.handler_id == person.pk
                     and c.ended_at is not None and c.wrapup_seconds is None), None)  # fmt: skip
        if last is None:  # it ended before this event (a wrap-up's end, say)
            last = (Contact.objects.filter(handler=person, ended_at__isnull=False,
                                           wrapup_seconds__isnull=True)
                    .order_by("-ended_at").first())  # fmt: skip
        if last is not None and last.ended_at is not None:
            last.wrapup_seconds = max(0.0, (at - last.ended_at).total_seconds())
            last.save(update_fields=["wrapup_seconds"])


CHAT_PREFIX = "chat-"
"""Contacts named so are web chats (:mod:`linja.contact.chat`), whatever their queue."""


def _channel(queue: Queue, name: str) -> str:
    if queue.channel == "chat" or name.startswith(CHAT_PREFIX):
        return Contact.Channel.CHAT
    return Contact.Channel.PHONE


SERVICE = RoutingService()
