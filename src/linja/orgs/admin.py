"""The admin pages of organisations, units, shared centres and people (with their roles),
under Linja's access rules (:mod:`linja.site.admin`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from linja.orgs.access import scope_of
from linja.orgs.forms import RoleForm
from linja.orgs.models import Centre, Organisation, Person, Role, Unit
from linja.site.admin import Administered, AdministeredInline

if TYPE_CHECKING:
    _UserAdmin = auth_admin.UserAdmin[Person]
else:  # not generic when the code runs
    _UserAdmin = auth_admin.UserAdmin

# the organisations of a centre as tick boxes (Django's two-list widget fails axe)
TICK_BOXES: dict[Any, dict[str, Any]] = {
    models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}
}
# Django's own headings (and their translations) of a person's page
PERSONAL, PERMISSIONS, DATES = (name for name, _f in cast(Any, auth_admin.UserAdmin.fieldsets)[1:])
# what only the installation's administrators see and set on a person
INSTALLATION_ONLY = {"is_superuser"}


@admin.register(Organisation)
class OrganisationAdmin(Administered):
    org_admins_may = frozenset({"view", "change"})  # their own; new ones are the installation's
    list_display = ("name", "kind", "number", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "number")
    ordering = ("name",)
    list_select_related = ("parent",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if scope_of(request.user).everything else ("parent",)


@admin.register(Unit)
class UnitAdmin(Administered):
    list_display = ("name", "organisation", "parent")
    list_filter = (("organisation", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "organisation__name")
    ordering = ("organisation__name", "name")
    list_select_related = ("organisation", "parent__organisation")


@admin.register(Centre)
class CentreAdmin(Administered):
    org_admins_may = frozenset()  # shared: no one organisation's, the installation's
    list_display = ("name", "taking_part")
    search_fields = ("name",)
    ordering = ("name",)
    formfield_overrides = TICK_BOXES

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("organisations")

    @admin.display(description=_("organisations"))
    def taking_part(self, centre: Centre) -> str:
        return ", ".join(o.name for o in centre.organisations.all())


class RoleInline(AdministeredInline):
    model = Role
    form = RoleForm

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("RoleForm", (formset.form,), {"scope": scope_of(request.user)})
        return formset


@admin.register(Person)
class PersonAdmin(Administered, _UserAdmin):
    org_admins_may = frozenset({"view", "add", "change"})  # never deleted, see is_active
    inlines = (RoleInline,)
    list_display = ("username", "first_name", "last_name", "home", "is_active")
    list_filter = ("is_active", ("home", admin.RelatedOnlyFieldListFilter))
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("last_name", "first_name", "username")
    list_select_related = ("home",)
    readonly_fields = ("last_login", "date_joined")
    about = ("first_name", "last_name", "email", "home", "language")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (PERSONAL, {"fields": about}),
        (PERMISSIONS, {"fields": ("is_active", "is_superuser")}),
        (DATES, {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2")}),
        (PERSONAL, {"fields": about}),
    )  # fmt: skip

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit log keeps what people did: they are deactivated instead

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if scope_of(request.user).everything:
            return fieldsets
        return [(name, _without(options, INSTALLATION_ONLY)) for name, options in fieldsets]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "is_active":
            kwargs["help_text"] = _(
                "People are never deleted: the audit log keeps what they did. Untick this "
                "instead, and they can no longer log in."
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "home" and not scope_of(request.user).everything:
            field.required = True  # a person of no organisation would no longer be theirs
        return field


def _without(options: Any, names: set[str]) -> dict[str, Any]:
    return {**options, "fields": [f for f in options["fields"] if f not in names]}


# access comes from roles alone: Django's groups and permissions are not used
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
