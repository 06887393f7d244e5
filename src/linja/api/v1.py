"""/api/v1/: organisations, units, shared centres, people, queues and menus.

Everything answers with what the caller may see (``linja.orgs.access``), and a queue's
daily settings change here as on its page: with the right to lead it, through the same
``linja.queues.actions``.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from ninja.security import django_auth

from linja.api import errors
from linja.api.auth import TokenAuth
from linja.api.schemas import (
    CentreOut,
    DailyClosureIn,
    MembershipIn,
    MenuOut,
    OpeningHoursIn,
    OrganisationOut,
    Page,
    PersonOut,
    PlannedClosureIn,
    QueueOut,
    UnitOut,
)  # fmt: skip
from linja.contact.api import loadtest_router, records_router
from linja.contact.api import router as phone_router
from linja.desk.api import router as agent_router
from linja.orgs.access import Action, answerers, can, visible
from linja.orgs.models import Centre, Organisation, Person, Unit
from linja.queues import actions
from linja.queues.models import Menu, Queue


class LinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return errors.document(super().get_openapi_schema(*args, **kwargs))


api = LinjaAPI(
    title="Linja",
    version="1",
    description="The contact centre's organisations, people, queues and menus, as the caller "
    "may see them. Authenticate with a token (`Authorization: Bearer linja_…`) or a logged-in "
    "session (changes then need the `X-CSRFToken` header). Every 4xx answers "
    '`{"error": {"status", "code", "message", "details": [{"where", "message"}]}}`.',
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-v1",
)
errors.install(api)

QUEUES = (
    Queue.objects.select_related("unit", "overflow_to", "when_full_queue", "when_closed_queue")
    .prefetch_related(
        "texts", "opening_hours", "daily_closures", "planned_closures", "closed_days", "memberships"
    )
    .order_by("code")
)
MENUS = Menu.objects.prefetch_related("choices__queue", "choices__submenu").order_by("code")
PEOPLE = Person.objects.prefetch_related("roles").order_by("username")


def _seen(request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return visible(request.user, queryset)


def _one(request: HttpRequest, queryset: QuerySet[Any], **key: Any) -> Any:
    found = _seen(request, queryset).filter(**key).first()
    if found is None:
        raise Http404("not found, or not yours to see")
    return found


def _led(request: HttpRequest, code: str) -> Queue:
    """The queue to change: fetched without prefetched parts, which the checks of
    ``linja.queues.actions`` would otherwise read as they were before the change."""
    queue: Queue = _one(request, Queue.objects.select_related("unit", "centre"), code=code)
    if not can(request.user, Action.LEAD, queue):
        raise HttpError(403, f"you may see queue {code} but not change it")
    return queue


def _fresh(queue: Queue) -> Queue:
    fresh: Queue = QUEUES.get(pk=queue.pk)
    return fresh


organisations = Router(tags=["organisations"])
units = Router(tags=["units"])
centres = Router(tags=["shared centres"])
people = Router(tags=["people"])
queues = Router(tags=["queues"])
menus = Router(tags=["menus"])


@organisations.get("/", response=list[OrganisationOut])
@paginate(Page)
def list_organisations(request: HttpRequest) -> Any:
    return _seen(request, Organisation.objects.order_by("name", "pk"))


@organisations.get("/{int:pk}", response=OrganisationOut)
def get_organisation(request: HttpRequest, pk: int) -> Any:
    return _one(request, Organisation.objects.all(), pk=pk)


@units.get("/", response=list[UnitOut])
@paginate(Page)
def list_units(request: HttpRequest) -> Any:
    return _seen(request, Unit.objects.order_by("organisation_id", "name", "pk"))


@units.get("/{int:pk}", response=UnitOut)
def get_unit(request: HttpRequest, pk: int) -> Any:
    return _one(request, Unit.objects.all(), pk=pk)


@centres.get("/", response=list[CentreOut])
@paginate(Page)
def list_centres(request: HttpRequest) -> Any:
    return _seen(request, Centre.objects.prefetch_related("organisations").order_by("name"))


@centres.get("/{int:pk}", response=CentreOut)
def get_centre(request: HttpRequest, pk: int) -> Any:
    return _one(request, Centre.objects.prefetch_related("organisations"), pk=pk)


@people.get("/", response=list[PersonOut])
@paginate(Page)
def list_people(request: HttpRequest) -> Any:
    return _seen(request, PEOPLE)


@people.get("/{int:pk}", response=PersonOut)
def get_person(request: HttpRequest, pk: int) -> Any:
    return _one(request, PEOPLE, pk=pk)


@queues.get("/", response=list[QueueOut])
@paginate(Page)
def list_queues(request: HttpRequest) -> Any:
    return _seen(request, QUEUES)


@queues.get("/{code}", response=QueueOut)
def get_queue(request: HttpRequest, code: str) -> Any:
    return _one(request, QUEUES, code=code)


@queues.put("/{code}/opening-hours", response=QueueOut)
def set_opening_hours(request: HttpRequest, code: str, payload: OpeningHoursIn) -> Any:
    """Replace the queue's weekly opening hours (a team lead's right)."""
    queue = _led(request, code)
    spans: dict[int, list[tuple[time, time]]] = {}
    for span in payload.spans:
        spans.setdefault(span.weekday, []).append((span.start, span.end))
    actions.set_opening_hours(queue, spans)
    return _fresh(queue)


@queues.post("/{code}/daily-closures", response={201: QueueOut})
def add_daily_closure(request: HttpRequest, code: str, payload: DailyClosureIn) -> Any:
    """Close the queue every such day for a while: a shared lunch."""
    queue = _led(request, code)
    actions.add_daily_closure(queue, payload.start, payload.end, frozenset(payload.weekdays),
                              payload.reason)  # fmt: skip
    return Status(201, _fresh(queue))


@queues.delete("/{code}/daily-closures/{int:pk}", response=QueueOut)
def remove_daily_closure(request: HttpRequest, code: str, pk: int) -> Any:
    queue = _led(request, code)
    actions.remove_daily_closure(_part(queue.daily_closures.filter(pk=pk), "daily closure", pk))
    return _fresh(queue)


def _local(moment: datetime, field: str) -> datetime:
    """An instant with its zone (Oslo when it has none), one the database can store."""
    aware = moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    try:
        aware.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 is in the year 0
        raise HttpError(422, f"{field}: {moment.isoformat()} is before the year 1 in UTC; "
                        "expected a moment of our era") from None  # fmt: skip
    return aware


@queues.post("/{code}/planned-closures", response={201: QueueOut})
def add_planned_closure(request: HttpRequest, code: str, payload: PlannedClosureIn) -> Any:
    """Close the queue once, between two instants: a staff meeting."""
    queue = _led(request, code)
    actions.add_planned_closure(queue, _local(payload.start, "start"),
                                _local(payload.end, "end"), payload.reason)  # fmt: skip
    return Status(201, _fresh(queue))


@queues.delete("/{code}/planned-closures/{int:pk}", response=QueueOut)
def remove_planned_closure(request: HttpRequest, code: str, pk: int) -> Any:
    queue = _led(request, code)
    closure = _part(queue.planned_closures.filter(pk=pk), "planned closure", pk)
    actions.remove_planned_closure(closure)
    return _fresh(queue)


def _part(found: QuerySet[Any], what: str, pk: int) -> Any:
    obj: Model | None = found.first()
    if obj is None:
        raise Http404(f"the queue has no {what} {pk}")
    return obj


@queues.put("/{code}/members/{int:person_id}", response=QueueOut)
def set_member(request: HttpRequest, code: str, person_id: int, payload: MembershipIn) -> Any:
    """``person_id`` answers the queue at ``level`` (a team lead's right)."""
    queue = _led(request, code)
    person = answerers(request.user, queue).filter(pk=person_id).first()
    if person is None:
        raise HttpError(422, f"person {person_id} is not an active person of the queue's "
                        "organisations")  # fmt: skip
    actions.set_membership(person, queue, payload.level)
    return _fresh(queue)


@queues.delete("/{code}/members/{int:person_id}", response=QueueOut)
def remove_member(request: HttpRequest, code: str, person_id: int) -> Any:
    """``person_id`` no longer answers the queue."""
    queue = _led(request, code)
    person = Person.objects.filter(pk=person_id, memberships__queue=queue).first()
    if person is None:
        raise Http404(f"person {person_id} does not answer queue {code}")
    actions.set_membership(person, queue, None)
    return _fresh(queue)


@menus.get("/", response=list[MenuOut])
@paginate(Page)
def list_menus(request: HttpRequest) -> Any:
    return _seen(request, MENUS)


@menus.get("/{code}", response=MenuOut)
def get_menu(request: HttpRequest, code: str) -> Any:
    return _one(request, MENUS, code=code)


api.add_router("/organisations/", organisations)
api.add_router("/units/", units)
api.add_router("/centres/", centres)
api.add_router("/people/", people)
api.add_router("/queues/", queues)
api.add_router("/menus/", menus)
api.add_router("/phone/", phone_router)  # the phone adapter (docs/telephony.md)
api.add_router("/agent/", agent_router)
api.add_router("/records", records_router)  # the contact records, as CSV
api.add_router(
    "/loadtest/", loadtest_router
)  # bot agents for `linja loadgen`  # the agent desktop for programs (docs/live.md)
