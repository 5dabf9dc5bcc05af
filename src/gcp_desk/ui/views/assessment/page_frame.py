"""A page of the workspace: a heading, a line saying what the page is for, and its parts, scrolling if need be."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget


def heading_label(text: str, parent: QWidget | None = None, scale: float = 1.25) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)  # relative, so the system font size is respected
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class WrappingLabel(QLabel):
    """A word-wrapped label that claims the height its text needs at its width. (Layouts size a wrapped label
    from a guessed width and can clip it to one line; claiming the height on every resize avoids that.)"""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


class PageFrame(QScrollArea):
    def __init__(self, title: str, purpose: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        self.column = QVBoxLayout(body)
        self.title = heading_label(title, body)
        self.column.addWidget(self.title)
        self.purpose = QLabel(purpose, body)
        self.purpose.setWordWrap(True)
        self.purpose.setVisible(bool(purpose))
        self.column.addWidget(self.purpose)
        self.column.addStretch(1)
        self.setWidget(body)
        self.focus_target: Callable[[], None] | None = None

    def focus_main(self) -> None:
        """Put the keyboard in the page's first field (pages set ``focus_target`` when that is not the right one)."""
        if self.focus_target is not None:
            self.focus_target()
            return
        body = self.widget()
        body.setFocus()
        body.focusNextChild()

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.column.insertWidget(self.column.count() - 1, widget, stretch)
        if stretch:
            # A part that should fill the page takes the room the closing stretch would have taken.
            self.column.setStretch(self.column.count() - 1, 0)
        return widget
