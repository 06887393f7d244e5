"""A serving process freezes what it loaded out of the garbage collector and hands the GIL
on more often (linja.site.runtime): checked in a process of its own, as the setting
holds for the whole interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

CHECK = """
import gc, json, sys
before = (gc.get_freeze_count(), sys.getswitchinterval())
from linja.site.runtime import settle
settle()
print(json.dumps([before, (gc.get_freeze_count(), sys.getswitchinterval())]))
"""


def test_settle_freezes_what_is_loaded_and_shortens_the_switch_interval() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    (frozen_before, switch_before), (frozen, switch) = json.loads(done.stdout)
    assert frozen_before == 0 and switch_before == 0.005  # Python's own defaults
    assert frozen > 1000  # at least the modules imported so far
    assert switch == 0.0005
