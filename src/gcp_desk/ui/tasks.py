"""The one way to run work off the UI thread.

``runner.run(op, on_success, on_failure)`` runs ``op`` on a single background worker, in the order the calls were
made (so grades pressed quickly are stored in the order pressed), and brings its result or its exception back to
the UI thread. In synchronous mode (tests) the op runs at once on the calling thread.

A read that only fills in part of a screen (``background=True``) runs on a thread of its own, in its own read-only
unit of work, beside the worker: a keypress made as an assessment opens (or while the next item's sibling grid is
read) is stored at once, not after the reads the screen asked for. A background read does not start, nor go on to its
next statement (``hold_background_read``), while any other op is waiting or running, or its result is not yet taken
by the screen, so the two threads seldom compete. Ops of each
kind keep their order; give ``background`` only to a read whose result does not depend on the writes it lets pass,
and that reads in a read-only unit (``ServiceContext.read``), which takes no write lock.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot


SWITCH_INTERVAL_S = 0.0005
"""How long a thread running Python keeps the interpreter while another waits for it (Python's default is 5 ms).
The worker's database calls give the interpreter up and must take it back; while the window's thread runs Python
(painting, an event the idle watch sees), each took up to 5 ms to come back, so a grade's dozen statements could
wait longer than they ran. With the worker beside the window, handing over sooner is what keeps a keypress quick."""
READ_HELD_S = 2.0
"""The longest a background read waits for the worker's ops to be done before it goes on anyway."""
_thread = threading.local()
"""``background``: this thread is running a background read now."""


class _Carrier(QObject):
    """Lives on the UI thread; signals emitted from the worker are queued to it."""

    finished = Signal(object, object, object)  # callback, value, error


class _Foreground:
    """How many ops of the worker are asked for and not yet taken by the screen: background reads start only at
    none."""

    def __init__(self) -> None:
        self._count = 0
        self._none = threading.Condition()

    def add(self) -> None:
        with self._none:
            self._count += 1

    def done(self) -> None:
        with self._none:
            self._count -= 1
            if self._count == 0:
                self._none.notify_all()

    def wait_for_none(self) -> None:
        """At most ``READ_HELD_S``: the reader is held back as a courtesy, never for good (a window closing
        with a result still queued must not leave it waiting)."""
        with self._none:
            self._none.wait_for(lambda: self._count == 0, timeout=READ_HELD_S)


class _Job(QRunnable):
    def __init__(self, op: Callable[[], Any], carrier: _Carrier, on_success, on_failure,
                 before: Callable[[], None] | None = None):
        super().__init__()
        self._op, self._carrier = op, carrier
        self._on_success, self._on_failure = on_success, on_failure
        self._before = before

    def run(self) -> None:
        background = self._before is not None
        if background:
            self._before()
        _thread.background = background
        try:
            value = self._op()
        except Exception as error:  # noqa: BLE001 - every failure must reach the UI, never vanish in a thread
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._carrier.finished.emit(self._on_failure, None, error)
        else:
            self._carrier.finished.emit(self._on_success, value, None)
        finally:
            _thread.background = False


class TaskRunner(QObject):
    failed = Signal(object)
    """Emitted with the exception when an op fails and no ``on_failure`` was given."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False):
        super().__init__(parent)
        self.synchronous = synchronous
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._reader = QThreadPool(self)
        self._reader.setMaxThreadCount(1)
        self._foreground = _Foreground()
        self._carrier = _Carrier(self)
        self._carrier.finished.connect(self._deliver)
        self._reads = _Carrier(self)
        self._reads.finished.connect(self._deliver_read)
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
        if background:
            self._reader.start(_Job(op, self._reads, on_success, on_failure, self._foreground.wait_for_none))
        else:
            self._foreground.add()
            self._pool.start(_Job(op, self._carrier, on_success, on_failure))

    def hold_background_read(self) -> None:
        """Given to the database (``Database.before_read``): a background read already under way waits at its next
        statement while the worker has ops to run or results the screen has not taken, so a keypress's grade does
        not share the processor with it. Elsewhere (the worker, the UI thread) it does nothing."""
        if getattr(_thread, "background", False):
            self._foreground.wait_for_none()

    @Slot(object, object, object)
    def _deliver(self, callback, value, error) -> None:
        try:
            self._hand_over(callback, value, error)
        finally:
            self._foreground.done()  # the screen has redrawn from it: a background read may start

    @Slot(object, object, object)
    def _deliver_read(self, callback, value, error) -> None:
        self._hand_over(callback, value, error)

    def _hand_over(self, callback, value, error) -> None:
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
        over the results still queued for the UI thread, so that nothing is left pending (again, should handing
        them over ask for more)."""
        deadline = time.monotonic() + msecs / 1000
        on_ui_thread = QThread.currentThread() is self.thread()
        while True:
            for pool in (self._pool, self._reader):  # the reader waits for the worker's results to be taken
                left = max(0, int((deadline - time.monotonic()) * 1000))
                if not pool.waitForDone(left):
                    return False
                if on_ui_thread:
                    QCoreApplication.sendPostedEvents(self, 0)  # queued calls of _deliver and _deliver_read
            if not on_ui_thread or self._pending == 0:
                return True
            if time.monotonic() >= deadline:
                return False
