"""What every page's layout needs: the navigation the person's roles give."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from linja.orgs.access import scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    scope = scope_of(user)
    nav = [("home", _("Overview")), ("queues", _("Queues"))]
    if scope.everything or scope.administers:
        nav.append(("audit", _("Audit log")))
        nav.append(("tokens", _("API tokens")))
        nav.append(("admin:index", _("Administration")))
    return {"nav": nav, "scope": scope}
