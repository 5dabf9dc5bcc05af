"""Start Qt, open the backend, and show the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from ..domain.errors import GcpDeskError

if TYPE_CHECKING:
    from ..app import Backend


def launch(open_backend: Callable[[], Backend]) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("GCP Desk")
    try:
        backend = open_backend()
    except GcpDeskError as error:
        QMessageBox.critical(None, "GCP Desk cannot open its database", str(error))
        return 2
    from .main_window import MainWindow

    window = MainWindow(backend)
    window.show()
    try:
        return app.exec()
    finally:
        backend.close()
