"""How far the demo caseload has got, shown while it is made on the worker: a progress dialog over the window.

The builder runs on the worker thread and calls ``report(done, total)``; the signal carries each step to the UI
thread, where the dialog shows it. A demo made in under half a second shows no dialog at all.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

SHOW_AFTER_MS = 500
LABEL = "Making the invented caseload…"


class DemoProgress(QObject):
    advanced = Signal(int, int)

    def __init__(self, parent: QObject | None = None):
        """Made on the UI thread, before the worker starts on the demo."""
        super().__init__(parent)
        self.dialog: Any = None  # a QProgressDialog once the first step comes
        self.advanced.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, done: int, total: int) -> None:
        """Called from the worker."""
        self.advanced.emit(done, total)

    def _show(self, done: int, total: int) -> None:
        from PySide6.QtWidgets import QApplication, QProgressDialog

        dialog = self.dialog
        if dialog is None:
            dialog = self.dialog = QProgressDialog(LABEL, "", 0, total, QApplication.activeWindow())
            dialog.setWindowTitle("GCP Desk")
            dialog.setCancelButton(None)  # half an invented caseload is no use; it takes seconds
            dialog.setMinimumDuration(SHOW_AFTER_MS)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setAutoClose(True)
        dialog.setLabelText(f"{LABEL}\n{done:,} of {total:,} children")
        # A modal dialog's setValue lets the event loop run, so the next steps' signals may be shown (and the last
        # one close the dialog) before it returns: this step then leaves the dialog as they left it.
        dialog.setValue(done)
        if done >= total and self.dialog is dialog:
            self.dialog = None
            dialog.reset()
