"""Domains graded 4 or 5 shown as small labelled chips: the domain's name (and grade when known) in words,
coloured as a concern. Colour is never the only signal."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..theme import grade_background, grade_foreground

CHIPS_ROLE = Qt.ItemDataRole.UserRole + 20
"""Item data role holding a list of ``Chip``."""

# A grade 4 or 5 whose exact grade the list does not carry: warm, outlined, readable (contrast above 7:1).
_CONCERN_FILL = QColor("#fde4d4")
_CONCERN_TEXT = QColor("#6b2400")
_CONCERN_EDGE = QColor("#e06c2f")
_GAP = 4
_PAD_X = 6


@dataclass(frozen=True, slots=True)
class Chip:
    label: str
    """Short words shown on the chip, e.g. "Supervision 4"."""
    title: str
    """The whole domain title, for screen readers and tooltips."""
    grade: int | None = None

    @property
    def spoken(self) -> str:
        return f"{self.title} graded {self.grade}" if self.grade else f"{self.title} graded 4 or 5"


def short_domain_name(title: str) -> str:
    """ "Supervision and guidance" -> "Supervision": the first word names each built-in domain uniquely."""
    return title.split()[0] if title.strip() else title


def chips_in_words(chips: list[Chip]) -> str:
    return "; ".join(chip.spoken for chip in chips) if chips else "None"


class ConcernChipsDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        chips = index.data(CHIPS_ROLE)
        if not chips:
            super().paint(painter, option, index)
            return
        # Draw the cell's background and selection the standard way, without its text.
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        height = metrics.height() + 4
        top = option.rect.top() + (option.rect.height() - height) // 2
        x = option.rect.left() + _GAP
        right = option.rect.right() - _GAP
        for position, chip in enumerate(chips):
            width = metrics.horizontalAdvance(chip.label) + 2 * _PAD_X
            remaining = len(chips) - position
            if x + width > right and remaining > 0:
                more = f"+{remaining} more"
                painter.setPen(option.palette.text().color())
                painter.drawText(QRect(x, top, right - x, height), Qt.AlignmentFlag.AlignVCenter, more)
                break
            self._draw_chip(painter, QRectF(x, top, width, height), chip)
            x += width + _GAP
        painter.restore()

    @staticmethod
    def _draw_chip(painter: QPainter, rect: QRectF, chip: Chip) -> None:
        if chip.grade:
            fill, text, edge = grade_background(chip.grade), grade_foreground(chip.grade), grade_background(chip.grade)
        else:
            fill, text, edge = _CONCERN_FILL, _CONCERN_TEXT, _CONCERN_EDGE
        painter.setPen(QPen(edge, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setPen(text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, chip.label)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        chips = index.data(CHIPS_ROLE)
        if not chips:
            return super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        width = sum(metrics.horizontalAdvance(chip.label) + 2 * _PAD_X + _GAP for chip in chips) + _GAP
        return QSize(width, metrics.height() + 10)
