"""Who may see and do what: the one place Linja's access rules live.

Views, the API and reports never decide access themselves; they ask here, either for a
yes or no (:func:`can`) or for the objects a person may see (:func:`visible`).

The rules (docs/access.md):

* A person **sees** the queues they serve (their memberships), and the contacts, cases and
  reports of those queues, and nothing else of them.
* A **team lead** of a unit sees and **leads** (opening hours, closures, who answers) the
  queues of that unit and the units below it; of a shared centre, the centre's queues.
* A **professional lead** of a shared centre sees and leads every queue of the centre,
  across its organisations, and the people who serve them.
* A **planner** sees the queues of their organisation or centre, and the people of their
  organisation (to plan, not to change).
* An organisation's **administrator** administers that organisation only: its units,
  people, queues and menus — but not a person who administers more than they do. The
  installation's administrators (a role with no scope) administer everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Model, Q, QuerySet

from linja.orgs.models import Centre, Organisation, Person, Role, Unit


class Action(StrEnum):
    VIEW = "view"  # see the object (and, for a queue, its contacts and reports)
    LEAD = "lead"  # a queue's daily settings: opening hours, closures, who answers
    ADMINISTER = "administer"  # create, change and remove configuration


@dataclass
class Scope:
    """What one person's roles and memberships reach, worked out once per request."""

    person_id: int | None
    home: int | None = None
    everything: bool = False  # an administrator of the whole installation
    administers: set[int] = field(default_factory=set)  # organisations
    plans: set[int] = field(default_factory=set)  # organisations
    plans_centres: set[int] = field(default_factory=set)
    leads_units: set[int] = field(default_factory=set)  # with the units below them
    leads_centres: set[int] = field(default_factory=set)
    _serves: set[int] | None = None  # loaded when first asked for

    @property
    def serves(self) -> set[int]:
        """The queues the person answers."""
        if self._serves is None:
            from linja.queues.models import Membership  # the queues app builds on this one

            self._serves = set() if self.person_id is None else set(
                Membership.objects.filter(person_id=self.person_id).order_by()
                .values_list("queue_id", flat=True))  # fmt: skip
        return self._serves

    @classmethod
    def of(cls, person: Person | Any) -> Scope:
        if person is None or not getattr(person, "is_authenticated", False):
            return cls(None)
        scope = cls(person.pk, home=person.home_id)
        if person.is_superuser:
            scope.everything = True
        led_units: set[int] = set()
        for role in Role.objects.filter(person=person).order_by():  # (ordering joins people)
            kind, where = role.kind, role.scope
            if kind == Role.Kind.ADMIN:
                if where == "installation":
                    scope.everything = True
                elif role.organisation_id is not None:
                    scope.administers.add(role.organisation_id)
            elif kind == Role.Kind.PLANNER:
                if role.organisation_id is not None:
                    scope.plans.add(role.organisation_id)
                if role.centre_id is not None:
                    scope.plans_centres.add(role.centre_id)
            elif kind in (Role.Kind.TEAM_LEAD, Role.Kind.PROFESSIONAL_LEAD):
                if role.unit_id is not None:
                    led_units.add(role.unit_id)
                if role.centre_id is not None:
                    scope.leads_centres.add(role.centre_id)
        scope.leads_units = _with_descendants(led_units)
        return scope

    # -- queues ---------------------------------------------------------------------
    def queues_led(self) -> Q:
        return (
            Q(unit__in=self.leads_units)
            | Q(centre__in=self.leads_centres)
            | Q(unit__organisation__in=self.administers)
        )

    def queues_seen(self) -> Q:
        return (
            self.queues_led()
            | Q(pk__in=self.serves)
            | Q(unit__organisation__in=self.plans)
            | Q(centre__in=self.plans_centres)
        )

    def centres_seen(self) -> set[int]:
        return self.leads_centres | self.plans_centres


def _with_descendants(units: set[int]) -> set[int]:
    out = set(units)
    frontier = set(units)
    while frontier:
        below = Unit.objects.filter(parent__in=frontier).exclude(pk__in=out)
        frontier = set(below.values_list("pk", flat=True))
        out |= frontier
    return out


