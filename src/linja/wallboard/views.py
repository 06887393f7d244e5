"""The wallboard: the queues a person sees, live; a team lead of a queue also pauses or
logs out its agents and opens or closes it ("close the phone for the shared lunch")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linja.contact import actions
from linja.orgs.access import Action, can, visible
from linja.orgs.models import Person
from linja.queues.models import Queue
from linja.site.answers import done_or_refused
from linja.wallboard.parts import parts


def _person(request: HttpRequest) -> Person:
    person = request.user
    assert isinstance(person, Person)
    return person


@login_required
def wallboard(request: HttpRequest) -> HttpResponse:
    return render(request, "wallboard/wallboard.html", {"parts": parts(_person(request))})


def _led_agent(request: HttpRequest, pk: int) -> Person:
    agent: Person = get_object_or_404(Person, pk=pk)
    lead = _person(request)
    if not any(can(lead, Action.LEAD, m.queue) for m in agent.memberships.select_related("queue")):
        raise Http404(_("You do not lead a queue this agent answers."))
    return agent


@login_required
@require_POST
def pause_agent(request: HttpRequest, pk: int) -> HttpResponse:
    agent = _led_agent(request, pk)
    return done_or_refused(lambda: actions.pause(agent, "team_lead", source=f"lead:{request.user}"))


@login_required
@require_POST
def log_out_agent(request: HttpRequest, pk: int) -> HttpResponse:
    agent = _led_agent(request, pk)
    return done_or_refused(lambda: actions.log_out(agent, source=f"lead:{request.user}"))


OPENINGS = {"open": True, "close": False, "calendar": None}


@login_required
@require_POST
def set_queue(request: HttpRequest, code: str, how: str) -> HttpResponse:
    queue: Queue = get_object_or_404(visible(request.user, Queue.objects.all()), code=code)
    if how not in OPENINGS or not can(request.user, Action.LEAD, queue):
        raise Http404(_("You cannot change this queue."))
    return done_or_refused(lambda: actions.set_queue_open(queue, OPENINGS[how],
                                                  source=f"lead:{request.user}"))  # fmt: skip
