"""The audit chain watched while the app runs: after each sign-in the links added since the last check are walked
in the background (the whole chain once a week), and a problem is shown in the message bar; the chain's end is
signed into the data folder's head file every few minutes, at sign-out and when the window closes. The app's own
backups (``BackupSchedule``: daily, and at close) run alongside.

    watch = IntegrityWatch(window, runner)      # in the main window
    watch.signed_in(session)                   # after a right password
    watch.closing(backend)                     # before the backend is closed
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from .backup_schedule import BackupSchedule
from .tasks import TaskRunner

ANCHOR_EVERY_MS = 5 * 60 * 1000
CHANGED = ("The audit trail has been changed outside GCP Desk: {problem} Tell your administrator; they can see "
           "everything found with 'gcp-desk audit verify'.")


class IntegrityWatch(QObject):
    progress = Signal(int, int)
    """Events checked, of those to check, as the background walk goes (one chunk at a time)."""

    def __init__(self, window, runner: TaskRunner):
        super().__init__(window)
        self._window, self._runner = window, runner
        self._backend = None
        self.last_problem: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(ANCHOR_EVERY_MS)
        self._timer.timeout.connect(self._anchor_in_background)
        self.backups = BackupSchedule(window, runner)
        self._stopped = False

    def signed_in(self, session) -> None:
        self._backend = session.backend
        self._stopped = False
        integrity = session.backend.integrity(session.user)
        self._runner.run(integrity.begin_check, lambda check: self._walk_on(integrity, check), lambda _error: None)
        self._timer.start()
        self.backups.signed_in(session.backend)

    def signed_out(self) -> None:
        """Sign the chain's end as someone signs out (in the background)."""
        self._anchor_in_background()

    def closing(self, backend) -> None:
        """The close backup (``BackupSchedule``), then sign the chain's end as the app closes (on the UI thread: the
        worker has finished by now)."""
        self._timer.stop()
        if backend is None or backend.throwaway:
            return
        self.backups.closing(backend)
        try:
            backend.integrity().anchor_head()
        except Exception:  # noqa: BLE001 - closing must never fail; the head is signed again at the next change
            pass

    def stop(self) -> None:
        """The window is closing: no further chunk of the walk, no further timed signing."""
        self._stopped = True
        self._timer.stop()
        self.backups.stop()

    def _walk_on(self, integrity, check) -> None:
        """One chunk of the walk per task, so that whatever else the worker has to do runs in between."""
        if self._stopped:
            return
        if check.result is not None:
            return self._checked(check.result)
        self.progress.emit(*check.progress)
        self._runner.run(lambda: integrity.continue_check(check), lambda again: self._walk_on(integrity, again),
                         lambda _error: None)

    def _checked(self, found) -> None:
        if found.problems:
            self.last_problem = CHANGED.format(problem=found.problems[0])
            self._window.message_bar.show_error(self.last_problem)

    def _anchor_in_background(self) -> None:
        backend = self._backend
        if backend is not None and not backend.throwaway:
            self._runner.run(lambda: backend.integrity().anchor_head(), None, lambda _error: None)
