"""Domain grades beside their suggestions, the gaps in words and the way to each, and submitting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource
from gcp_desk.ui.dialogs.password_dialog import PasswordDialog
from gcp_desk.ui.views.assessment.completeness_panel import gap_count_words, warning_count_words
from gcp_desk.ui.views.assessment.grade_area import GradeArea
from gcp_desk.ui.views.assessment.navigator import Page

from accessibility import unnamed_controls
from workspace_fixtures import *  # noqa: F403


def stored(workspace):
    return workspace.session.services.get(workspace.session.assessment.id)


def reopen(workspace):
    workspace.open(stored(workspace), workspace.session.record)


def test_each_domain_shows_its_suggestion_and_explanation_beside_the_chosen_grade(qtbot, ready, ws_services):
    assessment_id = ready.session.assessment.id
    ws_services.grade_item(assessment_id, "clothing", 2)
    ws_services.grade_item(assessment_id, "hygiene", 4)
    reopen(ready)
    ready.show_page(Page.SUMMARY)
    row = ready.summary.row_for("physical")
    assert row.suggested.text() == "4 · Most needs unmet"
    assert row.explanation.text() == "Worst of 2 graded items (of 5): Personal hygiene graded 4"
    assert row.progress.text() == "2 of 5 items graded"
    assert row.choice.currentText() == "Not chosen yet"
    assert ready.summary.row_for("emotional").suggested.text() == "No suggestion"


def test_choosing_the_suggested_grade_by_keyboard_stores_it(qtbot, ready, ws_services):
    ws_services.grade_item(ready.session.assessment.id, "clothing", 3)
    reopen(ready)
    ready.show_page(Page.SUMMARY)
    assert focused() is ready.summary.row_for("physical").choice
    type_text(qtbot, "3")
    chosen = stored(ready).domain_grades["physical"]
    assert (chosen.chosen, chosen.suggested, chosen.override_reason) == (3, 3, "")


def test_a_different_grade_needs_a_reason_and_the_refusal_is_shown_until_it_is_given(qtbot, ready, ws_services):
    ws_services.grade_item(ready.session.assessment.id, "clothing", 4)
    reopen(ready)
    ready.show_page(Page.SUMMARY)
    row = ready.summary.row_for("physical")
    type_text(qtbot, "2")  # better than the suggestion, with no reason yet
    assert "physical" not in stored(ready).domain_grades
    assert row.reason.status_label.text() == (
        "Not saved: the chosen grade 2 differs from the suggested grade 4: give the reason for the override")
    assert row.choice.currentText() == "2 · Needs met"  # the choice stays on screen

    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is row.reason.editor
    type_text(qtbot, "New winter clothes bought since the visit; seen on a later call")
    press(qtbot, Qt.Key.Key_Tab)
    chosen = stored(ready).domain_grades["physical"]
    assert (chosen.chosen, chosen.suggested) == (2, 4)
    assert chosen.override_reason == "New winter clothes bought since the visit; seen on a later call"
    assert row.reason.status_label.text() == "Saved"


def test_every_gap_is_listed_in_words(qtbot, ready):
    ready.show_page(Page.COMPLETENESS)
    page = ready.completeness
    gaps = ready.session.services.gaps(stored(ready))
    warnings = ready.session.services.warnings(stored(ready))
    assert [page.gaps.item(i).text() for i in range(page.gaps.count())] == [gap.message for gap in gaps] + [
        "\u26a0 To weigh: " + warning.message for warning in warnings]
    assert page.summary.text() == gap_count_words(len(gaps)) + warning_count_words(len(warnings))
    assert "The child is not recorded as seen." in [gap.message for gap in gaps]


def test_choosing_a_gap_goes_to_the_place_that_fills_it(qtbot, ready, ws_services):
    assessment_id = ready.session.assessment.id
    ws_services.grade_item(assessment_id, "clothing", 4)  # graded 4, no evidence
    reopen(ready)
    ready.show_page(Page.COMPLETENESS)
    page = ready.completeness

    def choose(message_start: str, by_keyboard: bool) -> None:
        ready.show_page(Page.COMPLETENESS)
        rows = [page.gaps.item(i) for i in range(page.gaps.count())]
        row = next(r for r in rows if r.text().startswith(message_start))
        if by_keyboard:
            page.gaps.setFocus()
            page.gaps.setCurrentItem(row)
            press(qtbot, Qt.Key.Key_Return)
        else:
            rect = page.gaps.visualItemRect(row)
            qtbot.mouseClick(page.gaps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    choose("Physical care › Clothing is graded 4 but has no evidence", by_keyboard=False)
    assert ready.pages.currentWidget() is ready.items and ready.items.item.title.text() == "Clothing"
    assert focused() is ready.items.evidence.text.editor  # straight to where the evidence goes

    choose("Physical care › Personal hygiene has no grade", by_keyboard=True)
    assert ready.items.item.title.text() == "Personal hygiene" and isinstance(focused(), GradeArea)

    choose("Physical care has no domain grade chosen", by_keyboard=True)
    assert ready.pages.currentWidget() is ready.summary
    assert focused() is ready.summary.row_for("physical").choice

    choose("The child is not recorded as seen", by_keyboard=True)
    assert focused() is ready.how_seen.child_seen

    choose("The analysis is not written", by_keyboard=True)
    assert focused() is ready.sections["analysis"].text.editor



def test_submit_is_refused_while_gaps_remain_and_says_why(qtbot, ready, ws_services):
    fill_all_but(ws_services, ready.session.assessment.id, "analysis")
    reopen(ready)
    ready.show_page(Page.COMPLETENESS)
    qtbot.mouseClick(ready.completeness.submit_button, Qt.MouseButton.LeftButton)
    result = ready.completeness.result.text()
    assert result.startswith("Not submitted: 1 thing is missing.")
    assert "The analysis is not written." in result
    assert stored(ready).status is AssessmentStatus.DRAFT


def test_submitting_signs_with_the_password_and_locks_the_assessment(qtbot, ready, ws_services):
    fill_all_but(ws_services, ready.session.assessment.id)
    reopen(ready)
    ready.show_page(Page.COMPLETENESS)
    page = ready.completeness
    assert page.summary.text().startswith(gap_count_words(0))
    assert "points to weigh, which do not stop you submitting" in page.summary.text()
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, PasswordDialog)
    assert dialog.windowTitle() == "Sign as Sam Whitfield"
    assert "fingerprint (SHA-256)" in dialog.meaning.text()
    assert unnamed_controls(dialog) == []

    type_text(qtbot, "not-my-password")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible(), "a wrong password keeps the dialog open"
    assert dialog.problem.text().startswith("That password is not right for Sam Whitfield.")
    assert stored(ready).status is AssessmentStatus.DRAFT

    type_text(qtbot, PASSWORD)  # the wrong one is selected, so typing replaces it
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert stored(ready).status is AssessmentStatus.SUBMITTED
    assert page.result.text().startswith("Submitted for supervisor review on ")
    banner = ready.header.banner
    assert banner.isVisible() and banner.text().startswith("Submitted by Sam Whitfield on ")
    assert "read-only" in banner.text()
    assert ready.header.status.text() == "Status: Awaiting review"
    assert not page.submit_button.isEnabled(), "nothing more to submit"


def test_cancelling_the_password_submits_nothing(qtbot, ready, ws_services):
    fill_all_but(ws_services, ready.session.assessment.id)
    reopen(ready)
    ready.show_page(Page.COMPLETENESS)
    qtbot.mouseClick(ready.completeness.submit_button, Qt.MouseButton.LeftButton)
    dialog = wait_for_dialog(qtbot, PasswordDialog)
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.password is None
    assert stored(ready).status is AssessmentStatus.DRAFT
    assert ready.completeness.submit_button.isEnabled()


def test_a_submitted_assessment_opens_read_only_with_a_clear_banner(qtbot, ready, ws_services):
    assessment_id = ready.session.assessment.id
    fill_all_but(ws_services, assessment_id)
    ws_services.add_evidence(assessment_id, item_id="clothing", source=EvidenceSource.OBSERVED, text="Fine")
    ws_services.submit(assessment_id, PASSWORD)
    reopen(ready)
    assert ready.header.banner.isVisible() and "read-only" in ready.header.banner.text()
    ready.show_item("clothing")
    press(qtbot, Qt.Key.Key_5)
    assert stored(ready).item_grades["clothing"].grade == 2
    assert ready.items.item.message.text().startswith("This assessment is read-only")
    assert ready.items.evidence.text.editor.isReadOnly()
    assert not ready.items.evidence.delete_button.isEnabled()
    ready.show_page(Page.ANALYSIS)
    assert ready.sections["analysis"].text.editor.isReadOnly()
    ready.show_page(Page.SUMMARY)
    assert not ready.summary.row_for("physical").choice.isEnabled()
    ready.show_page(Page.VISITS)
    assert not ready.visits.add_button.isEnabled() and not ready.how_seen.child_seen.isEnabled()


def test_a_plan_gap_chosen_in_completeness_goes_to_the_childs_plan(qtbot, ready, ws_services):
    from gcp_desk.scoring.completeness import GapKind

    assessment_id = ready.session.assessment.id
    for item_id in ("clothing", "hygiene"):
        ws_services.grade_item(assessment_id, item_id, 4)
    ws_services.choose_domain_grade(assessment_id, "physical", 4)
    reopen(ready)
    ready.show_page(Page.COMPLETENESS)
    gaps = ready.completeness.gaps
    row = next(index for index in range(gaps.count())
               if gaps.item(index).data(Qt.ItemDataRole.UserRole).kind is GapKind.CONCERN_WITHOUT_ACTION)
    with qtbot.waitSignal(ready.plan_requested) as asked:
        gaps.setCurrentRow(row)
        gaps.setFocus()
        qtbot.keyClick(gaps, Qt.Key.Key_Return)
    assert asked.args == [ready.session.assessment.child_id]


def test_evidence_balance_warnings_are_listed_to_weigh_and_do_not_stop_submitting(qtbot, ready, ws_services):
    assessment_id = ready.session.assessment.id
    fill_all_but(ws_services, assessment_id)
    ws_services.add_evidence(assessment_id, item_id="clothing", source=EvidenceSource.CARER_SAID,
                             text="Mother says he always has a clean uniform.")
    reopen(ready)
    ready.show_page(Page.COMPLETENESS)
    page = ready.completeness
    texts = [page.gaps.item(i).text() for i in range(page.gaps.count())]
    assert ("\u26a0 To weigh: Physical care › Clothing is graded 2 on what a parent or carer said alone: add what "
            "was seen, or what the child or another agency said.") in texts
    assert "\u26a0 To weigh: Physical care has no observed evidence: nothing in it is recorded as seen." in texts
    assert page.summary.text().startswith("Nothing is missing")
    save_screenshot(ready, "completeness-warnings")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    wait_for_dialog(qtbot, PasswordDialog)  # signing is offered: warnings are weighed, not refused
