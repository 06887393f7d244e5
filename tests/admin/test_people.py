"""/admin/orgs/person/: an organisation's administrator keeps the people of their own
organisation, gives roles only there, never makes anyone an installation administrator,
never deletes anyone, and cannot touch a person who administers more than they do."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from tests.admin.support import errors, form_of, in_english, post_changed
from tests.orgs.world import World

from linja.orgs import actions as orgs
from linja.orgs.models import Person, Role

pytestmark = pytest.mark.django_db

LIST = "/admin/orgs/person/"


def change_url(person: Person) -> str:
    return f"{LIST}{person.pk}/change/"


def usernames(page: Any) -> set[str]:
    assert page.status_code == 200, page.status_code
    return {p.username for p in page.context["cl"].result_list}


def test_an_organisation_administrator_lists_the_people_of_their_organisation(
    as_person: Any,
) -> None:
    # Alver's people in the world: prof, agent and admin
    assert usernames(as_person("admin").get(LIST)) == {"prof", "agent", "admin"}


def test_the_installation_administrator_lists_everyone(as_person: Any, world: World) -> None:
    assert usernames(as_person("root").get(LIST)) == set(world.people)


def test_a_person_of_another_organisation_is_not_there_for_them(
    as_person: Any, world: World
) -> None:
    assert as_person("admin").get(change_url(world.people["sec"])).status_code == 404


def test_no_one_deletes_a_person(as_person: Any, world: World) -> None:
    agent = world.people["agent"]
    assert as_person("root").get(f"{LIST}{agent.pk}/delete/").status_code == 403
    assert as_person("root").post(f"{LIST}{agent.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Person.objects.filter(pk=agent.pk).exists()


def test_the_administrator_gives_a_role_in_their_organisation_and_the_log_says_who(
    as_person: Any, world: World
) -> None:
    agent, au = world.people["agent"], world.objects["au"]
    response = post_changed(
        in_english(as_person("admin")), change_url(agent),
        rows={"roles": [{"kind": "team_lead", "unit": au.pk}]},
    )  # fmt: skip
    assert response.status_code == 302, errors(response)
    assert Role.objects.filter(person=agent, kind="team_lead", unit=au).exists()
    entry = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Role)).latest(
        "timestamp"
    )
    assert entry.actor == world.people["admin"] and entry.action == LogEntry.Action.CREATE


@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        ({"kind": "admin"},
         "Only the installation's administrators make someone an administrator of the whole "
         "installation."),
        ({"kind": "agent", "centre": "C"},
         "Select a valid choice. That choice is not one of the available choices."),
        ({"kind": "team_lead", "unit": "surgical"},
         "Select a valid choice. That choice is not one of the available choices."),
        ({"kind": "planner", "organisation": "B"},
         "Select a valid choice. That choice is not one of the available choices."),
    ],
)  # fmt: skip
def test_the_administrator_gives_no_role_beyond_their_organisation(
    as_person: Any, world: World, role: dict[str, str], refusal: str
) -> None:
    agent = world.people["agent"]
    before = set(Role.objects.filter(person=agent).values_list("pk", flat=True))
    row = {k: v if k == "kind" else world.objects[v].pk for k, v in role.items()}
    response = post_changed(
        in_english(as_person("admin")), change_url(agent), rows={"roles": [row]}
    )
    assert response.status_code == 200
    assert refusal in errors(response)
    assert set(Role.objects.filter(person=agent).values_list("pk", flat=True)) == before


def test_the_installation_administrator_gives_roles_anywhere(as_person: Any, world: World) -> None:
    agent, c = world.people["agent"], world.objects["C"]
    response = post_changed(
        as_person("root"), change_url(agent),
        rows={"roles": [{"kind": "team_lead", "centre": c.pk}, {"kind": "admin"}]},
    )  # fmt: skip
    assert response.status_code == 302, errors(response)
    assert set(Role.objects.filter(person=agent).values_list("kind", "centre")) >= {
        ("team_lead", c.pk), ("admin", None),
    }  # fmt: skip


def test_the_superuser_flag_is_neither_shown_nor_set_by_an_organisation_administrator(
    as_person: Any, world: World
) -> None:
    agent = world.people["agent"]
    browser = as_person("admin")
    assert "is_superuser" not in form_of(browser.get(change_url(agent)))
    response = post_changed(browser, change_url(agent), is_superuser="on", first_name="Agnes")
    assert response.status_code == 302, errors(response)
    agent.refresh_from_db()
    assert agent.first_name == "Agnes" and not agent.is_superuser


def test_a_person_who_administers_more_is_out_of_their_reach(as_person: Any, world: World) -> None:
    both = orgs.create_person("both", "Bo", "Test", world.objects["A"], password=None)
    orgs.give_role(both, Role.Kind.ADMIN, organisation=world.objects["A"])
    orgs.give_role(both, Role.Kind.ADMIN, organisation=world.objects["B"])
    browser = as_person("admin")
    assert browser.get(change_url(both)).status_code == 403
    assert browser.post(change_url(both), {"first_name": "X"}).status_code == 403
    assert as_person("root").get(change_url(both)).status_code == 200


def test_a_new_person_is_employed_by_one_of_their_organisations(
    as_person: Any, world: World
) -> None:
    browser = in_english(as_person("admin"))
    page = browser.get(f"{LIST}add/")
    home = page.context["adminform"].form.fields["home"]
    assert home.required
    assert list(home.queryset) == [world.objects["A"]]
    response = browser.post(f"{LIST}add/", form_of(page) | {
        "username": "ny", "usable_password": "false", "home": [str(world.objects["A"].pk)],
    })  # fmt: skip
    assert response.status_code == 302, errors(response)
    assert Person.objects.get(username="ny").home == world.objects["A"]
