"""YAML files checked against a pydantic model, with errors that name the line and the key.

Every YAML file a person writes for Linja (configuration, vendor mappings, scenarios)
goes through :func:`load_model`. A mistake is answered with one line such as::

    linja.yaml line 7, key units.Bergen.sl_seconds: expected a number, got 'thirty'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from linja.errors import LinjaError, reason

Model = TypeVar("Model", bound=BaseModel)
Key = tuple[str | int, ...]


MAX_VALUES = 100_000  # far beyond any configuration; stops alias bombs


def _positions(node: yaml.Node, source: str) -> dict[Key, int]:
    """Line (1-based) of every key and list item, by its path from the root.

    Refuses an alias to a value that contains it (it would never end) and files that
    expand to more than MAX_VALUES values (nested aliases can multiply a small file).
    """
    lines: dict[Key, int] = {(): node.start_mark.line + 1}
    open_nodes: set[int] = set()

    def walk(n: yaml.Node, path: Key) -> None:
        if id(n) in open_nodes:
            raise LinjaError(
                f"{source} line {n.start_mark.line + 1}: an alias refers to a value that "
                "contains it; expected plain values"
            )
        if len(lines) > MAX_VALUES:
            raise LinjaError(
                f"{source}: expands to more than {MAX_VALUES:,} values (through aliases?); "
                "expected a configuration file"
            )
        open_nodes.add(id(n))
        if isinstance(n, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in n.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 1
                if key in seen:
                    where = ".".join(str(p) for p in (*path, key))
                    raise LinjaError(
                        f"{source} line {line}, key {where}: appears twice (first on line "
                        f"{seen[key]}); expected each key once"
                    )
                seen[key] = line
                lines[(*path, key)] = line
                walk(value_node, (*path, key))
        elif isinstance(n, yaml.SequenceNode):
            for index, item in enumerate(n.value):
                lines[(*path, index)] = item.start_mark.line + 1
                walk(item, (*path, index))
        open_nodes.discard(id(n))

    walk(node, ())
    return lines


def load_yaml(path: Path) -> tuple[Any, dict[Key, int]]:
    """The parsed document and the line of each key; clear errors for unreadable files."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LinjaError(f"{source}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise LinjaError(f"{source}: is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise LinjaError(f"{source}: cannot read the file: {reason(exc)}") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        positions: dict[Key, int] = _positions(node, source) if node is not None else {(): 1}
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise LinjaError(f"{source}{where}: not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise LinjaError(f"{source}: not valid YAML: {exc}") from exc
    return data, positions


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where ``loc`` points (for 'unknown key' messages)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            current = info.annotation if info else None
        else:
            args = getattr(current, "__args__", ())
            current = next(
                (a for a in args if isinstance(a, type) and issubclass(a, BaseModel)),
                args[-1] if args else None,
            )
            if isinstance(current, type) and issubclass(current, BaseModel):
                continue
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def format_error(
    error: Mapping[str, Any],
    positions: Mapping[Key, int],
    source: str,
    model: type[BaseModel] | None = None,
) -> str:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
    line = None
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in positions:
            line = positions[loc[:cut]]
            break
    key = ".".join(str(p) for p in loc) or "(top level)"
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc) if model else []
        hint = f"; expected one of {', '.join(allowed)}" if allowed else ""
        message = f"unknown key{hint}"
    elif kind == "missing":
        message = "is required but missing"
    else:
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ")
        if "input" in error and kind not in ("value_error", "assertion_error"):
            message += f", got {_describe(error['input'])}"
    where = f"{source} line {line}" if line else source
    return f"{where}, key {key}: {message}"


def load_model(path: Path, model: type[Model]) -> Model:
    """Read ``path`` and check it against ``model``; raise LinjaError naming line and key."""
    data, positions = load_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LinjaError(f"{path} line 1: expected a mapping of keys to values at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = format_error(first, positions, str(path), model)
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise LinjaError(message) from exc
