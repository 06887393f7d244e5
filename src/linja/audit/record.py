"""Entries Linja writes itself: a person's contact history was looked at."""

from __future__ import annotations

from typing import Any

from auditlog.signals import accessed


def viewed(obj: Any) -> None:
    """Someone (the request's person) looked at ``obj``: an ACCESS entry in the log."""
    accessed.send(sender=type(obj), instance=obj)
