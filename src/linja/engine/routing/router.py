"""The router: events in, decisions out. Pure and deterministic; the caller owns the clock.

Every public method takes the instant ``at`` (POSIX seconds) of its event and returns the
decisions it led to, in the order they are to be carried out. An event that does not fit
the state (answering an offer that was never made, an unknown queue) raises
:class:`RoutingError` and changes nothing.

Rules, in one place:

* A contact waits in one queue at a time, ordered by priority (higher first) and then by
  the order it arrived in Linja: a contact moved by overflow or transfer keeps its age.
* An agent who becomes ready takes, among the queues of their skills, the contact with
  the best skill level for them, then the highest priority, then the oldest.
* A contact that finds agents ready goes to the queue's agent choice: by default the
  longest idle among those with the best skill level.
* Agents of other organisations take a queue's contacts only once the contact has been
  widened (``widen_after_seconds``); without that rule every skilled agent may.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, TypeGuard, cast

from linja.engine.routing.config import Redirect, RoutingConfig
from linja.engine.routing.decisions import (
    ANNOUNCE,
    OFFER_TIMEOUT,
    OVERFLOW,
    WIDEN,
    WRAPUP,
    AgentChanged,
    AgentId,
    Announce,
    ContactId,
    Decision,
    Moved,
    Offer,
    OfferCallback,
    OfferWithdrawn,
    Rejected,
    Timer,
    Widened,
)
from linja.engine.routing.lines import Member, ReadyLine, ahead
from linja.engine.routing.state import (
    AGENT_BUSY,
    AGENT_OFFERED,
    AGENT_STATES,
    AGENT_WRAPUP,
    BUSY,
    CONTACT_STATES,
    DONE,
    INF,
    LOGGED_OUT,
    LONGEST_IDLE_ANY_LEVEL,
    OFFERED,
    ORDERED,
    PAUSED,
    READY,
    WAITING,
    Agent,
    Contact,
    QueueState,
)
from linja.engine.routing.table import ContactTable
from linja.errors import LinjaError

EMA_WEIGHT: Final = 0.05  # how fast a queue's expected handle time follows the handled contacts
HEAD: Final = 1 << 52  # taken off a contact's arrival order to put it at the head of its queue
CONSULT: Final = "consult"
"""The pause reason of an agent a colleague is consulting (a warm transfer): the agent takes
no contact from the queues meanwhile, and the consulted contact may be transferred to them."""


class RoutingError(LinjaError):
    """An event that does not fit the router's state; nothing was changed."""


