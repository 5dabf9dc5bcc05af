"""The one way to run work off the UI thread.

``runner.run(op, on_success, on_failure)`` runs ``op`` on a single background worker, in the order the calls were
made (so grades pressed quickly are stored in the order pressed), and brings its result or its exception back to
the UI thread. In synchronous mode (tests) the op runs at once on the calling thread.

A read that only fills in part of a screen (``background=True``) waits behind everything else: a keypress made as an
assessment opens is stored before the reads the opening asked for, not after them. Ops of each kind keep their
order; give ``background`` only to a read whose result does not depend on the writes it lets pass.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot


BACKGROUND = -1
"""The worker's queue priority of a background read (every other op has 0: a higher one runs first)."""


class _Carrier(QObject):
    """Lives on the UI thread; signals emitted from the worker are queued to it."""

    finished = Signal(object, object, object)  # callback, value, error


class _Job(QRunnable):
    def __init__(self, op: Callable[[], Any], carrier: _Carrier, on_success, on_failure):
        super().__init__()
        self._op, self._carrier = op, carrier
        self._on_success, self._on_failure = on_success, on_failure

    def run(self) -> None:
        try:
            value = self._op()
        except Exception as error:  # noqa: BLE001 - every failure must reach the UI, never vanish in a thread
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._carrier.finished.emit(self._on_failure, None, error)
        else:
            self._carrier.finished.emit(self._on_success, value, None)


class TaskRunner(QObject):
    failed = Signal(object)
    """Emitted with the exception when an op fails and no ``on_failure`` was given."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False):
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._carrier = _Carrier(self)
        self._carrier.finished.connect(self._deliver)
        self._pending = 0

    def run(
        self,
        op: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        *,
        background: bool = False,
    ) -> None:
        if self.synchronous:
            try:
                value = op()
            except Exception as error:  # noqa: BLE001
                self._fail(on_failure, error)
            else:
                if on_success is not None:
                    on_success(value)
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(op, self._carrier, on_success, on_failure), BACKGROUND if background else 0)

    @Slot(object, object, object)
    def _deliver(self, callback, value, error) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if error is not None:
            self._fail(callback, error)
        elif callback is not None:
            callback(value)

    def _fail(self, on_failure, error: Exception) -> None:
        if on_failure is not None:
            on_failure(error)
        else:
            self.failed.emit(error)

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (used when closing the window, so nothing typed is dropped), then hand
        over the results still queued for the UI thread, so that nothing is left pending."""
        done = self._pool.waitForDone(msecs)
        if QThread.currentThread() is self.thread():
            QCoreApplication.sendPostedEvents(self, 0)  # queued calls of _deliver
        return done
