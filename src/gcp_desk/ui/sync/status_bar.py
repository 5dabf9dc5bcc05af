"""The window's sync status, in its status bar: online or offline, the last sync, the changes waiting to be sent,
conflicts to settle, and "Sync now", which runs off the UI thread with its progress shown. Hidden on a laptop that
has never synced with a team server.

    SyncStatusBar.attach(window, runner, lambda: window.session)     # the main window's one line
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QLineEdit, QProgressBar, QPushButton, QWidget

from ..tasks import TaskRunner
from .conflict_dialog import ConflictDialog

REFRESH_EVERY_MS = 60 * 1000
STEP_WORDS = {"send": "Sending", "receive": "Receiving", "trail": "Carrying the audit trail"}


class _Progress(QObject):
    """Carries the sync's progress from the worker thread to the UI thread (a queued signal)."""

    moved = Signal(str, int, int)


class SyncStatusBar(QWidget):
    synced = Signal()
    holds_refreshed = Signal()
    """A sync ended, well or not: the holds the server gave may have changed (``after_sync.redraw_holds``)."""

    def __init__(self, runner: TaskRunner, session: Callable[[], object | None], *,
                 ask_password: Callable[[], str | None] | None = None, open_dialog=None, parent=None):
        super().__init__(parent)
        self._runner, self._session = runner, session
        self._host = None
        self._ask_password = ask_password or self._ask
        self._open_dialog = open_dialog or (lambda dialog: dialog.exec())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.state = QLabel()
        self.last = QLabel()
        self.waiting = QLabel()
        self.stopped = QLabel()
        """Said when the last sync did not end: refused (the reason in words, in its tooltip) or cut off."""
        self.stopped.hide()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.conflicts_button = QPushButton()
        self.conflicts_button.clicked.connect(self.settle_conflicts)
        self.conflicts_button.hide()
        self.sync_button = QPushButton("Sync now")
        self.sync_button.clicked.connect(self.sync_now)
        for widget in (self.state, self.last, self.waiting, self.stopped, self.progress, self.conflicts_button,
                       self.sync_button):
            layout.addWidget(widget)
        self.removed: tuple = ()
        """The children the last sync took off this laptop (returned, all of it on the server)."""
        self._carrier = _Progress(self)
        self._carrier.moved.connect(self._moved)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_EVERY_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.hide()

    @classmethod
    def attach(cls, window, runner: TaskRunner, session: Callable[[], object | None]) -> SyncStatusBar:
        bar = cls(runner, session, parent=window)
        host = window.statusBar()
        host.addPermanentWidget(bar)
        host.hide()  # no strip at the window's foot on a laptop that does not sync
        bar._host = host
        window.caseload_ready.connect(bar.refresh)
        from .after_sync import redraw_holds

        bar.synced.connect(lambda: window.records_synced(bar.removed))
        bar.holds_refreshed.connect(lambda: redraw_holds(window))
        return bar

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        super().setVisible(visible)
        if self._host is not None:
            self._host.setVisible(visible)

    # Reading the state ------------------------------------------------------------------------------------------
    def _service(self):
        session = self._session()
        if session is None:
            return None
        return session.backend.sync(session.user)

    def refresh(self) -> None:
        service = self._service()
        if service is None:
            self.hide()
            return

        def read():
            status = service.status()
            return status, status.server is not None and service.is_reachable()

        self._runner.run(read, on_success=self._show, on_failure=lambda _error: self.hide())

    def _show(self, found) -> None:
        status, online = found
        if status.server is None:
            self.hide()
            return
        self.state.setText("● Online" if online else "○ Offline")
        self.state.setToolTip("The team server answers now." if online else
                              "The team server cannot be reached: work goes on here and is sent at the next sync.")
        last = status.last_sync_at
        self.last.setText(f"Last sync {last.day} {last:%B %Y %H:%M} UTC" if last else "Never synced")
        self.waiting.setText(f"{status.waiting} change{'' if status.waiting == 1 else 's'} waiting"
                             + (f", {status.held} {'child' if status.held == 1 else 'children'} held here"
                                if status.held else ""))
        self._show_stopped(status)
        self.conflicts_button.setText(f"{status.conflicts} conflict{'' if status.conflicts == 1 else 's'} to settle…")
        self.conflicts_button.setVisible(bool(status.conflicts))
        self.sync_button.setEnabled(online)
        self.show()

    def _show_stopped(self, status) -> None:
        if status.refused:
            self.stopped.setText("⚠ Last sync refused")
        elif status.interrupted:
            self.stopped.setText("⚠ Last sync cut off: sync again")
        self.stopped.setToolTip(status.stopped or "")
        running = not self.progress.isHidden()  # a sync under way has not ended yet either: not said as cut off
        self.stopped.setVisible(bool(status.refused or status.interrupted) and not running)

    # Syncing ----------------------------------------------------------------------------------------------------
    def sync_now(self) -> None:
        service = self._service()
        password = self._ask_password() if service is not None else None
        if not password:
            return
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setFormat("Connecting…")
        self.progress.show()
        carrier = self._carrier
        self._runner.run(lambda: service.sync_now(password, progress=carrier.moved.emit),
                         on_success=self._done, on_failure=self._failed)

    def _moved(self, step: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{STEP_WORDS.get(step, step)} %v of %m")

    def _done(self, outcome) -> None:
        self.progress.hide()
        words = f"Synced: {outcome.sent} sent, {outcome.received} received"
        if outcome.conflicts:
            words += f"; {outcome.conflicts} changed in both places, nothing overwritten"
        removal = getattr(outcome, "removal", None)
        self.removed = tuple(removal.removed) if removal is not None else ()
        if removal is not None and removal.words():
            words += ". " + removal.words()
        self.setToolTip(words)
        self.synced.emit()
        self.holds_refreshed.emit()
        self.refresh()

    def _failed(self, error: Exception) -> None:
        self.progress.hide()
        self.sync_button.setEnabled(True)
        self.setToolTip(str(error))
        self.state.setText("○ Not synced")
        self.state.setToolTip(str(error))
        self.holds_refreshed.emit()

    # Conflicts --------------------------------------------------------------------------------------------------
    def settle_conflicts(self) -> None:
        service = self._service()
        if service is None:
            return
        for conflict in service.conflicts():
            dialog = ConflictDialog(conflict, self.window())
            if not self._open_dialog(dialog):
                break
            service.resolve(conflict.kind, conflict.record_id, dialog.chosen())
        self.refresh()

    def _ask(self) -> str | None:
        password, ok = QInputDialog.getText(self.window(), "Sync now", "Your password (it signs you in to the team "
                                            "server too):", QLineEdit.EchoMode.Password)
        return password if ok and password else None
