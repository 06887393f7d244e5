"""The access rules as a matrix: every role × every kind of object × every action, with
the expected answers worked out by hand from the rules in linja.orgs.access (and
docs/access.md), on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from tests.orgs.world import World

from linja.orgs.access import Action, can, visible

pytestmark = pytest.mark.django_db

PEOPLE = ("sec", "lead", "plan", "prof", "agent", "admin", "root", "stranger")

# who may see each object
VIEW = {
    "auge": {"sec", "lead", "plan", "root"},
    "sentralbord": {"plan", "root"},
    "alver": {"prof", "agent", "admin", "root"},
    "austrheim": {"prof", "agent", "root"},
    "H": {"sec", "lead", "plan", "root"},
    "A": {"prof", "agent", "admin", "root"},
    "B": {"prof", "agent", "root", "stranger"},
    "C": {"prof", "agent", "admin", "root"},
    "surgical": {"lead", "plan", "root"},
    "eye": {"sec", "lead", "plan", "root"},
    "au": {"prof", "agent", "admin", "root"},
    "bu": {"prof", "agent", "root"},
    "hf": {"sec", "lead", "plan", "root"},
    "al": {"prof", "agent", "admin", "root"},
    "sec": {"sec", "lead", "plan", "root"},
    "agent": {"agent", "prof", "admin", "root"},
    "stranger": {"stranger", "root"},
}
# who may lead (daily settings, who answers): queues only
LEAD = {name: {"root"} for name in VIEW} | {
    "auge": {"lead", "root"},
    "alver": {"prof", "admin", "root"},
    "austrheim": {"prof", "root"},
}
# who may administer: the owning organisation's administrators
ADMINISTER = {name: {"root"} for name in VIEW} | {
    name: {"admin", "root"} for name in ("A", "au", "alver", "al", "agent")
}
EXPECTED = {Action.VIEW: VIEW, Action.LEAD: LEAD, Action.ADMINISTER: ADMINISTER}


@pytest.mark.parametrize("who", PEOPLE)
def test_each_role_may_do_exactly_what_the_rules_say(world: World, who: str) -> None:
    person = world.people[who]
    wrong = []
    for action, table in EXPECTED.items():
        for name, allowed in table.items():
            got = can(person, action, world.objects[name])
            if got != (who in allowed):
                wrong.append(f"{who} {action} {name}: {got}, expected {who in allowed}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("who", PEOPLE)
def test_lists_show_exactly_what_the_person_may_see(world: World, who: str) -> None:
    person = world.people[who]
    for name, obj in world.objects.items():
        listed = visible(person, type(obj)._default_manager.all())
        assert (obj in listed) == (who in VIEW[name]), f"{who} listing {name}"


def test_someone_not_logged_in_sees_and_does_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser()
    for obj in world.objects.values():
        assert not any(can(nobody, action, obj) for action in Action)
        assert not visible(nobody, type(obj)._default_manager.all()).exists()


def test_a_new_membership_shows_the_queue_on_the_next_request(world: World) -> None:
    from linja.orgs.models import Person
    from linja.queues import actions

    stranger = world.people["stranger"]
    assert not can(stranger, Action.VIEW, world.objects["austrheim"])
    actions.set_membership(stranger, world.objects["austrheim"], 1)
    again = Person.objects.get(pk=stranger.pk)  # a new request loads the person anew
    assert can(again, Action.VIEW, world.objects["austrheim"])
