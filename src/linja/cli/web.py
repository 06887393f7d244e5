"""``linja serve``, ``linja migrate``, ``linja createadmin`` and ``linja demo``: the web site.

Settings come from the environment (docs/deployment.md). Without any, the site keeps its
data in ``./var`` (SQLite) and needs no other service.
"""

from __future__ import annotations

import errno
import getpass
import os
import socket
from typing import Annotated

import typer
from rich.console import Console

from linja.cli import app
from linja.errors import LinjaError

out = Console(highlight=False)

Host = Annotated[str, typer.Option("--host", help="Address to listen on.")]
Port = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")]


def setup() -> None:
    """Django, configured from the environment; a clear error if the database is not there."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linja.site.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise LinjaError(f"settings: {exc}") from None
    from django.utils import translation

    translation.activate("en")  # the commands speak English, Django's messages too


def _database_ready() -> None:
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        where = connection.settings_dict.get("NAME")
        raise LinjaError(
            f"cannot reach the database {where!s}: {str(exc).strip().splitlines()[0]} "
            "(check DATABASE_URL, or leave it unset for the built-in SQLite)"
        ) from None


def ensure_migrated(verbose: bool) -> None:
    from django.core.management import call_command

    _database_ready()
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def _port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise LinjaError(
                    f"port {port} on {host} is in use; choose another with --port"
                ) from None
            raise LinjaError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def _serve(host: str, port: int) -> None:
    import uvicorn
    from django.utils import translation

    from linja.contact import clock

    translation.deactivate()  # each page in its reader's language, not the commands'
    _port_free(host, port)
    from linja.site.asgi import application
    from linja.site.runtime import settle

    settle()  # what is loaded stays out of the garbage collector's way (runtime.py)
    clock.start()  # the routing timers (docs/architecture.md)
    uvicorn.run(application, host=host, port=port, log_level="warning", lifespan="off")


@app.command()
def serve(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Run the web site (ASGI, uvicorn). Run `linja migrate` first."""
    setup()
    _database_ready()
    out.print(f"Linja at http://{host}:{port}/ (stop with Ctrl+C)")
    _serve(host, port)


@app.command()
def migrate() -> None:
    """Create or bring up to date the database tables."""
    setup()
    ensure_migrated(verbose=True)


@app.command()
def createadmin(
    username: Annotated[str, typer.Option("--username", help="Login name.")] = "",
    email: Annotated[str, typer.Option("--email")] = "",
) -> None:
    """Create an administrator of the whole installation (asks for the password)."""
    setup()
    ensure_migrated(verbose=False)
    from linja.audit.context import command
    from linja.orgs import actions

    try:
        name = username or input("Username: ").strip()
        password = os.environ.get("LINJA_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        if not os.environ.get("LINJA_ADMIN_PASSWORD") and getpass.getpass("Again: ") != password:
            raise LinjaError("the two passwords differ; nothing was created")
    except EOFError:
        raise LinjaError(
            "no one to ask: give --username, and the password in LINJA_ADMIN_PASSWORD"
        ) from None
    with command("createadmin"):
        person = actions.create_installation_admin(name, password, email)
    out.print(f"created {person.username}, administrator of the whole installation")


@app.command()
def demo(host: Host = "127.0.0.1", port: Port = 8000) -> None:
    """Set up the demo (a hospital, a shared municipal centre, an IT service desk) in an
    empty database, print the logins, and serve it."""
    setup()
    ensure_migrated(verbose=False)
    from django.conf import settings

    from linja.audit.context import command
    from linja.site import demo as demodata

    settings.LINJA_LOADTEST = True  # the demo takes `linja loadgen`'s bot agents
    with command("demo"):
        created = demodata.load_if_empty()
    out.print("Demo data loaded." if created else "The database already has data; kept as it is.")
    out.print(f"\nLinja demo at [bold]http://{host}:{port}/[/] (stop with Ctrl+C)\n")
    out.print("Logins (password for all: [bold]" + demodata.PASSWORD + "[/]):")
    for login, who in demodata.LOGINS:
        out.print(f"  {login:<14} {who}")
    _serve(host, port)
