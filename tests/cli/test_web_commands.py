"""``linja migrate``, ``createadmin``, ``serve`` and ``demo``, run as a user runs them: in
their own process, with settings from the environment."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

LINJA = [sys.executable, "-m", "linja"]


def run(args: list[str], data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    environment |= {"LINJA_DATA_DIR": str(data), **env}
    return subprocess.run([*LINJA, *args], env=environment, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120, check=False)  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_migrate_creates_the_database_in_the_data_folder(tmp_path: Path) -> None:
    done = run(["migrate"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "linja.sqlite3").exists()
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # the owner's only
    assert run(["migrate"], tmp_path).returncode == 0  # again: nothing to do


def test_createadmin_makes_an_installation_administrator_once(tmp_path: Path) -> None:
    done = run(
        ["createadmin", "--username", "ada"], tmp_path, LINJA_ADMIN_PASSWORD="Fjord-og-fjell-42"
    )
    assert done.returncode == 0, done.stderr
    assert "created ada" in done.stdout
    again = run(
        ["createadmin", "--username", "ada"], tmp_path, LINJA_ADMIN_PASSWORD="Fjord-og-fjell-42"
    )
    assert again.returncode == 1
    assert again.stderr.strip() == "error: 'ada' exists already; choose another username"


def test_createadmin_refuses_a_weak_password_and_says_why(tmp_path: Path) -> None:
    done = run(["createadmin", "--username", "ada"], tmp_path, LINJA_ADMIN_PASSWORD="12345")
    assert done.returncode == 1
    assert "too short" in done.stderr and "Traceback" not in done.stderr


def test_a_bad_database_url_is_one_clear_line(tmp_path: Path) -> None:
    done = run(["migrate"], tmp_path, DATABASE_URL="mysql-ish://nowhere")
    assert done.returncode == 1
    assert done.stderr.startswith("error: DATABASE_URL:") and "Traceback" not in done.stderr
    port = free_port()  # nothing listens there
    done = run(["migrate"], tmp_path, DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/test")
    assert done.returncode == 1
    assert "error: cannot reach the database test" in done.stderr


def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run(["serve", "--port", str(port)], tmp_path)
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"error: port {port} on 127.0.0.1 is in use; choose another with --port"
    )


@pytest.fixture
def demo_site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["LINJA_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen([*LINJA, "demo", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(server.stdout.read() if server.stdout else "") from None
                time.sleep(0.1)
        yield base, ""
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
        print(output)


def test_demo_serves_a_site_that_answers_healthz_and_asks_for_a_login(
    demo_site: tuple[str, str],
) -> None:
    base, _ = demo_site
    with urllib.request.urlopen(f"{base}/healthz") as response:
        assert json.loads(response.read()) == {"status": "ok", "database": "ok"}
    with urllib.request.urlopen(f"{base}/") as response:  # follows the redirect
        page = response.read().decode()
        assert response.url.startswith(f"{base}/login/")
    assert re.search(r'<html lang="nb">', page)
    assert 'name="username"' in page


def test_createadmin_refuses_a_username_or_email_django_would_not_take(tmp_path: Path) -> None:
    password = {"LINJA_ADMIN_PASSWORD": "Fjord-og-fjell-42"}
    odd = run(["createadmin", "--username", "a b!"], tmp_path, **password)
    assert odd.returncode == 1 and "Traceback" not in odd.stderr
    assert "Enter a valid username" in odd.stderr
    mail = run(["createadmin", "--username", "ada", "--email", "nope"], tmp_path, **password)
    assert mail.returncode == 1 and "Enter a valid email address." in mail.stderr
    nobody = run(["createadmin"], tmp_path)  # no terminal to ask, no password given
    assert nobody.returncode == 1 and "Traceback" not in nobody.stderr
    assert "give --username, and the password in LINJA_ADMIN_PASSWORD" in nobody.stderr
