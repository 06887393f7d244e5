"""Checks of the routing configuration as a whole, each problem in words a team lead reads.

A single queue's own mistakes are refused by its ``clean``; what only shows across
queues is found here: contacts sent round in a loop, a queue that no one answers (nor
passes on to anyone who does), closures or opening hours that overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from linja.queues.models import Queue


@dataclass(frozen=True)
class Problem:
    queue: str  # the queue's code
    field: str  # where to look: a field of the queue, or the part of its calendar
    message: str


EDGES = ("overflow_to", "when_closed_queue", "when_full_queue")


def _graph(queues: Iterable[Queue]) -> tuple[dict[int, str], dict[int, list[tuple[str, int]]]]:
    """Codes and the queue-to-queue edges (overflow, closed, full), in one query."""
    pks = [q.pk for q in queues]
    rows = Queue.objects.filter(pk__in=pks).values_list("pk", "code", *(f"{e}_id" for e in EDGES))
    codes: dict[int, str] = {}
    edges: dict[int, list[tuple[str, int]]] = {}
    for pk, code, *targets in rows:
        codes[pk] = code
        edges[pk] = [(f, t) for f, t in zip(EDGES, targets, strict=True) if t is not None]
    return codes, edges


def loops(queues: Iterable[Queue]) -> list[Problem]:
    """Queues that send contacts on (overflow, closed, full) round to themselves."""
    codes, edges = _graph(queues)
    problems = []
    reported: set[frozenset[int]] = set()
    for start in codes:
        path = [start]
        seen = {start}
        stack = [iter(edges[start])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                path.pop()
                continue
            field, target = step
            if target == start:
                cycle = frozenset(path)
                if cycle not in reported:
                    reported.add(cycle)
                    names = " → ".join(codes[q] for q in [*path, start])
                    problems.append(
                        Problem(codes[start], field, _("contacts go round in a loop: %s") % names)
                    )
                continue
            if target in seen or target not in edges:
                continue
            seen.add(target)
            path.append(target)
            stack.append(iter(edges[target]))
    return problems


def unanswered(queues: Iterable[Queue]) -> list[Problem]:
    """Queues with no member that pass their contacts on to no queue with members."""
    codes, edges = _graph(queues)
    answered = set(
        Queue.objects.filter(pk__in=codes, memberships__isnull=False).values_list("pk", flat=True)
    )
    changed = True
    while changed:  # a queue is covered if it passes contacts on to a covered queue
        changed = False
        for pk, out in edges.items():
            if pk not in answered and any(t in answered for _f, t in out):
                answered.add(pk)
                changed = True
    return [
        Problem(codes[pk], "memberships",
                _("no one answers this queue, nor one it passes contacts on to"))
        for pk in codes
        if pk not in answered
    ]  # fmt: skip


def _overlap(spans: Sequence[tuple[Any, Any]]) -> tuple[Any, Any] | None:
    """The first place two of these (start, end) spans overlap, if they do."""
    ordered = sorted(spans)
    for (_s1, e1), (s2, _e2) in pairwise(ordered):
        if s2 < e1:
            return s2, e1
    return None


def _end(t: time) -> time:
    return time.max if t == time(0) else t  # 00:00 as an end is midnight


def overlaps(queue: Queue) -> list[Problem]:
    """Opening hours of one weekday, daily closures sharing a weekday, or planned closures,
    that overlap each other."""
    problems = []
    for day in range(7):
        hours = [(h.start, _end(h.end)) for h in queue.opening_hours.all() if h.weekday == day]
        if _overlap(hours) is not None:
            problems.append(Problem(queue.code, "opening_hours",
                                    _("opening hours overlap on weekday %d") % day))  # fmt: skip
        lunch = [(c.start, _end(c.end)) for c in queue.daily_closures.all() if day in c.days()]
        if _overlap(lunch) is not None:
            problems.append(Problem(queue.code, "daily_closures",
                                    _("daily closures overlap on weekday %d") % day))  # fmt: skip
    planned = [(c.start, c.end) for c in queue.planned_closures.all()]
    if _overlap(planned) is not None:
        problems.append(Problem(queue.code, "planned_closures", _("planned closures overlap")))
    return problems


def check(queues: Iterable[Queue], *, answered: bool = True) -> list[Problem]:
    """Every problem of the configuration of these queues (``answered=False``: leave out
    queues no one answers yet, as while a configuration is being built)."""
    queues = list(queues)
    problems = loops(queues) + (unanswered(queues) if answered else [])
    for q in queues:
        problems += overlaps(q)
    return problems
