"""What several test files need: running the ``linja`` command in-process."""

from __future__ import annotations

import pytest

from linja.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``linja ARGS``: the exit status, stdout and stderr (Typer exits 0 on success too)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
