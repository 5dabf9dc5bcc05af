"""What the Export and Import dialogs share: a file chooser row, a progress bar fed from the worker thread, and the
words for a running count."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QProgressBar, QPushButton, QWidget


class ProgressRelay(QObject):
    """Lives on the UI thread; ``report`` may be called from the worker: Qt queues the signal across threads."""

    moved = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        self.moved.emit(done, total)


class FileRow(QWidget):
    def __init__(self, parent: QWidget, *, name: str, choose_words: str = "C&hoose…"):
        super().__init__(parent)
        self.path = QLineEdit(self)
        self.path.setAccessibleName(name)
        self.choose = QPushButton(choose_words, self)
        self.choose.setAccessibleName(f"Choose the {name.lower()}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path, 1)
        layout.addWidget(self.choose)


def progress_bar(parent: QWidget, name: str) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setAccessibleName(name)
    bar.setTextVisible(True)
    bar.hide()
    return bar


def show_progress(bar: QProgressBar, done: int, total: int, what: str) -> None:
    bar.show()
    if total <= 0:
        bar.setRange(0, 0)  # busy: the length is not known yet
        bar.setFormat(what)
        return
    bar.setRange(0, total)
    bar.setValue(done)
    bar.setFormat(f"{done:,} of {total:,} children")
