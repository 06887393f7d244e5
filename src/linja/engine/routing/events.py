"""What happens to the router: one value per event, for callers that keep events as data.

:meth:`Router.handle` takes any of these. The router also has one method per event
(``router.arrive(...)``), which is what :meth:`handle` calls; the simulator calls them
directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from linja.engine.routing.decisions import AgentId, ContactId, Timer


class ContactArrived(NamedTuple):
    at: float
    contact: ContactId
    queue: str
    priority: int | None = None
    caller: str | None = None


class ContactAbandoned(NamedTuple):
    at: float
    contact: ContactId


class OfferAccepted(NamedTuple):
    at: float
    contact: ContactId
    agent: AgentId


class OfferDeclined(NamedTuple):
    at: float
    contact: ContactId
    agent: AgentId


class OfferNotAnswered(NamedTuple):
    at: float
    contact: ContactId
    agent: AgentId


class ContactEnded(NamedTuple):
    at: float
    contact: ContactId


class WrapupDone(NamedTuple):
    at: float
    agent: AgentId


class AgentLoggedIn(NamedTuple):
    at: float
    agent: AgentId
    skills: Mapping[str, int]
    organisation: str = ""
    auto_answer: bool = False


class AgentReady(NamedTuple):
    at: float
    agent: AgentId


class AgentPaused(NamedTuple):
    at: float
    agent: AgentId
    reason: str


class AgentLoggedOut(NamedTuple):
    at: float
    agent: AgentId


class TimerDue(NamedTuple):
    at: float
    timer: Timer


class TransferRequested(NamedTuple):
    at: float
    contact: ContactId
    queue: str | None = None
    agent: AgentId | None = None


class CallbackRequested(NamedTuple):
    at: float
    contact: ContactId


class QueueOverride(NamedTuple):
    """A team lead opens (True) or closes (False) a queue, or returns it to its calendar (None)."""

    at: float
    queue: str
    open: bool | None


class QueueMessage(NamedTuple):
    """Set (or clear, with None) the queue's incident message played to waiting callers."""

    at: float
    queue: str
    message: str | None


Event = (
    ContactArrived | ContactAbandoned | OfferAccepted | OfferDeclined | OfferNotAnswered
    | ContactEnded | WrapupDone | AgentLoggedIn | AgentReady | AgentPaused | AgentLoggedOut
    | TimerDue | TransferRequested | CallbackRequested | QueueOverride | QueueMessage
)  # fmt: skip
