"""Ask for the reason before a step the record keeps for good: an amendment of a countersigned assessment (and,
through ``ReasonDialog``, a supervisor's reasons for returning one).

A reason is required because whoever reads the record later must see why it changed. The dialog checks that one was
written; the service stores it, or refuses, and the refusal is shown here with the dialog kept open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..widgets.problem_line import ProblemLine


class ReasonDialog(QDialog):
    """Opened with ``open()`` (it does not block). ``submitted`` carries the reason written; whoever stores it calls
    ``show_problem`` on a refusal, or ``accept`` once it is stored."""

    submitted = Signal(str)

    def __init__(self, *, title: str, intro: str, field_name: str, action: str, empty_words: str,
                 placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._empty_words = empty_words
        self.setWindowTitle(title)
        self.setModal(True)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.field = QPlainTextEdit(self)
        self.field.setAccessibleName(field_name)
        self.field.setTabChangesFocus(True)
        self.field.setPlaceholderText(placeholder)
        self.field.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.intro.setBuddy(self.field)
        hint = QLabel("Ctrl+Enter to confirm.", self)
        hint.setEnabled(False)
        self.problem = ProblemLine(self, name="reasonProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._give)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._give, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.field, 1)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    @property
    def reason(self) -> str:
        return self.field.toPlainText().strip()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.field.setFocus()

    def show_problem(self, words: str) -> None:
        self.set_busy(False)
        self.problem.say(words)
        self.adjustSize()
        self.field.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.confirm_button.setEnabled(not busy)

    def _give(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        if not self.reason:
            self.show_problem(self._empty_words)
            return
        self.problem.hide()
        self.set_busy(True)
        self.submitted.emit(self.reason)


class AmendDialog(ReasonDialog):
    def __init__(self, countersigned_on: str = "", parent: QWidget | None = None):
        when = f" countersigned on {countersigned_on}" if countersigned_on else " countersigned"
        super().__init__(
            title="Amend a countersigned assessment",
            intro=(f"The assessment{when} stays as it was signed. An amendment is a new version, linked to it, that "
                   "you can correct and then submit and have countersigned again. Why does it need correcting?"),
            field_name="Reason for the amendment",
            action="Start amendment",
            empty_words="Write the reason for the amendment: anyone reading the record later must see why it changed.",
            placeholder="For example: the date of the second visit was recorded wrongly",
            parent=parent,
        )
