"""The compiled engine is the engine: built here, and giving the very same contacts as its
source run interpreted (LINJA_PURE_PYTHON=1), on scenarios that use every routing rule."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import linja.engine
from linja._sources import requested as pure_requested
from linja.engine.sim.loop import simulate
from linja.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = [
    ROOT / "tests/data/scenarios/many-rules.yaml",
    ROOT / "tests/data/scenarios/ties.yaml",
    ROOT / "scenarios/polyclinics-covering.yaml",
]


def outcome(path: Path, seed: int) -> dict[str, Any]:
    """Everything that happened to every contact, as JSON values (NaN as null)."""
    got = simulate(load_scenario(path), seed, 1)
    out = {}
    for field in dataclasses.fields(got):
        value = getattr(got, field.name)
        if isinstance(value, list):
            value = [None if isinstance(v, float) and math.isnan(v) else v for v in value]
        out[field.name] = value
    return out


def interpreted(path: Path, seed: int) -> dict[str, Any]:
    code = (
        "import json, sys; from pathlib import Path; import linja.engine;"
        "from tests.engine.test_compiled_engine import outcome;"
        "assert not linja.engine.compiled();"
        f"print(json.dumps(outcome(Path({str(path)!r}), {seed})))"
    )
    env = {**os.environ, "LINJA_PURE_PYTHON": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_engine_runs_compiled_here() -> None:
    if pure_requested():
        pytest.skip("LINJA_PURE_PYTHON=1 asks for the interpreted engine")
    assert linja.engine.compiled(), (
        "the routing engine is not compiled: install Linja with a C compiler (make) so that "
        "the tests and benchmarks run what users run"
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_compiled_and_interpreted_engines_give_the_same_contacts(path: Path) -> None:
    compiled = outcome(path, 3)
    assert len(compiled["arrived"]) > 1000  # the scenario did run
    assert compiled == interpreted(path, 3)
