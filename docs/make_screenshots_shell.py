"""Screenshots of the shell's screens for the README: caseload, child record and welcome, at 1280x800.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_shell.py
Everything shown is invented demo data, on a fixed date so the pictures do not change from run to run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gcp_desk.app import open_backend, open_demo_backend  # noqa: E402
from gcp_desk.paths import AppPaths  # noqa: E402
from gcp_desk.demo.caseload import DemoCaseload  # noqa: E402
from gcp_desk.ui import pyside_workarounds  # noqa: E402
from gcp_desk.ui.main_window import MainWindow  # noqa: E402
from gcp_desk.ui.start_state import remember_user  # noqa: E402
from gcp_desk.ui.tasks import TaskRunner  # noqa: E402
from make_screenshots_sign_in import sign_in  # noqa: E402  (docs/ is on the path when run as a script)

TODAY = date(2026, 11, 2)
OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def save_with_dialog(window, dialog, name: str) -> None:
    """The window with its dialog drawn centred over it, as the user sees them (offscreen has no compositor)."""
    picture = window.grab()
    painter = QPainter(picture)
    shown = dialog.grab()
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    painter.drawPixmap((picture.width() - shown.width()) // 2, (picture.height() - shown.height()) // 2, shown)
    painter.end()
    OUT.mkdir(parents=True, exist_ok=True)
    picture.save(str(OUT / f"{name}.png"))
    print(f"wrote {OUT / name}.png")


def window_on(folder: Path, runner: TaskRunner) -> MainWindow:
    window = MainWindow(runner, open_backend=lambda: open_backend(AppPaths.at(folder)), today=lambda: TODAY,
                        open_demo=open_demo_backend)
    window.resize(*SIZE)
    window.show()
    window.start()
    if window.pages.currentWidget() is window.sign_in_page:
        sign_in(window, "Sam Whitfield")
    return window


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    pyside_workarounds.apply()  # as the app does at start
    runner = TaskRunner(synchronous=True)
    with tempfile.TemporaryDirectory() as temporary:
        demo_folder = Path(temporary) / "demo"
        backend = open_backend(AppPaths.at(demo_folder))
        demo = DemoCaseload(backend.db, seed=5, today=TODAY)
        demo.write(60)
        remember_user(backend, demo.users[0])
        backend.close()

        window = window_on(demo_folder, runner)
        settle(app)
        window.caseload.table.setFocus()
        save(window, "caseload")

        rows = window.caseload.model.rows()
        chosen = max(rows, key=lambda r: (len(r.concern_domains) > 0, r.assessment_count, r.latest_date or TODAY))
        for row in rows:  # prefer a child with no father recorded, so the prompt shows
            record = window.session.children.record(row.child_id)
            if not record.has_father_or_male_carer and row.assessment_count >= 4 and row.concern_domains:
                chosen = row
                break
        window.open_child(chosen.child_id)
        settle(app)
        save(window, "child-record")
        window.close()

        first_run = Path(temporary) / "first-run"
        window = window_on(first_run, runner)
        settle(app)
        dialog = window.sign_in.dialog
        settle(app)
        save_with_dialog(window, dialog, "welcome")
        dialog.reject()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
