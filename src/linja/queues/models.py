"""Queues, their calendars and messages, phone menus and who answers what.

Each queue maps one-to-one onto the routing engine's rules
(:class:`linja.engine.routing.QueueRules`, built by :mod:`linja.queues.rules`): a setting
here is the setting the router runs, in the live service and in a simulation alike.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from linja.orgs.models import Centre, Owned, Person, Unit

CODE = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    _("Use small letters a-z, digits and hyphens, starting with a letter or digit."),
)
WEEKDAYS = [
    (0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
    (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday")),
]  # fmt: skip


class Texts(models.Model):
    """A text in bokmål, nynorsk and English; bokmål is required, the others fall back
    to it."""

    nb = models.TextField(_("bokmål"))
    nn = models.TextField(_("nynorsk"), blank=True)
    en = models.TextField(_("English"), blank=True)

    class Meta:
        abstract = True

    def text(self, language: str) -> str:
        value: str = getattr(self, language, "") or ""
        return value or self.nb


class Queue(Owned, models.Model):
    """A queue of contacts for one service, owned by a unit (and so an organisation)."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("phone")
        CHAT = "chat", _("chat")
        CALLBACK = "callback", _("callback")
        FORM = "form", _("web form")
        EMAIL = "email", _("e-mail")
        COUNTER = "counter", _("counter")

    class AgentChoice(models.TextChoices):
        LONGEST_IDLE = "longest_idle", _("longest idle of the best skill level")
        LONGEST_IDLE_ANY_LEVEL = "longest_idle_any_level", _("longest idle of any level")
        ORDERED = "ordered", _("in a fixed order")

    code = models.CharField(
        _("code"), max_length=60, unique=True, validators=[CODE],
        help_text=_("The queue's name in records, reports and the phone adapter, e.g. auge."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="queues", verbose_name=_("unit"))
    centre = models.ForeignKey(
        Centre, models.PROTECT, null=True, blank=True, related_name="queues",
        verbose_name=_("shared centre"),
    )  # fmt: skip
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    priority = models.IntegerField(_("priority"), default=0)
    sl_seconds = models.PositiveIntegerField(
        _("service level threshold (seconds)"), default=60,
        help_text=_("T: answered within T seconds counts towards the service level."),
    )  # fmt: skip
    sl_target = models.FloatField(
        _("service level target"), default=0.8,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("Share of offered contacts to answer within T, from 0 to 1."),
    )  # fmt: skip
    agent_choice = models.CharField(
        _("agent choice"), max_length=30, choices=AgentChoice.choices,
        default=AgentChoice.LONGEST_IDLE,
    )  # fmt: skip
    overflow_to = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("overflow to"),
    )  # fmt: skip
    overflow_after_seconds = models.PositiveIntegerField(
        _("overflow after (seconds)"), null=True, blank=True
    )
    widen_after_seconds = models.PositiveIntegerField(
        _("other organisations' agents after (seconds)"), null=True, blank=True,
        help_text=_("In a shared centre: the queue's own organisation first, then anyone."),
    )  # fmt: skip
    max_waiting = models.PositiveIntegerField(_("at most waiting"), null=True, blank=True)
    when_full_queue = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("when full, to queue"),
    )  # fmt: skip
    when_full_number = models.CharField(_("when full, to number"), max_length=30, blank=True)
    when_closed_queue = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("when closed, to queue"),
    )  # fmt: skip
    when_closed_number = models.CharField(_("when closed, to number"), max_length=30, blank=True)
    callback_after_seconds = models.PositiveIntegerField(
        _("offer a callback when the expected wait is over (seconds)"), null=True, blank=True
    )
    wrapup_seconds = models.PositiveIntegerField(_("wrap-up (seconds)"), default=0)
    offer_timeout_seconds = models.PositiveIntegerField(
        _("an offer rings for at most (seconds)"), null=True, blank=True, default=20
    )
    announce_every_seconds = models.PositiveIntegerField(
        _("announce the position every (seconds)"), null=True, blank=True
    )
    expected_handle_seconds = models.PositiveIntegerField(
        _("expected handle time (seconds)"), default=180,
        help_text=_("The first estimate of a contact's length, for expected waits."),
    )  # fmt: skip
    holidays = models.BooleanField(_("closed on Norwegian public holidays"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        constraints = [
            models.CheckConstraint(
                condition=Q(overflow_to__isnull=True) | Q(overflow_after_seconds__isnull=False),
                name="queue_overflow_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def owner_organisation_id(self) -> int | None:
        return self.unit.organisation_id

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.overflow_to_id is not None and self.overflow_after_seconds is None:
            errors["overflow_after_seconds"] = _("Say after how many seconds to overflow.")
        if self.overflow_after_seconds is not None and self.overflow_to_id is None:
            errors["overflow_to"] = _("Say which queue to overflow to.")
        for field in ("overflow_to", "when_full_queue", "when_closed_queue"):
            if self.pk is not None and getattr(self, f"{field}_id") == self.pk:
                errors[field] = _("A queue cannot send its contacts to itself.")
        if self.widen_after_seconds is not None and self.centre_id is None:
            errors["widen_after_seconds"] = _(
                "Widening to other organisations is for a queue in a shared centre."
            )
        if self.centre_id is not None and self.unit_id is not None:
            centre = Centre.objects.get(pk=self.centre_id)
            if not centre.organisations.filter(pk=self.unit.organisation_id).exists():
                errors["centre"] = _(
                    "The queue's organisation does not take part in this shared centre."
                )
        if errors:
            raise ValidationError(errors)


class OfQueue(Owned):
    """A part of a queue's configuration: it belongs to the queue's organisation."""

    queue: Queue

    def owner_organisation_id(self) -> int | None:
        return self.queue.unit.organisation_id


class QueueText(OfQueue, Texts):
    """A message a queue plays or shows, by key: welcome, closed, full, queued, callback."""

    class Key(models.TextChoices):
        WELCOME = "welcome", _("welcome")
        CLOSED = "closed", _("closed")
        FULL = "full", _("full")
        QUEUED = "queued", _("in the queue")
        CALLBACK = "callback", _("callback offer")
        INCIDENT = "incident", _("incident")

    queue = models.ForeignKey(Queue, models.CASCADE, related_name="texts", verbose_name=_("queue"))
    key = models.CharField(_("message"), max_length=20, choices=Key.choices)

    class Meta:
        ordering = ["queue", "key"]
        verbose_name = _("queue message")
        verbose_name_plural = _("queue messages")
        constraints = [models.UniqueConstraint(fields=["queue", "key"], name="queue_text_once")]

    def __str__(self) -> str:
        return f"{self.queue.code}: {self.get_key_display()}"


def _ends_after_it_starts(start: Any, end: Any, *, midnight: bool) -> None:
    """A span's end after its start (``midnight``: a time of day, where 00:00 as the end
    is midnight); the rule of every form and page that saves one, the admin's too."""
    if start is None or end is None:
        return
    if end <= start and not (midnight and end == time(0)):
        raise ValidationError(
            {"end": _("It ends before it starts: write a span past midnight as two "
                      "(22:00–00:00 and 00:00–06:00).") if midnight
             else _("It ends before it starts.")}
        )  # fmt: skip


class OpeningHours(OfQueue, models.Model):
    """The queue is open from ``start`` to ``end`` (local time) on ``weekday``. A queue
    without opening hours is open around the clock."""

    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="opening_hours", verbose_name=_("queue")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"), help_text=_("00:00 means midnight."))

    class Meta:
        ordering = ["queue", "weekday", "start"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def clean(self) -> None:
        _ends_after_it_starts(self.start, self.end, midnight=True)

    def __str__(self) -> str:
        return (
            f"{self.queue.code}: {self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"
        )


class DailyClosure(OfQueue, models.Model):
    """Closed every such day from ``start`` to ``end``: a shared lunch."""

    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="daily_closures", verbose_name=_("queue")
    )
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    weekdays = models.CharField(
        _("weekdays"), max_length=13, default="0,1,2,3,4",
        help_text=_("Weekday numbers, Monday 0 to Sunday 6, separated by commas."),
        validators=[
            RegexValidator(r"^[0-6](,[0-6])*$", _("Weekday numbers 0 to 6, e.g. 0,1,2,3,4."))
        ],
    )  # fmt: skip
    reason = models.CharField(_("reason"), max_length=100, default="lunch")

    class Meta:
        ordering = ["queue", "start"]
        verbose_name = _("daily closure")
        verbose_name_plural = _("daily closures")

    def days(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.weekdays.split(",") if d)

    def clean(self) -> None:
        _ends_after_it_starts(self.start, self.end, midnight=True)

    def __str__(self) -> str:
        return f"{self.queue.code}: {self.start:%H:%M}–{self.end:%H:%M} {self.reason}"


class PlannedClosure(OfQueue, models.Model):
    """Closed once, between two instants: a staff meeting, a move."""

    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="planned_closures", verbose_name=_("queue")
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("to"))
    reason = models.CharField(_("reason"), max_length=100)

    class Meta:
        ordering = ["queue", "start"]
        verbose_name = _("planned closure")
        verbose_name_plural = _("planned closures")

    def clean(self) -> None:
        _ends_after_it_starts(self.start, self.end, midnight=False)

    def __str__(self) -> str:
        start, end = localtime(self.start), localtime(self.end)
        return f"{self.queue.code}: {start:%d.%m.%Y %H:%M}–{end:%d.%m.%Y %H:%M} {self.reason}"


class ClosedDay(OfQueue, models.Model):
    """A whole day closed beyond the public holidays: Christmas Eve, a day of moving."""

    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="closed_days", verbose_name=_("queue")
    )
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        ordering = ["queue", "day"]
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        constraints = [models.UniqueConstraint(fields=["queue", "day"], name="closed_day_once")]

    def __str__(self) -> str:
        return f"{self.queue.code}: {self.day:%d.%m.%Y}"


class Membership(OfQueue, models.Model):
    """``person`` answers ``queue`` at skill ``level`` (1 is the main skill, 2 and up
    backups): the router's skills."""

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    queue = models.ForeignKey(
        Queue, models.CASCADE, related_name="memberships", verbose_name=_("queue")
    )
    level = models.PositiveSmallIntegerField(
        _("skill level"), default=1, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )

    class Meta:
        ordering = ["queue", "level", "person"]
        verbose_name = _("queue membership")
        verbose_name_plural = _("queue memberships")
        constraints = [models.UniqueConstraint(fields=["person", "queue"], name="membership_once")]

    def __str__(self) -> str:
        return f"{self.person} – {self.queue.code} ({self.level})"


class Menu(Owned, Texts):
    """A phone menu (tasteval): a greeting, then a choice of keys. ``nb``/``nn``/``en``
    hold the greeting."""

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[CODE])
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="menus", verbose_name=_("unit"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("phone menu")
        verbose_name_plural = _("phone menus")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def owner_organisation_id(self) -> int | None:
        return self.unit.organisation_id


class MenuChoice(Owned, Texts):
    """Key ``key`` of ``menu`` leads to a queue or to another menu; ``nb``/``nn``/``en``
    hold what the caller hears for it ("for appointments, press 1")."""

    menu = models.ForeignKey(Menu, models.CASCADE, related_name="choices", verbose_name=_("menu"))
    key = models.CharField(
        _("key"), max_length=1,
        validators=[RegexValidator(r"^[0-9*#]$", _("One key: 0-9, * or #."))],
    )  # fmt: skip
    queue = models.ForeignKey(
        Queue, models.PROTECT, null=True, blank=True, related_name="menu_choices",
        verbose_name=_("to queue"),
    )  # fmt: skip
    submenu = models.ForeignKey(
        Menu, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("to menu"),
    )  # fmt: skip

    class Meta:
        ordering = ["menu", "key"]
        verbose_name = _("menu choice")
        verbose_name_plural = _("menu choices")
        constraints = [
            models.UniqueConstraint(fields=["menu", "key"], name="menu_key_once"),
            models.CheckConstraint(
                condition=Q(queue__isnull=False, submenu__isnull=True)
                | Q(queue__isnull=True, submenu__isnull=False),
                name="menu_choice_has_one_target",
            ),
        ]

    def owner_organisation_id(self) -> int | None:
        return self.menu.unit.organisation_id

    def clean(self) -> None:
        if (self.queue_id is None) == (self.submenu_id is None):
            raise ValidationError(_("A key leads to either a queue or a menu."))
        if self.submenu_id is not None and self.submenu_id == self.menu_id:
            raise ValidationError({"submenu": _("A key cannot lead back to its own menu.")})

    def __str__(self) -> str:
        return f"{self.menu.code}: {self.key}"
