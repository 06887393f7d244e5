"""Where a change comes from: the person and address of a web request (the client's own
address, or behind a trusted proxy the one it forwards), or a ``linja`` command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import set_actor
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse

# "web", "api" or "cli:<command>": kept with every entry as additional_data["via"]
VIA: ContextVar[str] = ContextVar("linja_audit_via", default="")


class Middleware(AuditlogMiddleware):  # type: ignore[misc]
    """django-auditlog's middleware (the person and address of each change), trusting
    X-Forwarded-For only from a proxy in ``LINJA_TRUSTED_PROXIES``: anyone can send it."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        direct = request.META.get("REMOTE_ADDR")
        forwarded = request.headers.get("X-Forwarded-For")
        if forwarded and direct in settings.LINJA_TRUSTED_PROXIES:
            return str(forwarded.split(",")[0].strip())
        return str(direct) if direct else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = VIA.set("api" if request.path.startswith("/api/") else "web")
        try:
            response: HttpResponse = super().__call__(request)
        finally:
            VIA.reset(token)
        return response


@contextmanager
def command(name: str) -> Iterator[None]:
    """Changes made by ``linja NAME`` on the command line: no person, no address."""
    token = VIA.set(f"cli:{name}")
    try:
        with set_actor(None):
            yield
    finally:
        VIA.reset(token)
