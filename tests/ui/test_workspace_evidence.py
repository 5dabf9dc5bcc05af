"""Evidence notes: written and tagged by keyboard, stored as typed, edited and deleted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gcp_desk.domain.enums import EvidenceSource
from gcp_desk.ui.widgets.autosave_text import SAVED

from workspace_fixtures import *  # noqa: F403


def notes(workspace, item_id="clothing"):
    return workspace.session.services.get(workspace.session.assessment.id).evidence_for(item_id)


def list_texts(panel):
    return [panel.notes.item(i).text() for i in range(panel.notes.count())]


def test_a_note_is_written_tagged_by_keyboard_and_stored_when_focus_leaves(qtbot, ready):
    panel = ready.items.evidence
    press(qtbot, Qt.Key.Key_4)
    assert list_texts(panel) == ["No evidence for this item yet."]
    press(qtbot, Qt.Key.Key_Tab, times=4)  # previous, not assessed, clear, next item
    press(qtbot, Qt.Key.Key_Tab)  # the notes list (edit and delete are off: there is no note yet)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.source
    press(qtbot, Qt.Key.Key_Down, times=2)  # Observed -> Professional judgement -> Parent or carer said
    assert panel.source.currentText() == "Parent or carer said"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.text.editor
    type_text(qtbot, "Mother said his school shoes split last month")
    press(qtbot, Qt.Key.Key_Tab)  # leaving the note stores it at once

    [note] = notes(ready)
    assert note.source is EvidenceSource.CARER_SAID
    assert note.text == "Mother said his school shoes split last month"
    assert panel.text.status_label.text() == SAVED
    assert list_texts(panel) == ["Parent or carer said: Mother said his school shoes split last month "
                                 "(being edited below)"]


def test_typing_more_edits_the_same_note_rather_than_adding_another(qtbot, ready):
    panel = ready.items.evidence
    panel.focus_editor()
    type_text(qtbot, "Coat too small")
    panel.flush()
    type_text(qtbot, " and torn")
    panel.flush()
    assert [n.text for n in notes(ready)] == ["Coat too small and torn"]


def test_a_note_is_stored_within_a_second_of_typing_stopping(qtbot, ready):
    panel = ready.items.evidence
    panel.focus_editor()
    type_text(qtbot, "No coat on a cold day")
    assert notes(ready) == []  # not yet: typing has only just stopped
    qtbot.waitUntil(lambda: [n.text for n in notes(ready)] == ["No coat on a cold day"], timeout=1000)


def test_ctrl_enter_finishes_a_note_and_starts_another(qtbot, ready):
    panel = ready.items.evidence
    panel.focus_editor()
    type_text(qtbot, "Seen in the same clothes on both visits")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.text.text() == "" and focused() is panel.text.editor
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.NoModifier)  # harmless in an empty note
    panel.source.setFocus()
    press(qtbot, Qt.Key.Key_End)  # Other agency
    panel.focus_editor()
    type_text(qtbot, "School: often no PE kit")
    press(qtbot, Qt.Key.Key_Tab)
    stored = notes(ready)
    assert [(n.source, n.text) for n in stored] == [
        (EvidenceSource.OBSERVED, "Seen in the same clothes on both visits"),
        (EvidenceSource.OTHER_AGENCY, "School: often no PE kit"),
    ]


def test_choosing_a_note_from_the_list_edits_it_and_changing_its_source_is_stored(qtbot, ready):
    services, assessment_id = ready.session.services, ready.session.assessment.id
    services.add_evidence(assessment_id, item_id="clothing", source=EvidenceSource.OBSERVED, text="Old note")
    ready.open(services.get(assessment_id), ready.session.record)
    panel = ready.items.evidence
    panel.notes.setFocus()
    panel.notes.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is panel.text.editor and panel.text.text() == "Old note"
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, ", checked again")
    press(qtbot, Qt.Key.Key_Backtab)  # back to the source
    press(qtbot, Qt.Key.Key_Down)
    [note] = notes(ready)
    assert note.text == "Old note, checked again"
    assert note.source is EvidenceSource.PROFESSIONAL_JUDGEMENT


def test_deleting_a_note_asks_first(qtbot, ready):
    services, assessment_id = ready.session.services, ready.session.assessment.id
    services.add_evidence(assessment_id, item_id="clothing", source=EvidenceSource.OBSERVED, text="Keep me")
    ready.open(services.get(assessment_id), ready.session.record)
    panel = ready.items.evidence
    panel.notes.setFocus()
    panel.notes.setCurrentRow(0)
    qtbot.waitUntil(panel.notes.hasFocus)

    press(qtbot, Qt.Key.Key_Delete)
    box = wait_for_dialog(qtbot, QMessageBox)
    assert "Keep me" in box.text()
    press(qtbot, Qt.Key.Key_N)  # No
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert len(notes(ready)) == 1

    panel.window().activateWindow()
    panel.notes.setFocus()
    qtbot.waitUntil(panel.notes.hasFocus)
    press(qtbot, Qt.Key.Key_Delete)
    wait_for_dialog(qtbot, QMessageBox)
    press(qtbot, Qt.Key.Key_Y)  # Yes
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert notes(ready) == []
    assert list_texts(panel) == ["No evidence for this item yet."]


def test_each_item_has_its_own_evidence(qtbot, ready):
    panel = ready.items.evidence
    panel.focus_editor()
    type_text(qtbot, "About clothing")
    ready.move(1)  # moving on stores what was typed
    assert panel.heading.text() == "Evidence for Personal hygiene"
    assert panel.text.text() == ""
    assert [n.text for n in notes(ready)] == ["About clothing"]
    assert notes(ready, "hygiene") == []


def test_a_note_that_could_not_be_stored_is_never_dropped_when_moving_on(qtbot, ready, ws_backend):
    panel = ready.items.evidence
    database = ws_backend.db.path
    away = database.with_suffix(".away")
    database.rename(away)  # the USB stick is pulled out
    try:
        panel.focus_editor()
        type_text(qtbot, "Bruise on left arm, explanation given")
        press(qtbot, Qt.Key.Key_Tab)
        assert panel.text.status_label.text().startswith("Not saved: The GCP Desk database cannot be found")
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)  # refused: the note stays on screen
        assert panel.text.text() == "Bruise on left arm, explanation given"
        assert panel.message.text().startswith("This note could not be stored yet")
        ready.move(1)  # on to the next item, still unplugged
        assert panel.text.text() == ""
    finally:
        away.rename(database)
    ready.move(-1)  # back again: the note is back in the editor and stored now
    assert panel.text.text() == "Bruise on left arm, explanation given"
    assert [n.text for n in notes(ready)] == ["Bruise on left arm, explanation given"]
    assert panel.text.status_label.text() == SAVED
