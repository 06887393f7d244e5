"""Every audit entry says how the change came: the web, the API or a command."""

from __future__ import annotations

from typing import Any

from linja.audit.context import VIA


def add_via(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:  # a new entry; entries are never changed (see the triggers)
        data = dict(instance.additional_data or {})
        data.setdefault("via", VIA.get() or "other")
        instance.additional_data = data
