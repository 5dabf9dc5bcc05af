"""Re-key the database from Accounts…: after someone has left, the administrator types their password again, a new
key re-encrypts the records, a new recovery key is shown once, and everyone is signed out; the administrator signs in
again with the same password, every record is still there, and the others need a one-time password first. A wrong
password changes nothing and signs nobody out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gcp_desk.security.keyfile import NoPasswordSlot
from shell_support import demo_user, password_of, sign_in_as


@pytest.fixture
def admin_window(make_window, demo_paths, demo_backend):
    alex = demo_user(demo_backend, "Alex Morrow")
    demo_backend.close()  # the window opens its own: re-keying needs the database to itself
    return make_window(demo_paths, alex)


def open_rekey(qtbot, window):
    window.account_actions.accounts_action.trigger()
    accounts = window.account_actions.dialog
    qtbot.waitExposed(accounts)
    assert accounts.rekey_button.isVisible()
    qtbot.mouseClick(accounts.rekey_button, Qt.MouseButton.LeftButton)
    asked = window.rekey.dialog
    qtbot.waitExposed(asked)
    assert not accounts.isVisible()  # Accounts… closed behind it
    return asked


def test_a_wrong_password_changes_nothing_and_signs_nobody_out(qtbot, admin_window):
    backend = admin_window.backend
    key_before = backend.keys.data_key
    asked = open_rekey(qtbot, admin_window)
    qtbot.keyClicks(asked.field, "not the password")
    qtbot.keyClick(asked.field, Qt.Key.Key_Return)
    assert "not right" in asked.problem.text()
    assert admin_window.session is not None and backend.keys.data_key == key_before


def test_re_keying_shows_a_new_recovery_key_and_signs_everyone_out(qtbot, admin_window, screenshot):
    backend = admin_window.backend
    alex = admin_window.session.user
    children_before = admin_window.caseload.model.rowCount()
    key_before, recovery_before = backend.keys.data_key, backend.key_file.path.read_bytes()
    asked = open_rekey(qtbot, admin_window)
    qtbot.keyClicks(asked.field, password_of(alex))
    qtbot.keyClick(asked.field, Qt.Key.Key_Return)

    shown = admin_window.rekey.recovery_dialog
    qtbot.waitExposed(shown)
    assert "old recovery key no longer opens them" in " ".join(
        label.text() for label in shown.findChildren(type(shown.key)))
    assert len(shown.key.text().replace("-", "").replace(" ", "")) >= 32
    screenshot(shown, "rekey-recovery-key")
    assert admin_window.session is None and admin_window.pages.currentWidget() is admin_window.sign_in_page
    assert backend.keys.data_key != key_before and backend.key_file.path.read_bytes() != recovery_before

    shown.kept.setChecked(True)
    shown.accept()
    dee = demo_user(backend, "Dee Okafor")
    with pytest.raises(NoPasswordSlot):  # everyone else needs a one-time password now
        backend.key_file.unlock(dee.id, password_of(dee))
    sign_in_as(qtbot, admin_window, alex)
    qtbot.waitUntil(lambda: admin_window.session is not None)
    qtbot.waitUntil(lambda: admin_window.caseload.model.rowCount() == children_before)


def test_a_re_key_that_cannot_finish_says_why_and_the_records_still_open(qtbot, admin_window):
    from insider import insider_connection

    backend = admin_window.backend
    alex = admin_window.session.user
    children_before = admin_window.caseload.model.rowCount()
    other = insider_connection(backend.paths.database)  # another program holds the database open
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("SELECT count(*) FROM children").fetchone()
    try:
        asked = open_rekey(qtbot, admin_window)
        qtbot.keyClicks(asked.field, password_of(alex))
        qtbot.keyClick(asked.field, Qt.Key.Key_Return)
        assert "open in another program" in admin_window.message_bar.text
        assert admin_window.rekey.recovery_dialog is None
    finally:
        other.close()
    sign_in_as(qtbot, admin_window, alex)
    qtbot.waitUntil(lambda: admin_window.session is not None)
    qtbot.waitUntil(lambda: admin_window.caseload.model.rowCount() == children_before)
