"""Linja: an open-source contact centre for Norwegian public services."""

import os

__version__ = "0.1.0"

if os.environ.get("LINJA_PURE_PYTHON"):  # run the engine from source, not compiled
    from linja._sources import use_sources

    use_sources()
