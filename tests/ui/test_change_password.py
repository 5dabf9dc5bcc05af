"""Change my password: everyone signed in is offered it on the tool bar; the current password first, then the new
one typed twice. A wrong current password, two different new ones or a password the rules refuse change nothing
and are shown under the field they are about; a right change means the new password works and the old one no
longer does, at sign-in and at the lock screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.errors import WrongPassword
from gcp_desk.ui.dialogs.change_password_dialog import ChangePasswordDialog
from shell_support import demo_user, password_of

NEW_PASSWORD = "amber kettle orchard"


@pytest.fixture
def window(make_window, demo_paths, demo_backend):
    return make_window(demo_paths, demo_user(demo_backend, "Sam Whitfield"))


@pytest.fixture
def dialog(window, qtbot) -> ChangePasswordDialog:
    assert window.account_actions.change_password_action.isVisible()
    window.account_actions.change_password_action.trigger()
    opened = window.account_actions.password_dialog
    qtbot.waitExposed(opened)
    return opened


def fill_in(qtbot, dialog: ChangePasswordDialog, current: str, new: str, again: str | None = None) -> None:
    """Type into the three boxes as a person would, and press Enter."""
    for field, text in ((dialog.current, current), (dialog.passwords.password, new),
                        (dialog.passwords.again, new if again is None else again)):
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.keyClick(dialog.passwords.again, Qt.Key.Key_Return)


def fits_its_words(qtbot, dialog) -> bool:
    """True once the dialog is tall enough for all its wrapped words, so none are clipped (it fits itself)."""
    qtbot.wait(20)
    return dialog.height() >= dialog.heightForWidth(dialog.width())


def signs_in(window, password: str) -> bool:
    users, me = window.backend.users(), window.session.user
    try:
        users.sign_in(me.id, password)
    except WrongPassword:
        return False
    return True


def test_everyone_signed_in_is_offered_it_and_nobody_before_signing_in(make_window, demo_paths, demo_backend,
                                                                       qtbot, screenshot):
    nobody = make_window(demo_paths)
    assert not nobody.account_actions.change_password_action.isVisible()
    for name in ("Sam Whitfield", "Dee Okafor", "Alex Morrow"):
        window = make_window(demo_paths, demo_user(demo_backend, name))
        window.resize(1280, 800)
        action = window.account_actions.change_password_action
        assert action.isVisible() and action.isEnabled(), name
        button = window.navigation.widgetForAction(action)
        qtbot.waitUntil(button.isVisible, timeout=1000)  # not hidden in the tool bar's overflow menu
        assert button.text() == "Change my pass&word", name  # the "…" off, as on any tool bar button; Alt+W
    screenshot(window, "change-password-action")


def test_the_dialog_asks_for_the_current_password_first_and_names_every_field(dialog, screenshot):
    assert dialog.windowTitle() == "Change my password"
    assert "Signed in as Sam Whitfield" in dialog.intro.text()
    assert dialog.current.echoMode() is dialog.current.EchoMode.Password
    assert dialog.passwords.password.echoMode() is dialog.current.EchoMode.Password
    assert dialog.focusWidget() is dialog.current
    assert unnamed_controls(dialog) == []
    screenshot(dialog, "change-password")


def test_a_wrong_current_password_is_shown_under_it_and_nothing_changes(dialog, window, qtbot, screenshot):
    old = password_of(window.session.user)
    fill_in(qtbot, dialog, "not my password at all", NEW_PASSWORD)
    assert "not right for Sam Whitfield" in dialog.form.problem_text("current")
    assert dialog.form.problem_text("new") == "" and dialog.form.problem_text("new-again") == ""
    assert dialog.isVisible() and not dialog.changed
    assert dialog.passwords.password.text() == NEW_PASSWORD, "the new password typed twice is kept"
    assert fits_its_words(qtbot, dialog)
    assert dialog.action_button.isEnabled()
    assert unnamed_controls(dialog) == []
    screenshot(dialog, "change-password-wrong-current")
    assert signs_in(window, old) and not signs_in(window, NEW_PASSWORD)


def test_a_right_change_says_so_then_closes_and_only_the_new_password_works(dialog, window, qtbot, screenshot):
    old = password_of(window.session.user)
    fill_in(qtbot, dialog, old, NEW_PASSWORD)
    assert dialog.done_note.isVisible()
    assert dialog.done_note.text().startswith("Your password has been changed.")
    assert not dialog.form_area.isVisible() and not dialog.action_button.isVisible()
    assert dialog.outcome is not None and dialog.outcome.own and dialog.outcome.account_name == "Sam Whitfield"
    assert fits_its_words(qtbot, dialog)
    assert unnamed_controls(dialog) == []
    screenshot(dialog, "change-password-done")
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.account_actions.password_dialog is None or not dialog.isVisible())
    assert signs_in(window, NEW_PASSWORD) and not signs_in(window, old)
    # The lock screen takes the new password too.
    window.account_actions.lock_action.trigger()
    assert window.lock.is_locked
    qtbot.keyClicks(window.lock_screen.password, NEW_PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.lock.is_locked


def test_two_different_new_passwords_are_refused_under_the_second_box(dialog, window, qtbot):
    old = password_of(window.session.user)
    fill_in(qtbot, dialog, old, NEW_PASSWORD, again=NEW_PASSWORD.upper())
    assert "not the same" in dialog.form.problem_text("new-again")
    assert dialog.form.problem_text("current") == "" and not dialog.changed
    assert signs_in(window, old) and not signs_in(window, NEW_PASSWORD)


def test_empty_boxes_and_a_password_the_rules_refuse_are_shown_under_their_fields(dialog, window, qtbot):
    old = password_of(window.session.user)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    assert "Type the password you use now" in dialog.form.problem_text("current")
    assert "Choose a password" in dialog.form.problem_text("new")
    fill_in(qtbot, dialog, old, old)
    assert "same as your current one" in dialog.form.problem_text("new")
    fill_in(qtbot, dialog, old, "short")  # the service's rules, after it has checked the current password
    assert "at least 10 characters" in dialog.form.problem_text("new").lower()
    assert dialog.form.problem_text("current") == ""
    fill_in(qtbot, dialog, old, "Sam Whitfield")
    assert "your own name" in dialog.form.problem_text("new")
    assert not dialog.changed and signs_in(window, old)


def test_cancel_changes_nothing(dialog, window, qtbot):
    old = password_of(window.session.user)
    dialog.current.setText(old)
    dialog.passwords.password.setText(NEW_PASSWORD)
    dialog.passwords.again.setText(NEW_PASSWORD)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not dialog.changed
    assert signs_in(window, old) and not signs_in(window, NEW_PASSWORD)
