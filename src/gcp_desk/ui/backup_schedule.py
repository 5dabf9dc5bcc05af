"""The app's own backups: once a day while it runs (checked hourly, made on the worker, never on the UI thread),
and when the window closes if anything changed since the last one, with a small progress window.

    schedule = BackupSchedule(window, runner)
    schedule.signed_in(backend)        # the daily backup is checked for now and then every hour
    schedule.closing(backend)          # at close, on the UI thread (the worker has finished by then)

A backup that cannot be made (no room, a damaged database) is said in the message bar while the app runs; at close
it is written to the log, and the next start's daily backup tries again and says so.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from .tasks import TaskRunner
from .widgets.message_bar import error_in_words

CHECK_EVERY_MS = 60 * 60 * 1000
CLOSING = "Backing up before closing…"
log = logging.getLogger(__name__)


class BackupSchedule(QObject):
    def __init__(self, window, runner: TaskRunner):
        super().__init__(window)
        self._window, self._runner = window, runner
        self._backend = None
        self.last_outcome = None
        self.last_problem: str | None = None
        self.progress: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._daily)

    def signed_in(self, backend) -> None:
        self._backend = backend
        if backend is None or backend.throwaway or not backend.db.is_sqlite:
            return
        self._daily()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def closing(self, backend) -> None:
        """The close backup, skipped when nothing changed; a small window shows its progress."""
        self._timer.stop()
        if backend is None or backend.throwaway or backend.db is None or not backend.db.is_sqlite:
            return
        self.progress = QProgressDialog(CLOSING, "", 0, 0, self._window)
        self.progress.setWindowTitle("GCP Desk")
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.progress.setMinimumDuration(300)  # a quick backup (or none needed) shows nothing

        def tell(done: int, of: int) -> None:
            self.progress.setMaximum(of)
            self.progress.setValue(done)
            QApplication.processEvents()

        try:
            self.last_outcome = backend.backups().automatic("close", tell)
        except Exception as error:  # noqa: BLE001 - closing must finish; the next start's daily backup tries again
            self.last_problem = error_in_words(error)
            log.warning("The backup at close was not made: %s", self.last_problem)
        finally:
            self.progress.close()

    def _daily(self) -> None:
        backend = self._backend
        if backend is None or backend.db is None:
            return
        self._runner.run(lambda: backend.backups().automatic("daily"), self._made, self._failed)

    def _made(self, outcome) -> None:
        self.last_outcome = outcome
        for warning in outcome.warnings:
            self._window.message_bar.show_info(warning)

    def _failed(self, error: Exception) -> None:
        self.last_problem = error_in_words(error)
        self._window.message_bar.show_error(f"The daily backup was not made: {self.last_problem}")
