"""Start Qt, read or open the database on the worker while the window is built, and show the window at once.

The order matters for start-up time: the worker starts on the database before Qt's widgets are imported. Given
``first_screen`` (a quick first read: plain sqlite3, ~0.1 s), the window shows the sign-in screen for the last user
from it and opens the backend (SQLAlchemy, pydantic and the services, ~0.4 s) behind it, while the password is
typed; without one, or when it finds anything unusual, the worker opens the backend first. No child's record is
shown before a right password.

``GCP_DESK_REPORT_READY=1`` makes the app print ``gcp-desk ready <unix time>`` and quit as soon as the sign-in
screen is shown and painted; ``bench/ui_bench.py`` uses it to time start-up from outside the process.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import pyside_workarounds
from .start_state import StartState
from .tasks import TaskRunner  # imports QtCore, which installs PySide6's import hook

pyside_workarounds.apply()  # before any Qt work and before the worker imports anything

if TYPE_CHECKING:
    from ..app import Backend
    from ..storage.quick_start import QuickStart

READY_VARIABLE = "GCP_DESK_REPORT_READY"


def launch(open_backend: Callable[[], Backend], *, open_demo: Callable[[], Backend] | None = None,
           first_screen: Callable[[], QuickStart | None] | None = None, folder: Path | None = None) -> int:
    """``first_screen`` runs on the worker alongside Qt's imports, so it must import nothing new itself (the caller
    imports its module first): two threads importing at once can meet a half-imported module."""
    runner = TaskRunner()
    window_box: list = []
    # Callbacks are delivered by the event loop, by which time the window exists.
    if first_screen is not None:
        runner.run(first_screen,
                   lambda quick: _once_exposed(window_box[0], lambda: window_box[0].start_at_once(quick)),
                   lambda _error: window_box[0].start())
    else:
        runner.run(lambda: StartState.open(open_backend),
                   lambda state: window_box[0].start_with(state),
                   lambda error: window_box[0].start_failed(error))

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    from .desktop import dress_application, dress_window

    dress_application(app)
    from .script_fonts import register_script_fonts

    register_script_fonts()
    from .folder_lock import hold_folder  # one app per data folder

    if (held := hold_folder(folder) if folder is not None else None) is None and folder is not None:
        runner.wait(10_000)  # the quick first read already under way; nothing is written
        return 0
    runner.setParent(app)
    from .main_window import MainWindow

    window = MainWindow(runner, open_backend=open_backend, open_demo=open_demo)
    window_box.append(window)
    dress_window(window)
    if held is not None:
        held.bring_forward(window)
    if os.environ.get(READY_VARIABLE):
        _report_ready_and_quit(window, app)
    window.show()
    return app.exec()


def _once_exposed(window, then: Callable[[], None], tries: int = 250) -> None:
    """Run ``then`` once the window system shows ``window`` (or after about a quarter of a second regardless).

    ``start_at_once`` shows the sign-in screen and then sets the worker importing the backend. Were the window not
    yet shown, its first frame would be painted during those imports, and each of the paint's calls into Python
    waits for the worker to hand over the interpreter lock: measured, half a second later.
    """
    from PySide6.QtCore import QTimer

    handle = window.windowHandle()
    if tries > 0 and handle is not None and not handle.isExposed():
        QTimer.singleShot(1, lambda: _once_exposed(window, then, tries - 1))
        return
    then()


def _report_ready_and_quit(window, app) -> None:
    from PySide6.QtCore import QTimer

    def ready() -> None:
        if window.isVisible():
            report_once_drawn()

    def report_once_drawn() -> None:
        """"Shown" means drawn: once the window system shows the window, the sign-in screen is painted, then the
        clock is read."""
        handle = window.windowHandle()
        if handle is not None and not handle.isExposed():
            QTimer.singleShot(1, report_once_drawn)
            return
        window.repaint()
        print(f"gcp-desk ready {time.time():.6f}", flush=True)
        # Closing waits for work already queued (the backend opening behind a quick first read): leave the code
        # that showed the screen to finish queuing it first.
        QTimer.singleShot(0, lambda: (window.close(), app.quit()))

    def failed(reason: object) -> None:
        print(f"gcp-desk failed: {reason}", flush=True)
        app.exit(3)

    window.sign_in_shown.connect(ready)
    window.start_refused.connect(failed)
    window.first_account_needed.connect(lambda: failed("this database has no account yet; create one first"))
