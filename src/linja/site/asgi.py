"""The ASGI application (``linja serve`` runs it with uvicorn): the pages, and the
websockets of the live pages (agent desktop, web chat, wallboard)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linja.site.settings")
django_application = get_asgi_application()  # sets Django up before the consumers load

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from linja.chat.consumers import ChatConsumer  # noqa: E402
from linja.desk.consumers import DeskConsumer  # noqa: E402
from linja.wallboard.consumers import WallboardConsumer  # noqa: E402

websockets = URLRouter([
    path("ws/desk/", DeskConsumer.as_asgi()),
    path("ws/wallboard/", WallboardConsumer.as_asgi()),
    path("ws/chat/<str:secret>/", ChatConsumer.as_asgi()),
])  # fmt: skip

application = ProtocolTypeRouter({
    "http": django_application,
    "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(websockets)),
})  # fmt: skip
