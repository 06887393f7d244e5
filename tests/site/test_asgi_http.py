"""linja.site.asgi: HTTP requests are answered by a fixed pool of threads that keep their
database connection, not by a new thread and a new connection for each request."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.db.backends.signals import connection_created

from linja.site.env import ConfigError, env_int
from linja.site.settings import CONN_MAX_AGE

pytestmark = pytest.mark.django_db(transaction=False)


async def _get(app: Any, path: str) -> tuple[int, bytes]:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
    }  # fmt: skip
    sent: list[dict[str, Any]] = []
    asked: list[int] = []

    async def receive() -> dict[str, Any]:
        asked.append(1)
        if len(asked) > 1:  # the client stays connected until the answer is sent
            await asyncio.Event().wait()
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


def test_requests_in_one_thread_share_one_database_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(settings.DATABASES["default"], "CONN_MAX_AGE", CONN_MAX_AGE)
    made: list[str] = []

    def count(sender: Any, connection: Any, **kwargs: Any) -> None:
        made.append(threading.current_thread().name)

    connection_created.connect(count)
    try:
        app = WSGIMiddleware(get_wsgi_application(), workers=1)

        async def three() -> list[tuple[int, bytes]]:
            return [await _get(app, "/healthz") for _ in range(3)]

        answers = asyncio.run(three())
        app.executor.submit(connections.close_all).result()  # the thread's, kept
    finally:
        connection_created.disconnect(count)
    assert [status for status, _body in answers] == [200, 200, 200]
    assert all(b'"database": "ok"' in body for _status, body in answers)
    assert len(made) == 1, made  # the pool's one thread connected once, for all three


def test_the_site_answers_http_in_a_thread_of_its_pool() -> None:
    from django.core.signals import request_started

    from linja.site import asgi

    served: list[str] = []

    def note(sender: Any, **kwargs: Any) -> None:
        served.append(threading.current_thread().name)

    request_started.connect(note)
    try:
        status, body = asyncio.run(_get(asgi.application, "/healthz"))
    finally:
        request_started.disconnect(note)
    assert status == 200 and b'"status": "ok"' in body
    # a2wsgi's pool names its threads WSGI_…; Django's ASGI handler's are ThreadPoolExecutor-…
    assert len(served) == 1 and served[0].startswith("WSGI"), served


@pytest.mark.parametrize("raw", ["0", "65", "ten", "2.5"])
def test_a_thread_count_out_of_range_is_refused_naming_the_variable(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINJA_HTTP_THREADS", raw)
    with pytest.raises(ConfigError, match=r"LINJA_HTTP_THREADS=.*whole number from 1 to 64"):
        env_int("LINJA_HTTP_THREADS", default=10, low=1, high=64)


def test_a_thread_count_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINJA_HTTP_THREADS", " 16 ")
    assert env_int("LINJA_HTTP_THREADS", default=10, low=1, high=64) == 16
    monkeypatch.delenv("LINJA_HTTP_THREADS")
    assert env_int("LINJA_HTTP_THREADS", default=10, low=1, high=64) == 10
