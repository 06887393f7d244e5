"""Invariants of the router on random event sequences (Hypothesis).

Whatever happens, in any order — new rules for the queues while running among it: no
contact is lost or duplicated; no agent holds two offers or contacts; contacts of one
priority leave a queue in the order they arrived; and no contact waits while an agent who
may take it is ready.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linja.engine.routing import (
    Moved,
    Offer,
    OfferWithdrawn,
    Overflow,
    QueueRules,
    Rejected,
    Router,
    RoutingConfig,
    Timer,
)
from linja.engine.routing.decisions import OFFER_TIMEOUT
from linja.engine.routing.lines import ahead
from linja.engine.routing.state import AGENT_BUSY, AGENT_OFFERED, BUSY, OFFERED, READY, WAITING

QUEUES = ("a", "b", "c")
AGENTS = ("x", "y", "z", "w")
ORGS = ("north", "south")


@st.composite
def queue_rules(draw: Any, qid: str) -> QueueRules:
    others = [q for q in QUEUES if q > qid]  # overflow only "downwards": no loops
    overflow = None
    if others and draw(st.booleans()):
        overflow = Overflow(draw(st.sampled_from([5.0, 20.0])), draw(st.sampled_from(others)))
    return QueueRules(
        id=qid,
        organisation=draw(st.sampled_from(["", *ORGS])),
        priority=draw(st.integers(0, 1)),
        agent_choice=draw(st.sampled_from(["longest_idle", "longest_idle_any_level", "ordered"])),
        overflow=overflow,
        widen_after_seconds=draw(st.sampled_from([None, 0.0, 10.0])),
        max_waiting=draw(st.sampled_from([None, 1, 3])),
        wrapup_seconds=draw(st.sampled_from([0.0, 5.0])),
        offer_timeout_seconds=draw(st.sampled_from([None, 8.0])),
        announce_every_seconds=draw(st.sampled_from([None, 15.0])),
        callback_after_seconds=draw(st.sampled_from([None, 30.0])),
    )


class Driver:
    """Plays events on a router like the live service would, checking as it goes."""

    def __init__(self, rules: tuple[QueueRules, ...]) -> None:
        self.router = Router(RoutingConfig(rules))
        self.now = 0.0
        self.next_id = 0
        self.timers: list[Timer] = []
        self.live: set[int] = set()  # contacts the router should still hold
        self.finished: set[int] = set()
        self.offers: dict[int, str] = {}  # contact -> agent ringing

    # -- carrying out decisions ------------------------------------------------------
    def apply(self, decisions: list[Any]) -> None:
        for d in decisions:
            if isinstance(d, Timer):
                self.timers.append(d)
            elif isinstance(d, Offer):
                assert d.contact in self.live, f"offer of unknown contact {d.contact}"
                assert d.contact not in self.offers, f"contact {d.contact} offered twice"
                assert d.agent not in self.offers.values(), f"agent {d.agent} has two offers"
                if self.router.agents[d.agent].auto_answer:  # connected at once, no accept
                    assert self.router.contact_state(d.contact) == "busy"
                    assert d.timeout_at is None
                    self._check_fifo(d)
                    continue
                self.offers[d.contact] = d.agent
                self._check_fifo(d)
            elif isinstance(d, OfferWithdrawn):
                assert self.offers.pop(d.contact) == d.agent
            elif isinstance(d, Rejected):
                self.live.discard(d.contact)
                self.finished.add(d.contact)
            elif isinstance(d, Moved):
                assert d.contact in self.live

    def _check_fifo(self, offer: Offer) -> None:
        """No contact still waiting in the offer's queue was ahead of the offered one
        (same or higher priority, earlier) and open to the same agent."""
        r = self.router
        c = r.contacts[offer.contact]
        agent = r.agents[offer.agent]
        q = r.queues[offer.queue]
        for other in r.contacts.values():
            if other.state != WAITING or other.queue is not q:
                continue
            if not _eligible(agent, other):
                continue
            ahead = (-other.priority, other.seq) < (-c.priority, c.seq)
            assert not ahead, f"{other.id} was ahead of {c.id} in {q.id} for {agent.id}"

    # -- events ----------------------------------------------------------------------
    def advance(self, dt: float) -> None:
        self.now += dt
        while True:
            due = [t for t in self.timers if t.at <= self.now]
            if not due:
                break
            first = min(due, key=lambda t: t.at)
            self.timers.remove(first)
            if first.kind == OFFER_TIMEOUT and first.subject in self.offers:
                c = self.router.contacts.get(first.subject)
                if c is not None and c.state == OFFERED and c.offer_ticket == first.ticket:
                    self.offers.pop(first.subject)
            self.apply(self.router.timer_due(max(first.at, 0.0), first))

    def arrive(self, queue: str, priority: int | None) -> None:
        self.next_id += 1
        cid = self.next_id
        self.live.add(cid)
        self.apply(self.router.arrive(self.now, cid, queue, priority, caller=f"k{cid % 3}"))

    def abandon(self, pick: int) -> None:
        if not self.live:
            return
        cid = sorted(self.live)[pick % len(self.live)]
        self.live.discard(cid)
        self.finished.add(cid)
        self.apply(self.router.end(self.now, cid))

    def answer(self, pick: int, how: str) -> None:
        if not self.offers:
            return
        cid = sorted(self.offers)[pick % len(self.offers)]
        agent = self.offers.pop(cid)
        self.apply(getattr(self.router, how)(self.now, cid, agent))

    def busy_contact(self, pick: int, what: str) -> None:
        busy = sorted(c.id for c in self.router.contacts.values() if c.state == BUSY)
        if not busy:
            return
        cid = busy[pick % len(busy)]
        if what == "end":
            self.live.discard(cid)
            self.finished.add(cid)
            self.apply(self.router.end(self.now, cid))
        elif what == "transfer":
            self.apply(self.router.transfer(self.now, cid, queue=QUEUES[pick % 3]))
        else:
            ready = sorted(a.id for a in self.router.agents.values() if a.state == READY)
            if ready:
                self.apply(self.router.transfer(self.now, cid, agent=ready[pick % len(ready)]))

    def login(self, agent: str, skills: dict[str, int], org: str, auto_answer: bool) -> None:
        if agent not in self.router.agents:
            self.apply(self.router.login(self.now, agent, skills, org, auto_answer))

    def agent_event(self, agent: str, what: str) -> None:
        if agent not in self.router.agents:
            return
        if what == "pause":
            self.apply(self.router.pause(self.now, agent, "meeting"))
        else:
            self.apply(getattr(self.router, what)(self.now, agent))

    def callback(self, pick: int) -> None:
        waiting = sorted(c.id for c in self.router.contacts.values() if c.state == WAITING)
        if waiting:
            self.apply(self.router.callback(self.now, waiting[pick % len(waiting)]))

    def set_open(self, queue: str, is_open: bool | None) -> None:
        self.apply(self.router.set_open(self.now, queue, is_open))

    def reconfigure(self, rules: tuple[QueueRules, ...]) -> None:
        self.apply(self.router.reconfigure(self.now, RoutingConfig(rules)))

    # -- invariants ------------------------------------------------------------------
    def no_contact_lost_or_duplicated(self) -> None:
        r = self.router
        assert set(r.contacts) == self.live
        assert not (self.live & self.finished)
        for q in r.queues.values():
            for heap, place in ((q.waiting, "place"), (q.widened, "wplace")):
                ids = [c.id for c in heap.items]
                assert len(ids) == len(set(ids)), f"contact twice in queue {q.id}"
                assert all(c.queue is q and c.state == WAITING for c in heap.items)
                assert [getattr(c, place) for c in heap.items] == list(range(len(ids)))
                for i, c in enumerate(heap.items):  # the heap property
                    assert i == 0 or not ahead(c, heap.items[(i - 1) // 2])
            assert all(c.widened for c in q.widened.items)
        waiting = {c.id for c in r.contacts.values() if c.state == WAITING}
        in_heaps = {c.id for q in r.queues.values() for c in q.waiting.items}
        assert waiting == in_heaps
        offered = {c.id for c in r.contacts.values() if c.state == OFFERED}
        assert offered == set(self.offers)

    def no_agent_holds_two(self) -> None:
        r = self.router
        holders: dict[str, int] = {}
        for c in r.contacts.values():
            if c.state in (OFFERED, BUSY):
                assert c.agent is not None
                holders[c.agent.id] = holders.get(c.agent.id, 0) + 1
                assert c.agent.contact is c
                assert c.agent.state == (AGENT_OFFERED if c.state == OFFERED else AGENT_BUSY)
        assert all(n == 1 for n in holders.values()), holders
        for a in r.agents.values():
            in_ready = [a in m.line.agents() for m in a.memberships]
            assert in_ready == [m.listed for m in a.memberships]
            assert all(in_ready) if a.state == READY else not any(in_ready)

    def no_contact_waits_while_eligible_agent_ready(self) -> None:
        r = self.router
        ready = [a for a in r.agents.values() if a.state == READY]
        for c in r.contacts.values():
            if c.state != WAITING:
                continue
            for a in ready:
                assert not _eligible(a, c), f"{c.id} waits in {c.queue.id} while {a.id} is ready"


def _eligible(agent: Any, contact: Any) -> bool:
    for m in agent.memberships:
        if m.queue is contact.queue and (m.own or contact.widened):
            return contact.declined is None or agent.id not in contact.declined
    return False


def check(self: Driver) -> None:
    self.no_contact_lost_or_duplicated()
    self.no_agent_holds_two()
    self.no_contact_waits_while_eligible_agent_ready()


PICK = st.integers(0, 50)
OPS = st.one_of(
    st.tuples(st.just("advance"), st.sampled_from([0.0, 1.0, 4.0, 12.0, 40.0])),
    st.tuples(st.just("arrive"), st.sampled_from(QUEUES), st.sampled_from([None, 0, 2])),
    st.tuples(st.just("arrive"), st.sampled_from(QUEUES), st.just(None)),
    st.tuples(st.just("abandon"), PICK),
    st.tuples(st.just("answer"), PICK, st.sampled_from(["accept", "decline", "not_answered"])),
    st.tuples(st.just("answer"), PICK, st.just("accept")),
    st.tuples(
        st.just("busy_contact"), PICK, st.sampled_from(["end", "transfer", "transfer_agent"])
    ),
    st.tuples(
        st.just("login"),
        st.sampled_from(AGENTS),
        st.dictionaries(st.sampled_from(QUEUES), st.integers(1, 2), min_size=1),
        st.sampled_from(ORGS),
        st.booleans(),
    ),
    st.tuples(
        st.just("agent_event"),
        st.sampled_from(AGENTS),
        st.sampled_from(["ready", "ready", "pause", "logout", "wrapup_done"]),
    ),
    st.tuples(st.just("callback"), PICK),
    st.tuples(st.just("set_open"), st.sampled_from(QUEUES), st.sampled_from([True, False, None])),
    st.tuples(st.just("reconfigure"), st.tuples(*(queue_rules(q) for q in QUEUES))),
)


RULES = st.tuples(*(queue_rules(q) for q in QUEUES))
EVENTS = st.lists(OPS, min_size=40, max_size=160)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=RULES, ops=EVENTS)
def test_router_invariants_hold_on_any_event_sequence(
    rules: tuple[QueueRules, ...], ops: list[tuple[Any, ...]]
) -> None:
    driver = Driver(rules)
    for name, *args in ops:
        getattr(driver, name)(*args)
        check(driver)
