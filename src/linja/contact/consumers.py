"""The websocket side of the live pages (agent desktop, web chat, wallboard): state, then
changes. On connect the consumer sends every part of its page; whenever
:mod:`linja.contact.live` says something it shows changed, it renders the parts again and
sends those that differ from what the client has. A client that reconnects after a
dropped connection gets every part again, so it catches up without a reload.

A part is an element with an ``id``; the page's htmx WebSocket extension swaps it in.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from linja.contact import live

NOT_ALLOWED = 4403  # a close code of the application's range: the page is not theirs


class LiveParts(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels has no types
    """Subclasses say which groups the client listens to and how the parts render."""

    every: float | None = None  # also send again every so many seconds (times in state)
    settle = 0.15  # changes within this many seconds are sent together

    def groups_for(self) -> list[str] | None:  # runs in a thread: may use the database
        """The groups to listen to, or None if the client may not have this page."""
        raise NotImplementedError

    def parts(self) -> dict[str, str]:  # runs in a thread: may use the database
        """Part id -> its HTML (one element with that id)."""
        raise NotImplementedError

    async def connect(self) -> None:
        live.serving(asyncio.get_running_loop())
        self.sent: dict[str, str] = {}
        self.listening: list[str] = []
        self.pending: asyncio.Task[None] | None = None
        self.dirty = False  # a change not sent yet
        self.ticker: asyncio.Task[None] | None = None
        groups = await database_sync_to_async(self.groups_for)()
        if groups is None:
            await self.close(code=NOT_ALLOWED)
            return
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.listening = groups
        await self.accept()
        await self.push()
        if self.every:
            self.ticker = asyncio.create_task(self._tick(self.every))

    async def disconnect(self, code: int) -> None:
        for task in (getattr(self, "pending", None), getattr(self, "ticker", None)):
            if task is not None:
                task.cancel()
        for group in getattr(self, "listening", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        await database_sync_to_async(self.gone)()

    def gone(self) -> None:
        """The client went away (a subclass may note it)."""

    async def changed(self, message: dict[str, Any]) -> None:
        self.dirty = True
        if self.pending is None or self.pending.done():
            self.pending = asyncio.create_task(self._later())

    async def _later(self) -> None:
        # a change that comes while the parts are being rendered is sent after them: the
        # render may have read the database before that change was committed
        while self.dirty:
            await asyncio.sleep(self.settle)
            self.dirty = False
            await self.push()

    async def _tick(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            await self.push()

    async def push(self) -> None:
        parts = await database_sync_to_async(self.parts)()
        fresh = [html for key, html in parts.items() if self.sent.get(key) != html]
        if fresh:
            self.sent.update(parts)
            with contextlib.suppress(Exception):  # the client left meanwhile
                await self.send(text_data="\n".join(fresh))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Clients only listen; what they do goes through the pages' forms."""
