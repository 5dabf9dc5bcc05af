"""The prompt shown on a child's record while no father or male carer is recorded, saying why it matters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy

WHY = (
    "<b>No father or male carer is recorded for {name}.</b> Reviews of serious cases keep finding that fathers and "
    "men around the child were not asked about or seen, so the risks and the support they bring were missed. "
    "Record him even if he does not live with {name}, or is not in touch."
)


class FatherPrompt(QFrame):
    add_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("fatherPrompt")
        self.setStyleSheet("QFrame#fatherPrompt { background: #fff6db; border: 1px solid #b58900; border-radius: 4px; }"
                           " QFrame#fatherPrompt QLabel { color: #3a2a00; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.button = QPushButton("Add &father or male carer")
        self.button.clicked.connect(self.add_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.setAccessibleName("No father or male carer recorded")

    def show_for(self, child_name: str) -> None:
        self.text.setText(WHY.format(name=child_name))
        self.setAccessibleDescription(self.text.text().replace("<b>", "").replace("</b>", ""))
        self.show()
