"""The router's state: contacts, agents and queues, as small mutable objects.

Heaps hold waiting contacts ordered by (−priority, arrival order); an entry is stale once
its contact's ``entry`` counter has moved on, and stale entries are dropped when they
reach the top (lazy deletion, so leaving a queue costs nothing). Ready agents sit in one
ordered dict per queue and skill level, in the order they became ready, so the longest
idle agent is always the first.
"""

from __future__ import annotations

from collections import OrderedDict
from heapq import heappop
from typing import TYPE_CHECKING

from linja.engine.routing.calendar import OpenCheck
from linja.engine.routing.config import QueueRules
from linja.engine.routing.decisions import AgentId, ContactId

if TYPE_CHECKING:
    from typing import TypeAlias

# contact states
WAITING = 0
OFFERED = 1
BUSY = 2
DONE = 3
CONTACT_STATES = ("waiting", "offered", "busy", "done")

# agent states
LOGGED_OUT = 0
READY = 1
AGENT_OFFERED = 2
AGENT_BUSY = 3
AGENT_WRAPUP = 4
PAUSED = 5
AGENT_STATES = ("logged_out", "ready", "offered", "busy", "wrapup", "paused")


class Contact:
    __slots__ = (
        "agent",
        "announce_missed",
        "arrived",
        "callback",
        "callback_offered",
        "caller",
        "declined",
        "entered",
        "entry",
        "id",
        "offers",
        "priority",
        "queue",
        "seq",
        "state",
        "ticket",
        "widened",
    )

    def __init__(
        self, id: ContactId, queue: QueueState, priority: int, caller: str | None,
        at: float, seq: int,
    ) -> None:  # fmt: skip
        self.id = id
        self.queue = queue
        self.priority = priority
        self.caller = caller
        self.arrived = at
        self.entered = at
        self.seq = seq
        self.state = WAITING
        self.agent: Agent | None = None
        self.ticket = 0  # changes when the contact enters a queue: its timers expire
        self.entry = 0  # changes when it leaves or re-enters a heap: its entries expire
        self.offers = 0
        self.widened = False
        self.callback = False
        self.callback_offered = False
        self.announce_missed = False
        self.declined: set[AgentId] | None = None


Entry: TypeAlias = "tuple[int, int, int, Contact]"  # (−priority, seq, entry, contact)
ReadyDict: TypeAlias = "OrderedDict[AgentId, Agent]"


class Agent:
    __slots__ = (
        "contact",
        "handled",
        "id",
        "idle_since",
        "memberships",
        "order",
        "organisation",
        "pending",
        "ready_dicts",
        "reason",
        "since",
        "skills",
        "state",
        "ticket",
    )

    def __init__(
        self, id: AgentId, organisation: str, skills: dict[str, int], at: float, order: int
    ) -> None:
        self.id = id
        self.organisation = organisation
        self.skills = skills
        self.state = PAUSED
        self.reason: str | None = "login"
        self.since = at
        self.idle_since = at
        self.ticket = 0
        self.contact: Contact | None = None
        self.pending: tuple[int, str | None] | None = None  # (PAUSED | LOGGED_OUT, reason)
        self.handled = 0
        self.order = order
        # (queue, level, own organisation or no widening rule) per skill
        self.memberships: list[tuple[QueueState, int, bool]] = []
        self.ready_dicts: list[ReadyDict] = []


class QueueState:
    __slots__ = (
        "aht",
        "id",
        "levels",
        "members",
        "message",
        "n_waiting",
        "open_check",
        "override",
        "ready",
        "ready_other",
        "rules",
        "waiting",
        "widened",
    )

    def __init__(self, rules: QueueRules) -> None:
        self.rules = rules
        self.id = rules.id
        self.waiting: list[Entry] = []
        self.widened: list[Entry] = []
        self.n_waiting = 0
        self.levels: list[int] = []
        self.ready: dict[int, ReadyDict] = {}
        self.ready_other: dict[int, ReadyDict] = {}
        self.members: dict[AgentId, Agent] = {}
        self.open_check = OpenCheck(rules.calendar)
        self.override: bool | None = None
        self.message: str | None = None
        self.aht = rules.expected_handle_seconds

    def is_open(self, at: float) -> bool:
        if self.override is not None:
            return self.override
        return self.open_check.is_open(at)

    def add_level(self, level: int) -> None:
        if level not in self.ready:
            self.ready[level] = OrderedDict()
            self.ready_other[level] = OrderedDict()
            self.levels = sorted(self.ready)


def head(heap: list[Entry]) -> Entry | None:
    """The first live entry of a heap, dropping stale ones on the way."""
    while heap:
        top = heap[0]
        contact = top[3]
        if contact.entry == top[2] and contact.state == WAITING:
            return top
        heappop(heap)
    return None


def live_entries(heap: list[Entry]) -> list[Entry]:
    """All live entries, in queue order (for positions and the rare declined contact)."""
    return sorted(e for e in heap if e[3].entry == e[2] and e[3].state == WAITING)
