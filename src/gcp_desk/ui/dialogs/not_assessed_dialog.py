"""Ask why an item was not assessed. An item may be left ungraded only with a reason a supervisor can read."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..theme import PROBLEM_STYLE

EMPTY_REASON = "Write the reason this item was not assessed: an item can be left ungraded only with a reason."


@dataclass(frozen=True)
class NotAssessedChoice:
    item_id: str
    reason: str


class NotAssessedDialog(QDialog):
    """Opened with ``open()`` (it does not block); read ``choice`` once it is accepted."""

    def __init__(self, item_id: str, item_title: str, reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._item_id = item_id
        self.choice: NotAssessedChoice | None = None
        self.setWindowTitle("Mark as not assessed")
        self.setModal(True)

        intro = QLabel(f"Why was \u201c{item_title}\u201d not assessed?")
        intro.setWordWrap(True)
        self.reason = QLineEdit(reason)
        self.reason.setAccessibleName("Reason not assessed")
        self.reason.setPlaceholderText(
            "For example: the child was at nursery on every visit; the health visitor will ask")
        intro.setBuddy(self.reason)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.mark = buttons.addButton("Mark not assessed", QDialogButtonBox.ButtonRole.AcceptRole)
        for button in buttons.buttons():
            button.setAutoDefault(False)  # Enter in the reason field means "mark it", handled below
        self.reason.returnPressed.connect(self._accept_if_reason)
        buttons.accepted.connect(self._accept_if_reason)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.reason.setFocus()

    def _accept_if_reason(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.problem.setText(EMPTY_REASON)
            self.problem.show()
            self.adjustSize()  # make room for the message rather than clip it
            self.reason.setFocus()
            return
        self.choice = NotAssessedChoice(self._item_id, reason)
        self.accept()
