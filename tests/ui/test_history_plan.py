"""The Plan tab: an assessment's actions added, edited and removed while it can change, and at the next assessment,
the previous plan's actions reviewed (met, partly met, not met) and carried forward or closed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.enums import ActionOutcome, AssessmentStatus
from gcp_desk.ui.theme import grade_background
from gcp_desk.ui.views.child_record_view import ChildRecordView
from gcp_desk.ui.views.history.plan_review_panel import WAITING
from history_support import action, assessment, child, store
from shell_support import type_into, wait_for_focus


@pytest.fixture
def robin(backend):
    robin = child()
    june = assessment(robin.id, date(2026, 6, 16), grade=2, grades={"food-and-meals": 4, "clothing": 3},
                      plan=[action("nutritional", date(2026, 9, 1), target=2, what="Breakfast every school day"),
                            action("physical", date(2026, 12, 1), target=1, what="Clean clothes for school")])
    october = assessment(robin.id, date(2026, 10, 20), grade=2, grades={"food-and-meals": 3, "clothing": 3},
                         status=AssessmentStatus.DRAFT)
    store(backend, robin, june, october)
    return robin


@pytest.fixture
def plan(qtbot, runner, session, robin):
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.open_child(robin.id)
    bar = view.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(view.tabs.indexOf(view.tabs.plan)).center())
    return view.tabs.plan


def cells(table, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_the_open_draft_is_shown_first_with_the_previous_plan_waiting_for_review(plan):
    assert plan.picker.currentText() == "20 Oct 2026 (Draft)"
    assert plan.add_button.isEnabled()
    assert plan.actions.rowCount() == 0 and "No actions in this plan yet" in plan.note.text()
    review = plan.review
    assert review.isVisible() and "16 Jun 2026" in review.title()
    assert "2 of 2 actions still to review" in review.note.text()
    first = cells(review.table, 0)
    assert first[:3] == ["Nutritional care", "Breakfast every school day", "1 Sep 2026"]
    assert first[3] == "Target 2 by 1 September 2026; now 3: not met."
    assert first[4] == WAITING + " (the grades suggest: partly met)"  # 4 then, 3 now: better, not there yet


def test_an_action_is_added_by_keyboard_and_a_past_date_is_refused_in_words(plan, qtbot, session, robin):
    qtbot.mouseClick(plan.add_button, Qt.MouseButton.LeftButton)
    dialog = plan.dialog
    wait_for_focus(qtbot, dialog.domain)
    qtbot.keyClick(dialog.domain, Qt.Key.Key_S)  # Supervision and guidance
    qtbot.keyClick(dialog.domain, Qt.Key.Key_Tab)
    type_into(qtbot, dialog.what_will_change, "Robin is collected from school by an adult every day")
    type_into(qtbot, dialog.who, "Alex Testcase")
    type_into(qtbot, dialog.agency, "Parent")
    type_into(qtbot, dialog.by_when, "1/10/2026")
    qtbot.keyClick(dialog.what_will_change, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "1 October 2026 has already passed" in dialog.form.problem_text("by_when")
    dialog.by_when.setText("15/1/2027")
    qtbot.keyClick(dialog.by_when, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    row = cells(plan.actions, 0)
    assert row[:5] == ["Supervision and guidance", "Robin is collected from school by an adult every day",
                       "Alex Testcase, Parent", "15 Jan 2027", "2 · Needs met"]
    assert plan.actions.item(0, 4).background().color() == grade_background(2)
    stored = session.assessments.history(robin.id)[-1].plan
    assert [(a.domain_id, a.target_grade, a.by_when) for a in stored] == [("supervision", 2, date(2027, 1, 15))]


def test_an_action_is_edited_and_removed(plan, qtbot, session, robin):
    plan.add_action()
    dialog = plan.dialog
    dialog.what_will_change.setText("Bedtime by 8pm on school nights")
    dialog.who.setText("Alex Testcase")
    dialog.by_when.setText("1/2/2027")
    dialog.target.setCurrentIndex(0)  # 1 · Needs fully met
    qtbot.keyClick(dialog.who, Qt.Key.Key_Return)
    plan.actions.setFocus()
    plan.actions.setCurrentCell(0, 0)
    qtbot.keyClick(plan.actions, Qt.Key.Key_Return)
    dialog = plan.dialog
    assert dialog.windowTitle() == "Edit plan action" and dialog.who.text() == "Alex Testcase"
    dialog.progress.setPlainText("Two weeks of 8pm bedtimes, says Alex; school sees Robin less tired.")
    qtbot.keyClick(dialog.who, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert cells(plan.actions, 0)[4] == "1 · Needs fully met"
    assert cells(plan.actions, 0)[5].startswith("Two weeks of 8pm bedtimes")
    plan.actions.setCurrentCell(0, 0)
    qtbot.mouseClick(plan.remove_button, Qt.MouseButton.LeftButton)
    assert plan.actions.rowCount() == 0
    assert session.assessments.history(robin.id)[-1].plan == []


def test_reviewing_carries_one_action_forward_and_closes_another(plan, qtbot, session, robin):
    review = plan.review
    review.table.setFocus()
    review.table.selectRow(0)
    qtbot.keyClick(review.table, Qt.Key.Key_Return)
    dialog = plan.dialog
    assert dialog.outcome.currentText() == "Partly met"  # the suggestion, to be confirmed or changed
    assert not dialog.by_when.isEnabled()
    qtbot.keyClicks(dialog.note, "Breakfast most days; still missed on Mondays.")
    dialog.carry.setChecked(True)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.isVisible()  # 1 September has passed: a new date is needed to carry it on
    assert "has passed: give a new date" in dialog.form.problem_text("by_when")
    dialog.by_when.setText("1/3/2027")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert cells(review.table, 0)[4] == "Partly met, carried forward. Breakfast most days; still missed on Mondays."
    carried = cells(plan.actions, 0)
    assert carried[0] == "Nutritional care (carried forward)" and carried[3] == "1 Mar 2027"
    review.table.selectRow(1)
    qtbot.mouseClick(review.review_button, Qt.MouseButton.LeftButton)
    dialog = plan.dialog
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(ActionOutcome.NOT_MET))
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert cells(review.table, 1)[4] == "Not met, closed."
    assert "Every action of the previous plan has been reviewed" in review.note.text()
    stored = session.assessments.history(robin.id)[-1]
    assert [(r.outcome, r.carried_forward) for r in stored.action_reviews] == [
        (ActionOutcome.PARTLY_MET, True), (ActionOutcome.NOT_MET, False)]
    # Withdrawn, the review and its carried copy go, and the action waits for review again.
    review.table.selectRow(0)
    qtbot.mouseClick(review.withdraw_button, Qt.MouseButton.LeftButton)
    assert cells(review.table, 0)[4].startswith(WAITING)
    assert plan.actions.rowCount() == 0


def test_a_countersigned_plan_is_shown_but_cannot_change(plan, qtbot):
    plan.picker.setFocus()
    qtbot.keyClick(plan.picker, Qt.Key.Key_Down)
    assert plan.picker.currentText() == "16 Jun 2026 (Countersigned)"
    assert "countersigned: its plan can no longer change" in plan.note.text()
    assert not plan.add_button.isEnabled() and not plan.edit_button.isEnabled()
    assert [cells(plan.actions, r)[1] for r in range(2)] == ["Breakfast every school day",
                                                           "Clean clothes for school"]
    assert not plan.review.isVisible()  # the child's first plan: nothing before it to review


def test_the_plan_and_its_dialogs_name_every_control(plan, qtbot, screenshot):
    assert unnamed_controls(plan) == []
    screenshot(plan.window(), "history-plan")
    plan.add_action()
    qtbot.waitExposed(plan.dialog)
    assert unnamed_controls(plan.dialog) == []
    plan.dialog.reject()
    plan.review_action(plan.review.entries[0])
    qtbot.waitExposed(plan.dialog)
    assert unnamed_controls(plan.dialog) == []


def test_the_comparison_says_how_each_target_was_reviewed(plan, qtbot, session, robin):
    from gcp_desk.ui.views.history.history_access import HistoryAccess

    draft = session.assessments.history(robin.id)[-1]
    entry = plan.review.entries[1]  # clean clothes, by 1 December
    HistoryAccess(session).plan().review_action(draft.id, entry.action.id, ActionOutcome.NOT_MET,
                                                "Uniform still unwashed on two visits.", carry_forward=True)
    record = plan.window()  # the record view, holding the tabs
    record.refresh()
    tabs = record.tabs
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(tabs.compare)).center())
    assert tabs.compare.target_sentences()[1] == (
        "Physical care: Clean clothes for school. Target 1 by 1 December 2026; now 3: not met yet. "
        "Reviewed: not met, carried forward. Uniform still unwashed on two visits.")


def test_shared_plan_action_added_once_shows_in_each_siblings_plan(qtbot, runner, session, backend, practitioner,
                                                                    screenshot):
    from dataclasses import replace

    from gcp_desk.services.children import ChildService
    from gcp_desk.services.siblings import SiblingAssessmentService

    context = replace(backend.context(practitioner), today=session.today)
    children = ChildService(context)
    ava = children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2014, 2, 1),
                                new_household=("Quill household", "4 Mill Lane"))
    ben = children.create_child(given_name="Ben", family_name="Quill", date_of_birth=date(2019, 3, 3),
                                household_id=ava.household_id)
    SiblingAssessmentService(context).start_together([ava.id, ben.id], on=session.today() - date.resolution * 3)
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.open_child(ava.id)
    plan = view.tabs.plan
    view.tabs.setCurrentWidget(plan)
    assert plan.family_button.isEnabled()
    qtbot.mouseClick(plan.family_button, Qt.MouseButton.LeftButton)
    dialog = plan.dialog
    assert dialog.windowTitle() == "Action for this child and brothers or sisters"
    wait_for_focus(qtbot, dialog.domain)
    qtbot.keyClick(dialog.domain, Qt.Key.Key_P)  # Physical care
    qtbot.keyClick(dialog.domain, Qt.Key.Key_Tab)
    type_into(qtbot, dialog.what_will_change, "The home has working heating")
    type_into(qtbot, dialog.who, "Dee Quill with the housing officer")
    type_into(qtbot, dialog.agency, "Housing")
    type_into(qtbot, dialog.by_when, "1/2/2027")
    qtbot.keyClick(dialog.by_when, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    row = cells(plan.actions, 0)
    assert row[0] == "Physical care\n(shared with brothers and sisters)"
    assert row[1] == "The home has working heating"
    screenshot(view, "plan-shared-action")
    view.open_child(ben.id)
    view.tabs.setCurrentWidget(plan)
    assert cells(plan.actions, 0)[:2] == ["Physical care\n(shared with brothers and sisters)",
                                          "The home has working heating"]

    # At the next assessments the shared action is reviewed once, from Ava's record, for both children.
    from gcp_desk.ui.views.history.action_review_dialog import ActionReviewDraft

    with backend.db.transaction() as uow:
        for kid in (ava, ben):
            (first,) = uow.assessments.history(kid.id)
            uow.assessments.update_fields(first.id, status=AssessmentStatus.COUNTERSIGNED)
    SiblingAssessmentService(context).start_together([ava.id, ben.id], on=session.today() - date.resolution)
    view.open_child(ava.id)
    view.tabs.setCurrentWidget(plan)
    (entry,) = plan.review.entries
    assert entry.action.family_id is not None
    plan.review_action(entry)
    dialog = plan.dialog
    assert [choice.accessibleName() for _, choice in dialog.child_outcomes] == ["Outcome for Ava", "Outcome for Ben"]
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(ActionOutcome.NOT_MET))  # every child follows
    assert set(dialog.outcomes_by_child().values()) == {ActionOutcome.NOT_MET}
    _ben_id, ben_choice = dialog.child_outcomes[1]
    ben_choice.setCurrentIndex(ben_choice.findData(ActionOutcome.PARTLY_MET))  # Ben's room has a heater now
    ben_choice.activated.emit(ben_choice.currentIndex())
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(ActionOutcome.NOT_MET))
    screenshot(dialog, "plan-shared-action-review-each-child")
    dialog.submitted.emit(ActionReviewDraft(ActionOutcome.NOT_MET, "The boiler is still broken.", False,
                                            None, None))
    for kid, outcome in ((ava, ActionOutcome.NOT_MET), (ben, ActionOutcome.PARTLY_MET)):
        latest = session.assessments.history(kid.id)[-1]
        assert [(r.outcome, r.note) for r in latest.action_reviews] == [
            (outcome, "The boiler is still broken.")], kid.given_name
