"""Python's cycle collector in a long-running app.

The collector's oldest generation is walked whole from time to time, and a walk takes time in proportion to every
object alive: with the libraries loaded and a large caseload at hand, one walk cost 100-280 ms, landing on whatever
ran then (one child's history in 50 took 285 ms instead of 8). Once the app has started and loaded its libraries,
what is alive stays alive (modules, classes, the window): ``freeze_long_lived`` moves it out of the collector's
walks, which then see only what was made since.

Bulk work (a bundle's import or export) makes millions of short-lived objects that form no cycles, and the
allocations alone set off full walks over everything alive: ``collector_paused`` holds the collector off while it
runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_long_lived() -> None:
    """Collect what is garbage now, then leave everything still alive out of later collections. Objects frozen
    are still freed as usual when nothing refers to them; only a cycle among them that later becomes garbage is
    kept (none is expected among modules, classes and the window)."""
    gc.collect()
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cycle collection inside the block (objects are still freed as soon as nothing refers to them);
    the collector runs as before afterwards, and finds any cycle the block left."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
