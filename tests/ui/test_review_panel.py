"""A supervisor reviewing in the workspace: comments by domain, returning with reasons, the practitioner seeing them
and resubmitting, and the rounds kept newest first. The practitioner never gets the supervisor's buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.ui.views.assessment.navigator import Page
from gcp_desk.ui.views.review.return_dialog import EMPTY_REASONS, ReturnDialog

from accessibility import unnamed_controls
from workspace_fixtures import *  # noqa: F403


def as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, assessment_id):
    return open_in(make_workspace(ws_supervisor), ws_services, ws_children, assessment_id)


def history_text(workspace) -> str:
    return workspace.review.history.toPlainText()


def test_a_supervisor_sees_the_review_column_with_its_buttons_and_every_control_named(
        qtbot, make_workspace, ws_supervisor, ws_services, ws_children, submitted_assessment):
    workspace = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, submitted_assessment.id)
    panel = workspace.review
    assert panel.isVisible() and panel.actions.isVisible()
    assert panel.title.text() == "Your review"
    assert panel.state.text().startswith("Submitted by Sam Whitfield: 1st look.")
    assert "Round 1 (1st look): waiting for review" in history_text(workspace)
    assert "Submitted by Sam Whitfield (practitioner) on " in history_text(workspace)
    assert workspace.header.banner.text().startswith("Submitted by Sam Whitfield on ")
    for page in (Page.SUMMARY, Page.COMPLETENESS, Page.ANALYSIS):
        workspace.show_page(page)
        assert unnamed_controls(workspace) == [], page
    workspace.show_item("clothing")
    assert unnamed_controls(workspace) == []


def test_a_comment_on_a_domain_appears_in_the_panel(qtbot, make_workspace, ws_supervisor, ws_services, ws_children,
                                                     ws_review, submitted_assessment):
    workspace = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, submitted_assessment.id)
    panel = workspace.review
    workspace.show_item("hygiene")  # reading the physical care items: the comment follows what is on screen
    assert panel.about.currentText() == "Physical care"
    panel.comment.setFocus()
    type_text(qtbot, "What did you see of the bathroom yourself?")
    qtbot.mouseClick(panel.comment_button, Qt.MouseButton.LeftButton)
    assert panel.result.text() == "Comment added on Physical care."
    assert panel.comment.toPlainText() == ""
    assert "Comment on Physical care by Grace Mensah" in history_text(workspace)
    assert "What did you see of the bathroom yourself?" in history_text(workspace)
    stored = ws_review(ws_supervisor).history(submitted_assessment.id).comments
    assert [(c.domain_id, c.text) for c in stored] == [("physical", "What did you see of the bathroom yourself?")]

    panel.about.setCurrentIndex(panel.about.findData(None))
    qtbot.mouseClick(panel.comment_button, Qt.MouseButton.LeftButton)
    assert panel.result.text() == "Write the comment first: nothing was added."
    assert len(ws_review(ws_supervisor).history(submitted_assessment.id).comments) == 1


def test_returning_with_no_reasons_is_refused_in_words(qtbot, make_workspace, ws_supervisor, ws_services,
                                                        ws_children, submitted_assessment):
    workspace = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, submitted_assessment.id)
    qtbot.mouseClick(workspace.review.return_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, ReturnDialog)
    assert unnamed_controls(dialog) == []
    type_text(qtbot, "   ")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and dialog.problem.text() == EMPTY_REASONS
    assert ws_services.get(submitted_assessment.id).status is AssessmentStatus.SUBMITTED
    press(qtbot, Qt.Key.Key_Escape)


def test_return_then_the_practitioner_sees_the_reasons_edits_resubmits_and_round_two_is_shown(
        qtbot, make_workspace, ws_user, ws_supervisor, ws_services, ws_children, ws_review, submitted_assessment):
    aid = submitted_assessment.id
    supervisor_view = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, aid)
    panel = supervisor_view.review
    panel.about.setCurrentIndex(panel.about.findData("supervision"))
    panel.comment.setFocus()
    type_text(qtbot, "Who looks after Robin after school?")
    qtbot.mouseClick(panel.comment_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.return_button, Qt.MouseButton.LeftButton)
    wait_for_dialog(qtbot, ReturnDialog)
    type_text(qtbot, "The analysis does not say what the grades mean for Robin day to day.")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ws_services.get(aid).status is AssessmentStatus.RETURNED
    assert panel.result.text().startswith("Returned to Sam Whitfield with your reasons.")
    assert not panel.actions.isVisible(), "nothing left to review until it comes back"
    assert "Round 1 (1st look): returned for changes" in history_text(supervisor_view)

    # The practitioner opens it: the reasons and the comment, by domain, are at the top.
    practitioner_view = open_in(make_workspace(ws_user), ws_services, ws_children, aid)
    notice = practitioner_view.returned
    assert notice.isVisible()
    words = notice.text.text()
    assert "Returned for changes by Grace Mensah" in words
    assert "The analysis does not say what the grades mean for Robin day to day." in words
    assert "<b>Supervision and guidance</b> (Grace Mensah): Who looks after Robin after school?" in words
    assert unnamed_controls(practitioner_view) == []
    assert not practitioner_view.review.actions.isVisibleTo(practitioner_view)

    # They change the analysis, as a person would, and submit again with their password.
    practitioner_view.show_page(Page.ANALYSIS)
    editor = practitioner_view.sections["analysis"].text.editor
    editor.setFocus()
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, " Day to day, Robin gets himself ready for school.")
    practitioner_view.flush()
    assert ws_services.get(aid).analysis.endswith("Robin gets himself ready for school.")
    practitioner_view.show_page(Page.COMPLETENESS)
    qtbot.mouseClick(practitioner_view.completeness.submit_button, Qt.MouseButton.LeftButton)
    sign_with(qtbot, PASSWORD)
    assert ws_services.get(aid).status is AssessmentStatus.SUBMITTED
    assert not notice.isVisible()

    # Round two, shown first, above the first round with its return.
    supervisor_view = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, aid)
    text = history_text(supervisor_view)
    assert supervisor_view.review.state.text().startswith("Submitted by Sam Whitfield: 2nd look.")
    assert text.index("Round 2 (2nd look): waiting for review") < text.index("Round 1 (1st look): returned")
    assert "Reasons: The analysis does not say what the grades mean for Robin day to day." in text
    assert ws_review(ws_supervisor).history(aid).round == 2


def test_a_practitioner_never_sees_the_review_buttons(qtbot, workspace, ws_services, ws_children, ws_user,
                                                      ws_review, submitted_assessment):
    open_in(workspace, ws_services, ws_children, submitted_assessment.id)
    panel = workspace.review
    assert panel.isVisible(), "the practitioner still sees the rounds"
    assert panel.title.text() == "Supervision"
    for button in (panel.comment_button, panel.return_button, panel.countersign_button):
        assert not button.isVisibleTo(workspace)
    assert not ws_review(ws_user).can_review(submitted_assessment)


def test_a_draft_with_no_review_shows_no_review_column(qtbot, ready):
    assert not ready.review.isVisible()
    assert not ready.returned.isVisible()


def test_the_print_buttons_hand_over_the_assessment_on_screen(qtbot, workspace, ws_services, ws_children,
                                                              submitted_assessment):
    open_in(workspace, ws_services, ws_children, submitted_assessment.id)
    with qtbot.waitSignal(workspace.print_report) as printed:
        qtbot.mouseClick(workspace.header.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [submitted_assessment.id]
    with qtbot.waitSignal(workspace.print_family_summary) as summary:
        qtbot.mouseClick(workspace.header.family_button, Qt.MouseButton.LeftButton)
    assert summary.args == [submitted_assessment.id]


def test_a_supervisor_opening_a_returned_assessment_cannot_write_in_it(
        qtbot, make_workspace, ws_supervisor, ws_services, ws_children, ws_review, submitted_assessment):
    aid = submitted_assessment.id
    ws_review(ws_supervisor).return_for_changes(aid, "Add the school's view.")
    view = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, aid)

    assert view.session.read_only
    assert "only the practitioner who started this assessment can change" in view.header.banner.text()
    view.show_page(Page.ANALYSIS)
    assert view.sections["analysis"].text.editor.isReadOnly()
    assert not view.completeness.submit_button.isEnabled()


def test_a_second_look_shows_what_changed_since_the_return_item_by_item(
        qtbot, make_workspace, ws_supervisor, ws_services, ws_children, ws_review, submitted_assessment):
    from gcp_desk.domain.enums import EvidenceSource

    first = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, submitted_assessment.id)
    assert not first.review.changes.isVisible()  # a first look has nothing to compare with
    ws_review(ws_supervisor).return_for_changes(submitted_assessment.id, "Say what you saw of the bathroom.")
    ws_services.grade_item(submitted_assessment.id, "hygiene", 3)
    ws_services.add_evidence(submitted_assessment.id, item_id="hygiene", source=EvidenceSource.OBSERVED,
                             text="Bath full of clothes; no towel in the house.")
    ws_services.choose_domain_grade(submitted_assessment.id, "physical", 3)
    ws_services.set_text(submitted_assessment.id, "analysis", "Hygiene is the main worry now.")
    ws_services.submit(submitted_assessment.id, PASSWORD)

    workspace = as_supervisor(make_workspace, ws_supervisor, ws_services, ws_children, submitted_assessment.id)
    changes = workspace.review.changes
    qtbot.waitUntil(changes.isVisible, timeout=2000)
    text = changes.toPlainText()
    assert "Physical care › Personal hygiene: grade 2 → grade 3." in text
    assert ("Physical care › Personal hygiene: evidence added (Observed): \u201cBath full of clothes; no towel in "
            "the house.\u201d") in text
    assert "Physical care domain grade: grade 2 → grade 3." in text
    assert "Analysis rewritten: \u201cWritten analysis\u201d → \u201cHygiene is the main worry now.\u201d" in text
    save_screenshot(workspace, "review-changes-since-return")
