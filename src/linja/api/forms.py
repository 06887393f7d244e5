"""The administrator's form for a new API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from linja.orgs.models import Person


class TokenForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.none(), label=_("Acts as"),
        help_text=_("The token has this person's access, no more. A service account is best."),
    )  # fmt: skip
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, e.g. the phone system."),
    )  # fmt: skip

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people
