"""The self-test's window: the About box drawn offscreen, so that Qt's platform plugin, its styles, fonts, the
SVG icon and the instrument all load in this build."""

from __future__ import annotations

import os
from pathlib import Path


def draw_window_offscreen(target: Path) -> str:
    from PySide6.QtCore import qInstallMessageHandler

    previous = qInstallMessageHandler(lambda *_message: None)  # the offscreen plugin's notes are not our output
    try:
        return _draw(target)
    finally:
        qInstallMessageHandler(previous)


def _draw(target: Path) -> str:
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a self-test needs no screen, and must not pop up a window
        app = QApplication(["gcp-desk", "-platform", "offscreen"])
    else:
        app = QApplication.instance()
    from .about_dialog import AboutDialog
    from .app_icon import app_icon

    dialog = AboutDialog()
    dialog.setWindowIcon(app_icon())
    dialog.show()
    app.processEvents()
    image = dialog.grab().toImage()
    dialog.close()
    if image.isNull() or image.width() < 200 or not image.save(str(target)):
        raise RuntimeError("the window could not be drawn")
    colours = {image.pixel(x, y) for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)}
    if len(colours) < 8:
        raise RuntimeError(f"the window drew blank ({len(colours)} colours): no fonts or styles?")
    if app_icon().isNull():
        raise RuntimeError("the icon could not be read")
    return f"{app.platformName()} window {image.width()}x{image.height()} drawn with {len(colours)} colours"
