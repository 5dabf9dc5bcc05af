"""The main window for a supervisor: the review queue on the tool bar, an assessment opened from it, Back to that
child's record, and a report printed from there through the preview."""

from __future__ import annotations

from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.ui.dialogs.print_preview import PrintPreviewDialog
from shell_support import demo_user, wait_for_focus


def test_a_supervisor_opens_the_queue_reviews_and_goes_back_to_the_childs_record(
        make_window, demo_paths, demo_backend, qtbot, screenshot):
    supervisor = demo_user(demo_backend, "Dee Okafor")
    waiting = demo_backend.review(supervisor).queue()
    assert waiting, "the demo has work waiting for Dee Okafor"
    window = make_window(demo_paths, supervisor)
    action = window.supervision.queue_action
    assert action.isVisible() and action.isEnabled()

    action.trigger()
    queue = window.supervision.queue
    assert window.pages.currentWidget() is queue
    assert window.breadcrumb.text() == "Review queue"
    qtbot.waitUntil(lambda: queue.model.rowCount() == len(waiting))
    assert unnamed_controls(window) == []
    screenshot(window, "main-window-review-queue")
    wait_for_focus(qtbot, queue.table)
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.workspace is not None and window.pages.currentWidget() is window.workspace)
    opened = window.workspace.session.assessment
    assert opened.id == waiting[0].assessment_id and opened.status is AssessmentStatus.SUBMITTED
    assert window.workspace.review.countersign_button.isVisibleTo(window.workspace)
    window.back()
    assert window.pages.currentWidget() is window.child_record
    qtbot.waitUntil(lambda: window.child_record.record is not None
                    and window.child_record.record.child.id == waiting[0].child_id)


def test_a_practitioner_has_no_review_queue(make_window, demo_paths, demo_backend):
    window = make_window(demo_paths, demo_user(demo_backend))
    assert not window.supervision.queue_action.isVisible()
    window.supervision.show_queue()  # even the shortcut leads nowhere: the page is not shown
    assert window.pages.currentWidget() is window.caseload


def test_print_report_from_the_workspace_opens_the_preview_of_the_signed_report(
        make_window, demo_paths, demo_backend, qtbot, tmp_path):
    user = demo_user(demo_backend)
    signed = next(a for row in demo_backend.children(user).caseload()
                  for a in demo_backend.assessments(user).history(row.child_id)
                  if a.status is AssessmentStatus.COUNTERSIGNED)
    window = make_window(demo_paths, user)
    record = demo_backend.children(user).record(signed.child_id)
    window.open_assessment(signed, record)
    qtbot.mouseClick(window.workspace.header.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.supervision.preview.dialog, PrintPreviewDialog), timeout=20_000)
    dialog = window.supervision.preview.dialog
    assert dialog.page_count >= 3
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count}"
    saved = tmp_path / "report.pdf"
    assert dialog.save_to(saved)
    assert demo_backend.reports(user).verify(saved.read_bytes()).ok  # what is saved is the signed report, whole


class InProcessWorker:
    """The report worker's two report calls and its report built ahead, in this process (the tests' runner is
    synchronous, so the window has no worker of its own)."""

    def __init__(self):
        from gcp_desk.reports.worker_process import Ahead

        self.kept = Ahead()
        self.asked_ahead: list = []
        self.given_ahead: list[bool] = []

    def build_ahead(self, data, key, *, reason="", location=""):
        self.asked_ahead.append(data.assessment.id)
        self.kept.build((data, key, reason, location), waiting=lambda: False)

    def assessment_report(self, data, key, *, reason="", location=""):
        from gcp_desk.reports.building import LOCAL

        kept = self.kept.take((data, key, reason, location))
        self.given_ahead.append(kept is not None)
        return kept if kept is not None else LOCAL.assessment_report(data, key, reason=reason, location=location)

    def stop(self) -> None:
        self.kept = type(self.kept)()

    close = stop


def test_the_chosen_assessments_report_is_built_ahead_and_printed_and_audited_only_at_the_click(
        make_window, demo_paths, demo_backend, qtbot, screenshot):
    user = demo_user(demo_backend)
    child_id, signed = next((row.child_id, a) for row in demo_backend.children(user).caseload()
                            for a in demo_backend.assessments(user).history(row.child_id)
                            if a.status is AssessmentStatus.COUNTERSIGNED
                            and len(demo_backend.assessments(user).history(row.child_id)) >= 2)
    window = make_window(demo_paths, user)
    worker = InProcessWorker()
    window.supervision.preview.worker = worker

    def prints() -> int:
        with demo_backend.db.transaction() as uow:
            return len(uow.audit.events_of(("report.print",)))

    before = prints()
    window.open_child(child_id)
    panel = window.child_record.assessments
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 2)
    rows = {panel.model.summary_at(i).assessment.id: i for i in range(panel.model.rowCount())}
    other = next(i for aid, i in rows.items() if aid != signed.id)
    panel.table.selectRow(other)  # moved through quickly: nothing is built for the rows passed over
    panel.table.selectRow(rows[signed.id])
    qtbot.waitUntil(lambda: bool(worker.asked_ahead), timeout=5_000)
    qtbot.wait(400)
    assert worker.asked_ahead == [signed.id] and prints() == before  # built, but nothing has left the database

    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.supervision.preview.dialog, PrintPreviewDialog), timeout=20_000)
    dialog = window.supervision.preview.dialog
    assert worker.given_ahead == [True] and prints() == before + 1
    assert dialog.page_count >= 3
    screenshot(dialog, "print-preview-built-ahead")
