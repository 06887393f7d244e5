"""The scenario file as read: its data, the line of every key, and errors that name both.

Every error of a scenario starts with the file, the line and the key, then says what is
wrong and what was expected::

    one-queue.yaml line 9, key queues.0.handle_seconds.mean: Input should be greater than 0
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from linja.errors import LinjaError, reason
from linja.yamlfile import Key, format_error, load_yaml

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# YAML 1.1 reads 11:30 as the base-60 number 690; a scenario means the time of day
_NO_BASE_60 = {
    _INT: re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
    ),
    _FLOAT: re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
}


class _Loader(yaml.SafeLoader):
    """The safe loader without base-60 numbers: ``end: 15:30`` is the text '15:30'."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, _NO_BASE_60.get(tag, regexp)) for tag, regexp in resolvers]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def dotted(key: Key) -> str:
    return ".".join(str(part) for part in key) or "(top level)"


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' for the closest choice, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario file's path and the line of each key, to say where something is wrong."""

    path: Path
    positions: Mapping[Key, int]

    @property
    def folder(self) -> Path:
        return self.path.parent

    def line(self, key: Key) -> int | None:
        """The line of ``key``, or of its nearest parent that is written in the file."""
        for cut in range(len(key), -1, -1):
            if key[:cut] in self.positions:
                return self.positions[key[:cut]]
        return None

    def where(self, key: Key) -> str:
        line = self.line(key)
        place = f"{self.path} line {line}" if line else str(self.path)
        return f"{place}, key {dotted(key)}"

    def error(self, key: Key, message: str) -> LinjaError:
        return LinjaError(f"{self.where(key)}: {message}")

    def resolve(self, key: Key, name: str) -> Path:
        """A file the scenario names (relative to its folder) that can be read."""
        path = Path(name).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise self.error(key, f"cannot read {path}: {reason(exc)}") from exc
        return path


def read(path: Path) -> tuple[dict[str, Any], ScenarioFile]:
    """The parsed scenario and where its keys are; LinjaError for unreadable files."""
    path = Path(path)
    _, positions = load_yaml(path)  # the checks of every Linja YAML file, and the lines
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:  # pragma: no cover - load_yaml read it already
        raise LinjaError(f"{path}: cannot read the file: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LinjaError(f"{path} line 1: expected a mapping of keys to values at the top level")
    return data, ScenarioFile(path, positions)


# --------------------------------------------------------------------------- pydantic errors


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation stands for: Annotated, Optional and unions taken apart."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _keys_at(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    """The keys allowed in the mapping at ``loc`` (for 'unknown key' messages)."""
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for kind in current:
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                for name, info in kind.model_fields.items():
                    if part in (name, info.alias):
                        following += _unwrap(info.annotation)
            elif get_origin(kind) in (list, tuple) and isinstance(part, int):
                following += _unwrap(get_args(kind)[0])
            elif get_origin(kind) is dict:
                following += _unwrap(get_args(kind)[1])
        current = following
    return [
        info.alias or name
        for kind in current
        if isinstance(kind, type) and issubclass(kind, BaseModel)
        for name, info in kind.model_fields.items()
    ]


def validation_error(exc: ValidationError, file: ScenarioFile, model: type[BaseModel]) -> str:
    """The first problem of a pydantic error as one located line, and how many more."""
    errors = exc.errors()
    # an unknown key first: a misspelt key is also reported as a required one missing
    first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and "[" in p))
    if first["type"] == "extra_forbidden":
        allowed = _keys_at(model, loc[:-1])
        hint = suggest(str(loc[-1]), allowed)
        expected = f"; expected one of {', '.join(allowed)}" if allowed else ""
        message = f"{file.where(loc)}: unknown key{hint}{expected}"
    else:
        message = format_error(first, file.positions, str(file.path), model)
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return message
