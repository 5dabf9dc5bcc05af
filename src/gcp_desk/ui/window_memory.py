"""The window opens at the size and place it was closed at, with its splits as they were left.

Kept with ``QSettings`` in the platform's usual place for such preferences (not the data folder: they belong to
the person at this computer, not to the records). A place that is no longer on any screen (a monitor unplugged)
is not restored; the window then opens at its default size on the main screen. Splitters are remembered by their
``objectName`` or, without one, by the names of the widgets they sit in.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QWidget

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_GROUP = "splitters"


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "GCP Desk", "window")


class WindowMemory(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = window
        self.restore()
        window.installEventFilter(self)
        QApplication.instance().installEventFilter(self)

    def restore(self) -> None:
        stored = settings().value(GEOMETRY_KEY)
        if isinstance(stored, QByteArray) and not stored.isEmpty():
            self._window.restoreGeometry(stored)
            if not _on_a_screen(self._window):
                self._window.resize(1280, 800)
                self._window.move(QGuiApplication.primaryScreen().availableGeometry().topLeft())

    def save(self) -> None:
        store = settings()
        store.setValue(GEOMETRY_KEY, self._window.saveGeometry())
        for splitter in self._window.findChildren(QSplitter):
            store.setValue(f"{SPLITTER_GROUP}/{splitter_key(splitter)}", splitter.saveState())
        store.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Close:
            self.save()
        elif kind == QEvent.Type.Show and isinstance(watched, QSplitter) and watched.window() is self._window:
            self._restore_splitter(watched)
        return False

    def _restore_splitter(self, splitter: QSplitter) -> None:
        """Once per splitter, when it is first shown: its sizes as last left, then kept as they change."""
        if splitter.property("gcp_desk_remembered"):
            return
        splitter.setProperty("gcp_desk_remembered", True)
        stored = settings().value(f"{SPLITTER_GROUP}/{splitter_key(splitter)}")
        if isinstance(stored, QByteArray) and not stored.isEmpty():
            splitter.restoreState(stored)
        splitter.splitterMoved.connect(lambda *_args: self._save_splitter(splitter))

    @staticmethod
    def _save_splitter(splitter: QSplitter) -> None:
        settings().setValue(f"{SPLITTER_GROUP}/{splitter_key(splitter)}", splitter.saveState())


def splitter_key(splitter: QSplitter) -> str:
    if splitter.objectName():
        return splitter.objectName()
    names: list[str] = []
    widget: QWidget | None = splitter
    while widget is not None and not widget.isWindow():
        names.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "-".join(reversed(names))


def _on_a_screen(window: QWidget) -> bool:
    frame = window.frameGeometry()
    return any(screen.availableGeometry().intersects(frame) for screen in QGuiApplication.screens())
