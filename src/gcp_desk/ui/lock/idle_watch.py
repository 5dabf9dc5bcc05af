"""Feeds the idle clock (``security.idle.IdleTracker``) from the keyboard and mouse, and says when it runs out.

An event filter on the whole application sees every key press, click, wheel turn and mouse move, in every window
and dialog of the app, and touches the tracker. A single-shot timer asks the tracker again when the quiet spell
would end; it asks at least every ``LONGEST_WAIT`` too, because Qt's timers run on a clock that stops while a
laptop sleeps, and a lid closed for an hour must come back locked.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from ...security.idle import IdleTracker

ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})
LONGEST_WAIT_MS = 30_000


class IdleWatch(QObject):
    idle = Signal()
    """The quiet spell ran out (emitted once; ``follow`` again after unlocking)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.tracker: IdleTracker | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)

    def follow(self, tracker: IdleTracker) -> None:
        """Start watching (again) with ``tracker``."""
        if self.tracker is None:
            QCoreApplication.instance().installEventFilter(self)
        self.tracker = tracker
        self._schedule()

    def stop(self) -> None:
        if self.tracker is not None:
            QCoreApplication.instance().removeEventFilter(self)
        self.tracker = None
        self._timer.stop()

    @property
    def is_watching(self) -> bool:
        return self.tracker is not None

    def check(self) -> None:
        """What the timer does: lock once the spell has run out, otherwise ask again when it would."""
        tracker = self.tracker
        if tracker is None:
            return
        if tracker.is_locked():
            self._timer.stop()
            self.idle.emit()
        else:
            self._schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self.tracker is not None and event.type() in ACTIVITY:
            self.tracker.touch()
        return False

    def _schedule(self) -> None:
        assert self.tracker is not None
        wait_ms = int(self.tracker.remaining().total_seconds() * 1000) + 1
        self._timer.start(min(wait_ms, LONGEST_WAIT_MS))
