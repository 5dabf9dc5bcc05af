"""Delete record…: deleting a child's whole record under the retention rule. It cannot be undone, so it asks for
a reason and for the child's name typed in full; a name that does not match deletes nothing."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, \
    QWidget

from ..theme import PROBLEM_STYLE
from ..widgets.problem_line import ProblemLine


def same_name(typed: str, name: str) -> bool:
    """The typed name is the child's, whatever the capitals and spaces."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


class DeleteRecordDialog(QDialog):
    confirmed = Signal(str)
    """The reason's category: the name was typed right."""

    def __init__(self, child_name: str, parent: QWidget | None = None):
        from ...services.retention import DELETION_REASON_WORDS

        super().__init__(parent)
        self._name = child_name
        self.setWindowTitle("Delete the record")
        self.setModal(True)
        warning = QLabel(
            f"This deletes <b>everything held about {child_name}</b>: the record, every assessment with its "
            "grades, evidence, plans and signatures, the chronology, and the adults and household that no other "
            "child is linked to. <b>It cannot be undone.</b> The audit trail records the deletion, without the name. "
            "Backups made before today keep a copy until they age out; other copies of GCP Desk learn of it from "
            "the next full export.", self)
        warning.setWordWrap(True)
        warning.setAccessibleName(f"Deleting {child_name}'s record cannot be undone")
        self.reason = QComboBox(self)
        self.reason.setAccessibleName("Why the record is deleted")
        self.reason.addItem("Choose a reason…", None)
        for reason, words in DELETION_REASON_WORDS.items():
            self.reason.addItem(words, reason.value)
        self.typed = QLineEdit(self)
        self.typed.setAccessibleName("The child's full name, to confirm")
        self.typed.setPlaceholderText(child_name)
        form = QFormLayout()
        form.addRow("&Why:", self.reason)
        form.addRow(f"&Type {child_name} to confirm:", self.typed)
        self.problem = ProblemLine(self, name="deleteProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.delete_button = self.buttons.addButton("&Delete for good", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setStyleSheet(PROBLEM_STYLE)
        self.delete_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.delete_button.clicked.connect(self._delete)
        self.reason.currentIndexChanged.connect(lambda _index: self.problem.hide())
        self.typed.textEdited.connect(lambda _text: self.problem.hide())
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(600, self.sizeHint().height())

    def _delete(self) -> None:
        reason = self.reason.currentData()
        if reason is None:
            return self.problem.say("Choose why the record is deleted.")
        if not same_name(self.typed.text(), self._name):
            return self.problem.say(f"The name typed is not {self._name}: nothing was deleted. Type the child's "
                                    "full name exactly as shown.")
        self.confirmed.emit(reason)
        self.accept()
