"""A grade as people must always see it: its colour, its number and its words together."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from ....domain.instrument import Instrument
from ...theme import NOT_ASSESSED, grade_background, grade_style

SEPARATOR = " · "


def grade_text(instrument: Instrument, grade: int) -> str:
    """E.g. "4 · Most needs unmet"."""
    return f"{grade}{SEPARATOR}{instrument.scale_label(grade)}"


def grade_icon(grade: int | None, size: int = 14) -> QIcon:
    """A colour swatch to sit beside a grade's number and words in a list or a menu (never on its own)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#444444"))
    painter.setBrush(grade_background(grade) if grade else QColor(NOT_ASSESSED[0]))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


class GradeChip(QLabel):
    """A small label showing a grade, or a plain word ("Not graded") when there is none."""

    def __init__(self, instrument: Instrument | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._instrument = instrument
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.show_grade(None)

    def set_instrument(self, instrument: Instrument) -> None:
        self._instrument = instrument

    def show_grade(self, grade: int | None, *, empty: str = "Not graded") -> None:
        if grade is None or self._instrument is None:
            self.setText(empty)
            style = grade_style(None)
        else:
            self.setText(grade_text(self._instrument, grade))
            style = grade_style(grade)
        if style != self.styleSheet():  # setting it again restyles the chip all the same
            self.setStyleSheet(style)
        self.setAccessibleName(self.text())
