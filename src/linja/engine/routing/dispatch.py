"""``handle(router, event)``: the router's methods, for callers that keep events as values."""

from __future__ import annotations

from linja.engine.routing import events as ev
from linja.engine.routing.decisions import Decision
from linja.engine.routing.router import Router


def handle(router: Router, event: ev.Event) -> list[Decision]:
    """Apply one event to the router and return its decisions."""
    match event:
        case ev.ContactArrived(at, contact, queue, priority, caller):
            return router.arrive(at, contact, queue, priority, caller)
        case ev.ContactAbandoned(at, contact):
            return router.abandon(at, contact)
        case ev.OfferAccepted(at, contact, agent):
            return router.accept(at, contact, agent)
        case ev.OfferDeclined(at, contact, agent):
            return router.decline(at, contact, agent)
        case ev.OfferNotAnswered(at, contact, agent):
            return router.not_answered(at, contact, agent)
        case ev.ContactEnded(at, contact):
            return router.end(at, contact)
        case ev.WrapupDone(at, agent):
            return router.wrapup_done(at, agent)
        case ev.AgentLoggedIn(at, agent, skills, organisation, auto_answer):
            return router.login(at, agent, dict(skills), organisation, auto_answer)
        case ev.AgentReady(at, agent):
            return router.ready(at, agent)
        case ev.AgentPaused(at, agent, reason):
            return router.pause(at, agent, reason)
        case ev.AgentLoggedOut(at, agent):
            return router.logout(at, agent)
        case ev.TimerDue(at, timer):
            return router.timer_due(at, timer)
        case ev.TransferRequested(at, contact, queue, agent):
            return router.transfer(at, contact, queue, agent)
        case ev.CallbackRequested(at, contact):
            return router.callback(at, contact)
        case ev.QueueOverride(at, queue, is_open):
            return router.set_open(at, queue, is_open)
        case ev.QueueMessage(at, queue, message):
            return router.set_message(at, queue, message)
    raise TypeError(f"not a routing event: {event!r}")
