"""The demo installation: the three organisations of the seeds and a login for each role,
each seeing what its role gives and nothing more."""

from __future__ import annotations

import pytest

from linja.orgs.access import visible
from linja.orgs.models import Centre, Organisation, Person, Role
from linja.queues import checks
from linja.queues.models import Menu, Queue
from linja.site import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    assert demo.load_if_empty()


def queues_of(username: str) -> set[str]:
    person = Person.objects.get(username=username)
    return set(visible(person, Queue.objects.all()).values_list("code", flat=True))


def test_the_demo_has_the_seeds_organisations_centre_and_menus(loaded: None) -> None:
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Helse Førde", "Alver kommune", "Austrheim kommune", "Fedje kommune",
        "Masfjorden kommune", "Modalen kommune", "Helse Nord IKT",
    }  # fmt: skip
    centre = Centre.objects.get()
    assert centre.organisations.count() == 5
    assert Queue.objects.filter(centre=centre).count() == 5
    assert Queue.objects.filter(unit__organisation__name="Helse Førde").count() == 6
    menu = Menu.objects.get(code="helse-forde")
    assert sorted(menu.choices.values_list("key", flat=True)) == ["0", "1", "2", "3", "4", "5"]


def test_every_demo_login_exists_with_the_password(loaded: None) -> None:
    for username, _who in demo.LOGINS:
        assert Person.objects.get(username=username).check_password(demo.PASSWORD)


def test_demo_roles_see_their_own_queues_only(loaded: None) -> None:
    assert queues_of("sekretaer") == {"auge", "ortopedi"}
    assert queues_of("teamleiar") == {"ortopedi", "gastro", "auge"}  # the surgical clinic
    assert queues_of("planleggar") == {
        "ortopedi", "gastro", "auge", "hjarte-lunge", "nevrologi", "sentralbord"
    }  # fmt: skip
    nordhordland = {
        f"{m}-servicetorg" for m in ("alver", "austrheim", "fedje", "masfjorden", "modalen")
    }
    assert queues_of("fagleiar") == nordhordland
    assert queues_of("alver") == nordhordland  # level 1 at home, level 2 elsewhere
    assert queues_of("admin-alver") == {"alver-servicetorg"}
    assert queues_of("brukarstotte") == {"ikt-klinisk", "ikt-generell"}
    assert queues_of("admin") == set(Queue.objects.values_list("code", flat=True))
    assert Role.objects.filter(kind=Role.Kind.PROFESSIONAL_LEAD, centre__isnull=False).count() == 1


def test_the_demo_configuration_has_no_problems(loaded: None) -> None:
    assert checks.check(Queue.objects.all()) == []


def test_the_demo_is_not_loaded_twice(loaded: None) -> None:
    before = Person.objects.count()
    assert not demo.load_if_empty()
    assert Person.objects.count() == before
