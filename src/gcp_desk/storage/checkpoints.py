"""SQLite's write-ahead log copied back into the database file off the writer's path.

Left to itself, SQLite copies the log back (a checkpoint) inside whichever commit finds it past a thousand pages: that
commit writes some four megabytes and waits for the disk twice, and a grade's keypress took up to 145 ms instead of
half a millisecond when it was the one. Here every connection turns that off (``PRAGMA wal_autocheckpoint=0``), and
a thread of the database's own runs a passive checkpoint once the writes pause for a second: it never blocks a reader
or a writer, and a writer goes on appending to the log while it runs (though a commit made while it waits for the
disk may wait too, so it is not run while keys are being pressed). Writes that never pause (a bulk load) have their
log copied back every half minute, so it stays small. When the last connection closes,
SQLite copies back what is left and removes the log, as ever.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

QUIET_S = 1.0
"""The log is copied back once writes have paused this long (a practitioner grading pauses to read, now and then)."""
LONGEST_S = 30.0
"""Writes that never pause (a bulk load) have their log copied back this often, so it stays small."""
STOP_WAIT_S = 10.0
"""How long closing the database waits for a checkpoint under way (a few milliseconds, unless the disk stalls)."""

_log = logging.getLogger(__name__)


class Checkpointer:
    """Runs ``checkpoint`` on a thread of its own once commits (``committed``) have paused for ``QUIET_S``, or
    ``LONGEST_S`` after the first commit not copied back; the thread ends when there is nothing to copy back, or at
    ``close``."""

    def __init__(self, checkpoint: Callable[[], None]):
        self._checkpoint = checkpoint
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._since: float | None = None
        """When the first commit not yet copied back was made."""
        self._last = 0.0
        self._thread: threading.Thread | None = None

    def committed(self) -> None:
        with self._lock:
            self._last = now = time.monotonic()
            if self._since is None:
                self._since = now
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, args=(self._stop,), name="gcp-desk-checkpoint",
                                                daemon=True)
                self._thread.start()

    def close(self) -> None:
        """Stop the thread, waiting for a checkpoint under way (the database's connections are about to close,
        and the last to close copies back the rest). A later commit starts it again."""
        with self._lock:
            self._stop.set()
            thread = self._thread
            self._thread = None
            self._stop = threading.Event()
        if thread is not None and thread is not threading.current_thread():
            thread.join(STOP_WAIT_S)

    def _work(self, stop: threading.Event) -> None:
        while not stop.wait(min(QUIET_S, LONGEST_S) / 4):
            with self._lock:
                if stop is not self._stop:
                    return
                if self._since is None:
                    self._thread = None
                    return
                now = time.monotonic()
                if now - self._last < QUIET_S and now - self._since < LONGEST_S:
                    continue
                self._since = None
            try:
                self._checkpoint()
            except Exception as error:  # noqa: BLE001 - the next commit's checkpoint, or the last close, tries again
                _log.debug("checkpoint not made: %s", type(error).__name__)
