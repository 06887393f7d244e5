"""The answer of a small live-page action (a click on the agent desktop, the wallboard,
the chat): empty when it was done — the websocket brings what changed — or 422 with what
was wrong, for the page to show where the person clicked."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.utils.html import escape

from linja.errors import LinjaError


def refused(message: str) -> HttpResponse:
    return HttpResponse(f'<p class="error" role="alert">{escape(message)}</p>', status=422)


def done_or_refused(run: Callable[[], object]) -> HttpResponse:
    try:
        run()
    except LinjaError as exc:
        return refused(str(exc))
    return HttpResponse("")
