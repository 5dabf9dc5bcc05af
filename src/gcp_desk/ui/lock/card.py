"""The calm card the sign-in and lock screens sit on: centred in the window, a little above the middle, on the
window's base colour with a thin border, so the eye goes straight to the password box."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

_STYLE = "QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }"


def centred_card(page: QWidget, heading: str, *, width: int = 620) -> tuple[QVBoxLayout, QLabel]:
    """Lay ``page`` out around a card; returns the card's column (to add to) and its heading."""
    card = QFrame()
    card.setObjectName("card")
    card.setStyleSheet(_STYLE)
    card.setMaximumWidth(width)
    column = QVBoxLayout(card)
    column.setContentsMargins(28, 24, 28, 24)
    column.setSpacing(12)
    title = QLabel(heading)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    column.addWidget(title)
    middle = QVBoxLayout()
    middle.addStretch(1)
    middle.addWidget(card)
    middle.addStretch(2)
    outer = QHBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(middle, 3)
    outer.addStretch(1)
    return column, title
