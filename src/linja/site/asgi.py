"""The ASGI application (``linja serve`` runs it with uvicorn): the pages, and the
websockets of the live pages (agent desktop, web chat, wallboard).

HTTP requests go to Django's WSGI handler in a fixed pool of threads (a2wsgi), each thread
keeping its database connection: a request then costs one hop to a thread that already
has a connection, where Django's ASGI handler made every request a thread of its own, with
a new connection, and crossed between it and the event loop for each part of the
middleware (docs/architecture.md, "Serving HTTP"). The websockets stay with Channels.
"""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linja.site.settings")
get_asgi_application()  # sets Django up before the consumers load

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import path  # noqa: E402

from linja.chat.consumers import ChatConsumer  # noqa: E402
from linja.desk.consumers import DeskConsumer  # noqa: E402
from linja.wallboard.consumers import WallboardConsumer  # noqa: E402

websockets = URLRouter([
    path("ws/desk/", DeskConsumer.as_asgi()),
    path("ws/wallboard/", WallboardConsumer.as_asgi()),
    path("ws/chat/<str:secret>/", ChatConsumer.as_asgi()),
])  # fmt: skip

# Django's WSGI handler answers with its response, which is iterable (the stubs say not)
http = WSGIMiddleware(get_wsgi_application(), workers=settings.LINJA_HTTP_THREADS)  # type: ignore[arg-type]

application = ProtocolTypeRouter({
    "http": http,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(websockets)),
})  # fmt: skip
