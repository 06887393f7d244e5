"""The ``linja`` command.

Each subcommand lives in its own module and registers itself on :data:`app`. ``main``
is the only entry point: it turns a :class:`LinjaError` into one line on stderr and exit
status 1, and any other exception into a short internal-error line (the traceback only
with ``LINJA_DEBUG=1``), so no traceback reaches a user by accident.
"""

from __future__ import annotations

import os
import sys

import typer
from rich.console import Console

from linja.errors import LinjaError

app = typer.Typer(
    name="linja",
    help="Linja: contact-centre indicators, routing and staffing for Norwegian public services.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)


def _register() -> None:
    from linja.cli import imports, kpi, sample, simulate  # noqa: F401  (commands register on import)
    from linja.cli import export, loadgen, staff, tokens, web  # noqa: F401  # isort: skip


def main(argv: list[str] | None = None) -> None:
    _register()
    try:
        app(args=argv, standalone_mode=True)
    except LinjaError as exc:
        err.print("[bold red]error:[/] ", end="", markup=True)
        err.print(exc.message, markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("LINJA_DEBUG"):
            raise
        err.print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in Linja. Run again with LINJA_DEBUG=1 for the details, "
            "and report it with the command you ran.",
            markup=False,
        )
        sys.exit(70)
