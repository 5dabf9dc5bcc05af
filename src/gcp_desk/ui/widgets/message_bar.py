"""A calm strip at the top of the window that says, in words, what went wrong or what happened."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ...domain.errors import DatabaseUnavailable, GcpDeskError, IncompleteAssessment, InvalidInput

_STYLES = {
    "error": "QFrame#messageBar { background: #fbe9e7; border: 1px solid #a3142b; border-radius: 4px; }"
             " QLabel { color: #5a0a16; }",
    "info": "QFrame#messageBar { background: #e8f1fb; border: 1px solid #2c5d8f; border-radius: 4px; }"
            " QLabel { color: #14324f; }",
}


def error_in_words(error: BaseException) -> str:
    """What to tell the user. Never a traceback: the details of an unexpected error go to the log."""
    if isinstance(error, InvalidInput):
        lines = [str(problem) for problem in error.problems]
        return "This was not saved: " + "; ".join(lines) + "."
    if isinstance(error, IncompleteAssessment):
        return str(error)
    if isinstance(error, DatabaseUnavailable):
        return f"{error} Everything saved before this is safe."
    if isinstance(error, GcpDeskError):
        return str(error)
    detail = getattr(error, "__traceback_text__", None) or repr(error)
    print(f"GCP Desk: unexpected error: {detail}", file=sys.stderr)
    return (
        "Something unexpected went wrong and this action did not finish "
        f"({type(error).__name__}). Everything saved before it is safe. If it happens again, tell your IT support."
    )


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAccessibleName("Message")
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._dismiss = QPushButton("Dismiss")
        self._dismiss.setAccessibleName("Dismiss message")
        self._dismiss.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()

    @property
    def text(self) -> str:
        return self._text.text() if self.isVisibleTo(self.parentWidget()) else ""

    def show_error(self, error: BaseException | str) -> None:
        self._show("error", error if isinstance(error, str) else error_in_words(error))

    def show_info(self, text: str) -> None:
        self._show("info", text)

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        self.setStyleSheet(_STYLES[kind])
        self._text.setText(text)
        self._text.setAccessibleName(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear(self) -> None:
        self.kind = ""
        self._text.clear()
        self.hide()
