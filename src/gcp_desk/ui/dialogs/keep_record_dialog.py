"""Keep for now…: why a record due for review is kept, and when it comes up for review again."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ..widgets.problem_line import ProblemLine


class KeepRecordDialog(QDialog):
    decided = Signal(str, int)
    """The reason's category and the years until the next review."""

    def __init__(self, child_name: str, parent: QWidget | None = None, *, looked_after_age: int | None = None):
        """``looked_after_age``: the rule's age before which a record kept as looked after is not due again."""
        from ...services.retention import KEEP_REASON_WORDS, KEEP_YEARS

        super().__init__(parent)
        self.setWindowTitle("Keep the record for now")
        self.setModal(True)
        intro = QLabel(f"{child_name}'s record is due for review. Say why it is kept; it will be listed again at "
                       "its next review. The decision is recorded in the audit trail.", self)
        intro.setWordWrap(True)
        self.reason = QComboBox(self)
        self.reason.setAccessibleName("Why the record is kept")
        self.reason.addItem("Choose a reason…", None)
        for reason, words in KEEP_REASON_WORDS.items():
            self.reason.addItem(words, reason.value)
        self.years = QComboBox(self)
        for years in KEEP_YEARS:
            self.years.addItem(f"{years} year{'s' if years != 1 else ''}", years)
        self.years.setAccessibleName("Review again in")
        form = QFormLayout()
        form.addRow("&Why it is kept:", self.reason)
        form.addRow("&Review again in:", self.years)
        self.looked_after_note = QLabel(self)
        self.looked_after_note.setWordWrap(True)
        self.looked_after_note.hide()
        self._looked_after_age = looked_after_age
        self.problem = ProblemLine(self, name="keepProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.keep_button = self.buttons.addButton("&Keep for now", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.clicked.connect(self._keep)
        self.reason.currentIndexChanged.connect(lambda _index: self.problem.hide())
        self.reason.currentIndexChanged.connect(self._note_looked_after)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.looked_after_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _note_looked_after(self, _index: int) -> None:
        """Under the rule, a record kept as looked after is not due again before the looked-after age: say so."""
        from ...services.retention_words import ordinal

        shown = self.reason.currentData() == "looked-after" and self._looked_after_age is not None
        if shown:
            self.looked_after_note.setText(
                f"Under the retention rule this record is not due for review again before the child's "
                f"{ordinal(self._looked_after_age)} birthday, or later if the years above end later.")
        self.looked_after_note.setVisible(shown)
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _keep(self) -> None:
        reason = self.reason.currentData()
        if reason is None:
            return self.problem.say("Choose why the record is kept.")
        self.decided.emit(reason, self.years.currentData())
        self.accept()
