"""The child record's assessments say their state in words through review and amendment, and offer printing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gcp_desk.domain.enums import AssessmentStatus, Role
from gcp_desk.ui.models.assessment_list_model import summarise
from gcp_desk.ui.session import Session
from gcp_desk.ui.views.child_record_view import ChildRecordView

from accessibility import unnamed_controls
from workspace_fixtures import *  # noqa: F403


@pytest.fixture
def record_view(qtbot, ws_backend, ws_user, ws_runner) -> ChildRecordView:
    view = ChildRecordView(ws_runner)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.set_session(Session(ws_backend, ws_user, lambda: TODAY))
    view.show()
    qtbot.waitExposed(view)
    return view


def statuses(view: ChildRecordView) -> list[str]:
    model = view.assessments.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_each_status_has_its_words(ws_services, submitted_assessment):
    instrument_for = ws_services.instrument_for
    words = {status: summarise([submitted_assessment.model_copy(update={"status": status})], instrument_for)[0].status
             for status in AssessmentStatus}
    assert words == {
        AssessmentStatus.DRAFT: "Draft", AssessmentStatus.SUBMITTED: "Awaiting review",
        AssessmentStatus.RETURNED: "Returned", AssessmentStatus.COUNTERSIGNED: "Countersigned",
        AssessmentStatus.AMENDED: "Replaced by amendment",
    }


def test_the_list_follows_an_assessment_through_countersigning_and_amendment(
        qtbot, record_view, ws_child, ws_user, ws_supervisor, ws_services, ws_review, submitted_assessment):
    aid = submitted_assessment.id
    record_view.open_child(ws_child.id)
    assert statuses(record_view) == ["Awaiting review"]

    ws_review(ws_supervisor).countersign(aid, PASSWORD)
    amendment = ws_review(ws_user).amend(aid, "A visit date was wrong")
    record_view.refresh()
    assert statuses(record_view) == ["Draft (amendment)", "Countersigned"]

    ws_services.submit(amendment.id, PASSWORD)
    ws_review(ws_supervisor).countersign(amendment.id, PASSWORD)
    record_view.refresh()
    assert statuses(record_view) == ["Countersigned (amendment)", "Replaced by amendment"]

    # The list still opens what is chosen, and the buttons hand the chosen one over for printing.
    table = record_view.assessments.table
    table.selectRow(1)
    with qtbot.waitSignal(record_view.print_report) as printed:
        qtbot.mouseClick(record_view.assessments.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [aid]
    with qtbot.waitSignal(record_view.print_family_summary) as summary:
        qtbot.mouseClick(record_view.assessments.family_button, Qt.MouseButton.LeftButton)
    assert summary.args == [aid]
    with qtbot.waitSignal(record_view.assessment_opened) as opened:
        qtbot.mouseClick(record_view.assessments.open_button, Qt.MouseButton.LeftButton)
    assert opened.args[0].id == aid and opened.args[0].status is AssessmentStatus.AMENDED
    assert unnamed_controls(record_view) == []


def test_the_print_buttons_wait_for_an_assessment(qtbot, record_view, ws_child):
    record_view.open_child(ws_child.id)
    assert not record_view.assessments.print_button.isEnabled()
    assert not record_view.assessments.family_button.isEnabled()


def test_a_supervisor_hands_a_returned_assessment_to_another_practitioner(
        qtbot, ws_backend, ws_runner, ws_child, ws_user, ws_supervisor, ws_review, password_hash,
        submitted_assessment):
    from gcp_desk.ui.dialogs.hand_over_dialog import HandOverDialog

    ws_review(ws_supervisor).return_for_changes(submitted_assessment.id, "Sam is away: Priya will finish it.")
    colleague = add_account(ws_backend, "Priya Chandran", Role.PRACTITIONER, password_hash)
    add_account(ws_backend, "Alex Morrow", Role.ADMINISTRATOR, password_hash)
    view = ChildRecordView(ws_runner)
    qtbot.addWidget(view)
    view.set_session(Session(ws_backend, ws_supervisor, lambda: TODAY))
    view.show()
    view.open_child(ws_child.id)
    assert view.assessments.hand_over_button.isVisible()

    view.assessments.table.selectRow(0)
    qtbot.mouseClick(view.assessments.hand_over_button, Qt.MouseButton.LeftButton)
    dialog = view.hand_over.dialog
    assert isinstance(dialog, HandOverDialog) and dialog.isVisible()
    offered = [dialog.person.itemText(i) for i in range(dialog.person.count())]
    assert offered == ["Grace Mensah (supervisor)", "Priya Chandran (practitioner)"]  # never the author or admin
    assert unnamed_controls(dialog) == []
    save_screenshot(dialog, "hand-over")
    dialog.person.setCurrentIndex(1)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert ws_review(ws_supervisor).history(submitted_assessment.id).returns  # the rounds stay
    from gcp_desk.services.assessments import AssessmentService
    stored = AssessmentService(ws_backend.context(ws_user)).get(submitted_assessment.id)
    assert stored.created_by == colleague.id


def test_a_practitioner_is_not_offered_hand_over(qtbot, record_view, ws_child, submitted_assessment):
    record_view.open_child(ws_child.id)
    assert not record_view.assessments.hand_over_button.isVisible()
