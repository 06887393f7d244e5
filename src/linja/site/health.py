"""``GET /healthz``: is the site up and its database answering? For load balancers and
monitoring; no login, no details beyond ok or what failed."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {"database": _database()}
    ok = all(v == "ok" for v in parts.values())
    return JsonResponse({"status": "ok" if ok else "failing", **parts}, status=200 if ok else 503)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "failing"
    return "ok"
