"""Every write to queues, their calendars, menus and memberships goes through here:
checked, in a transaction, and refused with a message that says what is wrong."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from linja.errors import LinjaError
from linja.orgs.models import Person, Unit
from linja.queues import checks
from linja.queues.models import (
    ClosedDay,
    DailyClosure,
    Membership,
    Menu,
    MenuChoice,
    OpeningHours,
    PlannedClosure,
    Queue,
    QueueText,
)

M = TypeVar("M", bound=Model)


class ConfigurationError(LinjaError):
    """A change that would leave the routing configuration wrong; nothing was changed."""

    def __init__(self, message: str, problems: list[checks.Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def _saved(obj: M, exclude: list[str] | None = None) -> M:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ConfigurationError("; ".join(_messages(exc))) from None
    obj.save()
    return obj


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {m}" for field, errors in exc.message_dict.items() for m in errors]
    return list(exc.messages)


def still_sound(queues: list[Queue]) -> None:
    """Refuse (roll back) if the change left a loop, or overlaps in a changed queue."""
    problems = checks.loops(Queue.objects.all())
    for q in queues:
        problems += checks.overlaps(q)
    if problems:
        raise ConfigurationError("; ".join(f"{p.queue}: {p.message}" for p in problems), problems)


@transaction.atomic
def create_queue(code: str, name: str, unit: Unit, **settings: Any) -> Queue:
    queue = _saved(Queue(code=code, name=name, unit=unit, **settings))
    still_sound([queue])
    return queue


@transaction.atomic
def change_queue(queue: Queue, **settings: Any) -> Queue:
    for field, value in settings.items():
        setattr(queue, field, value)
    _saved(queue)
    still_sound([queue])
    return queue


@transaction.atomic
def set_opening_hours(queue: Queue, spans: dict[int, list[tuple[time, time]]]) -> None:
    """Replace the queue's weekly opening hours (weekday -> spans; no weekdays: open
    around the clock)."""
    queue.opening_hours.all().delete()
    for weekday, day_spans in spans.items():
        for start, end in day_spans:
            if end <= start and end != time(0):
                raise ConfigurationError(
                    f"{start:%H:%M}-{end:%H:%M} ends before it starts; write a span past "
                    "midnight as two (22:00-24:00 and 00:00-06:00)"
                )
            _saved(OpeningHours(queue=queue, weekday=weekday, start=start, end=end))
    still_sound([queue])


@transaction.atomic
def add_daily_closure(
    queue: Queue, start: time, end: time, weekdays: frozenset[int], reason: str = "lunch"
) -> DailyClosure:
    if end <= start and end != time(0):  # 00:00 as the end is midnight
        raise ConfigurationError(f"the closure {start:%H:%M}-{end:%H:%M} ends before it starts")
    days = ",".join(str(d) for d in sorted(weekdays))
    closure = _saved(DailyClosure(queue=queue, start=start, end=end, weekdays=days, reason=reason))
    still_sound([queue])
    return closure


@transaction.atomic
def add_planned_closure(
    queue: Queue, start: datetime, end: datetime, reason: str
) -> PlannedClosure:
    if end <= start:
        raise ConfigurationError("the planned closure ends before it starts")
    closure = _saved(PlannedClosure(queue=queue, start=start, end=end, reason=reason))
    still_sound([queue])
    return closure


@transaction.atomic
def remove_daily_closure(closure: DailyClosure) -> None:
    closure.delete()


@transaction.atomic
def remove_planned_closure(closure: PlannedClosure) -> None:
    closure.delete()


@transaction.atomic
def add_closed_day(queue: Queue, day: Any, reason: str = "") -> ClosedDay:
    return _saved(ClosedDay(queue=queue, day=day, reason=reason))


@transaction.atomic
def set_text(queue: Queue, key: str, nb: str, nn: str = "", en: str = "") -> QueueText:
    text, _created = QueueText.objects.get_or_create(queue=queue, key=key, defaults={"nb": nb})
    text.nb, text.nn, text.en = nb, nn, en
    return _saved(text)


@transaction.atomic
def set_membership(person: Person, queue: Queue, level: int | None) -> Membership | None:
    """``person`` answers ``queue`` at ``level`` (None: no longer answers it — refused if
    that leaves a queue no one answers that someone answered before)."""
    if level is None:
        before = {p.queue for p in checks.unanswered(Queue.objects.all())}
        Membership.objects.filter(person=person, queue=queue).delete()
        left = [p for p in checks.unanswered(Queue.objects.all()) if p.queue not in before]
        if left:  # the last who answered it, or the queue it passes its contacts on to
            raise ConfigurationError("; ".join(f"{p.queue}: {p.message}" for p in left), left)
        return None
    membership, _created = Membership.objects.get_or_create(
        person=person, queue=queue, defaults={"level": level}
    )
    membership.level = level
    return _saved(membership)


@transaction.atomic
def create_menu(
    code: str, name: str, unit: Unit, greeting: str, nn: str = "", en: str = ""
) -> Menu:
    return _saved(Menu(code=code, name=name, unit=unit, nb=greeting, nn=nn, en=en))


@transaction.atomic
def add_choice(
    menu: Menu, key: str, label: str, *, queue: Queue | None = None, submenu: Menu | None = None,
    nn: str = "", en: str = "",
) -> MenuChoice:  # fmt: skip
    choice = _saved(
        MenuChoice(menu=menu, key=key, nb=label, nn=nn, en=en, queue=queue, submenu=submenu)
    )
    if submenu is not None and menu_loops(menu):
        raise ConfigurationError(f"menu {menu.code}: key {key} leads back into this menu")
    return choice


def menu_loops(menu: Menu) -> bool:
    seen = {menu.pk}
    frontier = [menu.pk]
    while frontier:
        nxt = list(
            MenuChoice.objects.filter(menu__in=frontier, submenu__isnull=False).values_list(
                "submenu", flat=True
            )
        )
        if menu.pk in nxt:
            return True
        frontier = [m for m in nxt if m not in seen]
        seen.update(frontier)
    return False


@transaction.atomic
def remove_queue(queue: Queue) -> None:
    """Remove a queue; refused while a menu, or another queue, still sends contacts to it."""
    uses = [f"menu {c.menu.code} key {c.key}" for c in queue.menu_choices.select_related("menu")]
    for other in Queue.objects.exclude(pk=queue.pk):
        for field, target in (("overflow", other.overflow_to_id),
                              ("when closed", other.when_closed_queue_id),
                              ("when full", other.when_full_queue_id)):  # fmt: skip
            if target == queue.pk:
                uses.append(f"queue {other.code} ({field})")
    if uses:
        raise ConfigurationError(
            f"queue {queue.code} is still used by {', '.join(uses)}; change those first"
        )
    queue.delete()
