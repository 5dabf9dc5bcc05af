"""The recovery key, shown once: when a new database is made, and when a plain one from an older version has just
been encrypted. It opens the records when every password is lost, so it belongs in the organisation's safe."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

WHAT_IT_IS = (
    "The records on this computer are encrypted. Your password opens them; so does this recovery key, which works "
    "for every account. Print it or write it down now and give it to whoever keeps your organisation's safe. It "
    "is shown only this once."
)
WITHOUT_IT = (
    "Without a password or the recovery key, nobody can read these records: not GCP Desk, not your IT service, "
    "not us."
)

REKEYED = (
    "The records now have a new key, so the old recovery key no longer opens them. Keep the old one with the "
    "backups made before today: only it opens those."
)


class RecoveryKeyDialog(QDialog):
    def __init__(self, recovery_key: str, *, plain_backups_encrypted: int = 0, encrypted_now: bool = False,
                 rekeyed: bool = False, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keep the recovery key safe")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        heading = QLabel(self.windowTitle())
        heading.setObjectName("heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        if encrypted_now:
            done = "This computer's records were not encrypted before; they are now."
            if plain_backups_encrypted:
                done += f" The {plain_backups_encrypted} older backup(s) in its backups folder were encrypted too."
            layout.addWidget(_words(done))
        if rekeyed:
            layout.addWidget(_words(REKEYED))
        layout.addWidget(_words(WHAT_IT_IS))
        self.key = QLabel(recovery_key)
        self.key.setAccessibleName("Recovery key")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                         | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.font().pointSizeF() * 1.25)
        self.key.setFont(mono)
        self.key.setWordWrap(True)
        self.key.setStyleSheet("QLabel { border: 1px solid palette(mid); padding: 10px; }")
        layout.addWidget(self.key)
        layout.addWidget(_words(WITHOUT_IT))
        self.copy_button = QPushButton("&Copy the key")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        layout.addWidget(self.copy_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.kept = QCheckBox("I have printed or written down the recovery key, to be kept in the safe")
        layout.addWidget(self.kept)
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton("&Done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setEnabled(False)
        self.kept.toggled.connect(self.done_button.setEnabled)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def reject(self) -> None:
        """Escape does not close it: the key is shown only once."""
        if self.kept.isChecked():
            super().reject()


def _words(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
