"""Build the engine's hot modules with mypyc (docs/simulation.md, "The compiled engine").

Everything else about the package is in pyproject.toml, which also lists the modules
(``[tool.linja] compiled``). They are plain, type-checked Python and stay so: mypyc
compiles the same source to C extensions, which Python imports in place of the .py
files. ``LINJA_PURE_PYTHON=1`` installs without compiling. The modules are built all or
none: if the C compiler fails on any of them, the build says so and installs the plain
modules, removing any compiled module an earlier build left beside them.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
YES = {"1", "true", "yes", "on"}


class BuildEngine(build_ext):
    """All the compiled modules, or none: one missing would leave the engine unusable."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, a failing or killed one
            self._give_up(exc)

    def _outputs(self) -> set[Path]:
        paths = set()
        inplace = self.inplace
        for flag in (0, 1):
            self.inplace = flag
            paths |= {Path(self.get_ext_fullpath(ext.name)) for ext in self.extensions}
        self.inplace = inplace
        return paths

    def _give_up(self, exc: Exception) -> None:
        for path in self._outputs():
            path.unlink(missing_ok=True)
        self.extensions = []
        print(
            f"warning: the routing engine could not be compiled ({exc}); Linja is installed "
            "with it as plain Python: the same results, several times slower",
            file=sys.stderr,
        )


def extensions() -> list[Extension]:
    if os.environ.get("LINJA_PURE_PYTHON", "").strip().lower() in YES:
        return []
    from mypyc.build import mypycify

    modules = tomllib.loads((HERE / "pyproject.toml").read_text())["tool"]["linja"]["compiled"]
    config = ["--config-file", str(HERE / "mypyc.ini")]  # the engine's needs only
    built: list[Extension] = mypycify([*config, *modules], opt_level="3", debug_level="0")
    return built


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildEngine})
