"""The idle lock: after the quiet spell (10 minutes unless set otherwise) the window's content is hidden behind a
lock screen naming the signed-in user; only that user's password opens it, and nothing typed is lost.

The lock's clock is injected: the tests move it on and ask the watch to check, as its timer would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from accessibility import unnamed_controls
from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.settings import Settings
from gcp_desk.ui.main_window import workspace_available
from shell_support import demo_user, password_of, wait_for_focus


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def visible_words(window) -> str:
    """Every piece of text a person could read in the window right now (labels, boxes and the tool bar)."""
    words = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    words += [w.text() for w in window.findChildren(QLineEdit) if w.isVisible()]
    words.append(window.windowTitle())
    return " ".join(words)


def quiet_for(window, clock: Clock, **delta) -> None:
    clock.advance(**delta)
    window.lock.watch.check()  # what the timer does when the spell would end


def test_ten_quiet_minutes_lock_the_window_and_hide_the_record_on_screen(make_window, demo_paths, demo_backend,
                                                                        clock, qtbot, screenshot):
    sam = demo_user(demo_backend)
    window = make_window(demo_paths, sam, clock=clock)
    child_id = window.caseload.proxy.child_id_at(0)
    window.open_child(child_id)
    name = window.child_record.record.child.full_name
    assert name in visible_words(window)
    quiet_for(window, clock, minutes=9, seconds=59)
    assert not window.lock.is_locked
    qtbot.keyClick(window.child_record, Qt.Key.Key_Shift)  # any key press counts as being there
    quiet_for(window, clock, minutes=9)
    assert not window.lock.is_locked, "the quiet spell starts again at each key press"
    quiet_for(window, clock, minutes=1)
    assert window.lock.is_locked
    assert window.pages.currentWidget() is window.lock_screen
    assert name not in visible_words(window), "no child's name is left on screen"
    assert not window.navigation.isVisible() and not window.caseload_action.isEnabled()
    words = window.lock_screen.who.text()
    assert "Signed in as Sam Whitfield (practitioner)" in words and "after 10 minutes without use" in words
    wait_for_focus(qtbot, window.lock_screen.password)
    assert unnamed_controls(window) == []
    screenshot(window, "lock")
    window.caseload_action.trigger()  # Alt+Home cannot get past the lock
    window.show_caseload()
    assert window.pages.currentWidget() is window.lock_screen

    qtbot.keyClicks(window.lock_screen.password, "someone else's guess")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert window.lock.is_locked
    assert "That password is not right for Sam Whitfield" in window.lock_screen.form.problem_text("password")
    assert window.lock_screen.password.text() == ""
    qtbot.keyClicks(window.lock_screen.password, password_of(sam))
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.lock.is_locked
    assert window.pages.currentWidget() is window.child_record and window.child_record.record.child.id == child_id
    assert window.navigation.isVisible() and window.breadcrumb.text().endswith(name)
    quiet_for(window, clock, minutes=9)
    assert not window.lock.is_locked, "unlocking starts a fresh quiet spell"


def test_the_quiet_spell_is_the_one_set_in_the_settings(make_window, demo_paths, demo_backend, clock):
    settings = Settings.load(demo_paths.settings_file)
    settings.idle_lock_minutes = 3
    settings.save(demo_paths.settings_file)
    window = make_window(demo_paths, demo_user(demo_backend), clock=clock)
    quiet_for(window, clock, minutes=2, seconds=59)
    assert not window.lock.is_locked
    quiet_for(window, clock, seconds=1)
    assert window.lock.is_locked
    assert "after 3 minutes without use" in window.lock_screen.who.text()


def test_ctrl_l_locks_at_once_and_a_half_typed_dialog_comes_back_as_it_was(make_window, demo_paths, demo_backend,
                                                                           clock, qtbot):
    window = make_window(demo_paths, demo_user(demo_backend), clock=clock)
    window.caseload.new_child()
    dialog = window.caseload.dialog
    dialog.given_name.setText("Robin")
    wait_for_focus(qtbot, dialog.given_name)
    window.activateWindow()
    window.caseload.table.setFocus()
    window.account_actions.lock_action.trigger()  # Ctrl+L
    assert window.lock.is_locked and not dialog.isVisible(), "no dialog is left open over the lock"
    assert "It was locked on request." in window.lock_screen.who.text()
    qtbot.keyClicks(window.lock_screen.password, password_of(window.session.user))
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.given_name.text() == "Robin"
    assert window.account_actions.lock_action.shortcut().toString() == "Ctrl+L"


def test_sign_in_as_someone_else_leaves_nothing_of_the_first_session(make_window, demo_paths, demo_backend, clock,
                                                                    qtbot):
    sam, dee = demo_user(demo_backend), demo_user(demo_backend, "Dee Okafor")
    window = make_window(demo_paths, sam, clock=clock)
    window.open_child(window.caseload.proxy.child_id_at(0))
    quiet_for(window, clock, minutes=10)
    qtbot.mouseClick(window.lock_screen.switch_user_button, Qt.MouseButton.LeftButton)
    assert window.session is None and not window.lock.is_locked
    assert window.pages.currentWidget() is window.sign_in_page
    assert window.caseload.model.rowCount() == 0 and not window.navigation.isVisible()
    quiet_for(window, clock, minutes=30)
    assert not window.lock.is_locked, "nobody is signed in: there is nothing to lock"
    page = window.sign_in_page
    page.account.setCurrentIndex(page.index_of(dee.id))
    page.account.activated.emit(page.account.currentIndex())
    qtbot.keyClicks(page.password, password_of(dee))
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session.user.id == dee.id
    assert window.pages.currentWidget() is window.caseload
    assert window.user_label.text() == "Working as Dee Okafor (supervisor)"


@pytest.mark.skipif(not workspace_available(), reason="the assessment workspace is not built yet")
def test_what_was_typed_in_an_open_assessment_is_saved_before_the_lock_hides_it(make_window, demo_paths,
                                                                                demo_backend, clock, qtbot):
    from gcp_desk.ui.views.assessment.navigator import Page

    sam = demo_user(demo_backend)
    services = demo_backend.assessments(sam)
    draft = next(a for row in demo_backend.children(sam).caseload()
                 if row.latest_status is AssessmentStatus.DRAFT
                 and (a := services.get(row.latest_assessment_id)).created_by == sam.id)
    window = make_window(demo_paths, sam, clock=clock)
    window.open_child(draft.child_id)
    window.open_assessment(services.get(draft.id), window.child_record.record)
    window.workspace.show_page(Page.ANALYSIS)
    editor = window.workspace.sections["analysis"].text.editor
    wait_for_focus(qtbot, editor)
    qtbot.keyClicks(editor, " Seen again on the last visit.")
    typed = editor.toPlainText()
    assert services.get(draft.id).analysis != typed, "not yet stored: the autosave waits for typing to stop"
    quiet_for(window, clock, minutes=10)
    assert window.lock.is_locked
    assert services.get(draft.id).analysis == typed, "stored before the lock covered it"
    qtbot.keyClicks(window.lock_screen.password, password_of(sam))
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.workspace and editor.toPlainText() == typed
    wait_for_focus(qtbot, editor)
    assert QApplication.focusWidget() is editor, "back where the person was typing"
