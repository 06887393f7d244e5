"""What every page's layout needs: the navigation the person's roles give, with the page
they are on marked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from linja.orgs.access import scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    scope = scope_of(user)
    items = [("home", _("Overview")), ("queues", _("Queues"))]
    if scope.serves:
        items.append(("desk", _("Agent desktop")))
    items.append(("wallboard", _("Wallboard")))
    if scope.everything or scope.administers:
        items += [("audit", _("Audit log")), ("tokens", _("API tokens")),
                  ("admin:index", _("Administration"))]  # fmt: skip
    nav = []
    for name, label in items:
        url = reverse(name)
        here = request.path == url
        within = not here and url != "/" and request.path.startswith(url)
        nav.append({"url": url, "label": label, "current": "page" if here else within and "true"})
    return {"nav": nav}
