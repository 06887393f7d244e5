"""Scenario files for the simulator: YAML in, :class:`linja.engine.sim.model.Scenario` out.

The format is documented in docs/scenarios.md. Any mistake is a :class:`LinjaError` that
names the file, the line, the key and what was expected.
"""

from __future__ import annotations

from linja.scenario.build import load_scenario

__all__ = ["load_scenario"]
