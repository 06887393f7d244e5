"""The router's state: contacts, agents and queues, as small mutable objects.

A queue's waiting contacts sit in a heap ordered by (priority, highest first; then
arrival order); contacts that have been widened to other organisations' agents sit in a
second heap as well. Ready agents sit in one line per queue and skill level, in the
order they became ready, so the longest idle agent is always the first.
"""

from __future__ import annotations

from typing import Final

from linja.engine.routing.calendar import OpenCheck
from linja.engine.routing.config import QueueRules
from linja.engine.routing.decisions import AgentId, ContactId
from linja.engine.routing.lines import ContactHeap, Member, ReadyLine

INF: Final = float("inf")

# contact states
WAITING: Final = 0
OFFERED: Final = 1
BUSY: Final = 2
DONE: Final = 3
CONTACT_STATES: Final = ("waiting", "offered", "busy", "done")

# agent states
LOGGED_OUT: Final = 0
READY: Final = 1
AGENT_OFFERED: Final = 2
AGENT_BUSY: Final = 3
AGENT_WRAPUP: Final = 4
PAUSED: Final = 5
AGENT_STATES: Final = ("logged_out", "ready", "offered", "busy", "wrapup", "paused")

# agent choices, as the rules name them
LONGEST_IDLE: Final = 0
LONGEST_IDLE_ANY_LEVEL: Final = 1
ORDERED: Final = 2
CHOICES: Final = {"longest_idle": 0, "longest_idle_any_level": 1, "ordered": 2}


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
        "id",
        "offer_ticket",
        "offers",
        "place",
        "priority",
        "queue",
        "seq",
        "state",
        "ticket",
        "timed",
        "widened",
        "wplace",
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
        self.timed = False  # its queue's overflow and widen timers are set for this entry
        self.offers = 0
        self.offer_ticket = 0  # the ticket of the offer's time-out
        self.widened = False
        self.callback = False
        self.callback_offered = False
        self.announce_missed = False
        self.declined: set[AgentId] | None = None
        self.place = -1  # index in its queue's waiting heap; -1 when not waiting there
        self.wplace = -1  # the same in the heap of widened contacts


class Agent:
    __slots__ = (
        "auto_answer",
        "contact",
        "handled",
        "id",
        "idle_since",
        "memberships",
        "order",
        "organisation",
        "pending",
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
        self.memberships: list[Member] = []  # by skill level (best first), then queue id
        self.auto_answer = False  # connected to an offered contact at once


class QueueState:
    """One queue: its rules (and, as plain fields, the ones read for every contact), the
    waiting contacts and the ready agents."""

    __slots__ = (
        "aht",
        "always_open",
        "announce_every",
        "callback_after",
        "choice",
        "id",
        "levels",
        "max_waiting",
        "members",
        "message",
        "offer_timeout",
        "open_check",
        "other_lines",
        "others",
        "overflow_after",
        "override",
        "own_lines",
        "priority",
        "ready",
        "ready_other",
        "rules",
        "waiting",
        "widen_after",
        "widened",
        "wrapup",
    )

    def __init__(self, rules: QueueRules) -> None:
        self.id = rules.id
        self.waiting = ContactHeap()
        self.widened = ContactHeap(widened=True)
        self.levels: list[int] = []
        self.ready: dict[int, ReadyLine] = {}
        self.ready_other: dict[int, ReadyLine] = {}
        self.own_lines: list[ReadyLine] = []  # ready[level] for each of levels, in order
        self.other_lines: list[ReadyLine] = []
        self.members: dict[AgentId, Agent] = {}
        self.others: set[AgentId] = set()  # members of other organisations (before widening)
        self.override: bool | None = None
        self.message: str | None = None
        self.aht = float(rules.expected_handle_seconds)
        self.set_rules(rules)

    def set_rules(self, rules: QueueRules) -> None:
        """Follow ``rules`` from now on (a change of configuration): the contacts waiting,
        the agents ready, a lead's override and message and the handle time learnt so far
        stay as they are."""
        self.rules = rules
        self.open_check = OpenCheck(rules.calendar)
        self.always_open = rules.calendar is None
        # the rules read for every contact, INF where a rule is not set
        self.priority = int(rules.priority)
        self.choice = CHOICES[rules.agent_choice]
        self.max_waiting = -1 if rules.max_waiting is None else int(rules.max_waiting)
        self.overflow_after = INF if rules.overflow is None else float(rules.overflow.after_seconds)
        self.widen_after = _or_inf(rules.widen_after_seconds)
        self.announce_every = _or_inf(rules.announce_every_seconds)
        self.callback_after = _or_inf(rules.callback_after_seconds)
        self.offer_timeout = _or_inf(rules.offer_timeout_seconds)
        self.wrapup = float(rules.wrapup_seconds)

    def is_open(self, at: float) -> bool:
        if self.override is not None:
            return self.override
        return self.always_open or self.open_check.is_open(at)

    def add_level(self, level: int) -> None:
        if level not in self.ready:
            self.ready[level] = ReadyLine()
            self.ready_other[level] = ReadyLine()
            self.levels = sorted(self.ready)
            self.own_lines = [self.ready[k] for k in self.levels]
            self.other_lines = [self.ready_other[k] for k in self.levels]


def _or_inf(value: float | None) -> float:
    return INF if value is None else float(value)
