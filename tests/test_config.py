"""linja.yaml: targets per unit, T per unit and queue, queue units, the caller key."""

from __future__ import annotations

from pathlib import Path

import pytest

from linja.config import load_settings
from linja.engine.targets import HELSE_VEST, Targets
from linja.errors import LinjaError

CONFIG = """\
sl_seconds: 45
targets: {answer_rate: 0.9}
units:
  Bergen Innbyggerservice:
    sl_seconds: 30
    targets: {service_level: 0.70}
    queues:
      skatt: {sl_seconds: 20}
queues:
  sentralbord: {unit: Helse Førde, sl_seconds: 90}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "linja.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_file_the_helse_vest_targets_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LINJA_CONFIG", raising=False)
    monkeypatch.delenv("LINJA_CALLER_KEY", raising=False)
    settings = load_settings()
    assert settings.targets.default == HELSE_VEST == Targets(0.94, 0.80, 60.0, 0.95)
    assert settings.targets.sl_seconds == 60
    assert settings.imports.caller_key is None


def test_unit_targets_inherit_the_defaults_they_do_not_set(tmp_path: Path) -> None:
    targets = load_settings(write(tmp_path, CONFIG)).targets
    assert targets.default.answer_rate == 0.9
    bergen = targets.for_unit("Bergen Innbyggerservice")
    assert (bergen.answer_rate, bergen.service_level, bergen.asa_seconds) == (0.9, 0.70, 60.0)
    assert targets.for_unit("Somewhere else") == targets.default
    assert targets.sl_seconds == 45
    assert targets.unit_sl_seconds == {"Bergen Innbyggerservice": 30}
    assert targets.unit_queue_sl_seconds == {("Bergen Innbyggerservice", "skatt"): 20}
    assert targets.queue_sl_seconds == {"sentralbord": 90}


def test_queues_map_to_units_for_importers(tmp_path: Path) -> None:
    imports = load_settings(write(tmp_path, CONFIG)).imports
    assert imports.unit_of("sentralbord") == "Helse Førde"
    assert imports.unit_of("skatt") == "Bergen Innbyggerservice"
    assert imports.unit_of("unlisted") == "unlisted"


def test_config_is_found_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINJA_CONFIG", str(write(tmp_path, CONFIG)))
    assert load_settings().targets.sl_seconds == 45


def test_caller_key_from_environment_or_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINJA_CALLER_KEY", "s" * 20)
    assert load_settings(write(tmp_path, "{}\n")).imports.caller_key == b"s" * 20
    keyfile = tmp_path / "caller.key"
    keyfile.write_text("k" * 32 + "\n")
    path = write(tmp_path, f"pseudonymisation: {{caller_key_file: {keyfile}}}\n")
    assert load_settings(path).imports.caller_key == b"k" * 32


def test_short_or_unreadable_caller_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINJA_CALLER_KEY", "short")
    with pytest.raises(
        LinjaError,
        match="environment variable LINJA_CALLER_KEY: the caller key has 5 bytes; expected at least 16",
    ):
        load_settings(write(tmp_path, "{}\n"))
    path = write(tmp_path, f"pseudonymisation: {{caller_key_file: {tmp_path / 'none.key'}}}\n")
    with pytest.raises(LinjaError, match="key pseudonymisation.caller_key_file: cannot read"):
        load_settings(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "targets: {answer_rate: 94}\n",
            "line 1, key targets.answer_rate: Input should be less than or equal to 1, got 94",
        ),
        ("sl_seconds: -1\n", "line 1, key sl_seconds: Input should be greater than 0, got -1"),
        (
            "units:\n  Bergen:\n    target: {}\n",
            "line 3, key units.Bergen.target: unknown key; expected one of sl_seconds, targets, queues",
        ),
    ],
)
def test_bad_values_name_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(LinjaError) as caught:
        load_settings(path)
    assert str(caught.value) == f"{path} {message}"
