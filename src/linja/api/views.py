"""API tokens for administrators: issue one (its text shown once), see who has which,
revoke one. An organisation's administrator manages the tokens of its own people."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linja.api import actions
from linja.api.forms import TokenForm
from linja.api.models import Token
from linja.errors import LinjaError
from linja.orgs.access import scope_of
from linja.orgs.models import Person


def _people(request: HttpRequest) -> QuerySet[Person]:
    """Whom the administrator may issue tokens for (404 for anyone else: no such page)."""
    scope = scope_of(request.user)
    people = Person.objects.filter(is_active=True).order_by("username")
    if scope.everything:
        return people
    if scope.administers:
        return people.filter(home__in=scope.administers)
    raise Http404(_("Only administrators manage API tokens."))


def _tokens(request: HttpRequest) -> QuerySet[Token]:
    scope = scope_of(request.user)
    tokens = Token.objects.select_related("person", "created_by")
    return tokens if scope.everything else tokens.filter(person__home__in=scope.administers)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    people = _people(request)
    form = TokenForm(request.POST or None, people=people)
    shown: tuple[Token, str] | None = None
    if request.method == "POST" and form.is_valid():
        by = request.user if isinstance(request.user, Person) else None
        try:
            shown = actions.issue_token(form.cleaned_data["person"], form.cleaned_data["name"], by)
        except LinjaError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenForm(people=people)
    return render(request, "api/tokens.html",
                  {"form": form, "tokens": _tokens(request), "shown": shown})  # fmt: skip


@login_required
@require_POST
def revoke(request: HttpRequest, key: str) -> HttpResponse:
    _people(request)
    actions.revoke_token(get_object_or_404(_tokens(request), key=key))
    return redirect("tokens")
