"""The agent desktop: one page whose parts stay live over a websocket
(:mod:`linja.desk.consumers`), and one small POST view per thing an agent does. A view
answers with an empty message box (the websocket brings the changed parts), or, when the
change is refused, 422 and what was wrong."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linja.contact import actions
from linja.contact.models import Contact
from linja.contact.reasons import CHOSEN
from linja.desk.parts import contact_for, parts
from linja.errors import LinjaError
from linja.orgs.models import Person
from linja.queues.models import Queue
from linja.site.answers import done_or_refused, refused


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    person = request.user
    assert isinstance(person, Person)
    return render(request, "desk/desk.html", {"parts": parts(person),
                                              "answers": person.memberships.exists()})  # fmt: skip


def _person(request: HttpRequest) -> Person:
    person = request.user
    assert isinstance(person, Person)
    return person


@login_required
@require_POST
def log_in(request: HttpRequest) -> HttpResponse:
    return done_or_refused(lambda: actions.log_in(_person(request), source="desk"))


@login_required
@require_POST
def ready(request: HttpRequest) -> HttpResponse:
    return done_or_refused(lambda: actions.ready(_person(request), source="desk"))


@login_required
@require_POST
def pause(request: HttpRequest) -> HttpResponse:
    reason = request.POST.get("reason", "")
    if reason not in CHOSEN:
        reasons = ", ".join(map(str, CHOSEN.values()))
        message = _("Choose a reason for the pause: %(reasons)s.") % {"reasons": reasons}
        return refused(message)
    return done_or_refused(lambda: actions.pause(_person(request), reason, source="desk"))


@login_required
@require_POST
def log_out(request: HttpRequest) -> HttpResponse:
    return done_or_refused(lambda: actions.log_out(_person(request), source="desk"))


def _queue(code: str) -> Queue | None:
    if not code:
        return None
    queue = Queue.objects.filter(code=code).first()
    if queue is None:
        raise LinjaError(_("There is no queue %(code)s.") % {"code": code})
    return queue


def _colleague(username: str) -> Person | None:
    if not username:
        return None
    person = Person.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise LinjaError(_("There is no colleague %(name)s.") % {"name": username})
    return person


def _one_target(request: HttpRequest) -> tuple[Queue | None, Person | None]:
    queue = _queue(request.POST.get("queue", ""))
    colleague = _colleague(request.POST.get("colleague", ""))
    if (queue is None) == (colleague is None):
        raise LinjaError(_("Choose either a queue or a colleague."))
    return queue, colleague


def _say(person: Person, contact: Contact, request: HttpRequest) -> None:
    actions.say(contact, request.POST.get("text", ""), person=person,
                internal=request.POST.get("internal") == "1")  # fmt: skip


def _consult(person: Person, contact: Contact, request: HttpRequest) -> None:
    queue, colleague = _one_target(request)
    actions.consult(person, contact, colleague=colleague, queue=queue)


def _transfer(person: Person, contact: Contact, request: HttpRequest) -> None:
    queue, colleague = _one_target(request)
    actions.transfer(person, contact, queue=queue, colleague=colleague)


def _wrap_up(person: Person, contact: Contact, request: HttpRequest) -> None:
    actions.wrap_up(person, contact, resolution=request.POST.get("resolution", ""),
                    note=request.POST.get("note", ""),
                    knowledge_used=request.POST.get("knowledge_used") == "1")  # fmt: skip


CONTACT_ACTIONS: dict[str, Callable[[Person, Contact, HttpRequest], object]] = {
    "accept": lambda p, c, r: actions.accept(p, c),
    "decline": lambda p, c, r: actions.decline(p, c),
    "hold": lambda p, c, r: actions.hold(p, c, True),
    "unhold": lambda p, c, r: actions.hold(p, c, False),
    "end": lambda p, c, r: actions.end(p, c),
    "consult": _consult,
    "complete": lambda p, c, r: actions.complete_transfer(p, c),
    "take-back": lambda p, c, r: actions.take_back(p, c),
    "transfer": _transfer,
    "say": _say,
    "wrapup": _wrap_up,
}


@login_required
@require_POST
def contact_action(request: HttpRequest, key: str, action: str) -> HttpResponse:
    run = CONTACT_ACTIONS.get(action)
    person = _person(request)
    contact = contact_for(person, key)
    if run is None or contact is None:
        raise Http404(_("No such contact on your desk."))
    return done_or_refused(lambda: run(person, contact, request))
