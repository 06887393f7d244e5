"""What the router decides: values the caller carries out (the live service or the simulator).

Each decision is a small immutable value: fields read by name, equal when its kind and
fields are equal, printable, hashable and picklable. They are plain classes rather than
named tuples or dataclasses because the simulator creates millions of them, and a plain
class is what the compiled engine (docs/simulation.md) creates fastest. A caller acts on
the ones it knows and may ignore the rest (the simulator, which answers every offer at
once, has no use for an offer's timeout).
"""

from __future__ import annotations

from typing import ClassVar, Final, Literal

ContactId = int | str
AgentId = str

# what a timer is for
OVERFLOW: Final = 1
WIDEN: Final = 2
ANNOUNCE: Final = 3
OFFER_TIMEOUT: Final = 4
WRAPUP: Final = 5


class Value:
    """Equality, hashing, printing and pickling from the fields listed in ``fields``."""

    fields: ClassVar[tuple[str, ...]] = ()

    def values(self) -> tuple[object, ...]:
        """The fields' values, in the order of ``fields`` (and of the constructor)."""
        return ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Value):
            return NotImplemented  # let the other side decide (a test's matcher, say)
        return type(self) is type(other) and self.values() == other.values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.values()))

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (type(self), self.values())

    def __repr__(self) -> str:
        pairs = ", ".join(f"{n}={v!r}" for n, v in zip(self.fields, self.values(), strict=True))
        return f"{type(self).__name__}({pairs})"


class Timer(Value):
    """A timer the router asked for; give it back in ``timer_due`` when ``at`` comes.

    ``ticket`` tells the router whether the timer still matters: a timer whose subject
    has moved on since is ignored, so a caller never needs to cancel one.
    """

    fields = ("at", "kind", "subject", "ticket")

    def __init__(self, at: float, kind: int, subject: ContactId, ticket: int) -> None:
        self.at: Final = at
        self.kind: Final = kind
        self.subject: Final = subject
        self.ticket: Final = ticket

    def values(self) -> tuple[object, ...]:
        return (self.at, self.kind, self.subject, self.ticket)


class Offer(Value):
    """Ring agent ``agent`` with ``contact`` from ``queue``; answer by ``timeout_at``."""

    fields = ("contact", "agent", "queue", "timeout_at")

    def __init__(
        self, contact: ContactId, agent: AgentId, queue: str, timeout_at: float | None
    ) -> None:
        self.contact: Final = contact
        self.agent: Final = agent
        self.queue: Final = queue
        self.timeout_at: Final = timeout_at

    def values(self) -> tuple[object, ...]:
        return (self.contact, self.agent, self.queue, self.timeout_at)


class OfferWithdrawn(Value):
    """Stop ringing: the caller left or the agent went away before answering."""

    fields = ("contact", "agent", "reason")

    def __init__(self, contact: ContactId, agent: AgentId, reason: str) -> None:
        self.contact: Final = contact
        self.agent: Final = agent
        self.reason: Final = reason

    def values(self) -> tuple[object, ...]:
        return (self.contact, self.agent, self.reason)


MoveReason = Literal["overflow", "closed", "full", "transfer"]


class Moved(Value):
    """``contact`` now waits in ``target`` (overflow, closed, full or transfer)."""

    fields = ("contact", "source", "target", "reason")

    def __init__(self, contact: ContactId, source: str, target: str, reason: MoveReason) -> None:
        self.contact: Final = contact
        self.source: Final = source
        self.target: Final = target
        self.reason: Final = reason

    def values(self) -> tuple[object, ...]:
        return (self.contact, self.source, self.target, self.reason)


class Widened(Value):
    """Agents of other organisations may now take ``contact`` (the shared queue)."""

    fields = ("contact", "queue")

    def __init__(self, contact: ContactId, queue: str) -> None:
        self.contact: Final = contact
        self.queue: Final = queue

    def values(self) -> tuple[object, ...]:
        return (self.contact, self.queue)


AnnounceKind = Literal["queued", "position"]


class Announce(Value):
    """Tell the waiting caller something.

    ``kind``: ``queued`` on entering a queue, ``position`` on each periodic update.
    ``message`` is the queue's active incident message, if any (played every time).
    """

    fields = ("contact", "queue", "kind", "position", "expected_wait", "message")

    def __init__(
        self, contact: ContactId, queue: str, kind: AnnounceKind, position: int,
        expected_wait: float, message: str | None,
    ) -> None:  # fmt: skip
        self.contact: Final = contact
        self.queue: Final = queue
        self.kind: Final = kind
        self.position: Final = position
        self.expected_wait: Final = expected_wait
        self.message: Final = message

    def values(self) -> tuple[object, ...]:
        return (self.contact, self.queue, self.kind, self.position, self.expected_wait,
                self.message)  # fmt: skip


class OfferCallback(Value):
    """Offer to call back instead of waiting; the caller keeps the place in the queue."""

    fields = ("contact", "queue", "expected_wait")

    def __init__(self, contact: ContactId, queue: str, expected_wait: float) -> None:
        self.contact: Final = contact
        self.queue: Final = queue
        self.expected_wait: Final = expected_wait

    def values(self) -> tuple[object, ...]:
        return (self.contact, self.queue, self.expected_wait)


RejectReason = Literal["closed", "full"]


class Rejected(Value):
    """The contact cannot be taken: play ``message`` and, if given, send it to ``number``."""

    fields = ("contact", "queue", "reason", "message", "number")

    def __init__(
        self, contact: ContactId, queue: str, reason: RejectReason, message: str | None,
        number: str | None,
    ) -> None:  # fmt: skip
        self.contact: Final = contact
        self.queue: Final = queue
        self.reason: Final = reason
        self.message: Final = message
        self.number: Final = number

    def values(self) -> tuple[object, ...]:
        return (self.contact, self.queue, self.reason, self.message, self.number)


class AgentChanged(Value):
    """The router changed an agent's state on its own (after wrap-up, an unanswered offer,
    a pause or log-out that waited for the contact to end)."""

    fields = ("agent", "state", "reason")

    def __init__(self, agent: AgentId, state: str, reason: str | None) -> None:
        self.agent: Final = agent
        self.state: Final = state
        self.reason: Final = reason

    def values(self) -> tuple[object, ...]:
        return (self.agent, self.state, self.reason)


Decision = (
    Offer | OfferWithdrawn | Moved | Widened | Announce | OfferCallback | Rejected
    | AgentChanged | Timer
)  # fmt: skip
