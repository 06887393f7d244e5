"""One replication: the discrete-event loop that drives :class:`Router` on a simulated clock.

Arrivals, handle times and patience are drawn up front with NumPy; the loop then walks
the arrivals in order, merged with a heap of everything else that is due (ends of
contacts, abandonments, the router's timers, shift changes). Offers are answered at
once. The router decides everything about routing: the loop only plays the callers and
the agents.
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, cast

import numpy as np

from linja.engine.routing.config import RoutingConfig
from linja.engine.routing.decisions import (
    OFFER_TIMEOUT,
    ContactId,
    Decision,
    Offer,
    OfferCallback,
    Rejected,
    Timer,
)
from linja.engine.routing.router import Router
from linja.engine.sim.agenda import Agenda, Event
from linja.engine.sim.distributions import Floats, arrival_times, sample
from linja.engine.sim.model import AgentGroup, ReplayArrivals, Scenario
from linja.engine.sim.roster import LOGIN, LOGOUT, PAUSE, RESUME, shift_events

# agenda event kinds (roster kinds come from linja.engine.sim.roster)
END: Final = 1
ABANDON: Final = 2
TIMER: Final = 3
ARRIVE: Final = 4
PROGRESS_EVERY: Final = 20_000
CHUNK: Final = 4096  # draws turned into Python floats at a time
NAN: Final = math.nan
# "not yet" in the lists of answer and end instants: one NaN object, so that a contact
# still waiting is told by identity (``is NOT_YET``) without a list of its own
NOT_YET: Final[object] = math.nan
INF: Final = math.inf


@dataclass
class Outcome:
    """What happened to every contact of one replication, one list entry per contact."""

    queue: list[int]  # entry queue (index into scenario.queues)
    arrived: list[float]
    answered: list[float]  # NaN: not answered
    ended: list[float]
    agent: list[str | None]
    answered_queue: list[str | None]
    caller: list[str | None]
    callback: list[bool]
    redialled: list[bool]  # an answered caller who called again (matter not settled)
    closed: list[bool]  # found every queue on its way closed: never entered one
    events: int


def _agents(scenario: Scenario) -> list[tuple[str, int]]:
    """(agent id, group index) for every agent."""
    return [
        (f"{g.group}-{k + 1}", i) for i, g in enumerate(scenario.agents) for k in range(g.count)
    ]


def simulate(
    scenario: Scenario,
    seed: int,
    replication: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Run one replication; ``progress(n)`` is called every so often with new arrivals.

    The garbage collector rests meanwhile: a replication makes millions of small objects
    and no reference cycles that outlive it, so collecting would only cost time.
    """
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        return _simulate(scenario, seed, replication, progress)
    finally:
        if was_collecting:
            gc.enable()


