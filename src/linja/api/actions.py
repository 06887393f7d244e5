"""Issuing and revoking API tokens: the only writes of the API app."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from linja.api.models import PREFIX, Token, digest
from linja.errors import LinjaError
from linja.orgs.models import Person


@transaction.atomic
def issue_token(person: Person, name: str, by: Person | None) -> tuple[Token, str]:
    """A new token acting as ``person``, and its full text: shown once, as only its hash
    is kept."""
    name = name.strip()
    if not name:
        raise LinjaError("a token needs a name that says what it is for")
    if len(name) > 100:
        raise LinjaError("a token's name is at most 100 characters")
    if not person.is_active:
        raise LinjaError(f"{person.username} is deactivated; a token would not work")
    key, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    token = Token.objects.create(person=person, name=name, key=key, hashed=digest(secret),
                                 created_by=by)  # fmt: skip
    return token, f"{PREFIX}{key}_{secret}"


@transaction.atomic
def revoke_token(token: Token) -> Token:
    """The token stops working at once; it stays listed, revoked, for the record."""
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token
