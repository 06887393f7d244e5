"""The role form of the admin pages: an organisation's administrator gives roles in the
organisations they administer, and nowhere else (the form offers only their units and
organisations, and no shared centre: those roles are the installation's administrators')."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from linja.orgs.access import Scope
from linja.orgs.models import Role

if TYPE_CHECKING:
    _ModelForm = forms.ModelForm[Role]
else:  # not generic when the code runs
    _ModelForm = forms.ModelForm


class RoleForm(_ModelForm):
    """A role as the giver may give it (``scope``, the giver's, is set for each request)."""

    scope: ClassVar[Scope | None] = None

    class Meta:
        model = Role
        fields = ("kind", "organisation", "unit", "centre")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        scope = self.scope
        if scope is None or scope.everything or self.errors:
            return data
        unit, organisation = data.get("unit"), data.get("organisation")
        owner = unit.organisation_id if unit else organisation.pk if organisation else None
        if owner is None and data.get("kind") == Role.Kind.ADMIN:
            raise ValidationError(
                _("Only the installation's administrators make someone an administrator of "
                  "the whole installation.")
            )  # fmt: skip
        if owner is not None and owner not in scope.administers:
            raise ValidationError(_("You give roles only in the organisations you administer."))
        return data
