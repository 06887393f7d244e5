"""Who is calling the API: a machine client with a token, or a browser with its session.

:class:`TokenMiddleware` turns a valid ``Authorization: Bearer linja_…`` header into the
request's person before anything else looks (so the access rules and the audit log see
that person); :class:`TokenAuth` then lets such a request through without CSRF, while a
browser's session is checked for CSRF on every change (Ninja's ``django_auth``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.security import HttpBearer

from linja.api.models import Token


class TokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header[:7].lower() == "bearer ":
            person = Token.person_for(header[7:].strip())
            if person is not None:
                request.user = person
                request.linja_token = True  # type: ignore[attr-defined]
        return self.get_response(request)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return request.user if getattr(request, "linja_token", False) else None
