"""The child record: details, the adults around the child (and the prompt when no father or male carer is
recorded), the assessments, and starting a new one."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility import unnamed_controls
from gcp_desk.domain.enums import AssessmentStatus, Relationship, Sex
from gcp_desk.domain.errors import NotAllowed
from gcp_desk.ui.views.child_record_view import ChildRecordView
from gcp_desk.ui.widgets.concern_chips import CHIPS_ROLE
from shell_support import TODAY, demo_user, fixed_today, type_into, wait_for_focus


@pytest.fixture
def record_view(qtbot, runner):
    def make(session):
        view = ChildRecordView(runner)
        qtbot.addWidget(view)
        view.resize(1280, 760)
        view.set_session(session)
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


@pytest.fixture
def robin(session):
    """A seven-year-old with only a mother recorded."""
    child = session.children.create_child(given_name="Robin", family_name="Testcase", date_of_birth=date(2019, 5, 3),
                                          sex=Sex.MALE, identifiers=[("LCS", "700222")])
    session.children.add_adult(child.id, given_name="Alex", family_name="Testcase", relationship=Relationship.MOTHER,
                               sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True,
                               relevant_history="Was in care as a teenager.")
    return child


def test_details_adults_and_the_father_prompt_are_shown(record_view, session, robin):
    view = record_view(session)
    view.open_child(robin.id)
    assert view.heading.text() == "Robin Testcase"
    assert view.subheading.text() == "7 years"
    values = {name: label.text() for name, label in view.details.values.items()}
    assert values["Date of birth"] == "3 May 2019"
    assert values["Identifiers"] == "LCS: 700222"
    assert values["Sex"] == "Male"
    assert view.adults.names() == ["Alex Testcase"]
    assert view.adults.table.item(0, 1).text() == "Mother"
    assert view.adults.table.item(0, 4).text() == "Was in care as a teenager."
    assert view.father_prompt.isVisible()
    assert "No birth father is recorded for Robin" in view.father_prompt.text.text()
    assert "missed" in view.father_prompt.text.text()  # it says why it matters
    assert view.assessments.empty.isVisible()


def test_adding_a_father_by_keyboard_makes_the_prompt_go(record_view, session, robin, qtbot):
    view = record_view(session)
    view.open_child(robin.id)
    view.father_prompt.button.setFocus()
    qtbot.keyClick(view.father_prompt.button, Qt.Key.Key_Space)
    dialog = view.dialog
    wait_for_focus(qtbot, dialog.given_name)
    assert dialog.relationship.currentText() == "Father" and dialog.sex.currentText() == "Male"
    type_into(qtbot, dialog.given_name, "Jordan")
    type_into(qtbot, dialog.family_name, "Testcase")
    type_into(qtbot, dialog.relationship, "")
    type_into(qtbot, dialog.sex, "")
    type_into(qtbot, dialog.date_of_birth, "12/8/1990")
    assert QApplication.focusWidget() is dialog.parental_responsibility
    qtbot.keyClick(dialog.parental_responsibility, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.parental_responsibility, Qt.Key.Key_Tab)
    type_into(qtbot, dialog.lives_with_child, "")
    qtbot.keyClicks(dialog.relevant_history, "Works away Monday to Friday.")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert not view.father_prompt.isVisible()
    assert sorted(view.adults.names()) == ["Alex Testcase", "Jordan Testcase"]
    stored = next(a for a in session.children.record(robin.id).adults if a.adult.given_name == "Jordan")
    assert stored.link.relationship is Relationship.FATHER and stored.link.parental_responsibility
    assert not stored.link.lives_with_child
    assert stored.adult.date_of_birth == date(1990, 8, 12)
    assert stored.adult.relevant_history == "Works away Monday to Friday."


def test_a_man_in_the_home_is_recorded_but_the_father_prompt_stays(record_view, session, robin, qtbot):
    session.children.add_adult(robin.id, given_name="Sam", family_name="Lodger", relationship=Relationship.OTHER,
                               sex=Sex.MALE)
    view = record_view(session)
    view.open_child(robin.id)
    assert view.father_prompt.isVisible()
    row = view.adults.names().index("Sam Lodger")
    view.adults.table.selectRow(row)
    view.adults.table.setFocus()
    qtbot.keyClick(view.adults.table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert dialog.given_name.text() == "Sam"
    dialog.lives_with_child.setChecked(True)
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    link = next(a.link for a in session.children.record(robin.id).adults if a.adult.given_name == "Sam")
    assert link.lives_with_child
    # A man living with Robin is recorded, but he is not Robin's father: the record keeps asking about him.
    assert view.father_prompt.isVisible()
    assert "Sam Lodger is recorded, but not as Robin's father" in view.father_prompt.text.text()


def test_an_adult_with_no_name_is_refused_in_words(record_view, session, robin, qtbot):
    view = record_view(session)
    view.open_child(robin.id)
    view.add_adult()
    dialog = view.dialog
    dialog.family_name.setText("Testcase")
    dialog.date_of_birth.setText("30/2/1990")
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "first name" in dialog.form.problem_text("given_name")
    assert "February 1990 has 28 days" in dialog.form.problem_text("date_of_birth")
    assert len(session.children.record(robin.id).adults) == 1


def test_editing_details_refuses_a_date_that_cannot_be_then_saves(record_view, session, robin, qtbot):
    view = record_view(session)
    view.open_child(robin.id)
    qtbot.mouseClick(view.details.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog.given_name.text() == "Robin" and dialog.date_of_birth.text() == "3/5/2019"
    dialog.date_of_birth.setText("29/2/2019")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert dialog.isVisible() and "February 2019 has 28 days" in dialog.form.problem_text("date_of_birth")
    assert session.children.get(robin.id).date_of_birth == date(2019, 5, 3)
    dialog.date_of_birth.setText("28/2/2019")
    dialog.ethnicity.setText("Mixed White and Asian")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert view.details.values["Date of birth"].text() == "28 February 2019"
    assert view.details.values["Ethnicity"].text() == "Mixed White and Asian"


def test_starting_an_assessment_opens_it_and_a_second_start_is_refused_in_words(record_view, session, robin,
                                                                               qtbot):
    view = record_view(session)
    view.open_child(robin.id)
    with qtbot.waitSignal(view.assessment_opened) as opened:
        qtbot.mouseClick(view.assessments.start_button, Qt.MouseButton.LeftButton)
    assessment, record = opened.args
    assert assessment.status is AssessmentStatus.DRAFT and record.child.id == robin.id
    assert view.assessments.model.rowCount() == 1
    assert view.assessments.model.index(0, 0).data() == "No visit yet"
    assert view.assessments.model.index(0, 1).data() == "Draft"
    with qtbot.waitSignal(view.problem) as refused:
        qtbot.mouseClick(view.assessments.start_button, Qt.MouseButton.LeftButton)
    assert isinstance(refused.args[0], NotAllowed)
    assert "already has an assessment in progress" in str(refused.args[0])
    assert view.assessments.start_button.isEnabled()


def test_history_is_listed_newest_first_with_graded_concern_chips(record_view, demo_backend, qtbot, screenshot):
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    rows = session.children.caseload()
    row = max(rows, key=lambda r: (bool(r.concern_domains), r.assessment_count))
    view = record_view(session)
    view.open_child(row.child_id)
    model = view.assessments.model
    assert model.rowCount() == row.assessment_count
    history = session.assessments.history(row.child_id)
    assert model.summary_at(0).assessment.id == history[-1].id  # newest first
    flagged = [r for r in range(model.rowCount()) if model.index(r, 3).data(CHIPS_ROLE)]
    assert flagged, "the demo child has domains graded 4 or 5"
    chip = model.index(flagged[0], 3).data(CHIPS_ROLE)[0]
    assert chip.grade in (4, 5) and chip.label.endswith(str(chip.grade))
    assert f"graded {chip.grade}" in model.index(flagged[0], 3).data(Qt.ItemDataRole.AccessibleTextRole)
    with qtbot.waitSignal(view.assessment_opened) as opened:
        view.assessments.table.setFocus()
        qtbot.keyClick(view.assessments.table, Qt.Key.Key_Return)
    assert opened.args[0].id == history[-1].id
    screenshot(view, "child-record")


def test_the_record_names_every_control_and_tab_follows_the_screen(record_view, session, robin, reading_order):
    view = record_view(session)
    view.open_child(robin.id)
    assert unnamed_controls(view) == []
    order = [view.father_prompt.button, view.father_prompt.unknown_button, view.details.edit_button,
             view.adults.table, view.adults.add_button,
             view.adults.edit_button, view.assessments.start_button]
    assert reading_order(view, order) == []


def test_the_adult_dialog_names_every_control(record_view, session, robin, qtbot, reading_order):
    view = record_view(session)
    view.open_child(robin.id)
    view.add_father()
    dialog = view.dialog
    qtbot.waitExposed(dialog)
    assert unnamed_controls(dialog) == []
    order = [dialog.given_name, dialog.family_name, dialog.relationship, dialog.sex, dialog.date_of_birth,
             dialog.parental_responsibility, dialog.lives_with_child, dialog.relevant_history]
    assert reading_order(dialog, order) == []


def test_escape_asks_to_go_back(record_view, session, robin, qtbot):
    view = record_view(session)
    view.open_child(robin.id)
    view.adults.table.setFocus()
    wait_for_focus(qtbot, view.adults.table)
    with qtbot.waitSignal(view.back_requested):
        qtbot.keyClick(view.adults.table, Qt.Key.Key_Escape)


def test_today_is_the_fixed_test_day():
    assert fixed_today() == TODAY


def test_an_abandoned_draft_is_discarded_with_a_reason(record_view, session, robin, qtbot):
    from PySide6.QtWidgets import QApplication

    from gcp_desk.ui.dialogs.amend_dialog import ReasonDialog

    view = record_view(session)
    view.open_child(robin.id)
    with qtbot.waitSignal(view.assessment_opened):
        qtbot.mouseClick(view.assessments.start_button, Qt.MouseButton.LeftButton)
    view.refresh()
    assert view.assessments.model.rowCount() == 1
    qtbot.mouseClick(view.assessments.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ReasonDialog), timeout=2000)
    dialog = view.discard.dialog
    dialog.field.setFocus()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert "Write why the draft is being discarded" in dialog.problem.text()
    qtbot.keyClicks(dialog.field, "Started on the wrong child.")
    dialog.grab().save("/tmp/i15_discard.png")
    with qtbot.waitSignal(view.discard.discarded):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert view.assessments.model.rowCount() == 0
    assert session.assessments.history(robin.id) == []


def test_implausible_details_are_refused_in_the_dialog_and_nothing_is_saved(record_view, session, robin, qtbot):
    view = record_view(session)
    view.open_child(robin.id)
    qtbot.mouseClick(view.details.edit_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    dialog.given_name.setText("Rob\x07in")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "Problem: Contains an invisible control character (U+0007)" in dialog.form.problem_text("given_name")
    stored = session.children.get(robin.id)
    assert (stored.given_name, stored.date_of_birth) == ("Robin", date(2019, 5, 3))
