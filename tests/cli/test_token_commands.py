"""``linja token create|list|revoke``, run as the people who run Linja run them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.test_web_commands import run


def admin(data: Path) -> None:
    done = run(["createadmin", "--username", "ada"], data, LINJA_ADMIN_PASSWORD="Fjord-og-fjell-42")
    assert done.returncode == 0, done.stderr


def test_a_token_is_created_listed_and_revoked(tmp_path: Path) -> None:
    admin(tmp_path)
    made = run(["token", "create", "--person", "ada", "--name", "telefoni"], tmp_path)
    assert made.returncode == 0, made.stderr
    text = made.stdout.strip().splitlines()[-1]
    assert text.startswith("linja_")
    key = text.split("_")[1]
    listed = run(["token", "list"], tmp_path)
    assert listed.returncode == 0
    [line] = listed.stdout.splitlines()
    assert line.split()[:3] == [key, "ada", "telefoni"] and line.endswith("active")
    assert text.split("_", 2)[2] not in listed.stdout  # the secret is never shown again
    revoked = run(["token", "revoke", key], tmp_path)
    assert revoked.returncode == 0, revoked.stderr
    with sqlite3.connect(tmp_path / "linja.sqlite3") as db:
        [(when,)] = db.execute("select revoked from api_token").fetchall()
    assert when is not None


def test_bad_input_names_what_was_wrong(tmp_path: Path) -> None:
    admin(tmp_path)
    nobody = run(["token", "create", "--person", "nobody", "--name", "x"], tmp_path)
    assert nobody.returncode == 1
    assert nobody.stderr.strip() == "error: --person: no person with the username 'nobody'"
    unnamed = run(["token", "create", "--person", "ada", "--name", " "], tmp_path)
    assert unnamed.returncode == 1 and "needs a name" in unnamed.stderr
    unknown = run(["token", "revoke", "0123"], tmp_path)
    assert unknown.returncode == 1 and "no token with the key '0123'" in unknown.stderr
    assert "Traceback" not in nobody.stderr + unnamed.stderr + unknown.stderr
