"""Nothing typed is lost: text is stored a moment after typing stops, when focus leaves, on flush, and retried after a
failure; a lost database is reported in words while the text stays on screen."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gcp_desk.domain.enums import Sex
from gcp_desk.ui.tasks import TaskRunner
from gcp_desk.ui.views.assessment import AssessmentWorkspace
from gcp_desk.ui.views.assessment.navigator import Page
from gcp_desk.ui.views.assessment.written_section import PRE_VERBAL_PROMPT, UNBORN_PROMPT
from gcp_desk.ui.widgets.autosave_text import SAVED, SAVING

from workspace_fixtures import *  # noqa: F403


def stored(workspace):
    return workspace.session.services.get(workspace.session.assessment.id)


def test_text_is_stored_within_a_second_of_typing_stopping(qtbot, ready):
    ready.show_page(Page.CHILD_VOICE)
    page = ready.sections["child_voice"]
    assert focused() is page.text.editor
    type_text(qtbot, "Said he likes his teacher")
    assert page.text.status_label.text() == SAVING
    assert stored(ready).child_voice == ""  # still typing, as far as anyone knows
    qtbot.waitUntil(lambda: stored(ready).child_voice == "Said he likes his teacher", timeout=1000)
    assert page.text.status_label.text() == SAVED


def test_text_is_stored_at_once_when_focus_leaves(qtbot, ready):
    ready.show_page(Page.ANALYSIS)
    type_text(qtbot, "Neglect across three domains")
    press(qtbot, Qt.Key.Key_Tab)
    assert stored(ready).analysis == "Neglect across three domains"


def test_flush_stores_pending_text_immediately(qtbot, ready):
    ready.show_page(Page.STRENGTHS)
    type_text(qtbot, "Grandmother visits daily")
    ready.flush()
    assert stored(ready).strengths == "Grandmother visits daily"


def test_going_back_stores_pending_text(qtbot, ready):
    ready.show_page(Page.CARERS_VIEWS)
    type_text(qtbot, "Mother says the school exaggerates")
    with qtbot.waitSignal(ready.back_requested):
        qtbot.mouseClick(ready.header.back, Qt.MouseButton.LeftButton)
    assert stored(ready).carers_views == "Mother says the school exaggerates"


def test_hiding_the_workspace_stores_pending_text(qtbot, ready):
    ready.show_page(Page.CARERS_VIEWS)
    type_text(qtbot, "Father not spoken to")
    ready.hide()
    assert stored(ready).carers_views == "Father not spoken to"


def test_a_lost_database_keeps_the_text_on_screen_says_why_and_saves_on_the_next_try(qtbot, ready, ws_backend):
    ready.show_page(Page.CHILD_VOICE)
    page = ready.sections["child_voice"]
    database = ws_backend.db.path
    away = database.with_suffix(".away")
    database.rename(away)  # a USB stick pulled out
    type_text(qtbot, "Hungry after school most days")
    press(qtbot, Qt.Key.Key_Tab)
    status = page.text.status_label.text()
    assert status.startswith("Not saved: The GCP Desk database cannot be found")
    assert page.text.text() == "Hungry after school most days"

    away.rename(database)  # plugged back in
    page.text.editor.setFocus()
    press(qtbot, Qt.Key.Key_Tab)  # leaving again retries, with no new typing
    assert stored(ready).child_voice == "Hungry after school most days"
    assert page.text.status_label.text() == SAVED


def test_a_grade_stored_while_typing_does_not_overwrite_the_typing(qtbot, ready):
    ready.show_page(Page.ANALYSIS)
    page = ready.sections["analysis"]
    type_text(qtbot, "Half a sentence")
    # something else is stored meanwhile; the assessment that comes back has no analysis yet
    ready.session.edit(lambda services, aid: services.grade_item(aid, "clothing", 2))
    assert page.text.text() == "Half a sentence"
    ready.flush()
    assert stored(ready).analysis == "Half a sentence"


def test_opening_another_assessment_stores_the_first_and_shows_the_seconds_own_text(
        qtbot, ready, ws_services, ws_children):
    robin = ready.session.assessment.id
    ready.show_page(Page.ANALYSIS)
    type_text(qtbot, "For Robin")
    other_child = ws_children.create_child(given_name="Poppy", family_name="Ashworth", date_of_birth=years_ago(3),
                                           sex=Sex.FEMALE)
    poppy = ws_services.start(other_child.id)
    ready.open(poppy, ws_children.record(other_child.id))
    assert ready.sections["analysis"].text.text() == ""
    assert ws_services.get(robin).analysis == "For Robin"
    assert ws_services.get(poppy.id).analysis == ""
    assert "Poppy Ashworth" in ready.header.child.text()


def test_a_baby_gets_a_prompt_to_record_what_was_observed_of_their_day(qtbot, workspace, ws_services, ws_children):
    baby = ws_children.create_child(given_name="Nia", family_name="Begum", date_of_birth=TODAY - timedelta(days=200))
    assessment = ws_services.start(baby.id)
    assessment = ws_services.add_visit(assessment.id, on=TODAY - timedelta(days=1))
    workspace.open(assessment, ws_children.record(baby.id))
    workspace.show_page(Page.CHILD_VOICE)
    prompt = workspace.sections["child_voice"].prompt
    assert prompt.isVisible() and prompt.text() == PRE_VERBAL_PROMPT


def test_an_unborn_baby_gets_a_prompt_about_the_expectant_parents(qtbot, workspace, ws_services, ws_children):
    unborn = ws_children.create_child(given_name="Baby", family_name="Begum",
                                      expected_date_of_delivery=TODAY + timedelta(days=60))
    assessment = ws_services.start(unborn.id)
    assessment = ws_services.add_visit(assessment.id, on=TODAY - timedelta(days=1))
    workspace.open(assessment, ws_children.record(unborn.id))
    workspace.show_page(Page.CHILD_VOICE)
    assert workspace.sections["child_voice"].prompt.text() == UNBORN_PROMPT


def test_with_a_real_background_runner_quick_grades_and_typing_all_arrive_in_order(
        qtbot, ws_services, ws_children, ws_child):
    runner = TaskRunner()
    workspace = AssessmentWorkspace(ws_services, runner)
    qtbot.addWidget(workspace)
    workspace.resize(1280, 800)
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    assessment = ws_services.start(ws_child.id)
    assessment = ws_services.add_visit(assessment.id, on=TODAY - timedelta(days=1))
    workspace.open(assessment, ws_children.record(ws_child.id))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is workspace.items.item.grades)
    for grade in (1, 2, 3, 4, 5, 4):  # pressed faster than they can be stored
        press(qtbot, getattr(Qt.Key, f"Key_{grade}"))
        press(qtbot, Qt.Key.Key_Return)
    workspace.items.evidence.focus_editor()
    type_text(qtbot, "Typed while grades were being stored")
    workspace.flush()
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=5000)
    final = ws_services.get(assessment.id)
    ids = [place.item.id for place in workspace.session.places[:6]]
    assert [final.item_grades[item_id].grade for item_id in ids] == [1, 2, 3, 4, 5, 4]
    assert [n.text for n in final.evidence] == ["Typed while grades were being stored"]
    # and the screen shows what was stored
    assert "suggests 5 · Needs not met" in workspace.navigator.item(2).text()
