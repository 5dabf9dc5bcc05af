"""Start Qt, open the backend on the worker while the window is built, and show the window at once.

The order matters for start-up time: the worker starts opening the database (and importing SQLAlchemy, pydantic
and the services) before Qt's widgets are imported, so the window can appear while the caseload is on its way.

``GCP_DESK_REPORT_READY=1`` makes the app print ``gcp-desk ready <unix time>`` and quit as soon as the window is
shown with the caseload filled; ``bench/ui_bench.py`` uses it to time start-up from outside the process.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import pyside_workarounds
from .start_state import StartState
from .tasks import TaskRunner  # imports QtCore, which installs PySide6's import hook

pyside_workarounds.apply()  # before any Qt work and before the worker imports anything

if TYPE_CHECKING:
    from ..app import Backend

READY_VARIABLE = "GCP_DESK_REPORT_READY"


def launch(open_backend: Callable[[], Backend], *, open_demo: Callable[[], Backend] | None = None) -> int:
    runner = TaskRunner()
    window_box: list = []
    # Callbacks are delivered by the event loop, by which time the window exists.
    runner.run(lambda: StartState.open(open_backend),
               lambda state: window_box[0].start_with(state),
               lambda error: window_box[0].start_failed(error))

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("GCP Desk")
    runner.setParent(app)
    from .main_window import MainWindow

    window = MainWindow(runner, open_backend=open_backend, open_demo=open_demo)
    window_box.append(window)
    if os.environ.get(READY_VARIABLE):
        _report_ready_and_quit(window, app)
    window.show()
    return app.exec()


def _report_ready_and_quit(window, app) -> None:
    def ready() -> None:
        if window.isVisible():
            print(f"gcp-desk ready {time.time():.6f}", flush=True)
            window.close()
            app.quit()

    def failed(reason: object) -> None:
        print(f"gcp-desk failed: {reason}", flush=True)
        app.exit(3)

    window.caseload_ready.connect(ready)
    window.start_refused.connect(failed)
    window.sign_in_needed.connect(lambda: failed("no account has used this database yet; choose one first"))
