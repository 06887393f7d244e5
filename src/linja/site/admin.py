"""The admin site ("Administrasjon", /admin/) under Linja's access rules (docs/access.md).

Who gets in, which objects each list holds, what may be viewed, added, changed or deleted
and which choices a form offers all come from :mod:`linja.orgs.access`: the installation's
administrators administer everything, an organisation's administrator that organisation
only. Every ModelAdmin mixes in :class:`Administered`, every inline
:class:`AdministeredInline`; no admin class decides access on its own. A change that
Linja's checks refuse while it is saved (a :class:`~linja.errors.LinjaError`, e.g. an
overflow loop) is rolled back and shown on the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from linja.errors import LinjaError
from linja.orgs.access import Action, can, scope_of

if TYPE_CHECKING:
    _Base = BaseModelAdmin[Any]
    _ModelAdmin = admin.ModelAdmin[Any]
    _Inline = InlineModelAdmin[Any, Any]
else:  # Django's classes are not generic when the code runs
    _Base, _ModelAdmin, _Inline = object, admin.ModelAdmin, InlineModelAdmin

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=forms.BaseForm)
ALL = frozenset({"view", "add", "change", "delete"})


def _path(lookup: str) -> Callable[[set[int]], Q]:
    return lambda organisations: Q(**{f"{lookup}__in": organisations})


# Each model's owner_organisation_id() as a query: its objects owned by these organisations.
# A model not here (a shared centre, a group) belongs to no organisation.
OWNED: dict[str, Callable[[set[int]], Q]] = {
    "orgs.Organisation": _path("pk"),
    "orgs.Unit": _path("organisation"),
    "orgs.Person": _path("home"),
    "orgs.Role": lambda orgs: Q(unit__organisation__in=orgs) | Q(unit=None, organisation__in=orgs),
    "queues.Queue": _path("unit__organisation"),
    "queues.Menu": _path("unit__organisation"),
    "queues.MenuChoice": _path("menu__unit__organisation"),
    **{f"queues.{name}": _path("queue__unit__organisation")
       for name in ("QueueText", "OpeningHours", "DailyClosure", "PlannedClosure", "ClosedDay",
                    "Membership")},
}  # fmt: skip


def administers(request: HttpRequest) -> bool:
    """Does the person of the request administer anything: the admin site's door."""
    scope = scope_of(request.user)
    return bool(request.user.is_active and (scope.everything or scope.administers))


def administered(request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
    """The objects of ``queryset`` the person of the request administers."""
    scope = scope_of(request.user)
    if scope.everything:
        return queryset
    owned = OWNED.get(queryset.model._meta.label)
    if owned is None or not scope.administers:
        return queryset.none()
    return queryset.filter(owned(scope.administers))


def may(request: HttpRequest, org_admins: bool, obj: Model | None) -> bool:
    """May the person of the request do something an organisation's administrator may do
    (``org_admins``) to ``obj`` (None: to some object)?"""
    if not administers(request):
        return False
    if scope_of(request.user).everything:
        return True
    return org_admins and (obj is None or can(request.user, Action.ADMINISTER, obj))


def _choices(request: HttpRequest, db_field: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """A form's choices of related objects: those the person administers."""
    if "queryset" not in kwargs:
        kwargs["queryset"] = administered(
            request, db_field.remote_field.model._default_manager.all()
        )
    return kwargs


class Login(AdminAuthenticationForm):
    """The admin login for administrators (by their roles, not Django's ``is_staff``)."""

    def confirm_login_allowed(self, user: Any) -> None:
        AuthenticationForm.confirm_login_allowed(self, user)  # active
        scope = scope_of(user)
        if not (scope.everything or scope.administers):
            raise ValidationError(
                self.error_messages["invalid_login"], code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )  # fmt: skip


class Site(admin.AdminSite):
    site_header = _("Linja administration")
    site_title = _("Linja administration")
    index_title = _("Administration")
    login_form = Login

    def has_permission(self, request: HttpRequest) -> bool:
        return administers(request)


class _Limited(_Base):
    """What a list holds and what a form offers: what the person administers."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return administered(request, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return super().formfield_for_foreignkey(
            db_field, request, **_choices(request, db_field, kwargs)
        )

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return super().formfield_for_manytomany(
            db_field, request, **_choices(request, db_field, kwargs)
        )


class Administered(_Limited, _ModelAdmin):
    """The ModelAdmin of every model (first among the bases of one built on another, as
    Django's UserAdmin): Linja's access rules."""

    # what an organisation's administrator may do to their organisations' objects
    org_admins_may: frozenset[str] = ALL

    def has_module_permission(self, request: HttpRequest) -> bool:
        return administers(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may(request, "view" in self.org_admins_may, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may(request, "add" in self.org_admins_may, None)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may(request, "change" in self.org_admins_may, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may(request, "delete" in self.org_admins_may, obj)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404  # not there, or not theirs: the same answer
        return obj

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:  # fmt: skip
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except LinjaError as exc:  # nothing was saved: the same form again, saying why
            request._linja_refused = exc.message  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        refused: str | None = getattr(request, "_linja_refused", None)
        return form if refused is None else _refusing(form, refused)


class AdministeredInline(_Limited, _Inline):
    """Every inline (tabular; ``template`` says otherwise): the rules of the object it is
    part of."""

    extra = 0
    template = "admin/edit_inline/tabular.html"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may(request, True, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any) -> bool:  # type: ignore[override]
        return may(request, True, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may(request, True, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may(request, True, obj)


def _refusing(form: type[F], problem: str) -> type[F]:
    """``form``, invalid with ``problem``: what the checks said when it was saved."""

    def clean(self: F) -> Any:
        form.clean(self)
        raise ValidationError(_("Nothing was saved: %(problem)s"), params={"problem": problem})

    return cast(type[F], type(form.__name__, (form,), {"clean": clean}))
