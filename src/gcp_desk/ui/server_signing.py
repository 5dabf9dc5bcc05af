"""Sign a countersigned report with the organisation's key on the team server, from the print preview.

    signing = ServerSigning(sign, parent=window)          # sign(assessment_id, password, cancelled) -> (pdf, name)
    signing.signed.connect(show_the_signed_report)        # (pdf bytes, file name)
    signing.failed.connect(say_why)                       # an exception, in words
    signing.start(assessment_id, "Sol North", preview_dialog)

The person's server password is asked; then the request is made and its answer waited for on a worker of its own
(the window's runner stays free), with a progress dialog whose "Stop waiting" ends the wait. The wait is bounded
(``server.signing.WAIT_SECONDS``): if the owner's signing job has not answered, that is said and the report is not
saved; the request stays on the server, and making the report again asks again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from .dialogs.password_dialog import PasswordDialog, SignRequest
from .tasks import TaskRunner

OFFER = "Sign on the team server…"
OFFER_TIP = "Sign with the organisation's key on the team server (a supervisor, online)"
MEANING = ("The report is signed with the organisation's key, which stays on the team server: only a digest of the "
           "report is sent, the server's signing job signs it, and the signed report is shown here to save or "
           "print. Type your password for the team server.")
WAITING = "Waiting for the team server to sign the report…"
STOPPING = "Stopping…"
SIGNED = ("Signed with the organisation's key on the team server. Save it or print it now: it is not kept "
          "anywhere else.")

Sign = Callable[[UUID, str, Callable[[], bool]], tuple[bytes, str]]


class ServerSigning(QObject):
    signed = Signal(bytes, str)
    failed = Signal(object)

    def __init__(self, sign: Sign, parent: QObject | None = None, *, runner: TaskRunner | None = None):
        super().__init__(parent)
        self._sign = sign
        self._runner = runner or TaskRunner(self)
        self._stop = threading.Event()
        self.password_dialog: PasswordDialog | None = None
        self.progress: QProgressDialog | None = None

    @property
    def is_busy(self) -> bool:
        return self.progress is not None

    def start(self, assessment_id: UUID, signer_name: str, parent: QWidget | None) -> None:
        if self.is_busy or self.password_dialog is not None:
            return
        dialog = PasswordDialog(SignRequest(signer_name, "Sign on the team server", MEANING), parent)
        dialog.setWindowTitle("Sign with the organisation's key")
        self.password_dialog = dialog

        def given(password: str) -> None:
            dialog.accept()
            self._wait(assessment_id, password, parent)

        dialog.password_given.connect(given)
        dialog.finished.connect(lambda *_: self._forget_password_dialog(dialog))
        dialog.open()

    def stop_waiting(self) -> None:
        self._stop.set()
        if self.progress is not None:
            self.progress.setLabelText(STOPPING)
            self.progress.setCancelButton(None)

    def _forget_password_dialog(self, dialog: PasswordDialog) -> None:
        if self.password_dialog is dialog:
            self.password_dialog = None
        dialog.deleteLater()

    def _wait(self, assessment_id: UUID, password: str, parent: QWidget | None) -> None:
        self._stop.clear()
        progress = QProgressDialog(WAITING, "Stop waiting", 0, 0, parent)
        progress.setWindowTitle("Team server")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.disconnect()  # its own cancel would only hide it; stopping is ours
        progress.canceled.connect(self.stop_waiting)
        self.progress = progress
        progress.show()
        self._runner.run(lambda: self._sign(assessment_id, password, self._stop.is_set),
                         lambda made: self._done(made, None), lambda error: self._done(None, error))

    def _done(self, made: Any, error: Exception | None) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if error is not None:
            self.failed.emit(error)
        else:
            self.signed.emit(*made)
