"""Visits, how the child and home were seen, significant adults and context, as a practitioner records them."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gcp_desk.domain.assessment import ContextEntry
from gcp_desk.domain.enums import ContextFactor, Involvement, Relationship, Sex
from gcp_desk.ui.views.assessment.adults_panel import CARRIED_OVER, CONFIRMED, NO_FATHER
from gcp_desk.ui.views.assessment.grade_area import GradeArea
from gcp_desk.ui.views.assessment.navigator import Page

from workspace_fixtures import *  # noqa: F403


def write_date(value):
    return f"{value.day}/{value.month}/{value.year}"


def stored(workspace):
    return workspace.session.services.get(workspace.session.assessment.id)


def test_a_visit_is_added_by_keyboard_and_sets_the_age_band(qtbot, fresh):
    workspace, _ = fresh
    visits = workspace.visits
    assert focused() is visits.date
    on = TODAY - timedelta(days=2)
    type_text(qtbot, write_date(on))
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # unannounced
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Sam Whitfield (social worker), Dee Okafor (health visitor)")
    press(qtbot, Qt.Key.Key_Return)

    [visit] = stored(workspace).visits
    assert visit.date == on and not visit.announced
    assert visit.visitors == ["Sam Whitfield (social worker)", "Dee Okafor (health visitor)"]
    assert stored(workspace).age_band == "5-11"
    assert "unannounced" in visits.visits.item(0).text()
    assert "age band 5 to 11" in workspace.header.details.text()
    assert visits.visitors.text() == ""  # the form is ready for the next visit
    # the domains now show their items
    assert "0 of 5 graded" in workspace.navigator.item(2).text()


def test_a_visit_in_the_future_is_refused_with_the_reason_beside_the_date(qtbot, fresh):
    workspace, _ = fresh
    type_text(qtbot, write_date(TODAY + timedelta(days=5)))
    press(qtbot, Qt.Key.Key_Return)
    assert stored(workspace).visits == []
    problem = workspace.visits.date_problem
    assert problem.isVisible() and "is in the future" in problem.text()
    assert problem.text().startswith("Not saved:")
    assert focused() is workspace.visits.date


def test_a_visit_before_the_child_was_born_is_refused_in_words(qtbot, fresh):
    workspace, _ = fresh
    type_text(qtbot, write_date(years_ago(9)))
    press(qtbot, Qt.Key.Key_Return)
    assert stored(workspace).visits == []
    assert "is after the visit" in workspace.visits.date_problem.text()


def test_a_date_that_cannot_be_is_refused_before_anything_is_stored(qtbot, fresh):
    workspace, _ = fresh
    type_text(qtbot, "31/2/2026")
    press(qtbot, Qt.Key.Key_Return)
    assert stored(workspace).visits == []
    assert workspace.visits.date_problem.text() == (
        "Not saved: February 2026 has 28 days, so '31/2/2026' is not a date.")


def test_an_empty_date_is_refused_in_words(qtbot, fresh):
    workspace, _ = fresh
    press(qtbot, Qt.Key.Key_Delete)
    press(qtbot, Qt.Key.Key_Return)
    assert stored(workspace).visits == []
    assert workspace.visits.date_problem.text() == "Not saved: Enter the date of the visit, for example 3/2/2026."


def test_a_visit_can_be_corrected_and_removed(qtbot, ready):
    visits = ready.visits
    ready.show_page(Page.VISITS)
    visits.visits.setFocus()
    visits.visits.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Return)  # edit it
    assert visits.add_button.text() == "Save visit" and focused() is visits.date
    press(qtbot, Qt.Key.Key_Tab, times=2)
    press(qtbot, Qt.Key.Key_End)
    type_text(qtbot, ", Jo Macintyre")
    press(qtbot, Qt.Key.Key_Return)
    assert stored(ready).visits[0].visitors == ["Sam Whitfield", "Jo Macintyre"]

    visits.visits.setFocus()
    visits.visits.setCurrentRow(0)
    qtbot.mouseClick(visits.remove_button, Qt.MouseButton.LeftButton)
    wait_for_dialog(qtbot, QMessageBox)
    press(qtbot, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert stored(ready).visits == [] and stored(ready).age_band is None


def test_how_the_child_was_seen_is_stored_as_ticked_and_typed(qtbot, ready):
    ready.show_page(Page.VISITS)
    seen = ready.how_seen
    seen.seen_alone.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # seen alone, so seen
    assert seen.child_seen.isChecked()
    assert stored(ready).how_seen.child_seen and stored(ready).how_seen.child_seen_alone
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # kitchen
    press(qtbot, Qt.Key.Key_Tab, times=2)
    press(qtbot, Qt.Key.Key_Space)  # child's bedroom
    seen.present.setFocus()
    type_text(qtbot, "Alex Ashworth (mother), baby sister")
    press(qtbot, Qt.Key.Key_Tab)
    how_seen = stored(ready).how_seen
    assert how_seen.rooms_seen == ["Kitchen", "Child's bedroom"]
    assert how_seen.present == ["Alex Ashworth (mother)", "baby sister"]
    assert seen.status.text() == "Saved"


def test_a_first_assessment_carries_nothing_over_so_asks_for_no_confirmation(qtbot, ready):
    ready.show_page(Page.PEOPLE)
    adults = ready.adults
    assert adults.father_prompt.isVisible() and adults.father_prompt.text() == NO_FATHER
    [row] = adults._rows
    assert row.state.text() == CONFIRMED and not row.confirm.isVisible()
    assert focused() is row.involvement
    press(qtbot, Qt.Key.Key_Up)  # Not contacted -> Invited, did not take part
    [adult] = stored(ready).adults
    assert adult.involvement is Involvement.INVITED_DID_NOT_TAKE_PART and adult.confirmed


def test_adults_carried_over_from_the_last_assessment_are_marked_until_confirmed(
        qtbot, workspace, ws_backend, ws_services, ws_children, ws_child):
    from gcp_desk.scoring.flags import concern_domains

    from history_support import INSTRUMENT, assessment as stored_assessment

    earlier = stored_assessment(ws_child.id, TODAY - timedelta(weeks=20))
    with ws_backend.db.transaction() as uow:
        uow.assessments.add(earlier, concern_domains=concern_domains(INSTRUMENT, earlier))
    current = ws_services.start(ws_child.id)
    ws_services.add_visit(current.id, on=TODAY - timedelta(days=2))
    open_in(workspace, ws_services, ws_children, current.id)
    workspace.show_page(Page.PEOPLE)
    [row] = workspace.adults._rows
    assert row.state.text() == CARRIED_OVER and row.confirm.isVisible()
    press(qtbot, Qt.Key.Key_Up)
    [adult] = stored(workspace).adults
    assert adult.confirmed and not row.confirm.isVisible()


def test_an_adult_added_to_the_record_later_can_be_brought_in(qtbot, ready, ws_children):
    child_id = ready.session.assessment.child_id
    ws_children.add_adult(child_id, given_name="Jordan", family_name="Ashworth", relationship=Relationship.FATHER,
                          sex=Sex.MALE, parental_responsibility=True)
    ready.show_page(Page.PEOPLE)
    qtbot.mouseClick(ready.adults.bring_in, Qt.MouseButton.LeftButton)
    assert [a.name for a in stored(ready).adults] == ["Alex Ashworth", "Jordan Ashworth"]
    assert [row.state.text() for row in ready.adults._rows] == [CONFIRMED, CARRIED_OVER]
    # the new row sits in the tab order where it sits on screen
    first, second = ready.adults._rows
    qtbot.waitUntil(lambda: first.involvement.isVisible() and second.involvement.isVisible())
    first.involvement.setFocus()
    reached = [focused()]
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Tab)
        reached.append(focused())
    assert reached == [first.involvement, second.involvement, second.confirm, ready.adults.bring_in,
                       ready.context.rows[0].present]


def test_context_is_ticked_described_and_carried_over_entries_confirmed(qtbot, ready, ws_services):
    assessment_id = ready.session.assessment.id
    ws_services.set_context(assessment_id, [ContextEntry(factor=ContextFactor.DOMESTIC_ABUSE, note="2024 incident",
                                                         confirmed=False)])
    ready.open(ws_services.get(assessment_id), ready.session.record)
    ready.show_page(Page.PEOPLE)
    domestic, substance = ready.context.rows[0], ready.context.rows[1]
    assert domestic.present.isChecked() and domestic.state.text() == CARRIED_OVER
    assert domestic.note.text() == "2024 incident"
    qtbot.mouseClick(domestic.confirm, Qt.MouseButton.LeftButton)
    assert stored(ready).context[0].confirmed and not domestic.confirm.isVisible()

    substance.present.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is substance.note.editor
    type_text(qtbot, "Father drinks heavily at weekends, per school")
    press(qtbot, Qt.Key.Key_Tab)
    entries = {e.factor: e for e in stored(ready).context}
    assert entries[ContextFactor.PARENTAL_SUBSTANCE_MISUSE].note == "Father drinks heavily at weekends, per school"
    assert entries[ContextFactor.DOMESTIC_ABUSE].note == "2024 incident"


def test_the_navigator_and_enter_lead_from_a_part_into_its_page(qtbot, ready):
    ready.navigator.setFocus()
    ready.navigator.setCurrentRow(1)
    press(qtbot, Qt.Key.Key_Down)  # Physical care
    assert ready.pages.currentWidget() is ready.items
    press(qtbot, Qt.Key.Key_Return)
    assert isinstance(focused(), GradeArea)
    press(qtbot, Qt.Key.Key_F6)
    assert focused() is ready.navigator


def test_visit_date_a_back_dated_visit_is_stored_and_shows_when_it_was_entered(qtbot, fresh):
    workspace, _ = fresh
    on = TODAY - timedelta(weeks=3)
    type_text(qtbot, write_date(on))
    press(qtbot, Qt.Key.Key_Return)
    [visit] = stored(workspace).visits
    assert (visit.date, visit.recorded_on) == (on, TODAY)
    assert "entered" in workspace.visits.visits.item(0).text()
