"""A queue's pages: what any person who sees the queue may read, and the daily settings a
team lead changes (opening hours, closures, who answers). Plain forms that HTMX, when
present, turns into in-place updates of one section."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linja.orgs.access import Action, answerers, can, visible
from linja.orgs.models import Person
from linja.queues import actions
from linja.queues.forms import (
    DailyClosureForm,
    MembershipForm,
    OpeningHoursForm,
    PlannedClosureForm,
)
from linja.queues.models import DailyClosure, PlannedClosure, Queue

SECTIONS = {"hours", "closures", "members"}


def _queue(request: HttpRequest, code: str) -> Queue:
    """The queue, if the person may see it (404 otherwise: no hint that it exists)."""
    queues = visible(request.user, Queue.objects.select_related("unit__organisation", "centre"))
    queue: Queue = get_object_or_404(queues, code=code)
    return queue


def _led(request: HttpRequest, code: str) -> Queue:
    queue = _queue(request, code)
    if not can(request.user, Action.LEAD, queue):
        raise Http404(_("You cannot change this queue."))
    return queue


@login_required
def queue_list(request: HttpRequest) -> HttpResponse:
    queues = visible(request.user, Queue.objects.select_related("unit__organisation", "centre"))
    return render(request, "queues/list.html", {"queues": queues})


def _context(request: HttpRequest, queue: Queue, **forms: Any) -> dict[str, Any]:
    leads = can(request.user, Action.LEAD, queue)
    hours = list(queue.opening_hours.all())
    members = queue.memberships.select_related("person__home")
    return {
        "queue": queue,
        "leads": leads,
        "hours": hours,
        "hours_form": forms.get("hours_form")
        or OpeningHoursForm(initial=OpeningHoursForm.initial_for(hours)),
        "daily": queue.daily_closures.all(),
        "planned": queue.planned_closures.all(),
        "daily_form": forms.get("daily_form") or DailyClosureForm(),
        "planned_form": forms.get("planned_form") or PlannedClosureForm(),
        "members": members.order_by("level", "person__last_name"),
        "member_form": forms.get("member_form")
        or MembershipForm(people=answerers(request.user, queue)),
        "error": forms.get("error"),
        "done": forms.get("done"),
    }


@login_required
def queue_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "queues/detail.html", _context(request, _queue(request, code)))


def _answer(request: HttpRequest, queue: Queue, section: str, **forms: Any) -> HttpResponse:
    """After a change: the section alone for HTMX, else the whole page (or a redirect)."""
    context = _context(request, queue, **forms)
    failed = forms.get("error") or any(f is not None and f.errors for f in forms.values()
                                       if hasattr(f, "errors"))  # fmt: skip
    if request.headers.get("HX-Request"):
        return render(request, f"queues/_{section}.html", context, status=422 if failed else 200)
    if failed:
        return render(request, "queues/detail.html", context, status=422)
    return redirect(f"{queue_url(queue)}#{section}")


def queue_url(queue: Queue) -> str:
    from django.urls import reverse

    return reverse("queue", args=[queue.code])


@login_required
@require_POST
def set_hours(request: HttpRequest, code: str) -> HttpResponse:
    queue = _led(request, code)
    form = OpeningHoursForm(request.POST)
    if not form.is_valid():
        return _answer(request, queue, "hours", hours_form=form)
    try:
        actions.set_opening_hours(queue, form.cleaned_data["spans"])
    except actions.ConfigurationError as exc:
        return _answer(request, queue, "hours", hours_form=form, error=exc.message)
    return _answer(request, queue, "hours", done=_("Opening hours saved."))


@login_required
@require_POST
def add_daily(request: HttpRequest, code: str) -> HttpResponse:
    queue = _led(request, code)
    form = DailyClosureForm(request.POST)
    if not form.is_valid():
        return _answer(request, queue, "closures", daily_form=form)
    data = form.cleaned_data
    try:
        actions.add_daily_closure(queue, data["start"], data["end"], frozenset(data["weekdays"]),
                                  data["reason"])  # fmt: skip
    except actions.ConfigurationError as exc:
        return _answer(request, queue, "closures", daily_form=form, error=exc.message)
    return _answer(request, queue, "closures", done=_("Closure added."))


@login_required
@require_POST
def remove_daily(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    queue = _led(request, code)
    actions.remove_daily_closure(get_object_or_404(DailyClosure, pk=pk, queue=queue))
    return _answer(request, queue, "closures", done=_("Closure removed."))


@login_required
@require_POST
def add_planned(request: HttpRequest, code: str) -> HttpResponse:
    queue = _led(request, code)
    form = PlannedClosureForm(request.POST)
    if not form.is_valid():
        return _answer(request, queue, "closures", planned_form=form)
    data = form.cleaned_data
    try:
        actions.add_planned_closure(queue, data["start"], data["end"], data["reason"])
    except actions.ConfigurationError as exc:
        return _answer(request, queue, "closures", planned_form=form, error=exc.message)
    return _answer(request, queue, "closures", done=_("Closure added."))


@login_required
@require_POST
def remove_planned(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    queue = _led(request, code)
    actions.remove_planned_closure(get_object_or_404(PlannedClosure, pk=pk, queue=queue))
    return _answer(request, queue, "closures", done=_("Closure removed."))


@login_required
@require_POST
def set_member(request: HttpRequest, code: str) -> HttpResponse:
    queue = _led(request, code)
    form = MembershipForm(request.POST, people=answerers(request.user, queue))
    if not form.is_valid():
        return _answer(request, queue, "members", member_form=form)
    actions.set_membership(form.cleaned_data["person"], queue, form.cleaned_data["level"])
    return _answer(request, queue, "members", done=_("Saved."))


@login_required
@require_POST
def remove_member(request: HttpRequest, code: str, person: int) -> HttpResponse:
    queue = _led(request, code)
    who = get_object_or_404(Person, pk=person, memberships__queue=queue)
    try:
        actions.set_membership(who, queue, None)
    except actions.ConfigurationError as exc:
        return _answer(request, queue, "members", error=exc.message)
    return _answer(request, queue, "members", done=_("Removed."))
