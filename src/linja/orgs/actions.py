"""Every write to organisations and people goes through here: checked, in a transaction.

(The pattern Zulip uses: views and commands call these; nothing else saves these models.)
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from linja.errors import LinjaError
from linja.orgs.models import Centre, Organisation, Person, Role, Unit


def _problem(exc: ValidationError) -> LinjaError:
    return LinjaError("; ".join(str(m) for m in exc.messages))


@transaction.atomic
def create_installation_admin(username: str, password: str, email: str = "") -> Person:
    """A person who administers the whole installation."""
    username = username.strip()
    if not username:
        raise LinjaError("a username is needed")
    if Person.objects.filter(username=username).exists():
        raise LinjaError(f"{username!r} exists already; choose another username")
    person = Person(username=username, email=email, is_staff=True, is_superuser=True)
    try:
        person.full_clean(exclude=["password"])  # the username's letters and length, the email
        validate_password(password, person)
    except ValidationError as exc:
        raise _problem(exc) from None
    person.set_password(password)
    person.save()
    Role.objects.create(person=person, kind=Role.Kind.ADMIN)
    return person


@transaction.atomic
def create_organisation(name: str, kind: str, parent: Organisation | None = None) -> Organisation:
    org = Organisation(name=name, kind=kind, parent=parent)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def create_unit(organisation: Organisation, name: str, parent: Unit | None = None) -> Unit:
    unit = Unit(organisation=organisation, name=name, parent=parent)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def create_centre(name: str, organisations: list[Organisation]) -> Centre:
    centre = Centre(name=name)
    centre.full_clean()
    centre.save()
    centre.organisations.set(organisations)
    return centre


@transaction.atomic
def create_person(
    username: str, first_name: str, last_name: str, home: Organisation | None,
    password: str | None = None, email: str = "",
) -> Person:  # fmt: skip
    person = Person(
        username=username, first_name=first_name, last_name=last_name, home=home, email=email
    )
    person.full_clean(exclude=["password"])
    if password is None:
        person.set_unusable_password()
    else:
        person.set_password(password)
    person.save()
    return person


@transaction.atomic
def give_role(
    person: Person, kind: str, *, organisation: Organisation | None = None,
    unit: Unit | None = None, centre: Centre | None = None,
) -> Role:  # fmt: skip
    role = Role(person=person, kind=kind, organisation=organisation, unit=unit, centre=centre)
    role.full_clean()
    role.save()
    if kind == Role.Kind.ADMIN and not person.is_staff:  # the Django admin pages
        person.is_staff = True
        person.save(update_fields=["is_staff"])
    return role
