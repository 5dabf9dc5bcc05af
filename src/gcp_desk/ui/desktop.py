"""How GCP Desk presents itself to the desktop: names, version and icon, the handler for unexpected errors, the
About box on F1, and a window that opens where it was left."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from .. import __version__
from ..paths import APP_AUTHOR, APP_NAME
from .app_icon import app_icon
from .crash_handler import install_crash_handler
from .window_memory import WindowMemory

DESKTOP_FILE_NAME = "gcp-desk"
"""The Linux .desktop file's name (installer/linux/gcp-desk.desktop), so the dock shows our icon and name."""


def dress_application(app: QCoreApplication) -> None:
    """Name, organisation, version and icon; errors nobody expected are caught, logged and shown."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    QApplication.setWindowIcon(app_icon())
    install_crash_handler()


def dress_window(window: QMainWindow) -> WindowMemory:
    """The About box on F1 (and at the end of the tool bar), and the window's size, place and splits remembered."""
    about = QAction("About", window)
    about.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    about.setToolTip("About GCP Desk: version, instrument, where data and logs are kept, licences (F1)")
    about.triggered.connect(lambda: show_about(window))
    window.addAction(about)
    toolbar = getattr(window, "navigation", None)
    if toolbar is not None:
        toolbar.addAction(about)
    window.about_action = about  # type: ignore[attr-defined]
    return WindowMemory(window)


def show_about(window: QMainWindow) -> None:
    from .about_dialog import AboutDialog

    backend = getattr(window, "backend", None)
    AboutDialog(backend, window).exec()
