"""Countersigning with the password asked again; what a countersigned assessment looks like; amending it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource
from gcp_desk.domain.review import SignatureKind
from gcp_desk.scoring.age import format_date
from gcp_desk.ui.dialogs.amend_dialog import AmendDialog
from gcp_desk.ui.dialogs.password_dialog import PasswordDialog
from gcp_desk.ui.views.assessment.navigator import Page

from accessibility import unnamed_controls
from workspace_fixtures import *  # noqa: F403


def supervisor_view(make_workspace, ws_supervisor, ws_services, ws_children, assessment_id):
    return open_in(make_workspace(ws_supervisor), ws_services, ws_children, assessment_id)


def back_to(qtbot, window) -> None:
    """After a dialog closes the window manager gives the keyboard back to the window; offscreen, we do."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def countersign(qtbot, workspace, password: str) -> PasswordDialog:
    qtbot.mouseClick(workspace.review.countersign_button, Qt.MouseButton.LeftButton)
    return sign_with(qtbot, password)


def test_a_wrong_password_is_said_in_the_dialog_and_changes_nothing(
        qtbot, make_workspace, ws_supervisor, ws_services, ws_children, ws_review, submitted_assessment):
    aid = submitted_assessment.id
    workspace = supervisor_view(make_workspace, ws_supervisor, ws_services, ws_children, aid)
    qtbot.mouseClick(workspace.review.countersign_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, PasswordDialog)
    assert dialog.windowTitle() == "Sign as Grace Mensah"
    assert "read-only for good" in dialog.meaning.text()
    assert dialog.sign_button.text() == "Countersign"
    assert unnamed_controls(dialog) == []

    type_text(qtbot, "grace-guessing-wrong")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problem.text() == ("That password is not right for Grace Mensah. Check Caps Lock and try again. "
                                     "Nothing has been signed.")
    assert ws_services.get(aid).status is AssessmentStatus.SUBMITTED
    assert ws_review(ws_supervisor).history(aid).signature(SignatureKind.COUNTERSIGNED_BY) is None
    assert workspace.review.actions.isVisible(), "still waiting for review"

    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.password is None
    assert ws_services.get(aid).status is AssessmentStatus.SUBMITTED


def test_the_right_password_countersigns_and_the_assessment_becomes_read_only(
        qtbot, make_workspace, ws_supervisor, ws_services, ws_children, ws_review, submitted_assessment):
    aid = submitted_assessment.id
    ws_services_before = ws_services.get(aid)
    workspace = supervisor_view(make_workspace, ws_supervisor, ws_services, ws_children, aid)
    dialog = countersign(qtbot, workspace, PASSWORD)
    assert not dialog.isVisible()
    assert ws_services.get(aid).status is AssessmentStatus.COUNTERSIGNED

    signature = ws_review(ws_supervisor).history(aid).signature(SignatureKind.COUNTERSIGNED_BY)
    assert signature.name == "Grace Mensah"
    banner = workspace.header.banner
    assert banner.isVisible()
    assert banner.text() == (f"Countersigned by Grace Mensah on {format_date(signature.signed_at.astimezone().date())}"
                             ": read-only. To correct it, make an amendment.")
    assert workspace.header.status.text() == "Status: Countersigned"
    assert workspace.review.result.text().startswith("Countersigned.")
    assert not workspace.review.actions.isVisible()
    assert "Round 1 (1st look): countersigned" in workspace.review.history.toPlainText()
    assert "Countersigned by Grace Mensah (supervisor)" in workspace.review.history.toPlainText()

    # Every input is disabled, and a keypress changes nothing.
    back_to(qtbot, workspace)
    workspace.show_item("clothing")
    item = workspace.items.item
    assert not item.not_assessed_button.isEnabled() and not item.clear_button.isEnabled()
    item.focus_grades()
    press(qtbot, Qt.Key.Key_5)
    assert item.message.text().startswith("This assessment is read-only")
    assert workspace.items.evidence.text.editor.isReadOnly()
    workspace.show_page(Page.ANALYSIS)
    assert workspace.sections["analysis"].text.editor.isReadOnly()
    workspace.show_page(Page.SUMMARY)
    assert not workspace.summary.row_for("physical").choice.isEnabled()
    workspace.show_page(Page.VISITS)
    assert not workspace.visits.add_button.isEnabled()
    workspace.show_page(Page.COMPLETENESS)
    assert not workspace.completeness.submit_button.isEnabled()
    after = ws_services.get(aid)
    assert after.item_grades == ws_services_before.item_grades and after.analysis == ws_services_before.analysis
    assert unnamed_controls(workspace) == []


def test_amend_opens_a_new_draft_linked_to_the_countersigned_one(
        qtbot, make_workspace, workspace, ws_supervisor, ws_services, ws_children, ws_review, submitted_assessment):
    aid = submitted_assessment.id
    ws_review(ws_supervisor).countersign(aid, PASSWORD)
    signed_on = ws_review(ws_supervisor).history(aid).signature(SignatureKind.COUNTERSIGNED_BY).signed_at
    open_in(workspace, ws_services, ws_children, aid)  # the practitioner who wrote it
    header = workspace.header
    assert header.amend_button.isVisible()

    qtbot.mouseClick(header.amend_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, AmendDialog)
    assert unnamed_controls(dialog) == []
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.problem.text().startswith("Write the reason for the amendment")
    type_text(qtbot, "The second visit was unannounced, not announced.")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    draft = workspace.session.assessment
    assert draft.id != aid and draft.amends_id == aid and draft.status is AssessmentStatus.DRAFT
    assert ws_services.get(aid).status is AssessmentStatus.COUNTERSIGNED, "the signed one stays as it was"
    assert header.status.text() == "Status: Draft (amendment)"
    assert header.banner.text() == (f"Amendment of the assessment countersigned on "
                                    f"{format_date(signed_on.astimezone().date())}: "
                                    "The second visit was unannounced, not announced.")
    assert not header.amend_button.isVisible()

    # The draft can be changed, through the screen, and the change goes to the draft only.
    back_to(qtbot, workspace)
    workspace.show_item("clothing")
    press(qtbot, Qt.Key.Key_4)
    assert ws_services.get(draft.id).item_grades["clothing"].grade == 4
    assert ws_services.get(aid).item_grades["clothing"].grade == 2
    assert unnamed_controls(workspace) == []


def test_an_amendment_countersigned_replaces_the_one_it_corrects(
        qtbot, make_workspace, workspace, ws_supervisor, ws_services, ws_children, ws_review, submitted_assessment):
    aid = submitted_assessment.id
    supervisor = ws_review(ws_supervisor)
    supervisor.countersign(aid, PASSWORD)
    draft = ws_review(workspace.session.review_state.user).amend(aid, "Evidence source corrected")
    ws_services.add_evidence(draft.id, item_id="clothing", source=EvidenceSource.OBSERVED, text="Seen on visit")
    ws_services.submit(draft.id, PASSWORD)
    supervisor.countersign(draft.id, PASSWORD)

    open_in(workspace, ws_services, ws_children, aid)
    assert workspace.header.status.text() == "Status: Replaced by amendment"
    assert workspace.header.banner.text().startswith("Replaced by an amendment: this is the earlier version, "
                                                     "countersigned by Grace Mensah on ")
    assert not workspace.header.amend_button.isVisible()
