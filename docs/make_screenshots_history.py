"""Screenshots of the history screens for the README: chronology, compare, charts, family view and the caseload's
"needs attention" list, at 1280x800, in the whole window as a practitioner sees it.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_history.py
Everything shown is invented demo data, on a fixed date so the pictures do not change from run to run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from gcp_desk.app import open_backend  # noqa: E402
from gcp_desk.domain.enums import EventKind  # noqa: E402
from gcp_desk.paths import AppPaths  # noqa: E402
from gcp_desk.demo.caseload import DemoCaseload  # noqa: E402
from gcp_desk.services.history import HistoryService  # noqa: E402
from gcp_desk.ui import pyside_workarounds  # noqa: E402
from gcp_desk.ui.main_window import MainWindow  # noqa: E402
from gcp_desk.ui.models.caseload_model import CaseloadFilter  # noqa: E402
from gcp_desk.ui.start_state import remember_user  # noqa: E402
from gcp_desk.ui.tasks import TaskRunner  # noqa: E402
from make_screenshots_sign_in import sign_in  # noqa: E402  (docs/ is on the path when run as a script)

TODAY = date(2026, 11, 2)
OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)
EVENTS = [
    (date(2025, 2, 14), EventKind.POLICE_CALL_OUT, "Neighbours called the police: the children were alone in the "
                                                  "flat late at night.", "Police"),
    (date(2025, 6, 9), EventKind.SCHOOL_CONCERN, "Arrived hungry three days running; no packed lunch.", "School"),
    (date(2025, 11, 3), EventKind.WAS_NOT_BROUGHT, "Not brought to the dentist, for the second time.",
     "Community dental service"),
    (date(2026, 4, 21), EventKind.HOSPITAL_ATTENDANCE, "Burn to the hand from a kettle; seen at A&E, treated and "
                                                       "discharged.", "Hospital"),
]


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    pyside_workarounds.apply()  # as the app does at start
    runner = TaskRunner(synchronous=True)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "demo"
        backend = open_backend(AppPaths.at(folder))
        demo = DemoCaseload(backend.db, seed=5, today=TODAY)
        demo.write(60)
        user = demo.users[0]
        rows = backend.children(user).caseload()
        # A child with a long history and concerns now, for a chronology and charts worth reading.
        chosen = max(rows, key=lambda r: (r.assessment_count, len(r.concern_domains)))
        history = HistoryService(backend.context(user))
        for on, kind, what, source in EVENTS:
            history.add_event(chosen.child_id, on=on, kind=kind, what_happened=what, source_agency=source)
        remember_user(backend, user)
        backend.close()

        window = MainWindow(runner, open_backend=lambda: open_backend(AppPaths.at(folder)), today=lambda: TODAY)
        window.resize(*SIZE)
        window.show()
        window.start()
        settle(app)
        sign_in(window, user.name)
        settle(app)
        window.caseload.set_filter(CaseloadFilter.NEEDS_ATTENTION)
        window.caseload.table.setFocus()
        settle(app)
        save(window, "needs-attention")

        window.open_child(chosen.child_id)
        tabs = window.child_record.tabs
        for name, page in (("chronology", tabs.chronology), ("compare", tabs.compare), ("charts", tabs.charts),
                           ("family-view", tabs.family)):
            tabs.show_page(page)
            settle(app)
            save(window, name)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
