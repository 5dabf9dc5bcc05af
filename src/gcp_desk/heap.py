"""Python's cycle collector in a long-running app.

The collector's oldest generation is walked whole from time to time, and a walk takes time in proportion to every
object alive: with the libraries loaded and a large caseload at hand, one walk cost 100-280 ms, landing on whatever
ran then (one child's history in 50 took 285 ms instead of 8). Once the app has started and loaded its libraries,
what is alive stays alive (modules, classes, the window): ``freeze_long_lived`` moves it out of the collector's
walks, which then see only what was made since.

The walks that remain, of what was made since, still land on whatever runs then: a keypress's grade took 50 ms
more when one fell in it. So once frozen, Python walks only the two young generations by itself, and the oldest is
walked when the app is idle (``collect_oldest_when_due``, which the window calls once its worker has been quiet for a
moment), as often as Python would have walked it.

Bulk work (a bundle's import or export) makes millions of short-lived objects that form no cycles, and the
allocations alone set off full walks over everything alive: ``collector_paused`` holds the collector off while it
runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


OLDEST_DUE = 10
"""Collections of the middle generation after which the oldest is walked again (Python's own threshold)."""
NEVER = 1 << 30
"""A threshold Python's own count never reaches."""


def freeze_long_lived() -> None:
    """Collect what is garbage now, then leave everything still alive out of later collections. Objects frozen
    are still freed as usual when nothing refers to them; only a cycle among them that later becomes garbage is
    kept (none is expected among modules, classes and the window). From then on Python walks only the young
    generations by itself: the oldest waits for ``collect_oldest_when_due``."""
    gc.collect()
    gc.freeze()
    young, middle, _oldest = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)


def collect_oldest_when_due() -> bool:
    """Walk the oldest generation if Python would have by now (call it when nothing is waiting on the app);
    True when it walked."""
    if gc.get_count()[2] < OLDEST_DUE:
        return False
    gc.collect(2)
    return True


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
