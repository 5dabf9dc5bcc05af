"""Once started, what is alive is left out of the collector's walks; what is made later is still collected."""

from __future__ import annotations

import gc
import weakref

from gcp_desk.heap import freeze_long_lived


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_what_lives_on_is_left_out_of_walks_and_later_cycles_are_still_collected():
    long_lived = _Node()
    try:
        freeze_long_lived()
        assert gc.get_freeze_count() > 0
        assert not any(obj is long_lived for obj in gc.get_objects())  # no collection walks it any more
        later = _Node()
        gone = weakref.ref(later)
        del later
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
