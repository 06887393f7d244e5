"""Build the engine's hot modules with mypyc (docs/simulation.md, "The compiled engine").

Everything else about the package is in pyproject.toml, which also lists the modules
(``[tool.linja] compiled``). They are plain, type-checked Python and stay so: mypyc
compiles the same source to C extensions, which Python imports in place of the .py
files. ``LINJA_PURE_PYTHON=1`` installs without compiling; if the C compiler fails, the
build warns and installs the plain modules.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).resolve().parent


def extensions() -> list[Extension]:
    if os.environ.get("LINJA_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    modules = tomllib.loads((HERE / "pyproject.toml").read_text())["tool"]["linja"]["compiled"]
    config = ["--config-file", str(HERE / "mypyc.ini")]  # the engine's needs only
    built: list[Extension] = mypycify([*config, *modules], opt_level="3", debug_level="0")
    for ext in built:
        ext.optional = True  # no C compiler: the plain modules are used
    return built


setup(ext_modules=extensions())
