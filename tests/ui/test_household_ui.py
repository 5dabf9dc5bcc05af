"""Households on screen: New child finds the household already recorded (by name or address) and puts the sibling
into it; a child's details move them to another household with the date; Add adult offers the adults the family
already has, and choosing one links the same person to this child with this child's relationship."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from gcp_desk.domain.enums import Relationship, Sex
from gcp_desk.ui.views.caseload_view import CaseloadView
from gcp_desk.ui.views.child_record_view import ChildRecordView
from shell_support import type_into, wait_for_focus


@pytest.fixture
def quill(session):
    """Ava, with her mother and father recorded, in the Quill household."""
    ava = session.children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2015, 2, 1),
                                        sex=Sex.FEMALE, new_household=("Quill household", "4 Mill Lane, Dunmere"))
    session.children.add_adult(ava.id, given_name="Dee", family_name="Quill", relationship=Relationship.MOTHER,
                               sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    session.children.add_adult(ava.id, given_name="Tom", family_name="Reyes", relationship=Relationship.FATHER,
                               sex=Sex.MALE, parental_responsibility=True, lives_with_child=True)
    return ava


@pytest.fixture
def caseload(qtbot, runner, session):
    view = CaseloadView(runner)
    qtbot.addWidget(view)
    view.set_session(session)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.reload()
    return view


@pytest.fixture
def record_view(qtbot, runner, session):
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_new_child_joins_the_household_found_by_address(caseload, qtbot, session, quill, screenshot):
    qtbot.keyClick(caseload.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = caseload.dialog
    wait_for_focus(qtbot, dialog.given_name)
    type_into(qtbot, dialog.given_name, "Mia")
    type_into(qtbot, dialog.family_name, "Quill")
    dialog.date_of_birth.setText("9/6/2021")
    chooser = dialog.household
    chooser.query.setFocus()
    qtbot.keyClicks(chooser.query, "mill")
    qtbot.keyClick(chooser.query, Qt.Key.Key_Return)  # the first match, at once
    assert chooser.options() == ["A new household", "Quill household – 4 Mill Lane, Dunmere"]
    assert chooser.chosen_id() == quill.household_id and not chooser.new_fields.isVisible()
    assert dialog.isVisible()  # Enter in the search chose; it did not save
    screenshot(dialog, "household-chooser")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    mia = next(c for c in session.children.siblings(quill.id))
    assert mia.given_name == "Mia" and mia.household_id == quill.household_id


def test_new_child_makes_a_new_household_named_after_the_family(caseload, qtbot, session):
    caseload.new_child()
    dialog = caseload.dialog
    qtbot.keyClicks(dialog.given_name, "Sol")
    qtbot.keyClicks(dialog.family_name, "Marsh")
    dialog.date_of_birth.setText("1/1/2020")
    assert dialog.household.is_new() and dialog.household.new_name.text() == "Marsh household"
    dialog.household.new_address.setText("1 Reed Walk")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    (row,) = session.children.caseload()
    household = session.children.record(row.child_id).household
    assert (household.name, household.address) == ("Marsh household", "1 Reed Walk")


def test_moving_household_asks_for_the_date_and_records_the_move(record_view, qtbot, session, quill):
    gran = session.children.create_household("Gran's house", "9 Hill Row")
    record_view.open_child(quill.id)
    record_view.edit_details()
    dialog = record_view.dialog
    assert not dialog.moved_on.isVisibleTo(dialog)
    dialog.household.query.setText("Hill Row")
    dialog.household.search_now()
    dialog.household.choose(gran.id)
    assert dialog.moved_on.isVisibleTo(dialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "the day the child moved" in dialog.form.problem_text("moved_on")
    dialog.moved_on.setText("2/11/2026")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert record_view.adults.household.text() == "Household: Gran's house"
    assert [m.moved_on for m in session.households.moves(quill.id)] == [date(2026, 11, 2)]


def test_add_adult_offers_the_familys_adults_first_and_links_the_same_person(record_view, qtbot, session, quill,
                                                                             screenshot):
    mia = session.children.create_child(given_name="Mia", family_name="Quill", date_of_birth=date(2021, 6, 9),
                                        household_id=quill.household_id)
    record_view.open_child(mia.id)
    record_view.adults.add_button.click()
    dialog = record_view.dialog
    assert dialog.known_names() == ["Someone not recorded yet", "Dee Quill (in this household)",
                                    "Tom Reyes (in this household)"]
    wait_for_focus(qtbot, dialog.known)
    qtbot.keyClick(dialog.known, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.known, Qt.Key.Key_Down)
    assert dialog.given_name.text() == "Tom" and not dialog.given_name.isEnabled()
    dialog.relationship.setCurrentIndex(dialog.relationship.findData(Relationship.STEPFATHER))
    dialog.part_time.setChecked(True)
    screenshot(dialog, "add-adult-known")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert record_view.adults.names() == ["Tom Reyes"]
    assert record_view.adults.table.item(0, 1).text() == "Stepfather"
    assert record_view.adults.table.item(0, 3).text() == "Part of the time"
    with session.backend.db.transaction() as uow:
        assert len(uow.adults.around_households([quill.household_id])) == 2  # the same Tom, not a copy
    # Ava's own link is untouched: Tom is her father.
    assert {a.adult.full_name: a.link.relationship for a in session.children.record(quill.id).adults}[
        "Tom Reyes"] is Relationship.FATHER


def test_a_supervisor_merges_a_duplicate_adult_from_the_record(qtbot, runner, backend, session, quill, screenshot):
    from gcp_desk.domain.enums import Role
    from gcp_desk.ui.session import Session
    from shell_support import fixed_today, make_user

    mia = session.children.create_child(given_name="Mia", family_name="Quill", date_of_birth=date(2021, 6, 9),
                                        household_id=quill.household_id)
    session.children.add_adult(mia.id, given_name="Tom", family_name="Reyes", relationship=Relationship.FATHER,
                               sex=Sex.MALE)  # the copy made before adults could be chosen
    grace = make_user(backend, "Grace Mensah", Role.SUPERVISOR, actor=session.user, team_id=session.user.team_id)
    boss = Session(backend, grace, fixed_today)
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.set_session(boss)
    view.show()
    assert view.adults.merge_button.isVisible()
    view.open_child(quill.id)
    view.adults.table.selectRow(view.adults.names().index("Tom Reyes"))
    view.adults.merge_button.click()
    dialog = view.dialog
    assert dialog.duplicate.count() == 2  # Dee, and the other Tom
    dialog.duplicate.setCurrentIndex(dialog.duplicate.findText("Tom Reyes", Qt.MatchFlag.MatchStartsWith))
    screenshot(dialog, "merge-adults")
    dialog.confirm_button.click()
    assert not dialog.isVisible()
    assert Role.SUPERVISOR in boss.user.roles
    tom = {a.adult.full_name: a.adult.id for a in session.children.record(quill.id).adults}["Tom Reyes"]
    assert {a.adult.full_name: a.adult.id for a in session.children.record(mia.id).adults}["Tom Reyes"] == tom


def test_a_practitioner_is_not_offered_the_merge(record_view, quill):
    record_view.open_child(quill.id)
    assert not record_view.adults.merge_button.isVisible()


def test_father_prompt_stays_for_a_mothers_partner_and_goes_with_a_reason(record_view, qtbot, session, screenshot):
    kid = session.children.create_child(given_name="Kai", family_name="Marsh", date_of_birth=date(2019, 4, 4))
    session.children.add_adult(kid.id, given_name="Rob", family_name="Vance", sex=Sex.MALE,
                               relationship=Relationship.MOTHERS_PARTNER, lives_with_child=True)
    record_view.open_child(kid.id)
    prompt = record_view.father_prompt
    assert prompt.isVisible() and "Rob Vance is recorded, but not as Kai's father" in prompt.text.text()
    screenshot(record_view, "father-prompt-partner")
    prompt.unknown_button.click()
    dialog = record_view.dialog
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "Say why he is not known" in dialog.form.problem_text("reason")
    qtbot.keyClicks(dialog.reason, "Mother says she does not know who he is; asked at each visit.")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible() and not prompt.isVisible()
    assert session.children.get(kid.id).father_unknown_reason.startswith("Mother says")
    assert record_view.details.values["Birth father"].text().startswith("Not known: Mother says")


def test_assess_together_from_the_household_starts_each_child_on_the_same_visit(record_view, qtbot, session, quill,
                                                                                  screenshot):
    for name, born in (("Mia", date(2021, 6, 9)), ("Noa", date(2023, 1, 2))):
        session.children.create_child(given_name=name, family_name="Quill", date_of_birth=born,
                                      household_id=quill.household_id)
    opened = []
    record_view.assessment_opened.connect(lambda assessment, record: opened.append(assessment))
    record_view.open_child(quill.id)
    record_view.tabs.show_page(record_view.tabs.household)
    household = record_view.tabs.household
    assert household.together_button.isEnabled()
    assert [m.child.given_name for m in household.members] == ["Ava", "Mia", "Noa"]
    screenshot(record_view, "household-tab")
    household.together_button.click()
    dialog = record_view.tabs.together_dialog
    assert dialog.chosen() == [m.child.id for m in household.members]
    dialog.on.setText("30/10/2026")
    dialog.unannounced.setChecked(True)
    screenshot(dialog, "assess-together")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    (mine,) = opened
    assert mine.child_id == quill.id and not mine.visits[0].announced
    started = [session.assessments.history(m.child.id)[0] for m in household.members]
    assert len({a.visits[0].id for a in started}) == 1 and len(started) == 3