def _simulate(
    scenario: Scenario, seed: int, replication: int, progress: Callable[[int], None] | None
) -> Outcome:
    rng = np.random.default_rng([seed, replication])
    chance = random.Random(seed * 1_000_003 + replication)
    t0 = scenario.start.timestamp()
    t_end = t0 + scenario.hours * 3600.0
    specs = scenario.queues
    router = Router(RoutingConfig(tuple(q.rules for q in specs)))

    # draw arrivals, handle times, patience and callers, queue by queue
    parts = [arrival_times(q.arrivals, t0, t_end, rng, scenario.timezone) for q in specs]
    if len(parts) == 1:  # nothing to merge
        times = parts[0]
        qs = np.zeros(len(times), dtype=np.int64)
    else:
        times = np.concatenate(parts) if parts else np.empty(0)
        qs = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)])
        order = np.argsort(times, kind="stable")
        times, qs = times[order], qs[order]
    n = len(times)
    handle = np.empty(n)
    patience = np.full(n, INF)
    callers: list[str | None] = [None] * n
    for i, q in enumerate(specs):
        alone = len(specs) == 1
        mask = qs == i
        k = n if alone else int(mask.sum())
        if alone:
            handle = sample(q.handle, rng, k)
        else:
            handle[mask] = sample(q.handle, rng, k)
        if q.patience is not None:
            if alone:
                patience = sample(q.patience, rng, k)
            else:
                patience[mask] = sample(q.patience, rng, k)
        if (
            q.callers <= 0
            and q.redial is None
            and not (isinstance(q.arrivals, ReplayArrivals) and q.arrivals.callers)
        ):
            continue  # every contact a new, unknown caller
        positions = np.flatnonzero(mask)
        if q.callers > 0:
            who = rng.integers(0, q.callers, k)
            for p, w in zip(positions.tolist(), who.tolist(), strict=True):
                callers[p] = f"r{replication}/{q.rules.unit}/{w}"
        elif q.redial is not None:
            for p in positions.tolist():
                callers[p] = f"r{replication}/{q.rules.unit}/n{p}"
        if isinstance(q.arrivals, ReplayArrivals) and q.arrivals.callers:
            # the queue's arrivals keep their order in the merge (a stable sort), so the
            # callers of the replayed instants inside the run line up with its positions
            given = np.asarray(q.arrivals.times, dtype=np.float64)
            inside = np.flatnonzero((given >= t0) & (given < t_end))
            order = inside[np.argsort(given[inside], kind="stable")]
            for p, k in zip(positions.tolist(), order.tolist(), strict=True):
                callers[p] = q.arrivals.callers[k]

    queue_of = [0] * n if len(specs) == 1 else qs.tolist()
    run = _Run(scenario, router, rng, chance, times.tolist(), queue_of, handle, patience,
               callers)  # fmt: skip
    for aid, g in _agents(scenario):
        group = scenario.agents[g]
        if not group.shifts:
            router.login(t0, aid, dict(group.skills), group.organisation, auto_answer=True)
            router.ready(t0, aid)
            continue
        for at, kind, reason in shift_events(group.shifts, t0, t_end, scenario.timezone):
            run.agenda.add(at, kind, roster=(aid, g, reason))
            run.roster_left += 1
    run.loop(progress)
    arr = run.arrived
    if len(router.contacts):  # some still wait: the last agent went home before them
        for c in range(len(arr)):
            if run.waiting(c):
                run.ended[c] = max(run.last, arr[c])
    answered = cast(list[float], run.answered)
    ended = cast(list[float], run.ended)
    return Outcome(run.queue_of, arr, answered, ended, run.agent_of, run.answered_q,
                   run.callers, run.callback, run.redialled, run.closed, run.events)  # fmt: skip


