"""The five descriptors of the current item, graded by one keypress.

1-5 grade, N marks "not assessed", Delete clears, Enter or the arrow keys move to the next or previous item. The
keys work only while this area has focus, so typing a "3" into an evidence note never grades anything.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ....domain.instrument import GRADES, Instrument
from .descriptor_card import DescriptorCard

KEYS_HINT = "Press 1 to 5 to grade, N if not assessed, Delete to clear; Enter or the arrow keys move to the next item."

_GRADE_KEYS = {getattr(Qt.Key, f"Key_{grade}"): grade for grade in GRADES}
_NEXT = {Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter}
_PREVIOUS = {Qt.Key.Key_Up, Qt.Key.Key_Left}
FOCUSED_RING, UNFOCUSED_RING = "#1f5fbf", "#c8c8c8"
RING_WIDTH, RING_RADIUS = 2, 8


class GradeArea(QFrame):
    graded = Signal(int)
    not_assessed_requested = Signal()
    clear_requested = Signal()
    move_requested = Signal(int)
    """+1 for the next item, -1 for the previous one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gradeArea")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hint = QLabel(KEYS_HINT, self)
        self.hint.setWordWrap(True)
        self.cards = [DescriptorCard(grade, self) for grade in GRADES]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(6 + RING_WIDTH,) * 4)
        layout.setSpacing(6)
        layout.addWidget(self.hint)
        for card in self.cards:
            card.clicked.connect(self._clicked)
            layout.addWidget(card)
        self._item_title = ""

    def show_item(self, instrument: Instrument, item_id: str, item_title: str, band_id: str) -> None:
        self._item_title = item_title
        for card in self.cards:
            card.show_descriptor(instrument, instrument.descriptor(item_id, band_id, card.grade))
        # Every chip as wide as the widest grade's words, so the five line up and none is cut short.
        for card in self.cards:
            card.chip.ensurePolished()
        widest = max(card.chip.sizeHint().width() for card in self.cards)
        for card in self.cards:
            card.chip.setMinimumWidth(widest)

    def show_choice(self, grade: int | None, summary: str) -> None:
        """Highlight the chosen descriptor; ``summary`` says the state in words for a screen reader."""
        for card in self.cards:
            card.set_chosen(card.grade == grade)
        self.setAccessibleName(f"Grades for {self._item_title}: {summary}")
        self.setAccessibleDescription(KEYS_HINT)

    def _clicked(self, grade: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.graded.emit(grade)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if plain and key in _GRADE_KEYS:
            self.graded.emit(_GRADE_KEYS[key])
        elif plain and key == Qt.Key.Key_N:
            self.not_assessed_requested.emit()
        elif plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_requested.emit()
        elif plain and key in _NEXT:
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.move_requested.emit(-1 if shift and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else 1)
        elif plain and key in _PREVIOUS:
            self.move_requested.emit(-1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        # A visible focus ring: people grading by keyboard must see where the keys go. Drawn here rather than by a
        # style sheet, which would restyle the five cards inside on every change of focus and slow their painting.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        focused = self.hasFocus()
        pen = QPen(QColor(FOCUSED_RING if focused else UNFOCUSED_RING), RING_WIDTH)
        pen.setStyle(Qt.PenStyle.SolidLine if focused else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        inset = RING_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), RING_RADIUS - inset,
                                RING_RADIUS - inset)
        painter.end()
