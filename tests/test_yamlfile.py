"""YAML files checked against a model, with errors naming the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from linja.errors import LinjaError
from linja.yamlfile import load_model


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rate: float
    name: str = "x"


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    items: list[Inner] = []
    named: dict[str, Inner] = {}


def check(tmp_path: Path, text: str) -> str:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinjaError) as caught:
        load_model(path, Outer)
    return str(caught.value).removeprefix(str(path))


def test_valid_file_gives_the_model(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("title: t\nitems:\n  - rate: 0.5\nnamed:\n  a: {rate: 1}\n")
    assert load_model(path, Outer) == Outer(
        title="t", items=[Inner(rate=0.5)], named={"a": Inner(rate=1)}
    )


def test_wrong_type_in_a_list_item_names_its_line_and_key(tmp_path: Path) -> None:
    message = check(tmp_path, "title: t\nitems:\n  - rate: 0.5\n  - rate: lots\n")
    assert (
        message
        == " line 4, key items.1.rate: Input should be a valid number, unable to parse string as a number, got 'lots'"
    )


def test_unknown_key_lists_the_keys_allowed_there(tmp_path: Path) -> None:
    message = check(tmp_path, "title: t\nnamed:\n  a:\n    rate: 1\n    colour: red\n")
    assert message == " line 5, key named.a.colour: unknown key; expected one of rate, name"


def test_missing_key_names_where_it_belongs(tmp_path: Path) -> None:
    assert check(tmp_path, "items: []\n") == " line 1, key title: is required but missing"


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    assert check(tmp_path, "title: a\nitems: []\ntitle: b\n") == (
        " line 3, key title: appears twice (first on line 1); expected each key once"
    )


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    assert check(tmp_path, "title: [unclosed\nitems: 3\n").startswith(" line 2, column")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert (
        check(tmp_path, "- a\n- b\n")
        == " line 1: expected a mapping of keys to values at the top level"
    )


def test_several_problems_are_counted(tmp_path: Path) -> None:
    assert check(tmp_path, "colour: red\nsize: 3\n").endswith("(and 2 more problems)")


def test_an_alias_to_a_value_containing_it_is_refused(tmp_path: Path) -> None:
    assert check(tmp_path, "title: t\nitems: &a [*a]\n") == (
        " line 2: an alias refers to a value that contains it; expected plain values"
    )


def test_nested_aliases_that_explode_are_refused_quickly(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    message = check(tmp_path, "title: t\n" + "\n".join(levels) + "\n")
    assert (
        message
        == ": expands to more than 100,000 values (through aliases?); expected a configuration file"
    )
