"""Which models the audit log follows: every piece of configuration, and people."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.apps import apps

# app label, model, fields left out of the log
FOLLOWED = [
    ("orgs", "Organisation", ()),
    ("orgs", "Unit", ()),
    ("orgs", "Centre", ()),
    ("orgs", "Person", ("password", "last_login")),
    ("orgs", "Role", ()),
    ("queues", "Queue", ()),
    ("queues", "QueueText", ()),
    ("queues", "OpeningHours", ()),
    ("queues", "DailyClosure", ()),
    ("queues", "PlannedClosure", ()),
    ("queues", "ClosedDay", ()),
    ("queues", "Membership", ()),
    ("queues", "Menu", ()),
    ("queues", "MenuChoice", ()),
    ("api", "Token", ("hashed", "last_used")),
]


def register_models() -> None:
    for label, name, exclude in FOLLOWED:
        model = apps.get_model(label, name)
        if not auditlog.contains(model):
            # the model's own fields only: not the relations pointing at it, which a new
            # object's entry would otherwise list, empty, one by one
            own = [f.name for f in model._meta.concrete_fields if f.name not in exclude]
            auditlog.register(model, include_fields=own, m2m_fields=_m2m(model))


def _m2m(model: type) -> set[str]:
    return {f.name for f in model._meta.many_to_many}  # type: ignore[attr-defined]
