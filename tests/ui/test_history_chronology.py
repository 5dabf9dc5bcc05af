"""The chronology: assessments and significant events together by date, and events added, corrected and removed
through a dialog that explains a bad date in words."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.enums import EventKind
from gcp_desk.ui.views.history.chronology_view import ChronologyView
from gcp_desk.ui.views.history.history_access import HistoryAccess
from history_support import assessment, child, loaded_history, store
from shell_support import type_into, wait_for_focus


@pytest.fixture
def robin(backend, session):
    robin = child()
    store(backend, robin, assessment(robin.id, date(2026, 3, 10), grade=4),
          assessment(robin.id, date(2026, 9, 22), grade=2))
    history = HistoryAccess(session).history()
    history.add_event(robin.id, on=date(2026, 5, 2), kind=EventKind.POLICE_CALL_OUT,
                      what_happened="Neighbours called the police: Robin left alone at night.", source_agency="Police")
    history.add_event(robin.id, on=date(2026, 1, 15), kind=EventKind.REFERRAL,
                      what_happened="School referred: Robin hungry and unwashed.", source_agency="School")
    return robin


@pytest.fixture
def chronology(qtbot, runner, session, robin):
    view = ChronologyView(runner)
    view.set_access(HistoryAccess(session))
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    view.show_history(loaded_history(session, robin.id))
    return view


def shown(view: ChronologyView) -> list[tuple[str, ...]]:
    model = view.model
    return [tuple(model.index(r, c).data() for c in range(4)) for r in range(model.rowCount())]


def test_assessments_and_events_are_read_together_by_date(chronology):
    rows = shown(chronology)
    assert [row[:2] for row in rows] == [("15 Jan 2026", "Referral"), ("10 Mar 2026", "Assessment"),
                                         ("2 May 2026", "Police call-out"), ("22 Sep 2026", "Assessment")]
    assert rows[0][2:] == ("School referred: Robin hungry and unwashed.", "School")
    assert rows[1][2].startswith("Countersigned. Graded 4 or 5: Physical care (4)")
    assert chronology.summary.text().startswith("2 assessments and 2 significant events since 15 Jan 2026.")
    assert chronology.table.currentIndex().row() == 3  # the latest, at the foot of the story
    chronology.newest_first.setChecked(True)
    assert shown(chronology)[0][:2] == ("22 Sep 2026", "Assessment")


def test_an_event_is_added_by_keyboard_and_a_bad_date_is_explained(chronology, qtbot, session, robin):
    qtbot.mouseClick(chronology.add_button, Qt.MouseButton.LeftButton)
    dialog = chronology.dialog
    wait_for_focus(qtbot, dialog.date)
    type_into(qtbot, dialog.date, "30/2/2026")
    qtbot.keyClick(dialog.kind, Qt.Key.Key_W)  # "Was not brought to an appointment"
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)  # Save, with nothing said about what happened
    assert dialog.isVisible()
    assert "February 2026 has 28 days" in dialog.form.problem_text("date")
    assert "Say what happened" in dialog.form.problem_text("what_happened")
    dialog.date.setText("3/12/2026")
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert "3 December 2026 is in the future" in dialog.form.problem_text("date")
    dialog.date.selectAll()
    dialog.date.setFocus()
    type_into(qtbot, dialog.date, "14/6/2026")
    type_into(qtbot, dialog.kind, "")
    qtbot.keyClicks(dialog.what_happened, "Not brought to the dentist, second time.")
    qtbot.keyClick(dialog.what_happened, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.source_agency, "Community dental service")
    qtbot.keyClick(dialog.source_agency, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    added = next(row for row in shown(chronology) if row[0] == "14 Jun 2026")
    assert added == ("14 Jun 2026", "Was not brought to an appointment", "Not brought to the dentist, second time.",
                     "Community dental service")
    assert shown(chronology)[chronology.table.currentIndex().row()] == added  # the new event is selected
    stored = HistoryAccess(session).history().events(robin.id)
    assert [event.kind for event in stored].count(EventKind.WAS_NOT_BROUGHT) == 1


def test_an_event_is_corrected_from_the_list_with_enter(chronology, qtbot, session, robin):
    chronology.table.setFocus()
    chronology.table.selectRow(2)  # the police call-out
    qtbot.keyClick(chronology.table, Qt.Key.Key_Return)
    dialog = chronology.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Edit significant event"
    assert dialog.date.text() == "2/5/2026" and dialog.source_agency.text() == "Police"
    dialog.date.setText("3/5/2026")
    dialog.source_agency.setText("Police (night shift)")
    qtbot.keyClick(dialog.source_agency, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert shown(chronology)[2][0] == "3 May 2026" and shown(chronology)[2][3] == "Police (night shift)"
    stored = [e for e in HistoryAccess(session).history().events(robin.id) if e.kind is EventKind.POLICE_CALL_OUT]
    assert [(e.date, e.source_agency) for e in stored] == [(date(2026, 5, 3), "Police (night shift)")]


def test_removing_an_event_needs_a_reason(chronology, qtbot, session, robin):
    chronology.table.selectRow(0)
    qtbot.mouseClick(chronology.remove_button, Qt.MouseButton.LeftButton)
    dialog = chronology.dialog
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Say why" in dialog.form.problem_text("reason")
    qtbot.keyClicks(dialog.reason, "Recorded on the wrong child")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [row[1] for row in shown(chronology)] == ["Assessment", "Police call-out", "Assessment"]
    assert len(HistoryAccess(session).history().events(robin.id)) == 1


def test_an_assessment_on_the_chronology_opens_with_enter_and_events_only_are_editable(chronology, qtbot,
                                                                                       session, robin):
    chronology.table.setFocus()
    chronology.table.selectRow(1)
    assert not chronology.edit_button.isEnabled() and not chronology.remove_button.isEnabled()
    with qtbot.waitSignal(chronology.assessment_requested) as opened:
        qtbot.keyClick(chronology.table, Qt.Key.Key_Return)
    first = session.assessments.history(robin.id)[0]
    assert opened.args == [first.id]
    chronology.table.selectRow(0)
    assert chronology.edit_button.isEnabled() and chronology.remove_button.isEnabled()


def test_the_chronology_and_its_dialogs_name_every_control(chronology, qtbot, screenshot):
    assert unnamed_controls(chronology) == []
    screenshot(chronology, "history-chronology")
    chronology.add_event()
    qtbot.waitExposed(chronology.dialog)
    assert unnamed_controls(chronology.dialog) == []
    chronology.dialog.reject()
    chronology.table.selectRow(0)
    chronology.remove_event()
    qtbot.waitExposed(chronology.dialog)
    assert unnamed_controls(chronology.dialog) == []
