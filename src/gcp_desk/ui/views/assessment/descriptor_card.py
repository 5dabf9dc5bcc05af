"""One of the five descriptors of an item: its grade (colour, number, words) and what care at that grade looks like."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ....domain.instrument import Instrument
from ...theme import GRADE_COLOURS
from .grade_chip import GradeChip

CHOSEN_MARK = "\u2713 Chosen"
PLAIN_BORDER = "#b0b0b0"
CHOSEN_WIDTH, PLAIN_WIDTH, RADIUS = 3, 1, 6
MARGINS = (9, 7, 9, 7)
"""Inside the border: room for the chosen card's thicker border, so choosing a card moves nothing inside it."""


class DescriptorCard(QFrame):
    """Choosing a card only repaints it: its border is drawn here and its mark is a fixed-size label whose words
    come and go, so a grade keypress restyles nothing and lays nothing out again (the whole item panel's wrapped
    descriptors would be measured again otherwise)."""

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
        self.mark.setFixedSize(self.mark.sizeHint())  # the words come and go; the room they take stays
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        left = QVBoxLayout()
        left.setSpacing(2)
        left.addWidget(self.chip)
        left.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignHCenter)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*MARGINS)
        layout.addLayout(left)
        layout.addWidget(self.text, 1)
        self._chosen: bool | None = None
        self.set_chosen(False)

    def show_descriptor(self, instrument: Instrument, wording: str) -> None:
        self.chip.set_instrument(instrument)
        self.chip.show_grade(self.grade)
        self.text.setText(wording)
        self._name()

    @property
    def chosen(self) -> bool:
        return bool(self._chosen)

    def set_chosen(self, chosen: bool) -> None:
        if chosen == self._chosen:
            return
        self._chosen = chosen
        self.mark.setText(CHOSEN_MARK if chosen else "")
        self._name()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        # The chosen card: a thick border in its grade's colour on the base colour; the others a thin grey one.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = CHOSEN_WIDTH if self._chosen else PLAIN_WIDTH
        painter.setPen(QPen(QColor(GRADE_COLOURS[self.grade][0] if self._chosen else PLAIN_BORDER), width))
        if self._chosen:
            painter.setBrush(self.palette().base())
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), RADIUS - inset,
                                RADIUS - inset)
        painter.end()

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
