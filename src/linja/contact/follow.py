"""The router follows the queues' configuration while it runs: once a change to a queue,
its opening hours, closures or closed days is committed — from a page, the admin or a
command — a ``reconfigured`` event is logged, and the router routes by the new rules from
then on (``Router.reconfigure``): here at once, in the other server processes when they
next catch up with the log (docs/architecture.md)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from linja.contact.service import SERVICE
from linja.queues.models import ClosedDay, DailyClosure, OpeningHours, PlannedClosure, Queue

logger = logging.getLogger(__name__)
FOLLOWED = (Queue, OpeningHours, DailyClosure, PlannedClosure, ClosedDay)


def _changed(sender: Any, **kwargs: Any) -> None:
    """A followed row was saved or deleted: once its transaction commits, the router is
    told (once per transaction, however many rows it changed)."""
    if kwargs.get("raw"):  # loading fixtures
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _reconfigure for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_reconfigure)


def _reconfigure() -> None:
    try:
        SERVICE.reconfigure(source="configuration")
    except Exception:  # the change is saved; the routers take it at their next restart
        logger.exception("telling the router of a change of queue configuration")


def connect() -> None:
    for model in FOLLOWED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"linja-follow-{model.__name__}")
        post_delete.connect(_changed, sender=model,
                            dispatch_uid=f"linja-follow-delete-{model.__name__}")  # fmt: skip
