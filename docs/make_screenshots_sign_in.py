"""Screenshots of signing in, the idle lock and the accounts screen for the README, at 1280x800.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_sign_in.py
Everything shown is invented demo data, on a fixed date so the pictures do not change from run to run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gcp_desk.app import open_backend, open_demo_backend  # noqa: E402
from gcp_desk.paths import AppPaths  # noqa: E402
from gcp_desk.demo.caseload import DemoCaseload  # noqa: E402
from gcp_desk.demo.accounts import DEMO_ACCOUNTS  # noqa: E402
from gcp_desk.ui import pyside_workarounds  # noqa: E402
from gcp_desk.ui.main_window import MainWindow  # noqa: E402
from gcp_desk.ui.start_state import remember_user  # noqa: E402
from gcp_desk.ui.tasks import TaskRunner  # noqa: E402

TODAY = date(2026, 11, 2)
OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)


class Clock:
    """The idle lock's clock, moved on by hand instead of waiting ten minutes."""

    def __init__(self):
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(picture, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    picture.save(str(path))
    print(f"wrote {path}")


def with_dialog(window, dialog):
    """The window with its dialog drawn centred over it, as the user sees them (offscreen has no compositor)."""
    picture = window.grab()
    painter = QPainter(picture)
    shown = dialog.grab()
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    painter.drawPixmap((picture.width() - shown.width()) // 2, (picture.height() - shown.height()) // 2, shown)
    painter.end()
    return picture


def sign_in(window: MainWindow, name: str) -> None:
    """Choose the demo account and type its password, as a person would."""
    page = window.sign_in_page
    index = next(i for i in range(page.account.count()) if page.account.itemText(i).startswith(name + " ("))
    page.account.setCurrentIndex(index)
    page.account.activated.emit(index)
    QTest.keyClicks(page.password, next(a.password for a in DEMO_ACCOUNTS if a.name == name))
    QTest.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session is not None and window.session.user.name == name


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    pyside_workarounds.apply()  # as the app does at start
    runner = TaskRunner(synchronous=True)
    clock = Clock()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "demo"
        backend = open_backend(AppPaths.at(folder))
        demo = DemoCaseload(backend.db, seed=5, today=TODAY)
        demo.write(60)
        remember_user(backend, next(u for u in backend.users().accounts() if u.name == "Sam Whitfield"))
        backend.close()

        window = MainWindow(runner, open_backend=lambda: open_backend(AppPaths.at(folder)), today=lambda: TODAY,
                            open_demo=open_demo_backend, clock=clock)
        window.resize(*SIZE)
        window.show()
        window.start()
        settle(app)
        save(window.grab(), "sign-in")

        sign_in(window, "Sam Whitfield")
        settle(app)
        window.open_child(window.caseload.proxy.child_id_at(2))
        settle(app)
        clock.now += timedelta(minutes=10)
        window.lock.watch.check()
        settle(app)
        save(window.grab(), "lock")

        window.switch_user()
        settle(app)
        sign_in(window, "Alex Morrow")
        window.account_actions.open_accounts()
        dialog = window.account_actions.dialog
        settle(app)
        dialog.name.setText("Kim Ashby")
        dialog.role.setCurrentIndex(dialog.role.findText("Supervisor"))
        dialog.team.setCurrentIndex(dialog.team.findText("Riverside team"))
        dialog.passwords.password.setText("copper willow lantern")
        dialog.passwords.again.setText("copper willow lanter")
        dialog.add_button.click()  # the two passwords differ: said under the field
        settle(app)
        save(with_dialog(window, dialog), "accounts")
        dialog.reject()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
