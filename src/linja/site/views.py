"""The start page: the person's roles, and the queues they lead, answer or see, each with
whether it is open now."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from linja.orgs.access import scope_of, visible
from linja.queues.models import Membership, Queue
from linja.queues.status import open_now


def _part(queue: Queue, led: set[int], levels: dict[int, int]) -> str:
    if queue.pk in led:
        return _("You lead it")
    level = levels.get(queue.pk)
    if level == 1:
        return _("You answer it (main skill)")
    if level is not None:
        return _("You answer it (backup, level %(level)d)") % {"level": level}
    return _("You see it")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = request.user
    scope = scope_of(person)
    queues = visible(person, Queue.objects.select_related("unit__organisation", "centre"))
    queues = queues.prefetch_related(
        "opening_hours", "daily_closures", "planned_closures", "closed_days"
    ).order_by("unit__organisation__name", "name")
    led = set(queues.filter(scope.queues_led()).values_list("pk", flat=True))
    mine = Membership.objects.filter(person_id=scope.person_id or 0)
    levels = dict(mine.values_list("queue_id", "level"))
    now = timezone.now()
    rows: list[dict[str, Any]] = [
        {"queue": q, "part": _part(q, led, levels), "now": open_now(q, now)} for q in queues
    ]
    roles = person.roles.select_related("organisation", "unit", "centre")  # type: ignore[union-attr]
    return render(request, "site/home.html", {"rows": rows, "roles": roles, "now": now})
