"""The wallboard's figures: per queue, what waits now and today's indicators against their
targets; per agent, their state. Today's indicators are :func:`linja.engine.kpi.compute`
over the contact records of the day (:mod:`linja.contact.records`) — the reports' own
way of counting — taken over the contacts that are done (answered or gone); those still
waiting are shown as waiting, not yet as lost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from linja.contact.models import AgentState, Contact
from linja.contact.records import contacts_between, frame
from linja.contact.service import SERVICE
from linja.engine.kpi import Grouping, compute
from linja.engine.targets import HELSE_VEST, ServiceTargets, is_met
from linja.orgs.access import Action, can, visible
from linja.queues.models import Membership, Queue

SHOWN = ("answer_rate", "service_level", "asa_seconds")


@dataclass
class QueueRow:
    queue: Queue
    leads: bool
    is_open: bool
    override: bool | None
    waiting: int
    longest: float | None
    ready: int = 0
    busy: int = 0
    paused: int = 0
    today: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, float | None] = field(default_factory=dict)
    met: dict[str, bool | None] = field(default_factory=dict)

    @property
    def alarm(self) -> bool:
        return any(v is False for v in self.met.values())


@dataclass
class AgentRow:
    state: AgentState
    seconds: float
    leads: bool
    queues: list[str]


def _today(queues: list[Queue], now: datetime) -> dict[str, dict[str, Any]]:
    day = timezone.localtime(now).date()
    done = contacts_between(day, day).filter(
        Q(answered_at__isnull=False) | Q(ended_at__isnull=False), queue__in=queues
    )
    records = frame(done)
    if records.is_empty():
        return {}
    targets = ServiceTargets(queue_sl_seconds={q.code: float(q.sl_seconds) for q in queues})
    table = compute(records, Grouping(dimensions=("queue",)), targets, start=day, end=day)
    return {row["queue"]: row for row in table.iter_rows(named=True)}


def queue_rows(person: Any, now: datetime | None = None) -> list[QueueRow]:
    now = now or timezone.now()
    queues = list(visible(person, Queue.objects.select_related("unit__organisation"))
                  .order_by("unit__organisation__name", "name"))  # fmt: skip
    today = _today(queues, now)
    waiting = (Contact.objects.filter(state__in=[Contact.State.WAITING, Contact.State.OFFERED],
                                      current_queue__in=queues)
               .values_list("current_queue_id", "arrived_at"))  # fmt: skip
    oldest: dict[int, datetime] = {}
    for queue_id, arrived in waiting:
        oldest[queue_id] = min(arrived, oldest.get(queue_id, arrived))
    members = (Membership.objects.filter(queue__in=queues)
               .exclude(person__agent_state__state=AgentState.State.LOGGED_OUT)
               .filter(person__agent_state__isnull=False)
               .values_list("queue_id", "person__agent_state__state"))  # fmt: skip
    by_state = Counter(members)  # (queue, state) -> agents
    rows = []
    for q in queues:
        is_open, override, count = SERVICE.queue_now(q.code, now)
        first = oldest.get(q.pk)
        row = QueueRow(q, can(person, Action.LEAD, q), is_open, override, count,
                       (now - first).total_seconds() if first else None)  # fmt: skip
        row.ready = by_state[q.pk, AgentState.State.READY]
        row.paused = by_state[q.pk, AgentState.State.PAUSED]
        row.busy = sum(n for (queue_id, _s), n in by_state.items() if queue_id == q.pk)
        row.busy -= row.ready + row.paused  # offered, in a contact, in wrap-up
        row.today = today.get(q.code, {})
        row.targets = {"answer_rate": HELSE_VEST.answer_rate, "service_level": q.sl_target,
                       "asa_seconds": HELSE_VEST.asa_seconds}  # fmt: skip
        row.met = {k: is_met(k, row.today.get(k), row.targets[k]) for k in SHOWN}
        rows.append(row)
    return rows


def agent_rows(person: Any, queues: list[Queue], now: datetime | None = None) -> list[AgentRow]:
    now = now or timezone.now()
    led = {q.pk for q in queues if can(person, Action.LEAD, q)}
    theirs_of = Prefetch("person__memberships", to_attr="seen",
                         queryset=Membership.objects.filter(queue__in=queues)
                         .select_related("queue"))  # fmt: skip
    states = (AgentState.objects.exclude(state=AgentState.State.LOGGED_OUT)
              .filter(person__memberships__queue__in=queues).distinct()
              .select_related("person").prefetch_related(theirs_of)
              .order_by("person__first_name", "person__username"))  # fmt: skip
    rows = []
    for state in states:
        theirs = state.person.seen  # type: ignore[attr-defined]
        rows.append(AgentRow(state, (now - state.since).total_seconds(),
                             any(m.queue_id in led for m in theirs),
                             [m.queue.name for m in theirs]))  # fmt: skip
    return rows
