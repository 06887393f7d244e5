"""The audit log: each change says who, when, what and from where; views of a person's
history are logged too; entries cannot be changed or deleted, not even in SQL."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection, transaction
from django.test import Client
from tests.orgs.world import World

from linja.audit.context import command
from linja.audit.record import viewed
from linja.orgs import actions as orgs
from linja.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def latest(model: str) -> LogEntry:
    entry: LogEntry = LogEntry.objects.filter(content_type__model=model).latest("pk")
    return entry


def test_a_change_on_the_web_names_the_person_the_address_and_the_change(world: World) -> None:
    client = Client(REMOTE_ADDR="10.20.30.40")
    client.force_login(world.people["prof"])
    client.post("/queues/alver/closures/daily/",
                {"start": "11:30", "end": "12:00", "weekdays": ["2"], "reason": "lunsj"})  # fmt: skip
    entry = latest("dailyclosure")
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == world.people["prof"]
    assert entry.remote_addr == "10.20.30.40"
    assert entry.additional_data == {"organisation": world.objects["A"].pk, "via": "web"}
    assert entry.changes_dict["reason"] == [None, "lunsj"]


def test_a_forwarded_address_counts_only_from_a_trusted_proxy(world: World, settings: Any) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    client.force_login(world.people["prof"])
    form = {"person": world.people["stranger"].pk, "level": 2}
    client.post("/queues/alver/members/", form)
    assert latest("membership").remote_addr == "10.0.0.1"  # the header is anyone's to send
    settings.LINJA_TRUSTED_PROXIES = ["10.0.0.1"]
    client.post("/queues/alver/members/", form | {"level": 3})
    assert latest("membership").remote_addr == "192.0.2.7"


def test_a_command_line_change_says_which_command(world: World) -> None:
    with command("createadmin"):
        orgs.create_organisation("Fedje kommune", Organisation.Kind.MUNICIPALITY)
    entry = latest("organisation")
    assert entry.actor is None and entry.remote_addr is None
    assert entry.additional_data["via"] == "cli:createadmin"


def test_looking_at_a_persons_history_is_an_access_entry(world: World) -> None:
    agent = world.people["agent"]
    viewed(agent)
    entry = latest("person")
    assert entry.action == LogEntry.Action.ACCESS and entry.object_pk == str(agent.pk)


def test_passwords_are_never_in_the_log(world: World) -> None:
    person = world.people["sec"]
    person.set_password("Nytt-passord-2026")
    person.save()
    assert not LogEntry.objects.filter(changes_text__icontains="pbkdf2").exists()
    assert all("password" not in (e.changes_dict or {}) for e in LogEntry.objects.all())


def test_an_entry_cannot_be_changed_or_deleted_even_in_sql(world: World) -> None:
    entry = LogEntry.objects.latest("pk")
    for attempt in (
        lambda: LogEntry.objects.filter(pk=entry.pk).update(object_repr="nothing to see"),
        lambda: LogEntry.objects.filter(pk=entry.pk).delete(),
        lambda: connection.cursor().execute(f"DELETE FROM auditlog_logentry WHERE id = {entry.pk}"),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    entry.refresh_from_db()
    assert entry.object_repr != "nothing to see"
