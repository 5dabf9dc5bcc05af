"""Say why a child's birth father is not recorded: the record stops asking once a reason is given, and asks again if
it is withdrawn (saved empty)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from ...domain.errors import Problem
from ..widgets.checked_form import CheckedForm
from .draft_dialog import DraftDialog


@dataclass(frozen=True)
class FatherUnknownDraft:
    reason: str


class FatherUnknownDialog(DraftDialog):
    def __init__(self, parent=None, *, child_name: str, reason: str = ""):
        super().__init__(parent)
        self.setWindowTitle(f"{child_name}'s father is not known")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Say why {child_name}'s birth father cannot be recorded, and what was done to find out (for "
                       "example: the mother says she does not know who he is; asked again at each visit). Ask "
                       "again as the work goes on: a father named later is added as an adult.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = CheckedForm.inside(layout)
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setPlainText(reason)
        self.reason = self.form.add("reason", "&Why", text, aliases=("Why the father is not recorded",))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def draft(self) -> tuple[FatherUnknownDraft | None, list[Problem]]:
        reason = self.reason.toPlainText().strip()
        if not reason:
            return None, [Problem("reason", "say why he is not known, so the next person knows what was asked")]
        return FatherUnknownDraft(reason), []