def scope_of(person: Any) -> Scope:
    """The person's scope, kept on the object for the rest of the request."""
    cached = getattr(person, "_linja_scope", None)
    if isinstance(cached, Scope):
        return cached
    scope = Scope.of(person)
    if person is not None:
        person._linja_scope = scope
    return scope


def visible(person: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The objects of ``queryset`` that ``person`` may see."""
    from linja.queues.models import Menu, Queue

    scope = scope_of(person)
    model = queryset.model
    if scope.person_id is None:
        return queryset.none()
    if scope.everything:
        return queryset
    if model is Queue:
        return queryset.filter(scope.queues_seen()).distinct()
    if model is Menu:
        return queryset.filter(
            Q(unit__organisation__in=scope.administers)
            | Q(choices__queue__in=Queue.objects.filter(scope.queues_seen()))
        ).distinct()
    if model is Organisation:
        seen_queues = Queue.objects.filter(scope.queues_seen())
        return queryset.filter(
            Q(pk=scope.home)
            | Q(pk__in=scope.administers | scope.plans)
            | Q(units__queues__in=seen_queues)
            | Q(centres__in=scope.centres_seen())
        ).distinct()
    if model is Unit:
        seen_queues = Queue.objects.filter(scope.queues_seen())
        return queryset.filter(
            Q(organisation__in=scope.administers | scope.plans)
            | Q(pk__in=scope.leads_units)
            | Q(queues__in=seen_queues)
        ).distinct()
    if model is Centre:
        return queryset.filter(
            Q(pk__in=scope.centres_seen()) | Q(queues__in=Queue.objects.filter(scope.queues_seen()))
        ).distinct()
    if model is Person:
        led_queues = Queue.objects.filter(scope.queues_led())
        return queryset.filter(
            Q(pk=scope.person_id)
            | Q(home__in=scope.administers | scope.plans)
            | Q(memberships__queue__in=led_queues)
            | Q(roles__centre__in=scope.leads_centres)
        ).distinct()
    raise TypeError(f"no access rule for {model.__name__}")


def can(person: Any, action: Action, obj: Model) -> bool:
    """May ``person`` do ``action`` to ``obj``?

    ``LEAD`` is for queues (their daily settings and who answers them); ``ADMINISTER``
    for anything an organisation owns. A shared centre, which no one organisation owns,
    is administered by the installation's administrators.
    """
    from linja.queues.models import Queue

    scope = scope_of(person)
    if scope.person_id is None:
        return False
    if scope.everything:
        return True
    if action is Action.VIEW:
        return visible(person, type(obj)._default_manager.filter(pk=obj.pk)).exists()
    if action is Action.LEAD:
        led = Queue.objects.filter(scope.queues_led(), pk=obj.pk)
        return isinstance(obj, Queue) and led.exists()
    if action is Action.ADMINISTER:
        org = _organisation_of(obj)
        if org is None or org not in scope.administers:
            return False
        # nobody administers (and so could take over) a person who administers more
        return not isinstance(obj, Person) or _reach_within(obj, scope)
    raise ValueError(f"unknown action {action!r}")


def _reach_within(person: Person, scope: Scope) -> bool:
    theirs = Scope.of(person)
    return not theirs.everything and theirs.administers <= scope.administers


def answerers(person: Any, queue: Any) -> QuerySet[Person]:
    """Whom ``person`` may put in ``queue`` to answer it: the people of the queue's
    organisation, and for a queue of a shared centre, of the centre's organisations too.
    Nobody, for someone who may not lead the queue."""
    if not can(person, Action.LEAD, queue):
        return Person.objects.none()
    organisations = {queue.unit.organisation_id}
    if queue.centre_id is not None:
        organisations |= set(queue.centre.organisations.values_list("pk", flat=True))
    return Person.objects.filter(home__in=organisations, is_active=True)


def _organisation_of(obj: Model) -> int | None:
    owner = getattr(obj, "owner_organisation_id", None)
    return owner() if callable(owner) else None
