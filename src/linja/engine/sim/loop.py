"""One replication: the discrete-event loop that drives :class:`Router` on a simulated clock.

Arrivals, handle times and patience are drawn up front with NumPy; the loop then walks
the arrivals in order, merged with a heap of everything else that is due (ends of
contacts, abandonments, the router's timers, shift changes). Offers are answered at
once. The router decides everything about routing: the loop only plays the callers and
the agents.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from heapq import heapify, heappop, heappush
from itertools import count
from typing import Any

import numpy as np

from linja.engine.routing.config import RoutingConfig
from linja.engine.routing.decisions import (
    OFFER_TIMEOUT,
    Decision,
    Offer,
    OfferCallback,
    Rejected,
    Timer,
)
from linja.engine.routing.router import Router
from linja.engine.sim.distributions import arrival_times, sample
from linja.engine.sim.model import AgentGroup, ReplayArrivals, Scenario
from linja.engine.sim.roster import LOGIN, LOGOUT, PAUSE, RESUME, shift_events

# heap entry kinds (roster kinds come from linja.engine.sim.roster)
END = 1
ABANDON = 2
TIMER = 3
ARRIVE = 4
# contact status
WAITING = 0
ANSWERED = 1
DONE = 2
PROGRESS_EVERY = 20_000
NAN = math.nan
INF = math.inf


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
    """Run one replication; ``progress(n)`` is called every so often with new arrivals."""
    rng = np.random.default_rng([seed, replication])
    chance = random.Random(seed * 1_000_003 + replication)
    t0 = scenario.start.timestamp()
    t_end = t0 + scenario.hours * 3600.0
    specs = scenario.queues
    router = Router(RoutingConfig(tuple(q.rules for q in specs)))

    # draw arrivals, handle times, patience and callers, queue by queue
    parts = [arrival_times(q.arrivals, t0, t_end, rng, scenario.timezone) for q in specs]
    times = np.concatenate(parts) if parts else np.empty(0)
    qs = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)])
    order = np.argsort(times, kind="stable")
    times, qs = times[order], qs[order]
    n = len(times)
    handle = np.empty(n)
    patience = np.full(n, INF)
    callers: list[str | None] = [None] * n
    for i, q in enumerate(specs):
        mask = qs == i
        k = int(mask.sum())
        handle[mask] = sample(q.handle, rng, k)
        if q.patience is not None:
            patience[mask] = sample(q.patience, rng, k)
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

    arr = times.tolist()
    queue_of = qs.tolist()
    queue_id = [q.rules.id for q in specs]
    index_of = {q: i for i, q in enumerate(queue_id)}
    pools: list[list[float]] = [[] for _ in specs]  # handle times drawn ahead, per queue
    handle_of = handle.tolist()
    patience_of = patience.tolist()
    answered = [NAN] * n
    ended = [NAN] * n
    agent_of: list[str | None] = [None] * n
    answered_q: list[str | None] = [None] * n
    callback = [False] * n
    closed = [False] * n
    redialled = [False] * n
    status = [WAITING] * n

    seq = count()
    heap: list[tuple[float, int, int, Any]] = []
    agents = _agents(scenario)
    for aid, g in agents:
        group = scenario.agents[g]
        if not group.shifts:
            router.login(t0, aid, dict(group.skills), group.organisation)
            router.ready(t0, aid)
            continue
        for at, kind, reason in shift_events(group.shifts, t0, t_end, scenario.timezone):
            heap.append((at, next(seq), kind, (aid, g, reason)))
    heapify(heap)

    accept = router.accept
    arrive = router.arrive
    end = router.end
    timer_due = router.timer_due

    def redial(c: int, t: float, after: str) -> None:
        spec = specs[queue_of[c]].redial
        if spec is None:
            return
        p = spec.after_abandon if after == "abandon" else spec.after_answer
        if p <= 0 or chance.random() >= p:
            return
        if after == "answer":
            redialled[c] = True
        at = t + float(sample(spec.delay, rng, 1)[0])
        new = len(arr)
        arr.append(at)
        queue_of.append(queue_of[c])
        q = specs[queue_of[c]]
        handle_of.append(float(sample(q.handle, rng, 1)[0]))
        patience_of.append(INF if q.patience is None else float(sample(q.patience, rng, 1)[0]))
        callers.append(callers[c])
        answered.append(NAN)
        ended.append(NAN)
        agent_of.append(None)
        answered_q.append(None)
        callback.append(False)
        closed.append(False)
        redialled.append(False)
        status.append(WAITING)
        heappush(heap, (at, next(seq), ARRIVE, new))

    def carry_out(decisions: list[Decision], t: float) -> None:
        d: Any
        for d in decisions:
            kind = d.__class__
            if kind is Offer:
                c = d.contact
                accept(t, c, d.agent)
                answered[c] = t
                status[c] = ANSWERED
                agent_of[c] = d.agent
                answered_q[c] = d.queue
                h = handle_of[c]
                if d.queue != queue_id[queue_of[c]]:  # answered elsewhere: that queue's time
                    pool = pools[index_of[d.queue]]
                    if not pool:
                        pool.extend(sample(specs[index_of[d.queue]].handle, rng, 4096).tolist())
                    h = pool.pop()
                heappush(heap, (t + h, next(seq), END, c))
            elif kind is Timer:
                if d.kind != OFFER_TIMEOUT:
                    heappush(heap, (d.at, next(seq), TIMER, d))
            elif kind is Rejected:
                c = d.contact
                status[c] = DONE
                ended[c] = t
                if d.reason == "closed":
                    closed[c] = True
            elif kind is OfferCallback:
                c = d.contact
                if chance.random() < specs[queue_of[c]].callback_accept:
                    router.callback(t, c)
                    callback[c] = True

    def arrival(c: int, t: float) -> None:
        carry_out(arrive(t, c, queue_id[queue_of[c]], None, callers[c]), t)
        if status[c] == WAITING and patience_of[c] < INF and not callback[c]:
            heappush(heap, (t + patience_of[c], next(seq), ABANDON, c))

    i = 0
    events = 0
    next_t = arr[0] if n else INF
    last = t0
    while True:
        if heap and heap[0][0] <= next_t:
            t, _, kind, x = heappop(heap)
            events += 1
            if kind == END:
                ended[x] = t
                status[x] = DONE
                carry_out(end(t, x), t)
                redial(x, t, "answer")
            elif kind == TIMER:
                carry_out(timer_due(t, x), t)
            elif kind == ABANDON:
                if status[x] == WAITING and not callback[x]:
                    status[x] = DONE
                    ended[x] = t
                    carry_out(end(t, x), t)
                    redial(x, t, "abandon")
            elif kind == ARRIVE:
                arrival(x, t)
            else:
                aid, g, reason = x
                carry_out(_roster(router, kind, t, aid, scenario.agents[g], reason), t)
            last = t
        elif i < n:
            t = next_t
            arrival(i, t)
            i += 1
            events += 1
            next_t = arr[i] if i < n else INF
            if progress is not None and i % PROGRESS_EVERY == 0:
                progress(PROGRESS_EVERY)
            last = t
        else:
            break
    if progress is not None:
        progress(n % PROGRESS_EVERY)
    for c, s in enumerate(status):  # still waiting when the last agent went home
        if s == WAITING:
            ended[c] = max(last, arr[c])
    return Outcome(queue_of, arr, answered, ended, agent_of, answered_q, callers, callback,
                   redialled, closed, events)  # fmt: skip


def _roster(
    router: Router, kind: int, t: float, aid: str, group: AgentGroup, reason: str | None
) -> list[Decision]:
    if kind == LOGIN:
        router.login(t, aid, dict(group.skills), group.organisation)
        return router.ready(t, aid)
    if kind == LOGOUT:
        return router.logout(t, aid)
    if kind == PAUSE:
        return router.pause(t, aid, reason or "pause")
    if kind == RESUME:
        return router.ready(t, aid)
    raise ValueError(f"unknown roster event {kind}")
