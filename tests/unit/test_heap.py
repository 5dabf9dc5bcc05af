"""Once started, what is alive is left out of the collector's walks; what is made later is still collected."""

from __future__ import annotations

import gc
import weakref

from gcp_desk.heap import collect_oldest_when_due, freeze_long_lived


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_what_lives_on_is_left_out_of_walks_and_later_cycles_are_still_collected():
    long_lived = _Node()
    thresholds = gc.get_threshold()
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
        gc.set_threshold(*thresholds)


def test_once_frozen_an_old_cycle_is_collected_when_the_app_asks_not_in_whatever_runs():
    thresholds = gc.get_threshold()
    try:
        freeze_long_lived()
        old = _Node()
        gone = weakref.ref(old)
        gc.collect(1)  # it has lived through the young walks: now in the oldest generation
        del old
        assert not collect_oldest_when_due(), "nothing has run since: Python would not have walked it yet"
        busy = [[] for _ in range(300_000)]  # work that makes objects: many young walks, none of the oldest
        assert gone() is not None, "no walk of the oldest generation fell in the middle of the work"
        del busy
        assert collect_oldest_when_due()
        assert gone() is None
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
