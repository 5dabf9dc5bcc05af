"""The oldest objects are walked for cycles while the app is idle (``heap.collect_oldest_when_due``), never in the
middle of a keypress: once the worker has been quiet for ``QUIET_MS``, and only when Python would have walked them
by then."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ..heap import collect_oldest_when_due
from .tasks import TaskRunner

QUIET_MS = 1500
"""How long the worker must have had nothing to do."""


class IdleCollector(QObject):
    def __init__(self, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUIET_MS)
        self._timer.timeout.connect(self.collect)
        runner.busy_changed.connect(self._busy)

    def _busy(self, busy: bool) -> None:
        if busy:
            self._timer.stop()
        else:
            self._timer.start()

    def collect(self) -> bool:
        """True when the oldest generation was walked."""
        if self._runner.is_busy:
            return False
        return collect_oldest_when_due()