class Router:
    def __init__(self, config: RoutingConfig) -> None:
        self.config = config
        self.queues: dict[str, QueueState] = {q.id: QueueState(q) for q in config.queues}
        self.contacts = ContactTable()
        self.agents: dict[AgentId, Agent] = {}
        self._seq = 0
        self._logins = 0
        self._tickets = 0  # one counter for every timer's ticket: a reused id never matches
        self._out: list[Decision] | None = None  # the decisions of the event being handled

    # ------------------------------------------------------------------ contacts

    def arrive(
        self, at: float, contact: object, queue: object, priority: object = None,
        caller: object = None,
    ) -> list[Decision]:  # fmt: skip
        """A contact (named by a whole number or a text) entered ``queue``."""
        cid = _contact_id(contact)
        q = self.queues.get(queue) if isinstance(queue, str) else None
        if q is None:
            q = self._queue(queue)  # raises
        if priority is not None and (isinstance(priority, bool) or not isinstance(priority, int)):
            raise RoutingError(
                f"contact {contact!r}: a priority is a whole number, got {priority!r}"
            )
        if caller is not None and not isinstance(caller, str):
            raise RoutingError(f"contact {contact!r}: a caller key is a text, got {caller!r}")
        c = Contact(cid, q, q.priority if priority is None else priority, caller, at,
                    self._seq + 1)  # fmt: skip
        if not self.contacts.add(cid, c):
            raise RoutingError(f"contact {contact!r} has already arrived")
        self._seq += 1
        self._out = None
        self._admit(c, q, at)
        return self._decided()

    def abandon(self, at: float, contact: object) -> list[Decision]:
        """The caller left (hung up, closed the chat) before being answered."""
        return self.end(at, contact)

    def end(self, at: float, contact: object) -> list[Decision]:
        """The contact ended: after an answer the agent goes to wrap-up; before, it is an
        abandoned contact (a phone platform reports both the same way)."""
        c = self._contact(contact)
        self.contacts.remove(c.id)
        self._out = None
        state = c.state
        c.state = DONE
        if state == BUSY:
            agent = c.agent
            assert agent is not None
            q = c.queue
            agent.contact = None
            q.aht += EMA_WEIGHT * (at - agent.since + q.wrapup - q.aht)
            self._release(agent, q, at)
            return self._decided()
        if state == WAITING:
            _leave(c)
        elif state == OFFERED:
            agent = c.agent
            assert agent is not None
            self._emit(OfferWithdrawn(c.id, agent.id, "abandoned"))
            agent.contact = None
            self._make_ready(agent, at)
        return self._decided()

    def accept(self, at: float, contact: object, agent: object) -> list[Decision]:
        """The agent answered the offer (for an auto-answer agent, already answered: an
        accept changes nothing)."""
        c = self.contacts.get(contact) if _is_id(contact) else None
        if c is not None and c.state == BUSY and c.agent is not None and c.agent.id == agent:
            if not c.agent.auto_answer:
                raise RoutingError(f"contact {contact!r} has already been accepted by {agent!r}")
            return []
        c, a = self._offered(contact, agent)
        c.state = BUSY
        a.state = AGENT_BUSY
        a.since = at
        return []

    def decline(self, at: float, contact: object, agent: object) -> list[Decision]:
        """The agent turned the offer down: the contact goes back to its place and is not
        offered to this agent again; the agent stays ready for other contacts."""
        c, a = self._offered(contact, agent)
        self._out = None
        if c.declined is None:
            c.declined = set()
        c.declined.add(a.id)
        a.contact = None
        self._requeue(c, at)
        self._make_ready(a, at)
        return self._decided()

    def not_answered(self, at: float, contact: object, agent: object) -> list[Decision]:
        """The offer rang out: the contact goes back to the head, the agent is paused."""
        c, a = self._offered(contact, agent)
        self._out = None
        a.contact = None
        self._set_paused(a, at, "no_answer")
        self._emit(AgentChanged(a.id, "paused", "no_answer"))
        self._requeue(c, at)
        return self._decided()

    def transfer(
        self, at: float, contact: object, queue: object = None, agent: object = None,
    ) -> list[Decision]:  # fmt: skip
        """Transfer of an answered contact to a queue or to a named agent: a ready one
        (blind), or one paused for a consultation (:data:`CONSULT`, warm).

        The first agent goes to wrap-up; the contact keeps its age in the new queue.
        """
        c = self._contact(contact)
        if c.state != BUSY:
            raise RoutingError(
                f"contact {contact!r} is {CONTACT_STATES[c.state]}; only an answered contact "
                "can be transferred"
            )
        if (queue is None) == (agent is None):
            raise RoutingError("a transfer names either a queue or an agent")
        target_q = self._queue(queue) if queue is not None else None
        target_a = None
        if agent is not None:
            target_a = self.agents.get(agent) if isinstance(agent, str) else None
            consulted = (
                target_a is not None and target_a.state == PAUSED and target_a.reason == CONSULT
            )
            if target_a is None or (target_a.state != READY and not consulted):
                state = "not logged in" if target_a is None else AGENT_STATES[target_a.state]
                raise RoutingError(
                    f"agent {agent!r} is {state}; expected a ready agent, or one being consulted"
                )
        self._out = None
        first = c.agent
        assert first is not None
        first.contact = None
        c.agent = None
        # the contact enters its new queue before the first agent is free, so any other
        # ready agent takes it first; if no one else can, it comes back to the same agent
        source = c.queue
        if target_a is not None:
            if target_a.state == READY:
                self._take(target_a)
            self._offer(c, target_a, source, at)
        else:
            assert target_q is not None
            self._emit(Moved(c.id, source.id, target_q.id, "transfer"))
            c.state = WAITING
            self._admit(c, target_q, at)
        self._release(first, source, at)
        return self._decided()

    def callback(self, at: float, contact: object) -> list[Decision]:
        """The caller chose to be called back: the contact keeps its place in the queue."""
        c = self._contact(contact)
        if c.state not in (WAITING, OFFERED):
            raise RoutingError(f"contact {contact!r} is {CONTACT_STATES[c.state]}; "
                               "a callback is for a waiting contact")  # fmt: skip
        c.callback = True
        return []

    # ------------------------------------------------------------------ agents

    def login(
        self, at: float, agent: object, skills: object, organisation: object = "",
        auto_answer: object = False,
    ) -> list[Decision]:  # fmt: skip
        """The agent logged in with skills (queue -> level, 1 best); they start paused.

        An agent with ``auto_answer`` is connected to a contact as soon as it is offered
        (the phone answers by itself): the offer needs no accept, and has no time-out.
        """
        if not isinstance(agent, str):
            raise RoutingError(f"an agent is named by a text, got {agent!r}")
        if agent in self.agents:
            raise RoutingError(f"agent {agent!r} is already logged in")
        if not isinstance(skills, Mapping):
            raise RoutingError(f"agent {agent!r}: skills map queues to levels, got {skills!r}")
        if not isinstance(organisation, str):
            raise RoutingError(f"agent {agent!r}: an organisation is a text, got {organisation!r}")
        if not isinstance(auto_answer, bool):
            raise RoutingError(
                f"agent {agent!r}: auto_answer is true or false, got {auto_answer!r}"
            )
        given: dict[object, object] = dict(skills)
        for queue, level in given.items():
            if not isinstance(queue, str):
                raise RoutingError(
                    f"agent {agent!r}: a skill names a queue by its id, got {queue!r}"
                )
            self._queue(queue)
            if isinstance(level, bool) or not isinstance(level, int) or level < 1:
                raise RoutingError(f"agent {agent!r}: skill level for {queue!r} must be a "
                                   f"whole number from 1 (best), got {level!r}")  # fmt: skip
        levels = cast(dict[str, int], given)  # checked above
        self._logins += 1
        a = Agent(agent, organisation, dict(levels), at, self._logins)
        a.auto_answer = auto_answer
        for queue, level in sorted(levels.items(), key=lambda kv: (kv[1], kv[0])):
            q = self.queues[queue]
            rules = q.rules
            own = (
                rules.widen_after_seconds is None
                or not rules.organisation
                or rules.organisation == organisation
            )
            q.add_level(level)
            q.members[agent] = a
            if not own:
                q.others.add(agent)
            line = (q.ready if own else q.ready_other)[level]
            a.memberships.append(Member(a, q, level, own, line))
        self.agents[agent] = a
        return []

    def ready(self, at: float, agent: object) -> list[Decision]:
        """The agent is ready for contacts (or, while busy, no longer wants the pause or
        log-out they asked for; in wrap-up, is done with it)."""
        a = self._agent(agent)
        self._out = None
        if a.state == PAUSED:
            self._make_ready(a, at)
        elif a.state in (AGENT_BUSY, AGENT_WRAPUP):
            a.pending = None
            if a.state == AGENT_WRAPUP:
                self._after_work(a, at)
        return self._decided()

    def wrapup_done(self, at: float, agent: object) -> list[Decision]:
        """The agent finished the after-contact work (repeats change nothing)."""
        a = self._agent(agent)
        self._out = None
        if a.state == AGENT_WRAPUP:
            self._after_work(a, at)
        return self._decided()

    def pause(self, at: float, agent: object, reason: object) -> list[Decision]:
        """Pause with a reason; a busy agent is paused once the contact and wrap-up end."""
        a = self._agent(agent)
        if not isinstance(reason, str):
            raise RoutingError(f"agent {agent!r}: a pause has a reason, a text, got {reason!r}")
        self._out = None
        if a.state in (AGENT_BUSY, AGENT_WRAPUP):
            a.pending = (PAUSED, reason)
        elif a.state == AGENT_OFFERED:
            self._withdraw(a, at, "agent_paused")
            self._set_paused(a, at, reason)
        elif a.state == READY:
            self._take(a)
            self._set_paused(a, at, reason)
        else:
            a.reason = reason
        return self._decided()

    def logout(self, at: float, agent: object) -> list[Decision]:
        """Log out; a busy agent is logged out once the contact and wrap-up end."""
        a = self._agent(agent)
        self._out = None
        if a.state in (AGENT_BUSY, AGENT_WRAPUP):
            a.pending = (LOGGED_OUT, None)
            return self._decided()
        if a.state == AGENT_OFFERED:
            self._withdraw(a, at, "agent_logged_out")
        elif a.state == READY:
            self._take(a)
        self._remove(a)
        return self._decided()

    # ------------------------------------------------------------------ queues, timers

    def reconfigure(self, at: float, config: object) -> list[Decision]:
        """Route by ``config`` from now on (the queues' configuration changed while
        running). A queue kept keeps its waiting contacts, ready agents, a lead's override
        and message; its new rules apply from now on (timers already set run out as they
        were set). A new queue takes contacts at once and is answered by the agents who
        log in after the change. A queue no longer configured takes no new contacts; those
        already in it are still answered."""
        if not isinstance(config, RoutingConfig):
            raise RoutingError(f"expected a routing configuration, got {config!r}")
        ids = {q.id for q in config.queues}  # (RoutingConfig checked them)
        for rules in config.queues:
            q = self.queues.get(rules.id)
            if q is None:
                self.queues[rules.id] = QueueState(rules)
            else:
                q.set_rules(rules)
        for qid in [qid for qid in self.queues if qid not in ids]:
            del self.queues[qid]  # its contacts and agents keep it until they leave
        self.config = config
        return []

    def set_open(self, at: float, queue: object, is_open: object) -> list[Decision]:
        """Open or close a queue by hand (None: follow its calendar again)."""
        q = self._queue(queue)
        if is_open is not None and not isinstance(is_open, bool):
            raise RoutingError(f"queue {queue!r}: open is true, false or none, got {is_open!r}")
        q.override = is_open
        return []

    def set_message(self, at: float, queue: object, message: object) -> list[Decision]:
        """Set or clear the incident message played to the queue's waiting callers."""
        q = self._queue(queue)
        if message is not None and not isinstance(message, str):
            raise RoutingError(f"queue {queue!r}: a message is a text, got {message!r}")
        q.message = message
        return []

    def timer_due(self, at: float, timer: object) -> list[Decision]:
        """A timer the router asked for is due; one that no longer matters does nothing."""
        if not isinstance(timer, Timer):
            raise RoutingError(f"expected a timer the router asked for, got {timer!r}")
        self._out = None
        kind = timer.kind
        if kind == WRAPUP:
            a = self.agents.get(timer.subject) if isinstance(timer.subject, str) else None
            if a is not None and a.state == AGENT_WRAPUP and a.ticket == timer.ticket:
                self._after_work(a, at)
            return self._decided()
        c = self.contacts.get(timer.subject)
        if c is None:
            return self._decided()
        if kind == OFFER_TIMEOUT:
            if c.state == OFFERED and c.offer_ticket == timer.ticket:
                assert c.agent is not None
                return self.not_answered(at, c.id, c.agent.id)
            return self._decided()
        if c.ticket != timer.ticket:
            return self._decided()
        if c.state != WAITING:
            if kind == ANNOUNCE and c.state == OFFERED:
                c.announce_missed = True  # announce again if it comes back to the queue
            return self._decided()
        if kind == OVERFLOW:
            if self._overflow_target(c.queue) is not None:  # (the rules may have changed)
                self._overflow(c, at)
        elif kind == WIDEN:
            self._widen(c, at)
        elif kind == ANNOUNCE:
            self._announce(c, at, "position")
            if c.queue.announce_every < INF:
                self._emit(Timer(at + c.queue.announce_every, ANNOUNCE, c.id, c.ticket))
        return self._decided()

    def matters(self, timer: Timer) -> bool:
        """False when ``timer`` can never do anything again, whenever it is given back: its
        contact has ended, or has entered a queue since (a new ticket); the offer it would
        time out is over (answered, declined: a new offer takes a new ticket); the agent's
        wrap-up it would end was followed by another state. Tickets are never given twice,
        so a caller may drop such a timer instead (the live service does, rather than log
        an event that changes nothing). True does not promise an effect: a contact ringing
        an agent may come back to its queue under the same ticket, so its queue's timers
        still matter."""
        if timer.kind == WRAPUP:
            a = self.agents.get(timer.subject) if isinstance(timer.subject, str) else None
            return a is not None and a.ticket == timer.ticket
        c = self.contacts.get(timer.subject)
        if c is None:
            return False
        if timer.kind == OFFER_TIMEOUT:
            return c.state == OFFERED and c.offer_ticket == timer.ticket
        return c.ticket == timer.ticket

    # ------------------------------------------------------------------ reading the state

    def waiting(self, queue: object) -> int:
        return len(self._queue(queue).waiting)

    def position(self, contact: object) -> int:
        """1 for the next contact to be answered in its queue; 0 if it is not waiting."""
        c = self._contact(contact)
        if c.state != WAITING:
            return 0
        return 1 + sum(1 for other in c.queue.waiting.items if ahead(other, c))

    def expected_wait(self, contact: object) -> float:
        c = self._contact(contact)
        return self._expected_wait(c, self.position(contact)) if c.state == WAITING else 0.0

    def is_open(self, queue: object, at: float) -> bool:
        """Whether ``queue`` takes contacts at ``at``: its calendar, or a lead's override."""
        return self._queue(queue).is_open(at)

    def override(self, queue: object) -> bool | None:
        """A lead's opening (True) or closing (False) of ``queue``; None: its calendar."""
        return self._queue(queue).override

    def agent_state(self, agent: object) -> tuple[str, str | None]:
        a = self.agents.get(agent) if isinstance(agent, str) else None
        if a is None:
            return "logged_out", None
        return AGENT_STATES[a.state], a.reason if a.state == PAUSED else None

    def contact_state(self, contact: object) -> str:
        c = self.contacts.get(contact) if _is_id(contact) else None
        return "done" if c is None else CONTACT_STATES[c.state]

    # ------------------------------------------------------------------ internals

    def _ticket(self) -> int:
        self._tickets += 1
        return self._tickets

    def _emit(self, d: Decision) -> None:
        if self._out is None:
            self._out = [d]
        else:
            self._out.append(d)

    def _decided(self) -> list[Decision]:
        """The decisions of the event just handled."""
        out = self._out
        self._out = None
        return [] if out is None else out

    def _queue(self, queue: object) -> QueueState:
        q = self.queues.get(queue) if isinstance(queue, str) else None
        if q is None:
            raise RoutingError(f"no queue {queue!r}; expected one of {', '.join(self.queues)}")
        return q

    def _contact(self, contact: object) -> Contact:
        c = self.contacts.get(contact) if _is_id(contact) else None
        if c is None:
            raise RoutingError(f"no contact {contact!r} in the router (ended, or never arrived)")
        return c

    def _agent(self, agent: object) -> Agent:
        a = self.agents.get(agent) if isinstance(agent, str) else None
        if a is None:
            raise RoutingError(f"agent {agent!r} is not logged in")
        return a

    def _offered(self, contact: object, agent: object) -> tuple[Contact, Agent]:
        c = self._contact(contact)
        a = c.agent
        if c.state != OFFERED or a is None or a.id != agent:
            if agent not in self.agents:
                raise RoutingError(f"agent {agent!r} is not logged in")
            raise RoutingError(f"contact {contact!r} is not offered to agent {agent!r}")
        return c, a

    def _admit(self, c: Contact, q: QueueState, at: float) -> None:
        """Enter ``q``, following closed and full redirects (never in a loop)."""
        c.widened = False
        for _hop in range(len(self.queues) + 1):
            rules = q.rules
            redirect: Redirect
            if not q.is_open(at):
                redirect, why = rules.when_closed, "closed"
            elif (
                q.max_waiting >= 0
                and len(q.waiting) >= q.max_waiting
                and self._pick_agent(q, c) is None
            ):
                redirect, why = rules.when_full, "full"
            else:
                self._enqueue(c, q, at)
                return
            target = None if redirect.queue is None else self.queues.get(redirect.queue)
            if target is None:  # (or a queue no longer configured)
                break
            self._emit(Moved(c.id, q.id, target.id, why))  # type: ignore[arg-type]
            q = target
        self._emit(Rejected(c.id, q.id, why, redirect.message, redirect.number))  # type: ignore[arg-type]
        c.state = DONE
        self.contacts.remove(c.id)

    def _enqueue(self, c: Contact, q: QueueState, at: float) -> None:
        c.queue = q
        c.entered = at
        c.ticket = self._ticket()
        c.announce_missed = False
        c.widened = False
        c.timed = False
        c.state = WAITING
        agent = self._pick_agent(q, c)
        if agent is not None:
            self._take(agent)
            self._offer(c, agent, q, at)
            return
        q.waiting.push(c)
        self._set_queue_timers(c, q)
        if q.announce_every < INF or q.message is not None:
            self._announce(c, at, "queued")
            if q.announce_every < INF:
                self._emit(Timer(at + q.announce_every, ANNOUNCE, c.id, c.ticket))
        elif q.callback_after < INF:
            self._offer_callback(c, self._expected_wait(c, self.position(c.id)))

    def _set_queue_timers(self, c: Contact, q: QueueState) -> None:
        """The overflow and widening limits of ``c``'s entry into ``q``, from when it
        entered (the same whether it waited at once or first rang an agent)."""
        c.timed = True
        if q.overflow_after < INF:
            self._emit(Timer(c.entered + q.overflow_after, OVERFLOW, c.id, c.ticket))
        if q.widen_after < INF and not c.widened:
            self._emit(Timer(c.entered + q.widen_after, WIDEN, c.id, c.ticket))

    def _requeue(self, c: Contact, at: float) -> None:
        """Back to the head of its queue (of its priority) after an offer that was not
        answered or was declined; contacts that came back earlier stay ahead of it."""
        q = c.queue
        if c.seq > 0:
            c.seq -= HEAD
        c.state = WAITING
        c.agent = None
        if at >= c.entered + q.overflow_after and self._overflow_target(q) is not None:
            self._overflow_now(c, q, at)
            return
        candidate = self._pick_agent(q, c)
        if candidate is None and not c.widened and at >= c.entered + q.widen_after:
            c.widened = True
            self._emit(Widened(c.id, q.id))
            candidate = self._pick_agent(q, c)
        if candidate is not None:
            self._take(candidate)
            self._offer(c, candidate, q, at)
            return
        q.waiting.push(c)
        if c.widened:
            q.widened.push(c)
        if not c.timed:  # offered on entering, never waited: its limits count from entering
            self._set_queue_timers(c, q)
        if c.announce_missed:
            c.announce_missed = False
            if q.announce_every < INF:
                self._announce(c, at, "position")
                self._emit(Timer(at + q.announce_every, ANNOUNCE, c.id, c.ticket))

    def _overflow(self, c: Contact, at: float) -> None:
        q = c.queue
        _leave(c)
        self._overflow_now(c, q, at)

    def _overflow_target(self, q: QueueState) -> QueueState | None:
        """Where ``q`` overflows to (None: nowhere, or to a queue no longer configured)."""
        overflow = q.rules.overflow
        return None if overflow is None else self.queues.get(overflow.to)

    def _overflow_now(self, c: Contact, q: QueueState, at: float) -> None:
        target = self._overflow_target(q)
        assert target is not None
        self._emit(Moved(c.id, q.id, target.id, "overflow"))
        self._admit(c, target, at)

    def _widen(self, c: Contact, at: float) -> None:
        q = c.queue
        if c.widened:
            return
        c.widened = True
        self._emit(Widened(c.id, q.id))
        agent = self._pick_agent(q, c)
        if agent is not None:
            _leave(c)
            self._take(agent)
            self._offer(c, agent, q, at)
        else:
            q.widened.push(c)

    def _expected_wait(self, c: Contact, position: int) -> float:
        """Position × the queue's recent handle time ÷ the agents working who may take ``c``
        (other organisations' agents only once it is widened)."""
        q = c.queue
        working = sum(
            1 for a in q.members.values()
            if a.state not in (PAUSED, LOGGED_OUT) and (c.widened or a.id not in q.others)
        )  # fmt: skip
        return position * q.aht / max(working, 1)

    def _announce(self, c: Contact, at: float, kind: str) -> None:
        q = c.queue
        position = self.position(c.id)
        expected = self._expected_wait(c, position)
        self._emit(Announce(c.id, q.id, kind, position, expected, q.message))  # type: ignore[arg-type]
        if q.callback_after < INF:
            self._offer_callback(c, expected)

    def _offer_callback(self, c: Contact, expected: float) -> None:
        limit = c.queue.callback_after
        if limit < INF and not c.callback and not c.callback_offered and expected > limit:
            c.callback_offered = True
            self._emit(OfferCallback(c.id, c.queue.id, expected))

    def _offer(self, c: Contact, a: Agent, q: QueueState, at: float) -> None:
        c.state = OFFERED
        c.agent = a
        c.offers += 1
        c.offer_ticket = self._ticket()
        a.state = AGENT_OFFERED
        a.since = at
        a.contact = c
        a.ticket = self._ticket()
        timeout = q.offer_timeout
        if a.auto_answer:  # answered at once
            c.state = BUSY
            a.state = AGENT_BUSY
            self._emit(Offer(c.id, a.id, q.id, None))
        elif timeout == INF:
            self._emit(Offer(c.id, a.id, q.id, None))
        else:
            self._emit(Offer(c.id, a.id, q.id, at + timeout))
            self._emit(Timer(at + timeout, OFFER_TIMEOUT, c.id, c.offer_ticket))

    def _withdraw(self, a: Agent, at: float, reason: str) -> None:
        c = a.contact
        assert c is not None
        self._emit(OfferWithdrawn(c.id, a.id, reason))
        a.contact = None
        a.state = PAUSED  # out of the way while the contact looks for someone else
        self._requeue(c, at)

    def _take(self, a: Agent) -> None:
        """A ready agent stops being ready (gets an offer, pauses, logs out)."""
        for m in a.memberships:
            if m.listed:
                m.line.remove(m)

    def _release(self, a: Agent, q: QueueState, at: float) -> None:
        """The agent is done with a contact: wrap-up, then whatever comes next."""
        wrap = q.wrapup
        a.handled += 1
        if wrap > 0:
            a.state = AGENT_WRAPUP
            a.since = at
            a.ticket = self._ticket()
            self._emit(Timer(at + wrap, WRAPUP, a.id, a.ticket))
        elif a.pending is None:
            self._make_ready(a, at)
        else:
            self._after_work(a, at)

    def _after_work(self, a: Agent, at: float) -> None:
        pending = a.pending
        if pending is None:
            self._make_ready(a, at)
            return
        a.pending = None
        state, reason = pending
        if state == PAUSED:
            assert reason is not None
            self._set_paused(a, at, reason)
            self._emit(AgentChanged(a.id, "paused", reason))
        else:
            self._remove(a)
            self._emit(AgentChanged(a.id, "logged_out", None))

    def _set_paused(self, a: Agent, at: float, reason: str) -> None:
        a.state = PAUSED
        a.reason = reason
        a.since = at
        a.ticket = self._ticket()

    def _remove(self, a: Agent) -> None:
        a.state = LOGGED_OUT
        for m in a.memberships:
            del m.queue.members[a.id]
            m.queue.others.discard(a.id)
        del self.agents[a.id]

    def _make_ready(self, a: Agent, at: float) -> None:
        """The agent takes the best waiting contact, or waits in the ready lines."""
        a.state = READY
        a.since = at
        a.idle_since = at
        a.ticket = self._ticket()
        best: Contact | None = None
        best_level = 0
        for m in a.memberships:
            heap = m.queue.waiting if m.own else m.queue.widened
            top = heap.top()
            if top is None:
                continue
            declined = top.declined
            if declined is not None and a.id in declined:
                top = _first_not_declined(heap.in_order(), a.id)
                if top is None:
                    continue
            if best is None or m.level < best_level or (m.level == best_level and ahead(top, best)):
                best, best_level = top, m.level
        if best is None:
            for m in a.memberships:
                m.line.append(m)
            return
        _leave(best)
        self._offer(best, a, best.queue, at)

    def _pick_agent(self, q: QueueState, c: Contact) -> Agent | None:
        """The ready agent the queue's agent choice gives ``c`` to, if any."""
        choice = q.choice
        declined = c.declined
        best: Agent | None = None
        for k in range(len(q.levels)):
            cand = _first(q.own_lines[k], declined, choice)
            if cand is not None and (best is None or _better(cand, best, choice)):
                best = cand
            if c.widened:
                cand = _first(q.other_lines[k], declined, choice)
                if cand is not None and (best is None or _better(cand, best, choice)):
                    best = cand
            if best is not None and choice != LONGEST_IDLE_ANY_LEVEL:
                return best
        return best


