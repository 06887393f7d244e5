"""Bot agents for load tests (`linja loadgen`): people who answer the given queues, each
with a fresh API token. Only on an installation that allows load tests
(``LINJA_LOADTEST``; the demo does), and only for its administrators: a bot is an agent
like any other, and its contacts are counted."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from linja.api.actions import issue_token
from linja.errors import LinjaError
from linja.orgs import actions as orgs
from linja.orgs.access import scope_of
from linja.orgs.models import Person
from linja.queues import actions as queues
from linja.queues.models import Queue

MAX_BOTS = 2000


def allowed() -> bool:
    return bool(getattr(settings, "LINJA_LOADTEST", False))


def make(by: Person, group: str, count: int, skills: dict[str, int]) -> list[tuple[str, str]]:
    """``count`` bots named ``bot-GROUP-N`` answering ``skills`` (queue -> level); those
    that exist already are reused. Returns (username, token) for each."""
    if not allowed():
        raise LinjaError("this installation does not allow load tests (set LINJA_LOADTEST=1)")
    if not scope_of(by).everything:
        raise LinjaError("only an administrator of the whole installation may make bots")
    if not 1 <= count <= MAX_BOTS:
        raise LinjaError(f"count: from 1 to {MAX_BOTS} bots, got {count}")
    found = {q.code: q for q in Queue.objects.filter(code__in=skills).select_related("unit")}
    missing = sorted(set(skills) - set(found))
    if missing:
        raise LinjaError(f"skills: no queue {missing[0]!r} on this installation")
    made = []
    with transaction.atomic():
        home = next(iter(found.values())).unit.organisation if found else None
        for n in range(1, count + 1):
            name = f"bot-{group}-{n}"
            person = Person.objects.filter(username=name).first()
            if person is None:
                person = orgs.create_person(name, "Bot", f"{group} {n}", home)
            for code, level in skills.items():
                queues.set_membership(person, found[code], level)
            _token, text = issue_token(person, "loadgen", by)
            made.append((name, text))
    return made
