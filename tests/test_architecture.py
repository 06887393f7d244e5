"""linja.engine is the pure core: it must never import Django or a Django app.

Two checks: a static one over every import statement in src/linja/engine (catches an
import hidden in a function that no test happens to run), and a dynamic one that imports
every engine module in a fresh interpreter and looks at what got loaded (catches a
transitive import through another linja module).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "src" / "linja" / "engine"
# Anything under linja that is a Django app or the Django site (DESIGN.md §2 layout).
DJANGO_SIDE = (
    "django",
    "channels",
    "ninja",
    "linja.site",
    "linja.orgs",
    "linja.contact",
    "linja.knowledge",
    "linja.incidents",
    "linja.cases",
    "linja.surveys",
    "linja.booking",
    "linja.planning",
    "linja.reports",
)


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in DJANGO_SIDE)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_engine_source_has_no_django_import() -> None:
    offending = [
        f"{path.relative_to(ENGINE.parent)}:{line} imports {name}"
        for path in sorted(ENGINE.rglob("*.py"))
        for line, name in _imports(path)
        if _forbidden(name)
    ]
    assert offending == []


def test_static_check_catches_a_django_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from django.db import models\n    import linja.orgs.models\n")
    assert [name for _, name in _imports(module) if _forbidden(name)] == [
        "django.db",
        "linja.orgs.models",
    ]


def test_importing_the_engine_loads_no_django() -> None:
    modules = sorted(
        "linja.engine." + ".".join(p.relative_to(ENGINE).with_suffix("").parts)
        for p in ENGINE.rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "linja.engine.kpi" in loaded
    assert [m for m in loaded if _forbidden(m)] == []
