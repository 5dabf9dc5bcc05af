"""Grading items: one keypress stores a grade, the descriptors show the child's age band, the keys move on."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gcp_desk.domain.instrument import GRADES
from gcp_desk.ui.dialogs.not_assessed_dialog import EMPTY_REASON, NotAssessedDialog
from gcp_desk.ui.views.assessment.descriptor_card import CHOSEN_MARK
from gcp_desk.ui.views.assessment.grade_area import GradeArea
from gcp_desk.ui.views.assessment.navigator import Page

from workspace_fixtures import *  # noqa: F403


def stored(workspace):
    return workspace.session.services.get(workspace.session.assessment.id)


def test_the_first_item_shows_all_five_descriptors_for_the_childs_age_band(ready):
    panel = ready.items.item
    instrument = ready.session.instrument
    assert panel.position.text().startswith("Item 1 of 5 in Physical care")
    assert "age 5 to 11" in panel.position.text()
    assert panel.title.text() == "Clothing"
    for card in panel.grades.cards:
        assert card.text.text() == instrument.descriptor("clothing", "5-11", card.grade)
        # colour, number and word together, never colour alone
        assert card.chip.text() == f"{card.grade} · {instrument.scale_label(card.grade)}"
        assert card.chip.styleSheet().startswith("background-color: #")
    assert isinstance(focused(), GradeArea)


def test_pressing_3_stores_the_grade_at_once_and_highlights_that_descriptor(qtbot, ready):
    press(qtbot, Qt.Key.Key_3)
    assert stored(ready).item_grades["clothing"].grade == 3
    chosen = [card for card in ready.items.item.grades.cards if card.chosen]
    assert [card.grade for card in chosen] == [3]
    assert chosen[0].mark.isVisible() and chosen[0].mark.text() == CHOSEN_MARK
    assert "graded 3 · Some needs unmet" in ready.items.item.grades.accessibleName()
    # The navigator follows: progress and the suggestion, in number and words
    physical = ready.navigator.item(2).text()
    assert "1 of 5 graded" in physical and "suggests 3 · Some needs unmet" in physical

    press(qtbot, Qt.Key.Key_1)
    assert stored(ready).item_grades["clothing"].grade == 1
    assert [card.grade for card in ready.items.item.grades.cards if card.chosen] == [1]


def test_clicking_a_descriptor_grades_too(qtbot, ready):
    card = ready.items.item.grades.cards[3]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert stored(ready).item_grades["clothing"].grade == 4
    assert card.chosen


def test_typing_a_digit_in_an_evidence_note_never_grades(qtbot, ready):
    ready.items.evidence.focus_editor()
    type_text(qtbot, "3 visits")
    assert "clothing" not in stored(ready).item_grades


def test_enter_and_arrows_move_through_every_item_across_domains(qtbot, ready):
    places = ready.session.places
    assert len(places) == len(ready.session.instrument.applicable_item_ids("5-11"))
    press(qtbot, Qt.Key.Key_Return, times=4)
    assert ready.items.item.title.text() == places[4].item.title
    press(qtbot, Qt.Key.Key_Down)
    assert ready.items.item.position.text().startswith("Item 1 of 3 in Nutritional care")
    assert ready.navigator.currentItem().text().startswith("Nutritional care")
    press(qtbot, Qt.Key.Key_Up)
    assert ready.items.item.position.text().startswith("Item 5 of 5 in Physical care")
    press(qtbot, Qt.Key.Key_Left)
    assert ready.items.item.position.text().startswith("Item 4 of 5")


def test_moving_past_the_last_item_opens_the_domain_grades(qtbot, ready):
    ready.show_place(ready.session.places[-1])
    press(qtbot, Qt.Key.Key_Return)
    assert ready.pages.currentWidget() is ready.summary


def test_n_asks_for_a_reason_refuses_an_empty_one_and_stores_a_given_one(qtbot, ready):
    press(qtbot, Qt.Key.Key_N)
    dialog = wait_for_dialog(qtbot, NotAssessedDialog)
    press(qtbot, Qt.Key.Key_Return)  # no reason yet
    assert dialog.isVisible()
    assert dialog.problem.text() == EMPTY_REASON and dialog.problem.isVisible()
    assert "clothing" not in stored(ready).item_grades

    type_text(qtbot, "Child was at school on every visit")
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    item = stored(ready).item_grades["clothing"]
    assert item.grade is None and item.not_assessed_reason == "Child was at school on every visit"
    banner = ready.items.item.not_assessed
    assert banner.isVisible() and "Child was at school on every visit" in banner.text()
    assert not any(card.chosen for card in ready.items.item.grades.cards)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), GradeArea))
    assert "1 not assessed" in ready.navigator.item(2).text()


def test_cancelling_not_assessed_changes_nothing(qtbot, ready):
    press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_N)
    wait_for_dialog(qtbot, NotAssessedDialog)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert stored(ready).item_grades["clothing"].grade == 2


def test_delete_clears_a_grade(qtbot, ready):
    press(qtbot, Qt.Key.Key_5)
    press(qtbot, Qt.Key.Key_Delete)
    assert "clothing" not in stored(ready).item_grades
    assert not any(card.chosen for card in ready.items.item.grades.cards)


def test_before_any_visit_the_items_page_says_why_there_is_nothing_to_grade(qtbot, fresh):
    workspace, _ = fresh
    assert workspace.pages.currentWidget() is workspace._page_widgets[Page.VISITS]
    workspace.navigator.setCurrentRow(2)  # Physical care
    assert workspace.pages.currentWidget() is workspace.items
    labels = workspace.items.currentWidget().findChildren(type(workspace.header.details))
    assert "No visit is recorded yet" in labels[0].text()
    qtbot.mouseClick(workspace.items.to_visits, Qt.MouseButton.LeftButton)
    assert workspace.pages.currentWidget() is workspace._page_widgets[Page.VISITS]


def test_a_grade_that_cannot_be_stored_says_so_and_is_not_shown_as_chosen(qtbot, ready, ws_backend):
    database = ws_backend.db.path
    database.rename(database.with_suffix(".away"))
    try:
        press(qtbot, Qt.Key.Key_4)
        message = ready.items.item.message
        assert message.isVisible()
        assert message.text().startswith("Not saved: The GCP Desk database cannot be found")
        assert not any(card.chosen for card in ready.items.item.grades.cards)
    finally:
        database.with_suffix(".away").rename(database)
    press(qtbot, Qt.Key.Key_4)
    assert stored(ready).item_grades["clothing"].grade == 4
    assert not ready.items.item.message.isVisible()


def test_every_grade_on_screen_is_a_number_and_words_never_colour_alone(qtbot, ready):
    press(qtbot, Qt.Key.Key_5)
    instrument = ready.session.instrument
    words = {f"{grade} · {instrument.scale_label(grade)}" for grade in GRADES}
    assert any(w in ready.navigator.item(2).text() for w in words)
    for card in ready.items.item.grades.cards:
        assert card.chip.text() in words


def test_each_keypress_stores_its_grade_and_shows_it_chosen(qtbot, ready):
    """Twenty grades in a row, each stored and shown before the next key (the time it takes is in bench/ui_bench)."""
    for index in range(20):
        grade = index % 5 + 1
        press(qtbot, getattr(Qt.Key, f"Key_{grade}"))
        assert [card.chosen for card in ready.items.item.grades.cards] == [g == grade for g in GRADES]
        assert stored(ready).item_grades["clothing"].grade == grade


def test_the_main_window_hears_of_every_stored_change(qtbot, ready):
    with qtbot.waitSignal(ready.assessment_changed) as heard:
        press(qtbot, Qt.Key.Key_3)
    assert heard.args[0].item_grades["clothing"].grade == 3
    assert heard.args[0] == stored(ready)


def test_an_assessment_graded_with_an_instrument_that_is_not_installed_opens_with_a_message(qtbot, ready):
    unknown = ready.session.assessment.model_copy(update={"instrument_hash": "0" * 64})
    ready.open(unknown, ready.session.record)
    banner = ready.header.banner
    assert banner.isVisible() and banner.text().startswith("This assessment cannot be opened.")
    assert "is not installed" in banner.text()
    assert not ready.navigator.isEnabled()


def test_an_unborn_childs_empty_domain_says_nothing_applies_not_add_a_visit(qtbot, workspace, ws_services,
                                                                           ws_children):
    from datetime import timedelta

    from gcp_desk.domain.enums import Sex
    from gcp_desk.ui.views.assessment.navigator import domain_entry

    baby = ws_children.create_child(given_name="Wren", family_name="Ashworth", sex=Sex.NOT_KNOWN,
                                    expected_date_of_delivery=TODAY + timedelta(days=60))
    assessment = ws_services.start(baby.id)
    ws_services.add_visit(assessment.id, on=TODAY - timedelta(days=1))
    open_in(workspace, ws_services, ws_children, assessment.id)
    navigator = workspace.navigator
    row = next(navigator.item(i) for i in range(navigator.count())
               if navigator.item(i).data(Qt.ItemDataRole.UserRole) == domain_entry("educational"))
    assert row.text().endswith("nothing to grade at this age")
    navigator.setCurrentItem(row)
    assert "No item of Educational care and stimulation applies at this age" in workspace.items.message.text()
    assert not workspace.items.to_visits.isVisible()
