"""Re-key the database from the app, after someone has left who could have kept a copy of the key file: the
administrator types their password again; the work on screen is saved and everyone is signed out; a new data key
re-encrypts the records (on the worker); the new recovery key is shown once; then the sign-in screen, where the
administrator signs in again. Everyone else needs a one-time password from them before they can.

The password is checked before anyone is signed out, so a mistyped one changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from .dialogs.password_dialog import PasswordDialog, SignRequest
from .tasks import TaskRunner
from .widgets.message_bar import error_in_words

if TYPE_CHECKING:
    from .session import Session

MEANING = (
    "A new key will encrypt the records, so a copy of the key file taken by someone who has left opens nothing. "
    "Everyone will be signed out. You sign in again with your password; everyone else needs a one-time password "
    "from you first (Accounts…). A new recovery key is shown once: keep it in the safe."
)
REKEYING = "Re-keying the database…"


class Rekey(QObject):
    """``ask(session)`` starts it. ``sign_out`` and ``sign_in_again`` are the window's; ``show_status`` shows a
    status page while the worker re-encrypts."""

    finished = Signal(bool)
    """True once re-keyed (the recovery key dialog is open), False when refused or failed."""

    def __init__(self, window: QWidget, runner: TaskRunner, *, sign_out: Any, sign_in_again: Any, show_status: Any,
                 show_problem: Any):
        super().__init__(window)
        self._window, self._runner = window, runner
        self._sign_out, self._sign_in_again = sign_out, sign_in_again
        self._show_status, self._show_problem = show_status, show_problem
        self.dialog: PasswordDialog | None = None
        self.recovery_dialog: QWidget | None = None

    def ask(self, session: Session) -> None:
        dialog = PasswordDialog(SignRequest(session.user.name, "&Re-key", MEANING), self._window)
        dialog.setWindowTitle("Re-key the database")
        self.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.password_given.connect(lambda password: self._check(session, dialog, password))
        dialog.open()

    def _check(self, session: Session, dialog: PasswordDialog, password: str) -> None:
        def refused(error: Exception) -> None:
            dialog.show_problem(error_in_words(error))

        self._runner.run(lambda: session.users.check_password(session.user.id, password),
                         lambda _ok: self._rekey(session, dialog, password), refused)

    def _rekey(self, session: Session, dialog: PasswordDialog, password: str) -> None:
        dialog.accept()
        backend, user = session.backend, session.user
        self._sign_out()
        self._show_status(REKEYING)

        def done(recovery: str) -> None:
            from .dialogs.recovery_key_dialog import RecoveryKeyDialog

            self._sign_in_again()
            self.recovery_dialog = RecoveryKeyDialog(recovery, rekeyed=True, parent=self._window)
            self.recovery_dialog.open()
            self.finished.emit(True)

        def failed(error: Exception) -> None:
            self._sign_in_again()
            self._show_problem(error)
            self.finished.emit(False)

        self._runner.run(lambda: backend.rekey(user, password), done, failed)
