"""/admin/: who gets in (administrators, by their roles, never Django's is_staff alone),
what its index offers each of them, and the one table of who owns what that every admin
list and choice is filtered by."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.admin.support import in_english
from tests.orgs.world import World

from linja.orgs.models import Person
from linja.site.admin import OWNED

pytestmark = pytest.mark.django_db

OTHERS = ("sec", "lead", "plan", "prof", "agent", "stranger")


def models_on_the_index(client: Client) -> set[str]:
    page = client.get("/admin/")
    assert page.status_code == 200
    return {m["object_name"] for app in page.context["app_list"] for m in app["models"]}


@pytest.mark.parametrize("who", ["root", "admin"])
def test_administrators_get_in(as_person: Any, who: str) -> None:
    assert as_person(who).get("/admin/").status_code == 200


@pytest.mark.parametrize("who", OTHERS)
def test_everyone_else_is_sent_to_the_admin_login(as_person: Any, who: str) -> None:
    response = as_person(who).get("/admin/orgs/person/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/orgs/person/"


def test_no_one_logged_out_gets_in(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_djangos_staff_flag_alone_opens_nothing(as_person: Any, world: World) -> None:
    Person.objects.filter(username="lead").update(is_staff=True)
    assert as_person("lead").get("/admin/").status_code == 302


def test_the_login_form_lets_in_administrators_only(world: World) -> None:
    for name in ("admin", "lead"):
        person = world.people[name]
        person.is_staff = True
        person.set_password("Fjord-og-fjell-2026")
        person.save()
    login = {"password": "Fjord-og-fjell-2026", "next": "/admin/"}
    staff_lead = Client().post("/admin/login/", login | {"username": "lead"})
    assert staff_lead.status_code == 200 and staff_lead.context["form"].errors
    admin = Client().post("/admin/login/", login | {"username": "admin"})
    assert admin.status_code == 302 and admin["Location"] == "/admin/"


def test_the_site_is_called_linja_administration(as_person: Any) -> None:
    page = in_english(as_person("root")).get("/admin/").content.decode()
    assert "<title>Site administration | Linja administration</title>" not in page
    assert "Linja administration" in page


def test_an_organisation_administrator_is_offered_what_they_administer(as_person: Any) -> None:
    assert models_on_the_index(as_person("admin")) == {
        "Organisation", "Unit", "Person", "Queue", "Menu",
    }  # fmt: skip


def test_the_installation_administrator_is_offered_everything(as_person: Any) -> None:
    assert models_on_the_index(as_person("root")) == {
        "Organisation", "Unit", "Centre", "Person", "Queue", "Menu",
    }  # fmt: skip


def test_the_audit_log_is_read_on_its_own_page_not_in_the_admin(as_person: Any) -> None:
    assert as_person("root").get("/admin/auditlog/logentry/").status_code == 404


def test_the_table_of_owners_agrees_with_every_objects_owner(world: World) -> None:
    from django.apps import apps

    organisations = {world.objects[k].pk for k in ("H", "A", "B")}
    wrong = []
    for label, owned in OWNED.items():
        model = apps.get_model(label)
        for obj in model._default_manager.all():
            owner = obj.owner_organisation_id()
            for org in organisations:
                found = model._default_manager.filter(owned({org}), pk=obj.pk).exists()
                if found != (owner == org):
                    wrong.append(f"{label} {obj}: owned by {org}? {found}, owner {owner}")
    assert not wrong, "\n".join(wrong)
