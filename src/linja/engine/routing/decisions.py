"""What the router decides: values the caller carries out (the live service or the simulator).

Decisions are small named tuples so that the simulator can create millions of them.
A caller acts on the ones it knows and may ignore the rest (the simulator, which
answers every offer at once, has no use for an offer's timeout).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

ContactId = int | str
AgentId = str

# what a timer is for
OVERFLOW = 1
WIDEN = 2
ANNOUNCE = 3
OFFER_TIMEOUT = 4
WRAPUP = 5


class Timer(NamedTuple):
    """A timer the router asked for; give it back in ``timer_due`` when ``at`` comes.

    ``ticket`` tells the router whether the timer still matters: a timer whose subject
    has moved on since is ignored, so a caller never needs to cancel one.
    """

    at: float
    kind: int
    subject: ContactId
    ticket: int


class Offer(NamedTuple):
    """Ring agent ``agent`` with ``contact`` from ``queue``; answer by ``timeout_at``."""

    contact: ContactId
    agent: AgentId
    queue: str
    timeout_at: float | None


class OfferWithdrawn(NamedTuple):
    """Stop ringing: the caller left or the agent went away before answering."""

    contact: ContactId
    agent: AgentId
    reason: str


class Moved(NamedTuple):
    """``contact`` now waits in ``target`` (overflow, closed, full or transfer)."""

    contact: ContactId
    source: str
    target: str
    reason: Literal["overflow", "closed", "full", "transfer"]


class Widened(NamedTuple):
    """Agents of other organisations may now take ``contact`` (the shared queue)."""

    contact: ContactId
    queue: str


class Announce(NamedTuple):
    """Tell the waiting caller something.

    ``kind``: ``queued`` on entering a queue, ``position`` on each periodic update.
    ``message`` is the queue's active incident message, if any (played every time).
    """

    contact: ContactId
    queue: str
    kind: Literal["queued", "position"]
    position: int
    expected_wait: float
    message: str | None


class OfferCallback(NamedTuple):
    """Offer to call back instead of waiting; the caller keeps the place in the queue."""

    contact: ContactId
    queue: str
    expected_wait: float


class Rejected(NamedTuple):
    """The contact cannot be taken: play ``message`` and, if given, send it to ``number``."""

    contact: ContactId
    queue: str
    reason: Literal["closed", "full"]
    message: str | None
    number: str | None


class AgentChanged(NamedTuple):
    """The router changed an agent's state on its own (after wrap-up, an unanswered offer,
    a pause or log-out that waited for the contact to end)."""

    agent: AgentId
    state: str
    reason: str | None


Decision = (
    Offer | OfferWithdrawn | Moved | Widened | Announce | OfferCallback | Rejected
    | AgentChanged | Timer
)  # fmt: skip
