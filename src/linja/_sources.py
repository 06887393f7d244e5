"""``LINJA_PURE_PYTHON=1``: import Linja's own modules from their .py files only.

The engine's hot modules are compiled by mypyc when Linja is installed (setup.py); the
compiled extension sits beside each .py file and Python prefers it. This import hook
makes Python skip those extensions, so the same source runs interpreted: to debug it, to
test it both ways, or to rule the compiled build out when something looks wrong.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, SourceFileLoader
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
YES = {"1", "true", "yes", "on"}


def requested() -> bool:
    """Does ``LINJA_PURE_PYTHON`` ask for the source (1, true, yes or on)?"""
    return os.environ.get("LINJA_PURE_PYTHON", "").strip().lower() in YES


def _finder(path: str) -> FileFinder:
    if not Path(path).resolve().is_relative_to(PACKAGE):
        raise ImportError("not a folder of Linja's")  # the next hook takes it
    return FileFinder(path, (SourceFileLoader, SOURCE_SUFFIXES))


def use_sources() -> None:
    """From now on, Linja's subpackages and modules load from source."""
    if _finder not in sys.path_hooks:
        sys.path_hooks.insert(0, _finder)
    for path in list(sys.path_importer_cache):
        if Path(path).resolve().is_relative_to(PACKAGE):
            del sys.path_importer_cache[path]
