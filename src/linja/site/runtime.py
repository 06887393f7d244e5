"""How a serving process holds its Python runtime (``linja serve``, ``linja demo``).

Two settings of the interpreter, measured with bench/live (docs/benchmarks.md):

- Once the site is loaded, what it loaded (Django, the apps, the URL patterns: some 150,000
  objects) is frozen out of the garbage collector (:func:`gc.freeze`). Python's full
  collection looked at all of it again every few seconds under load, and each time every
  request waited for it: about 115 ms, 4 to 6 times in 15 s. It now looks at what was made
  since, a few milliseconds.
- The interpreter hands the GIL from thread to thread every 0.5 ms instead of every 5 ms.
  A request that holds the database's write turn gives up the GIL at each query; with the
  default it then waited up to 5 ms behind a thread doing other work before it could go
  on, and every writer behind it waited too.
"""

from __future__ import annotations

import gc
import sys

SWITCH_SECONDS = 0.0005


def settle() -> None:
    """Freeze what is loaded out of the garbage collector and shorten the GIL's switch
    interval; call it once the application is imported, before serving."""
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(SWITCH_SECONDS)