def _is_id(value: object) -> TypeGuard[ContactId]:
    """Is ``value`` a contact id: a whole number or a text (not a truth value)?"""
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def _contact_id(value: object) -> ContactId:
    if not _is_id(value):
        raise RoutingError(f"a contact is named by a whole number or a text, got {value!r}")
    return value


def _leave(c: Contact) -> None:
    """``c`` stops waiting in its queue (answered, moved on or gone)."""
    q = c.queue
    if c.place >= 0:
        q.waiting.remove(c)
    if c.wplace >= 0:
        q.widened.remove(c)


def _first_not_declined(waiting: list[Contact], agent: AgentId) -> Contact | None:
    for c in waiting:
        if c.declined is None or agent not in c.declined:
            return c
    return None


def _first(line: ReadyLine, declined: set[AgentId] | None, choice: int) -> Agent | None:
    """The first agent of the line (the lowest login order for ``ordered``) who has not
    declined the contact."""
    m = line.first
    if choice != ORDERED:
        while m is not None and declined is not None and m.agent.id in declined:
            m = m.next
        return None if m is None else m.agent
    best: Agent | None = None
    while m is not None:
        a = m.agent
        if (declined is None or a.id not in declined) and (best is None or a.order < best.order):
            best = a
        m = m.next
    return best


def _better(a: Agent, b: Agent, choice: int) -> bool:
    if choice == ORDERED:
        return a.order < b.order
    return a.idle_since < b.idle_since
