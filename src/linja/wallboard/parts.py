"""The wallboard's parts, for one team lead."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from linja.orgs.models import Person
from linja.wallboard.figures import agent_rows, queue_rows

PARTS = ("wb-queues", "wb-agents")


def parts(person: Person) -> dict[str, str]:
    now = timezone.now()
    with translation.override(person.language):
        queues = queue_rows(person, now)
        agents = agent_rows(person, [r.queue for r in queues], now)
        ctx = {"queues": queues, "agents": agents, "now": now}
        return {name: render_to_string(f"wallboard/{name}.html", ctx) for name in PARTS}
