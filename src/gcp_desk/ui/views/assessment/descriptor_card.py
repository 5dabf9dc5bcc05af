"""One of the five descriptors of an item: its grade (colour, number, words) and what care at that grade looks like."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ....domain.instrument import Instrument
from ...theme import GRADE_COLOURS
from .grade_chip import GradeChip
from ...widgets.state_style import PROPERTY, set_state_styles, show_state

CHOSEN_MARK = "\u2713 Chosen"


class DescriptorCard(QFrame):
    clicked = Signal(int)

    def __init__(self, grade: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.grade = grade
        self.setObjectName("descriptorCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.chip = GradeChip(parent=self)
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mark = QLabel(CHOSEN_MARK, self)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bold = self.mark.font()
        bold.setBold(True)
        self.mark.setFont(bold)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        left = QVBoxLayout()
        left.setSpacing(2)
        left.addWidget(self.chip)
        left.addWidget(self.mark)
        left.addStretch(1)
        self._layout = layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.text, 1)
        self._chosen: bool | None = None
        self.set_chosen(False)

    def show_descriptor(self, instrument: Instrument, wording: str) -> None:
        self.chip.set_instrument(instrument)
        self.chip.show_grade(self.grade)
        # Wide enough for the longest grade words, so the five chips line up.
        widest = max(len(f"{level.grade} · {level.label}") for level in instrument.scale)
        self.chip.setMinimumWidth(self.chip.fontMetrics().averageCharWidth() * (widest + 4))
        self.text.setText(wording)
        self._name()

    @property
    def chosen(self) -> bool:
        return bool(self._chosen)

    def set_chosen(self, chosen: bool) -> None:
        if chosen == self._chosen:
            return
        self._chosen = chosen
        self.mark.setVisible(chosen)
        colour = GRADE_COLOURS[self.grade][0]
        # The thicker border of the chosen card takes its room from the margin, so nothing shifts.
        self._layout.setContentsMargins(*((6, 4, 6, 4) if chosen else (8, 6, 8, 6)))
        if self.property(PROPERTY) is None:
            set_state_styles(self, "descriptorCard", {
                "chosen": f"border: 3px solid {colour}; border-radius: 6px; background-color: palette(base);",
                "plain": "border: 1px solid #b0b0b0; border-radius: 6px;",
            })
        show_state(self, "chosen" if chosen else "plain")
        self._name()

    def _name(self) -> None:
        state = ", chosen" if self._chosen else ""
        self.setAccessibleName(f"{self.chip.text()}{state}")
        self.setAccessibleDescription(self.text.text())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.grade)
            event.accept()
            return
        super().mousePressEvent(event)
