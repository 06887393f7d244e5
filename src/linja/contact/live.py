"""Telling live clients that something changed: after a change is committed, a message
goes to the groups of the agents, contacts and wallboards it touched, through Channels'
channel layer (Redis between server processes, in memory within one). The websocket
consumers (:mod:`linja.contact.consumers`) answer by sending their page's parts again —
the state, never a diff, so a client that missed a message is right at the next one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import BaseChannelLayer, get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

WALLBOARD = "wallboard"
_serving: dict[str, asyncio.AbstractEventLoop] = {}  # "loop": the server's, once a client came


def agent_group(person_id: int) -> str:
    return f"agent.{person_id}"


def contact_group(contact_id: int) -> str:
    return f"contact.{contact_id}"


def serving(loop: asyncio.AbstractEventLoop) -> None:
    """Remember the event loop the websockets of this process run in (each consumer calls
    it on connect): messages from other threads are handed to it."""
    _serving["loop"] = loop


def _send(layer: BaseChannelLayer, groups: list[str]) -> None:
    async def send_all() -> None:
        for group in groups:
            await layer.group_send(group, {"type": "changed"})

    loop = _serving.get("loop")
    try:
        if loop is not None and loop.is_running():
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:
                loop.create_task(send_all())
            else:
                asyncio.run_coroutine_threadsafe(send_all(), loop)
        elif not _in_memory(layer):  # Redis: other processes may be listening
            async_to_sync(send_all)()
    except Exception:  # a live client misses one update; the next one catches it up
        logger.exception("telling live clients of a change")


def _in_memory(layer: BaseChannelLayer) -> bool:
    return type(layer).__name__ == "InMemoryChannelLayer"


def changed(agents: Iterable[int] = (), contacts: Iterable[int] = (),
            wallboard: bool = True) -> None:  # fmt: skip
    """Tell the clients of ``agents`` (person ids), ``contacts`` (contact ids) and the
    wallboards, once the transaction under way commits."""
    groups = [agent_group(a) for a in sorted(set(agents))]
    groups += [contact_group(c) for c in sorted(set(contacts))]
    if wallboard:
        groups.append(WALLBOARD)
    layer = get_channel_layer()
    if layer is None or not groups:
        return
    transaction.on_commit(lambda: _send(layer, groups))