class _Run:
    """The state of one replication while its loop runs: the callers' side of every
    contact, one list entry per contact, and the agenda."""

    def __init__(
        self, scenario: Scenario, router: Router, rng: np.random.Generator,
        chance: random.Random, arrived: list[float], queue_of: list[int], handle: Floats,
        patience: Floats, callers: list[str | None],
    ) -> None:  # fmt: skip
        self.scenario = scenario
        self.specs = scenario.queues
        self.router = router
        self.rng = rng
        self.chance = chance
        self.agenda = Agenda()
        self.arrived = arrived
        self.queue_of = queue_of
        # each arrival's handle time and patience, drawn up front (the same caller is as
        # patient in every scenario run with the same seed) and read in order, a chunk at a
        # time; a caller who redials has theirs in ``later``
        self.handle_draws = handle
        self.patience_draws = patience
        self.chunk_start = 0
        self.handle_chunk: list[float] = []
        self.patience_chunk: list[float] = []
        self.later: dict[int, tuple[float, float]] = {}
        self.arriving = -1  # the contact arriving now, and its handle time
        self.arriving_handle = 0.0
        self.callers = callers
        n = len(arrived)
        self.n = n
        # instants, as floats; typed as objects so that one boxed instant serves them all
        self.answered: list[object] = [NOT_YET] * n
        self.ended: list[object] = [NOT_YET] * n
        self.agent_of: list[str | None] = [None] * n
        self.answered_q: list[str | None] = [None] * n
        self.callback = [False] * n
        self.closed = [False] * n
        self.redialled = [False] * n  # an answered caller who called again
        # each waiting caller's event: their abandonment in the agenda (or, for a caller
        # who never gives up, an event outside it), which carries the handle time and
        # becomes the end of the contact when an agent answers
        self.giving_up: list[Event | None] = [None] * n
        self.queue_id = [q.rules.id for q in self.specs]
        self.redials = [q.redial for q in self.specs]
        self.redialling = any(r is not None for r in self.redials)
        self.callback_accept = [q.callback_accept for q in self.specs]
        self.index_of = {q: i for i, q in enumerate(self.queue_id)}
        self.pools: list[list[float]] = [[] for _ in self.specs]  # handle times drawn ahead
        self.events = 0
        self.last = scenario.start.timestamp()
        self.roster_left = 0  # shift events still in the agenda
        self.redials_left = 0  # callers calling again, still in the agenda

    def loop(self, progress: Callable[[int], None] | None) -> None:
        agenda = self.agenda
        router = self.router
        arrived = self.arrived
        boxes = cast(list[object], arrived)  # the same list: its items as they are, boxed
        n = self.n
        i = 0
        next_t = arrived[0] if n else INF
        while True:
            if agenda.items and agenda.items[0].due <= next_t:
                e = agenda.pop()
                t = e.due
                kind = e.kind
                cid = e.contact  # kept boxed: the router's contacts are keyed by it
                self.events += 1
                self.last = t
                if kind == END:
                    agenda.recycle(e)
                    x = cast(int, cid)  # the same contact as a list index
                    now: object = t  # boxed once for every list that records it
                    self.ended[x] = now
                    self.carry_out(router.end(t, cid), t, now)
                    if self.redialling:
                        self.redial(x, t, False)
                elif kind == ABANDON:
                    x = cast(int, cid)
                    if self.waiting(x) and self.callback[x]:
                        continue  # waits for the callback: e keeps its handle time
                    self.giving_up[x] = None
                    agenda.recycle(e)
                    if self.waiting(x):
                        now = t
                        self.ended[x] = now
                        self.carry_out(router.end(t, cid), t, now)
                        if self.redialling:
                            self.redial(x, t, True)
                elif kind == TIMER:
                    timer = e.timer
                    assert timer is not None
                    agenda.recycle(e)
                    if i < n or self.redials_left or self.roster_left or router.agents:
                        self.carry_out(router.timer_due(t, timer), t, t)
                    # else: no agent is left, nor will come, nor will a caller: the timers
                    # (announcements, overflow) would only go round for callers who wait
                    # for ever; their contacts end unanswered with the run
                elif kind == ARRIVE:
                    agenda.recycle(e)
                    self.redials_left -= 1
                    self.arrival(cast(int, cid), t, t)
                else:
                    roster = e.roster
                    assert roster is not None
                    agenda.recycle(e)
                    self.roster_left -= 1
                    aid, g, reason = roster
                    self.carry_out(
                        _roster(router, kind, t, aid, self.scenario.agents[g], reason), t, t
                    )
            elif i < n:
                t = next_t
                self.arrival(i, t, boxes[i])
                i += 1
                self.events += 1
                next_t = arrived[i] if i < n else INF
                if progress is not None and i % PROGRESS_EVERY == 0:
                    progress(PROGRESS_EVERY)
                self.last = t
            else:
                break
        if progress is not None:
            progress(n % PROGRESS_EVERY)

    def waiting(self, c: int) -> bool:
        """Has contact ``c`` been neither answered nor ended yet?"""
        return self.answered[c] is NOT_YET and self.ended[c] is NOT_YET

    def arrival(self, c: int, t: float, now: object) -> None:
        """Contact ``c`` arrives at ``t`` (``now``: the same instant, boxed)."""
        if c < self.n:
            k = c - self.chunk_start
            if k >= len(self.handle_chunk):
                self.chunk_start = c
                k = 0
                self.handle_chunk = self.handle_draws[c : c + CHUNK].tolist()
                self.patience_chunk = self.patience_draws[c : c + CHUNK].tolist()
            handle = self.handle_chunk[k]
            patience = self.patience_chunk[k]
        else:
            handle, patience = self.later.pop(c)
        cid: ContactId = c  # boxed once, for the router and the agenda
        q = self.queue_of[c]
        self.arriving = c
        self.arriving_handle = handle
        decisions = self.router.arrive(t, cid, self.queue_id[q], None, self.callers[c])
        self.carry_out(decisions, t, now)
        self.arriving = -1
        if self.waiting(c):
            if patience < INF and not self.callback[c]:
                e = self.agenda.add(t + patience, ABANDON, cid)
            else:  # never gives up: an event outside the agenda keeps the handle time
                e = Event(INF, -1, ABANDON, cid)
            e.handle = handle
            self.giving_up[c] = e

    def carry_out(self, decisions: list[Decision], t: float, now: object) -> None:
        """Play the decisions made at ``t`` (``now``: the same instant, boxed)."""
        for d in decisions:
            if isinstance(d, Offer):
                cid = d.contact  # kept boxed for the agenda
                c = cast(int, cid)  # agents answer by themselves (auto-answer): no accept
                self.answered[c] = now
                self.agent_of[c] = d.agent
                self.answered_q[c] = d.queue
                if c == self.arriving:
                    e = None
                    h = self.arriving_handle
                else:
                    e = self.giving_up[c]
                    assert e is not None
                    self.giving_up[c] = None
                    h = e.handle
                if d.queue != self.queue_id[self.queue_of[c]]:  # answered elsewhere: its time
                    h = self.handle_time(self.index_of[d.queue])
                if e is None:
                    self.agenda.add(t + h, END, cid)
                else:  # the caller's abandonment becomes the end of the contact
                    self.agenda.schedule(e, t + h, END)
            elif isinstance(d, Timer):
                if d.kind != OFFER_TIMEOUT:
                    self.agenda.add(d.at, TIMER, timer=d)
            elif isinstance(d, Rejected):
                c = cast(int, d.contact)
                self.ended[c] = now
                if d.reason == "closed" and c == self.arriving:
                    self.closed[c] = True  # turned away on arrival: it never entered a queue
            elif isinstance(d, OfferCallback):
                c = cast(int, d.contact)
                if self.chance.random() < self.callback_accept[self.queue_of[c]]:
                    self.router.callback(t, d.contact)
                    self.callback[c] = True

    def handle_time(self, q: int) -> float:
        """A handle time of queue ``q``'s kind, for a contact answered there."""
        pool = self.pools[q]
        if not pool:
            pool.extend(sample(self.specs[q].handle, self.rng, 4096).tolist())
        return pool.pop()

    def redial(self, c: int, t: float, abandoned: bool) -> None:
        """The caller of ``c`` may call again, as the queue's redial rule says."""
        spec = self.redials[self.queue_of[c]]
        if spec is None:
            return
        p = spec.after_abandon if abandoned else spec.after_answer
        if p <= 0 or self.chance.random() >= p:
            return
        if not abandoned:
            self.redialled[c] = True
        rng = self.rng
        at = t + float(sample(spec.delay, rng, 1)[0])
        new = len(self.arrived)
        q = self.specs[self.queue_of[c]]
        self.arrived.append(at)
        self.queue_of.append(self.queue_of[c])
        handle = float(sample(q.handle, rng, 1)[0])
        self.later[new] = (
            handle,
            INF if q.patience is None else float(sample(q.patience, rng, 1)[0]),
        )
        self.callers.append(self.callers[c])
        self.answered.append(NOT_YET)
        self.ended.append(NOT_YET)
        self.agent_of.append(None)
        self.answered_q.append(None)
        self.callback.append(False)
        self.closed.append(False)
        self.redialled.append(False)
        self.giving_up.append(None)
        self.agenda.add(at, ARRIVE, new)
        self.redials_left += 1


def _roster(
    router: Router, kind: int, t: float, aid: str, group: AgentGroup, reason: str | None
) -> list[Decision]:
    if kind == LOGIN:
        router.login(t, aid, dict(group.skills), group.organisation, auto_answer=True)
        return router.ready(t, aid)
    if kind == LOGOUT:
        return router.logout(t, aid)
    if kind == PAUSE:
        return router.pause(t, aid, reason or "pause")
    if kind == RESUME:
        return router.ready(t, aid)
    raise ValueError(f"unknown roster event {kind}")
