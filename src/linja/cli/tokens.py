"""``linja token create|list|revoke``: API tokens from the command line, for the people
who run the installation (administrators issue them on the web page /tokens/ too)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from linja.cli import app
from linja.cli.web import ensure_migrated, out, setup
from linja.errors import LinjaError

token_app = typer.Typer(help="API tokens: create, list and revoke.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def create(
    person: Annotated[str, typer.Option("--person", help="Username the token acts as.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")],
) -> None:
    """Issue a token and print it (once: only its hash is kept)."""
    setup()
    ensure_migrated(verbose=False)
    from linja.api import actions
    from linja.audit.context import command
    from linja.orgs.models import Person

    found = Person.objects.filter(username=person).first()
    if found is None:
        raise LinjaError(f"--person: no person with the username {person!r}")
    with command("token create"):
        token, text = actions.issue_token(found, name, None)
    out.print(f"token {token.name!r} acting as {found.username} (shown once, keep it safe):")
    print(text)


@token_app.command("list")
def list_tokens() -> None:
    """Every token: its beginning, whom it acts as, when it was last used."""
    setup()
    ensure_migrated(verbose=False)
    from django.utils import timezone

    from linja.api.models import Token

    def when(moment: datetime | None, otherwise: str) -> str:
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else otherwise

    tokens = list(Token.objects.select_related("person"))
    if not tokens:
        out.print("no tokens; `linja token create --person USER --name NAME` issues one")
    for t in tokens:
        state = "revoked " + when(t.revoked, "") if t.revoked else "active"
        print(f"{t.key}  {t.person.username:<16} {t.name:<30} {when(t.last_used, 'never used'):<17}"
              f" {state}")  # fmt: skip


@token_app.command("revoke")
def revoke(key: Annotated[str, typer.Argument(help="The token's key (as `token list` shows).")]
           ) -> None:  # fmt: skip
    """Stop a token working at once."""
    setup()
    ensure_migrated(verbose=False)
    from linja.api import actions
    from linja.api.models import PREFIX, Token
    from linja.audit.context import command

    key = key.removeprefix(PREFIX).split("_")[0]
    token = Token.objects.filter(key=key).first()
    if token is None:
        raise LinjaError(f"no token with the key {key!r}; `linja token list` shows them")
    with command("token revoke"):
        actions.revoke_token(token)
    out.print(f"revoked {token.name!r} ({token.person.username})")
