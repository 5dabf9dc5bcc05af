"""Screenshots of supervision for the README: the review queue, the review column, a returned assessment as its
practitioner sees it, and a countersigned one.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_review.py [OUT_DIR]

Everything shown is invented: the demo caseload, written to a throw-away database, shown in the real views at
1280 x 800.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

DOCS_SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)
DEMO_SEED = 11
DEMO_CHILDREN = 60
"""Enough children for a queue with several assessments waiting, some of them a second look."""
SUPERVISOR = "Dee Okafor"
NAMES = ("review-queue.png", "review-panel.png", "returned.png", "countersigned.png")


def capture(out_dir: Path) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gcp_desk.app import open_backend
    from gcp_desk.domain.enums import AssessmentStatus
    from gcp_desk.paths import AppPaths
    from gcp_desk.demo.caseload import DemoCaseload
    from gcp_desk.ui import pyside_workarounds
    from gcp_desk.ui.session import Session
    from gcp_desk.ui.tasks import TaskRunner
    from gcp_desk.ui.views.assessment import AssessmentWorkspace
    from gcp_desk.ui.views.assessment.navigator import Page
    from gcp_desk.ui.views.review.queue_view import ReviewQueueView

    pyside_workarounds.apply()  # as the app does at start
    app = QApplication.instance() or QApplication(sys.argv)
    runner = TaskRunner(synchronous=True)
    today = date.today()

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(100, loop.quit)
        loop.exec()

    def workspace_for(backend, user) -> AssessmentWorkspace:
        session = Session(backend, user, lambda: today)
        workspace = AssessmentWorkspace(session.assessments, runner, review=session.review, user=user)
        workspace.resize(*SIZE)
        workspace.show()
        return workspace

    def open_in(workspace, backend, assessment) -> None:
        author = next(user for user in backend.users().accounts() if user.id == assessment.created_by)
        workspace.open(assessment, backend.children(author).record(assessment.child_id))

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gcp-desk-shots-") as folder:
        backend = open_backend(AppPaths.at(folder))
        try:
            DemoCaseload(backend.db, seed=DEMO_SEED, today=today).write(DEMO_CHILDREN)
            users = {user.id: user for user in backend.users().accounts()}
            supervisor = next(user for user in users.values() if user.name == SUPERVISOR)
            shots = []

            queue = ReviewQueueView(runner)
            queue.set_session(Session(backend, supervisor, lambda: today))
            queue.resize(*SIZE)
            queue.show()
            queue.reload()
            settle()
            shots.append(_save(queue, out_dir / NAMES[0]))
            first = queue.model.rows()[0]
            queue.close()

            reviewing = workspace_for(backend, supervisor)
            open_in(reviewing, backend, backend.assessments(supervisor).get(first.assessment_id))
            reviewing.show_page(Page.SUMMARY)
            reviewing.review.about.setCurrentIndex(reviewing.review.about.findData("supervision"))
            reviewing.review.comment.setPlainText("Who looks after the children between school and 6 pm?")
            settle()
            shots.append(_save(reviewing, out_dir / NAMES[1]))
            reviewing.close()

            everyone = _every_assessment(backend, supervisor)
            returned = next(a for a in everyone if a.status is AssessmentStatus.RETURNED)
            author = users[returned.created_by]
            practitioner = workspace_for(backend, author)
            open_in(practitioner, backend, returned)
            practitioner.show_page(Page.ANALYSIS)
            settle()
            shots.append(_save(practitioner, out_dir / NAMES[2]))
            practitioner.close()

            signed = next(a for a in everyone if a.status is AssessmentStatus.COUNTERSIGNED and a.amends_id is None)
            author = users[signed.created_by]
            reading = workspace_for(backend, author)
            open_in(reading, backend, signed)
            reading.show_item(reading.session.places[0].item.id)
            settle()
            shots.append(_save(reading, out_dir / NAMES[3]))
            reading.close()
            return shots
        finally:
            backend.close()
            del app


def _every_assessment(backend, user):
    """Every child's assessments, oldest first within each child."""
    services = backend.assessments(user)
    children = backend.children(user)
    return [assessment for row in children.caseload() for assessment in services.history(row.child_id)]


def _save(widget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS_SCREENSHOTS
    for written in capture(target):
        print(written)
