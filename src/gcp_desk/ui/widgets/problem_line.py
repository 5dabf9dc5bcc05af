"""One line that says, in words, why something was refused: hidden until there is something to say, and read out
by screen readers as the words themselves."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ..theme import PROBLEM_STYLE



class ProblemLine(QLabel):
    def __init__(self, parent: QWidget | None = None, *, name: str = ""):
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setWordWrap(True)
        self.setStyleSheet(PROBLEM_STYLE)
        self.hide()

    def say(self, words: str) -> None:
        self.setText(words)
        self.setAccessibleName(words)
        self.show()
