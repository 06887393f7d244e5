"""A timer that no longer matters (``Router.matters``) may be dropped instead of given
back: a router that drops them decides exactly as one that is given every timer, on any
event sequence (Hypothesis) — what lets the live service leave them out of its log."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from tests.engine.test_routing_properties import EVENTS, RULES, Driver, check

from linja.engine.routing import Announce, QueueRules, Router, RoutingConfig, Timer
from linja.engine.routing.decisions import ANNOUNCE, OFFER_TIMEOUT, WIDEN, WRAPUP


class Recording(Driver):
    """A driver that keeps every decision, and with ``drop`` leaves out the timers that
    no longer matter instead of giving them back."""

    def __init__(self, rules: tuple[QueueRules, ...], drop: bool) -> None:
        super().__init__(rules)
        self.drop = drop
        self.decided: list[tuple[str, tuple[object, ...]]] = []
        self.dropped = 0

    def apply(self, decisions: list[Any]) -> None:
        self.decided += [(type(d).__name__, d.values()) for d in decisions]
        super().apply(decisions)

    def advance(self, dt: float) -> None:
        if self.drop:
            stale = [t for t in self.timers if t.at <= self.now + dt
                     and not self.router.matters(t)]  # fmt: skip
            self.dropped += len(stale)
            self.timers = [t for t in self.timers if t not in stale]
        super().advance(dt)


def seen(router: Router) -> tuple[object, ...]:
    contacts = sorted(
        (str(c.id), router.contact_state(c.id), c.queue.id, router.position(c.id),
         None if c.agent is None else c.agent.id)
        for c in router.contacts.values()
    )  # fmt: skip
    agents = sorted((a, router.agent_state(a)) for a in router.agents)
    return tuple(contacts), tuple(agents)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=RULES, ops=EVENTS)
def test_dropping_the_timers_that_no_longer_matter_changes_no_decision(
    rules: tuple[QueueRules, ...], ops: list[tuple[Any, ...]]
) -> None:
    given_all, dropping = Recording(rules, drop=False), Recording(rules, drop=True)
    for name, *args in ops:
        for driver in (given_all, dropping):
            getattr(driver, name)(*args)
        check(dropping)
        assert dropping.decided == given_all.decided
        assert seen(dropping.router) == seen(given_all.router)


def _router(offer_timeout: float | None = 8.0, wrapup: float = 0.0) -> Router:
    rules = QueueRules(id="a", offer_timeout_seconds=offer_timeout, wrapup_seconds=wrapup)
    router = Router(RoutingConfig((rules,)))
    router.login(0.0, "x", {"a": 1}, "", False)
    router.ready(0.0, "x")
    return router


def _timers(decisions: list[Any], kind: int) -> list[Timer]:
    return [d for d in decisions if isinstance(d, Timer) and d.kind == kind]


def test_an_offer_time_out_matters_until_the_offer_is_answered() -> None:
    router = _router()
    (timeout,) = _timers(router.arrive(1.0, 1, "a", None, "k"), OFFER_TIMEOUT)
    assert timeout.at == 9.0 and router.matters(timeout)
    router.accept(2.0, 1, "x")
    assert not router.matters(timeout)
    assert router.timer_due(9.0, timeout) == []
    assert router.contact_state(1) == "busy"


def test_an_offer_time_out_not_answered_puts_the_contact_back() -> None:
    router = _router()
    (timeout,) = _timers(router.arrive(1.0, 1, "a", None, "k"), OFFER_TIMEOUT)
    router.timer_due(9.0, timeout)
    assert router.contact_state(1) == "waiting" and not router.matters(timeout)


def test_a_wrap_up_matters_until_the_agent_is_ready_again() -> None:
    router = _router(offer_timeout=None, wrapup=30.0)
    router.arrive(1.0, 1, "a", None, "k")
    router.accept(2.0, 1, "x")
    (wrapup,) = _timers(router.end(50.0, 1), WRAPUP)
    assert wrapup.at == 80.0 and router.matters(wrapup)
    router.wrapup_done(60.0, "x")
    assert not router.matters(wrapup)


def test_an_announcement_due_while_ringing_still_matters_it_is_played_on_coming_back() -> None:
    rules = QueueRules(id="a", offer_timeout_seconds=None, announce_every_seconds=15.0)
    router = Router(RoutingConfig((rules,)))
    router.login(0.0, "x", {"a": 1}, "", False)
    (announce,) = _timers(router.arrive(0.0, 1, "a", None, "k"), ANNOUNCE)  # nobody ready
    router.ready(10.0, "x")  # the call rings at x
    assert announce.at == 15.0 and router.contact_state(1) == "offered" and router.matters(announce)
    router.timer_due(15.0, announce)  # due while it rings: missed
    back = router.decline(20.0, 1, "x")  # back in the queue: the caller hears where they are
    assert [(d.kind, d.position) for d in back if isinstance(d, Announce)] == [("position", 1)]


def test_a_queue_timer_due_while_ringing_still_matters_the_contact_may_come_back() -> None:
    rules = QueueRules(id="a", offer_timeout_seconds=8.0, overflow=None, widen_after_seconds=30.0)
    router = Router(RoutingConfig((rules,)))
    router.login(0.0, "x", {"a": 1}, "", False)
    (widen,) = _timers(router.arrive(0.0, 1, "a", None, "k"), WIDEN)  # nobody ready: waits
    (timeout,) = _timers(router.ready(25.0, "x"), OFFER_TIMEOUT)  # rings at x from 25 s
    assert router.matters(widen)  # due at 30 s while it rings: it may come back
    router.timer_due(33.0, timeout)  # not answered: back in the queue, the same ticket
    assert router.contact_state(1) == "waiting" and router.matters(widen)
