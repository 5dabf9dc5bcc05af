"""The demo caseload made in the app shows how far it has got, from the worker thread to a dialog on screen."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QMainWindow

from gcp_desk.app import open_demo_backend
from gcp_desk.ui.demo_progress import DemoProgress


def test_demo_made_on_a_worker_shows_its_progress_then_closes(qtbot, screenshot):
    window = QMainWindow()
    window.resize(600, 400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    progress = DemoProgress()
    progress.dialog_values = []
    progress.advanced.connect(lambda done, total: progress.dialog_values.append(
        (done, total, progress.dialog.isVisible() if progress.dialog else None)))
    made = []
    worker = threading.Thread(target=lambda: made.append(open_demo_backend(12, progress=progress.report)))
    worker.start()
    seen = []

    def shown_midway() -> bool:
        dialog = progress.dialog
        if dialog is not None and 0 < dialog.value() < 12:
            dialog.setMinimumDuration(0)
            dialog.show()
            seen.append(dialog.labelText())
            if len(seen) == 1:
                screenshot(dialog, "demo-progress")
            return True
        return not worker.is_alive()

    qtbot.waitUntil(shown_midway, timeout=60_000)
    worker.join(60)
    qtbot.waitUntil(lambda: bool(progress.dialog_values) and progress.dialog_values[-1][0] == 12)
    QApplication.processEvents()
    try:
        steps = [done for done, _total, _visible in progress.dialog_values]
        assert steps == sorted(steps) and steps[-1] == 12 and len(steps) >= 3
        assert progress.dialog is None  # closed when all were made
        assert not seen or "of 12 children" in seen[0]
    finally:
        made[0].close()
