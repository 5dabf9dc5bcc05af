"""Ask the signed-in person for their password again before their signature goes on an assessment.

Signing is a deliberate act: typing the password again shows it is really them at the keyboard, and the dialog says
what the signature records and what it locks. The dialog does not check the password; the service does. A wrong
password comes back from the service and is shown here, with the dialog kept open to try again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..widgets.problem_line import ProblemLine

EMPTY_PASSWORD = "Type your password to sign. Nothing has been signed yet."


@dataclass(frozen=True)
class SignRequest:
    """What is about to be signed, in words for the person signing."""

    signer_name: str
    action: str
    """The button's words, e.g. "Countersign"."""
    meaning: str
    """What the signature records and what it changes."""

    @property
    def title(self) -> str:
        return f"Sign as {self.signer_name}" if self.signer_name else "Sign with your password"


class PasswordDialog(QDialog):
    """Opened with ``open()`` (it does not block). ``password_given`` carries the typed password each time the
    person presses the action button; whoever signs calls ``show_problem`` on a refusal, or ``accept`` once signed.
    ``password`` is the last password given, or ``None`` when the dialog was cancelled."""

    password_given = Signal(str)

    def __init__(self, request: SignRequest, parent: QWidget | None = None):
        super().__init__(parent)
        self.request = request
        self._given: str | None = None
        self.setWindowTitle(request.title)
        self.setModal(True)

        heading = QLabel(request.title, self)
        heading.setObjectName("signerHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)  # relative, so the system font size is respected
        font.setBold(True)
        heading.setFont(font)
        self.meaning = QLabel(request.meaning, self)
        self.meaning.setObjectName("signingMeaning")
        self.meaning.setWordWrap(True)
        prompt = QLabel("&Password", self)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(f"Password of {request.signer_name}" if request.signer_name else "Your password")
        prompt.setBuddy(self.field)
        self.problem = ProblemLine(self, name="passwordProblem")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = self.buttons.addButton(request.action, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)  # Enter in the field signs, handled below
        self.field.returnPressed.connect(self._give)
        self.buttons.accepted.connect(self._give)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.meaning)
        layout.addSpacing(6)
        layout.addWidget(prompt)
        layout.addWidget(self.field)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    @property
    def password(self) -> str | None:
        return self._given if self.result() == QDialog.DialogCode.Accepted else None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.field.setFocus()

    def show_problem(self, words: str) -> None:
        """The service refused (a wrong password, say): say why, and let the person try again."""
        self.set_busy(False)
        self.problem.say(words)
        self.adjustSize()  # make room for the message rather than clip it
        self.field.selectAll()
        self.field.setFocus()

    def set_busy(self, busy: bool) -> None:
        """While the service checks the password, a second press cannot sign twice."""
        self.sign_button.setEnabled(not busy)
        self.field.setReadOnly(busy)

    def _give(self) -> None:
        if not self.sign_button.isEnabled():
            return
        password = self.field.text()
        if not password:
            self.show_problem(EMPTY_PASSWORD)
            return
        self._given = password
        self.problem.hide()
        self.set_busy(True)
        self.password_given.emit(password)
