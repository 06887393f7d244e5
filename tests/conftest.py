"""Before any test: the compiled engine, if there is one, is built from today's source."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import linja.engine
from linja._sources import requested as pure_requested

ROOT = Path(__file__).resolve().parents[1]

pytest_plugins = ["tests.orgs.fixtures"]


def stale_extensions() -> list[str]:
    """Compiled modules older than their .py file (Python would run the old code)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    stale = []
    for source in config["tool"]["linja"]["compiled"]:
        py = ROOT / source
        for built in py.parent.glob(f"{py.stem}.*.so"):
            if built.stat().st_mtime < py.stat().st_mtime:
                stale.append(f"{built.relative_to(ROOT)} is older than {source}")
    return stale


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # no kept connections in tests: a thread of the test process that kept one (an HTTP
    # pool's, a consumer's) would keep the test database from being dropped at the end
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_sessionstart(session: pytest.Session) -> None:
    stale = stale_extensions()
    if stale and not pure_requested():
        pytest.exit(
            "the compiled engine is out of date: " + "; ".join(stale)
            + ". Run `make compile` (or set LINJA_PURE_PYTHON=1 to test the source as it is).",
            returncode=3,
        )  # fmt: skip


def pytest_report_header() -> str:
    return f"linja engine: {'compiled' if linja.engine.compiled() else 'interpreted'}"


@pytest.fixture(autouse=True)
def _quick_passwords(request: pytest.FixtureRequest) -> None:
    """Tests hash passwords with a quick hasher; the site itself uses Django's slow default."""
    if "settings" in request.fixturenames or request.node.get_closest_marker("django_db"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
