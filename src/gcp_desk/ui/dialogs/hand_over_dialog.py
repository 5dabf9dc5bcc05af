"""Hand an unfinished assessment to another practitioner: for when its author is away or has left.

Only the author can change or submit an assessment, so a supervisor (within their team) or an administrator hands
it over. The dialog offers the people it may go to; the service checks the same rules and its refusal is shown here
with the dialog kept open.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...domain.labels import ROLE
from ...domain.people import User
from ..widgets.problem_line import ProblemLine


class HandOverDialog(QDialog):
    """Opened with ``open()``. ``chosen`` carries the receiver's id; the caller stores it and then calls ``accept``
    or ``show_problem``."""

    chosen = Signal(object)

    def __init__(self, *, child_name: str, author_name: str, people: list[User], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Hand over an assessment")
        self.setModal(True)
        intro = QLabel(
            f"The assessment of {child_name} is {author_name}'s, and only its author can change or submit it. "
            "Hand it to the practitioner who will finish it. What is already written stays, and the hand-over is "
            "recorded.", self)
        intro.setWordWrap(True)
        self.person = QComboBox(self)
        self.person.setAccessibleName("Hand over to")
        for user in people:
            self.person.addItem(f"{user.name} ({ROLE[user.role].lower()})", user.id)
        form = QFormLayout()
        form.addRow("Hand over &to", self.person)
        self.problem = ProblemLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button = self.buttons.addButton("&Hand over", QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setEnabled(bool(people))
        self.buttons.accepted.connect(self._give)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not people:
            nobody = QLabel("There is nobody it can be handed to: no other practitioner is in this team.", self)
            nobody.setWordWrap(True)
            layout.addWidget(nobody)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def show_problem(self, words: str) -> None:
        self.confirm_button.setEnabled(True)
        self.problem.say(words)

    def _give(self) -> None:
        receiver: UUID | None = self.person.currentData()
        if receiver is None or not self.confirm_button.isEnabled():
            return
        self.confirm_button.setEnabled(False)
        self.chosen.emit(receiver)
