"""Why an agent is paused: the reasons an agent chooses, and those Linja gives."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from linja.engine.routing import CONSULT

CHOSEN = {
    "break": _("break"),
    "lunch": _("lunch"),
    "meeting": _("meeting"),
    "training": _("training"),
    "admin": _("other work"),
}
GIVEN = {
    CONSULT: _("consulted by a colleague"),
    "login": _("just logged in"),
    "no_answer": _("did not answer an offer"),
    "team_lead": _("paused by a team lead"),
}


def label(reason: str) -> str:
    return str(CHOSEN.get(reason) or GIVEN.get(reason) or reason)
