"""Every text of the site in bokmål (the default), nynorsk and English, and a switch."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2] / "src" / "linja"
LOCALE = SRC / "locale"


def catalog(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (texts over several lines joined; fuzzy ones empty)."""
    out: dict[str, str] = {}
    for block in path.read_text().split("\n\n"):
        parts: dict[str, str] = {}
        field = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgstr ", "msgstr[0] ")):
                field, _, rest = line.partition(" ")
                field = field.removesuffix("[0]")  # a plural's first form stands for it
                parts[field] = ast.literal_eval(rest)
            elif line.startswith(("msgid_plural ", "msgstr[")):
                field = None  # the other plural forms
            elif line.startswith('"') and field is not None:
                parts[field] += ast.literal_eval(line)
        if parts.get("msgid"):
            out[parts["msgid"]] = "" if "#, fuzzy" in block else parts.get("msgstr", "")
    return out


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_text_is_translated(language: str) -> None:
    texts = catalog(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert texts, "no catalogue"
    assert [k for k, v in texts.items() if not v] == []


@pytest.mark.slow
def test_the_catalogues_hold_every_text_of_the_code(tmp_path: Path) -> None:
    """makemessages on a copy of the code finds no text the catalogues lack."""
    copy = tmp_path / "linja"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nb", "--ignore", "engine/*",
         "--ignore", "report/*", "--ignore", "cli/*", "--ignore", "importers/*",
         "--ignore", "scenario/*"],
        cwd=copy, check=True, capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "linja.site.settings", "LINJA_DATA_DIR": str(tmp_path),
             "PATH": "/usr/bin:/bin", "PYTHONPATH": str(SRC.parent)},
    )  # fmt: skip
    found = set(catalog(copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    have = set(catalog(LOCALE / "nb" / "LC_MESSAGES" / "django.po"))
    assert found - have == set(), "run makemessages and translate the new texts"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_compiled_catalogue_is_the_one_of_the_texts(language: str, tmp_path: Path) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes(), "run compilemessages"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "login", "skip"),
    [("nb", "Logg inn", "Gå til innholdet"), ("nn", "Logg inn", "Gå til innhaldet"),
     ("en", "Log in", "Skip to content")],
)  # fmt: skip
def test_the_language_switch_changes_the_pages(
    client: Client, language: str, login: str, skip: str
) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": "/login/"}, follow=True)
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert skip in page and f"<h1>{login}</h1>" in page


@pytest.mark.django_db
def test_bokmaal_is_the_default(client: Client) -> None:
    page = client.get("/login/").content.decode()
    assert '<html lang="nb">' in page and "Brukernavn" in page


DJANGO_GAPS = SRC / "site" / "locale_django"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_texts_djangos_catalogues_lack_are_translated_and_compiled(
    language: str, tmp_path: Path
) -> None:
    folder = DJANGO_GAPS / language / "LC_MESSAGES"
    texts = catalog(folder / "django.po")
    assert texts and [k for k, v in texts.items() if not v] == []
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    assert fresh.read_bytes() == (folder / "django.mo").read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "toggle", "skip"),
    [("nb", "Bytt tema", "Gå til hovedinnholdet"), ("nn", "Byt tema", "Gå til hovudinnhaldet")],
)
def test_the_administration_pages_speak_the_language_too(
    as_person: object, language: str, toggle: str, skip: str
) -> None:
    browser = as_person("root")  # type: ignore[operator]
    browser.cookies["django_language"] = language
    page = browser.get("/admin/orgs/person/").content.decode()
    for english in ("Toggle theme", "Skip to main content", "Select this object for an action"):
        assert english not in page
    assert toggle in page and skip in page


@pytest.mark.django_db
def test_the_switch_keeps_the_choice_in_the_profile_and_the_log_says_who(
    as_person: object,
) -> None:
    from auditlog.models import LogEntry

    from linja.orgs.models import Person

    browser = as_person("agent")  # type: ignore[operator]
    browser.post("/i18n/setlang/", {"language": "nn", "next": "/"}, REMOTE_ADDR="10.1.2.3")
    agent = Person.objects.get(username="agent")
    assert agent.language == "nn"
    entry = LogEntry.objects.get_for_object(agent).latest("timestamp")
    assert entry.actor == agent and entry.remote_addr == "10.1.2.3"
    assert entry.changes_dict["language"] == ["nb", "nn"]
    assert Client().get("/login/").status_code == 200  # the next visitor is not affected
