"""The dialog shown after an error nobody expected: what happened, that saved work is safe, where the log is."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ..logging_setup import log_file

TITLE = "Something went wrong"


def what_happened(error: BaseException) -> str:
    """The error in words a practitioner can pass on to IT: its own message where it has one."""
    message = str(error).strip()
    kind = type(error).__name__
    return f"{message} ({kind})" if message else f"An error of the kind {kind}."


class CrashDialog(QDialog):
    def __init__(self, error: BaseException, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"GCP Desk: {TITLE.lower()}")
        self.setAccessibleName(TITLE)
        self.log_path = log_file()
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{TITLE}.</b> GCP Desk met a problem it did not expect.")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.what = QLabel(f"What happened: {what_happened(error)}")
        self.what.setWordWrap(True)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.what)
        self.safety = QLabel(
            "Your records are safe: every grade and note was saved as you typed it. What you were doing at that "
            "moment may not have finished, so check it before you carry on. If it happens again, close and "
            "reopen GCP Desk.")
        self.safety.setWordWrap(True)
        layout.addWidget(self.safety)
        self.where = QLabel(
            f"The details are in the log file, for IT (it holds no names or case details):<br>"
            f"<code>{self.log_path}</code>")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        buttons = QDialogButtonBox()
        self.open_folder = QPushButton("Open the log folder")
        self.open_folder.clicked.connect(self._open_folder)
        self.copy = QPushButton("Copy where the log is")
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(self.log_path)))
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(640, self.fontMetrics().horizontalAdvance("x") * 80))

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path.parent)))
