"""Who is who: organisations, their units, shared centres, people and their roles.

Seed 001 describes the matrix this models: an agent is employed by their own
municipality (``Person.home``) but works in a centre shared by several municipalities
(``Centre``), under a professional lead whose role spans the centre's organisations.
What a role lets a person see and do is decided in one place, :mod:`linja.orgs.access`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Owned:
    """A model whose objects belong to one organisation (or none): the access rules and the
    audit log ask each object whose it is."""

    def owner_organisation_id(self) -> int | None:
        raise NotImplementedError

    def get_additional_data(self) -> dict[str, Any]:
        """What django-auditlog keeps with each entry about this object."""
        return {"organisation": self.owner_organisation_id()}


class Organisation(Owned, models.Model):
    """A legal body that employs people and owns services: a health trust, a hospital, a
    municipality, an IT service."""

    class Kind(models.TextChoices):
        HEALTH_TRUST = "health_trust", _("health trust")
        HOSPITAL = "hospital", _("hospital")
        MUNICIPALITY = "municipality", _("municipality")
        IT_SERVICE = "it_service", _("IT service")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("part of"),
    )  # fmt: skip
    number = models.CharField(
        _("organisation number"), max_length=9, blank=True,
        help_text=_("The nine digits of the Brønnøysund register."),
    )  # fmt: skip

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def owner_organisation_id(self) -> int | None:
        return self.pk

    def clean(self) -> None:
        if self.number and not (self.number.isdigit() and len(self.number) == 9):
            raise ValidationError({"number": _("An organisation number has nine digits.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
            ancestor = ancestor.parent


class Unit(Owned, models.Model):
    """A part of an organisation, in a tree: a clinic, a polyclinic, a switchboard, a
    municipality's citizen service."""

    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("part of"),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unit_name_unique_in_parent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

    def owner_organisation_id(self) -> int | None:
        return self.organisation_id

    def clean(self) -> None:
        if self.parent is not None and self.parent.organisation_id != self.organisation_id:
            raise ValidationError(
                {"parent": _("A unit is part of a unit of the same organisation.")}
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be part of itself.")})
            ancestor = ancestor.parent

    def lineage(self) -> list[Unit]:
        """This unit and the units it is part of, innermost first."""
        out: list[Unit] = []
        unit: Unit | None = self
        while unit is not None:
            out.append(unit)
            unit = unit.parent
        return out


class Centre(Owned, models.Model):
    """A contact centre that several organisations share (seed 001): their queues are
    answered together, by people each employed by their own organisation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    organisations = models.ManyToManyField(
        Organisation, related_name="centres", verbose_name=_("organisations")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("shared centre")
        verbose_name_plural = _("shared centres")

    def __str__(self) -> str:
        return self.name

    def owner_organisation_id(self) -> int | None:
        return None  # shared: no one organisation owns it


class Person(Owned, AbstractUser):
    """Someone who logs in: employed by their home organisation (none for the
    installation's own administrators)."""

    class Language(models.TextChoices):
        BOKMAAL = "nb", "Norsk bokmål"
        NYNORSK = "nn", "Norsk nynorsk"
        ENGLISH = "en", "English"

    home = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="people",
        verbose_name=_("employed by"),
    )  # fmt: skip
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.BOKMAAL
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def owner_organisation_id(self) -> int | None:
        return self.home_id


class Role(Owned, models.Model):
    """What a person does, and where: the scope is an organisation, a unit or a shared
    centre, or, for the installation's administrators, nothing."""

    class Kind(models.TextChoices):
        AGENT = "agent", _("agent")
        TEAM_LEAD = "team_lead", _("team lead")
        PROFESSIONAL_LEAD = "professional_lead", _("professional lead")
        PLANNER = "planner", _("planner")
        ADMIN = "admin", _("administrator")

    # which scopes each kind of role may have
    SCOPES: dict[str, tuple[str, ...]] = {
        Kind.AGENT: ("organisation", "unit", "centre"),
        Kind.TEAM_LEAD: ("unit", "centre"),
        Kind.PROFESSIONAL_LEAD: ("centre",),
        Kind.PLANNER: ("organisation", "centre"),
        Kind.ADMIN: ("organisation", "installation"),
    }

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, null=True, blank=True, related_name="roles",
        verbose_name=_("organisation"),
    )  # fmt: skip
    unit = models.ForeignKey(
        Unit, models.CASCADE, null=True, blank=True, related_name="roles", verbose_name=_("unit")
    )
    centre = models.ForeignKey(
        Centre, models.CASCADE, null=True, blank=True, related_name="roles",
        verbose_name=_("shared centre"),
    )  # fmt: skip

    class Meta:
        ordering = ["person", "kind"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=True, unit__isnull=True)
                    | Q(organisation__isnull=True, centre__isnull=True)
                    | Q(unit__isnull=True, centre__isnull=True)
                ),
                name="role_has_at_most_one_scope",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "organisation", "unit", "centre"],
                name="role_once",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.scope_label()})"

    def owner_organisation_id(self) -> int | None:
        if self.unit is not None:
            return self.unit.organisation_id
        return self.organisation_id

    @property
    def scope(self) -> str:
        if self.unit_id is not None:
            return "unit"
        if self.centre_id is not None:
            return "centre"
        if self.organisation_id is not None:
            return "organisation"
        return "installation"

    def scope_label(self) -> str:
        target: Any = self.unit or self.centre or self.organisation
        return str(target) if target is not None else str(_("the whole installation"))

    def clean(self) -> None:
        given = [f for f in ("organisation", "unit", "centre") if getattr(self, f"{f}_id")]
        if len(given) > 1:
            raise ValidationError(_("A role has one scope: an organisation, a unit or a centre."))
        allowed = self.SCOPES.get(self.kind, ())
        if self.scope not in allowed:
            names = {
                "organisation": _("an organisation"),
                "unit": _("a unit"),
                "centre": _("a shared centre"),
                "installation": _("the whole installation (no scope)"),
            }
            raise ValidationError(
                _("A role as %(role)s needs one of: %(allowed)s.")
                % {
                    "role": self.get_kind_display(),
                    "allowed": ", ".join(str(names[a]) for a in allowed),
                }
            )
