"""API tokens: a machine client acts as a person (often a service account), with that
person's access; only a hash of the secret is kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from linja.orgs.models import Owned, Person
from linja.site.db import one

PREFIX = "linja_"
LAST_USED_EVERY = timedelta(minutes=1)  # how fresh "last used" is kept


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Token(Owned, models.Model):
    """``linja_<key>_<secret>``: the key finds the token, the secret's hash proves it."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="tokens",
                               verbose_name=_("acts as"))  # fmt: skip
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    key = models.CharField(_("token key"), max_length=16, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(Person, models.SET_NULL, null=True, related_name="+",
                                   editable=False, verbose_name=_("created by"))  # fmt: skip
    last_used = models.DateTimeField(_("last used"), null=True, editable=False)
    revoked = models.DateTimeField(_("revoked"), null=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def owner_organisation_id(self) -> int | None:
        return self.person.home_id

    @classmethod
    def person_for(cls, text: str) -> Person | None:
        """The person a presented token acts as; None for anything not a live token."""
        if not text.startswith(PREFIX):
            return None
        key, _sep, secret = text[len(PREFIX) :].partition("_")
        token = one(cls.objects.select_related("person").filter(key=key, revoked__isnull=True))
        if token is None or not secrets.compare_digest(token.hashed, digest(secret)):
            return None
        if not token.person.is_active:
            return None
        now = timezone.now()
        if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
            # when it was last used, to the minute: not a write for every request
            cls.objects.filter(pk=token.pk).update(last_used=now)
        person: Person = token.person
        return person

    @property
    def prefix(self) -> str:
        """What of the token's text may be shown: enough to recognise it."""
        return f"{PREFIX}{self.key}_…"
