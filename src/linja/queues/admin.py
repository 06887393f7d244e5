"""The admin pages of queues (with their messages, calendars and who answers) and phone
menus, under Linja's access rules (:mod:`linja.site.admin`). A change is saved only if the
configuration checks of :mod:`linja.queues.actions` pass afterwards: no overflow loop, no
overlapping opening hours or closures, no menu that leads back into itself."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from linja.orgs.access import answerers, scope_of
from linja.orgs.models import Centre, Person
from linja.queues.actions import ConfigurationError, menu_loops, still_sound
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
from linja.site.admin import Administered, AdministeredInline

ONE_LINE: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.TextField: {"widget": forms.TextInput(attrs={"size": 30})}
}


class QueueTextInline(AdministeredInline):
    model = QueueText
    fields = ("key", "nb", "nn", "en")
    template = "admin/edit_inline/stacked.html"


class OpeningHoursInline(AdministeredInline):
    model = OpeningHours


class DailyClosureInline(AdministeredInline):
    model = DailyClosure


class PlannedClosureInline(AdministeredInline):
    model = PlannedClosure


class ClosedDayInline(AdministeredInline):
    model = ClosedDay


class MembershipInline(AdministeredInline):
    model = Membership
    fields = ("person", "level")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:  # those who may answer the queue, and those who do
            may_answer = answerers(request.user, obj).values("pk")
            field = cast("forms.ModelChoiceField[Person]", formset.form.base_fields["person"])
            field.queryset = Person.objects.filter(
                Q(pk__in=may_answer) | Q(memberships__queue=obj)
            ).distinct()
        return formset


@admin.register(Queue)
class QueueAdmin(Administered):
    list_display = ("code", "name", "unit", "centre", "channel", "priority")
    list_filter = (
        "channel",
        ("unit__organisation", admin.RelatedOnlyFieldListFilter),
        ("centre", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("code", "name")
    ordering = ("code",)
    list_select_related = ("unit__organisation", "centre")
    fieldsets = (
        (_("About the queue"), {"fields": (
            "code", "name", "unit", "centre", "channel", "priority", "sl_seconds", "sl_target",
            "expected_handle_seconds", "agent_choice", "wrapup_seconds", "offer_timeout_seconds",
            "announce_every_seconds", "callback_after_seconds", "holidays",
        )}),
        (_("Overflow"), {"fields": (
            "overflow_to", "overflow_after_seconds", "widen_after_seconds", "max_waiting",
            "when_full_queue", "when_full_number", "when_closed_queue", "when_closed_number",
        )}),
    )  # fmt: skip
    inlines = (
        QueueTextInline, OpeningHoursInline, DailyClosureInline, PlannedClosureInline,
        ClosedDayInline, MembershipInline,
    )  # fmt: skip

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = scope_of(request.user)
        if db_field.name == "centre" and not scope.everything:  # those their queues may join
            centres = Centre.objects.filter(organisations__in=scope.administers).distinct()
            kwargs["queryset"] = centres
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        super().save_related(request, form, formsets, change)
        still_sound([form.instance])  # no loop, no overlap: else nothing is saved


class MenuChoiceInline(AdministeredInline):
    model = MenuChoice
    fk_name = "menu"
    fields = ("key", "nb", "nn", "en", "queue", "submenu")
    formfield_overrides = ONE_LINE


@admin.register(Menu)
class MenuAdmin(Administered):
    list_display = ("code", "name", "unit")
    list_filter = (("unit__organisation", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", "name")
    ordering = ("code",)
    list_select_related = ("unit__organisation",)
    fields = ("code", "name", "unit", "nb", "nn", "en")
    inlines = (MenuChoiceInline,)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        super().save_related(request, form, formsets, change)
        menu = form.instance
        if menu_loops(menu):
            raise ConfigurationError(
                _("Menu %(menu)s: its keys lead round in a loop back to it.") % {"menu": menu.code}
            )
