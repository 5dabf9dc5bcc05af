"""Signing with the password asked again: what each signature means, and the round trip to the service.

The dialog stays open while the service checks the password, so a wrong one is said in the dialog and the person
can type it again; anything else the service refuses closes the dialog and is told to the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ....domain.errors import WrongPassword
from ...dialogs.password_dialog import PasswordDialog, SignRequest
from ...tasks import TaskRunner

SUBMIT_MEANING = (
    "Submitting signs this assessment as yours. Your name, your role, the time and a fingerprint (SHA-256) of "
    "everything in it are recorded. It then goes to your supervisor for review and stays read-only unless it is "
    "returned to you.")
COUNTERSIGN_MEANING = (
    "Countersigning records your name, your role, the time and a fingerprint (SHA-256) of everything in the "
    "assessment, which is printed on its report. The assessment then becomes read-only for good: a later correction "
    "has to be made as an amendment, which is signed again.")

AskPassword = Callable[[SignRequest], PasswordDialog]
"""Builds the dialog for a request. Panels hold one as a seam: tests may drive the real dialog or replace it."""


def submit_request(signer_name: str) -> SignRequest:
    return SignRequest(signer_name, "Submit and sign", SUBMIT_MEANING)


def countersign_request(signer_name: str) -> SignRequest:
    return SignRequest(signer_name, "Countersign", COUNTERSIGN_MEANING)


def sign_with_password(ask: AskPassword, request: SignRequest, runner: TaskRunner, op: Callable[[str], Any],
                       on_signed: Callable[[Any], None], on_refused: Callable[[Exception], None]) -> PasswordDialog:
    """Ask for the password, then run ``op(password)`` on the worker. Returns the dialog, already open."""
    dialog = ask(request)

    def given(password: str) -> None:
        runner.run(lambda: op(password), signed, failed)

    def signed(value: Any) -> None:
        dialog.accept()
        on_signed(value)

    def failed(error: Exception) -> None:
        if isinstance(error, WrongPassword):
            dialog.show_problem(f"{error} Nothing has been signed.")
            return
        dialog.reject()
        on_refused(error)

    dialog.password_given.connect(given)
    dialog.open()
    return dialog
