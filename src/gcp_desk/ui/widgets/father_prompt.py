"""The prompt shown on a child's record until the child's birth father is recorded, or the record says why he is not
known, saying why it matters. A mother's partner, a stepfather or another man in the home is recorded too, but he
does not answer the question of who the child's father is."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

WHY = (
    "<b>No birth father is recorded for {name}.</b> {others}Reviews of serious cases keep finding that fathers and "
    "men around the child were not asked about or seen, so the risks and the support they bring were missed. "
    "Record him even if he does not live with {name} or is not in touch, with whether he has parental "
    "responsibility; or say why he is not known."
)
OTHERS = "{names} {verb} recorded, but not as {name}'s father. "


class FatherPrompt(QFrame):
    add_requested = Signal()
    unknown_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("fatherPrompt")
        self.setStyleSheet("QFrame#fatherPrompt { background: #fff6db; border: 1px solid #b58900; border-radius: 4px; }"
                           " QFrame#fatherPrompt QLabel { color: #3a2a00; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.button = QPushButton("Add birth &father")
        self.button.clicked.connect(self.add_requested)
        self.unknown_button = QPushButton("Father &not known…")
        self.unknown_button.setToolTip("Say why the birth father cannot be recorded (the prompt then goes)")
        self.unknown_button.clicked.connect(self.unknown_requested)
        buttons = QVBoxLayout()
        buttons.addWidget(self.button)
        buttons.addWidget(self.unknown_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.setAccessibleName("No birth father recorded")

    def show_for(self, child_name: str, other_men: list[str] | None = None) -> None:
        """``other_men``: men recorded around the child who are not their father (a mother's partner, say)."""
        others = ""
        if other_men:
            names = other_men[0] if len(other_men) == 1 else ", ".join(other_men[:-1]) + f" and {other_men[-1]}"
            others = OTHERS.format(names=names, verb="is" if len(other_men) == 1 else "are", name=child_name)
        self.text.setText(WHY.format(name=child_name, others=others))
        self.setAccessibleDescription(self.text.text().replace("<b>", "").replace("</b>", ""))
        self.show()
