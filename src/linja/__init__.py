"""Linja: an open-source contact centre for Norwegian public services."""

from linja._sources import requested, use_sources

__version__ = "0.1.0"

if requested():  # LINJA_PURE_PYTHON=1: run the engine from its source, not compiled
    use_sources()
