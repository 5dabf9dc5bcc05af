"""First run: create the first account with a password typed twice, or open the throw-away demo caseload."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from accessibility import unnamed_controls
from gcp_desk.app import open_backend, open_demo_backend
from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import WrongPassword
from gcp_desk.settings import Settings
from shell_support import type_into, wait_for_focus

PASSWORD = "kettle meadow copper"


def test_first_run_creates_an_account_with_a_password_by_keyboard_and_opens_the_empty_caseload(
        make_window, empty_paths, qtbot, screenshot):
    window = make_window(empty_paths)
    dialog = window.sign_in.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Welcome to GCP Desk"
    assert window.status.title.text() == "Create the first account to start"
    assert dialog.role.currentText() == "Practitioner", "the first account is a practitioner unless chosen"
    wait_for_focus(qtbot, dialog.name)
    type_into(qtbot, dialog.name, "Priya Chandran")
    qtbot.keyClicks(dialog.role, "S")
    assert dialog.role.currentText() == "Supervisor"
    qtbot.keyClick(dialog.role, Qt.Key.Key_Tab)
    type_into(qtbot, dialog.passwords.password, PASSWORD)
    qtbot.keyClicks(dialog.passwords.again, PASSWORD)
    qtbot.keyClick(dialog.passwords.again, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    recovery = window.start_up.recovery_dialog  # the first start shows the recovery key, once
    assert recovery is not None and recovery.isVisible()
    assert "nobody can read these records" in " ".join(label.text() for label in recovery.findChildren(QLabel))
    assert not recovery.done_button.isEnabled(), "the key must be kept before the dialog closes"
    qtbot.keyClick(recovery, Qt.Key.Key_Escape)
    assert recovery.isVisible(), "Escape does not lose the only sight of the key"
    screenshot(recovery, "first-start-recovery-key")
    recovery.kept.setChecked(True)
    qtbot.mouseClick(recovery.done_button, Qt.MouseButton.LeftButton)
    assert not recovery.isVisible()
    assert window.pages.currentWidget() is window.caseload
    assert window.caseload._message.text().startswith("No children on the caseload yet")
    assert window.user_label.text() == "Working as Priya Chandran (administrator, practitioner, supervisor)"
    users = window.backend.users().accounts()
    # The first account sets the laptop up: administrator and practitioner always, and the role chosen too.
    assert [(u.name, u.roles) for u in users] == [
        ("Priya Chandran", (Role.ADMINISTRATOR, Role.PRACTITIONER, Role.SUPERVISOR))]
    assert Settings.load(empty_paths.settings_file).last_user_id == str(users[0].id)
    assert window.backend.users().sign_in(users[0].id, PASSWORD) == users[0], "the password typed is the password"
    with pytest.raises(WrongPassword):
        window.backend.users().sign_in(users[0].id, PASSWORD.upper())
    screenshot(window, "welcome-after")


def test_a_blank_name_or_passwords_that_differ_or_are_weak_are_refused_next_to_the_field(make_window, empty_paths,
                                                                                        qtbot):
    window = make_window(empty_paths)
    dialog = window.sign_in.dialog
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "Enter your name" in dialog.form.problem_text("name")
    assert "Choose a password" in dialog.form.problem_text("password")
    dialog.name.setText("Sam Whitfield")
    dialog.passwords.password.setText(PASSWORD)
    dialog.passwords.again.setText(PASSWORD + "s")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "not the same" in dialog.form.problem_text("password-again")
    assert dialog.form.problem_text("name") == ""
    dialog.passwords.password.setText("password1")
    dialog.passwords.again.setText("password1")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # the service's rules, under the field
    problem = dialog.form.problem_text("password")
    assert "at least 10 characters" in problem.lower() and "easy to guess" in problem
    assert dialog.isVisible() and dialog.create_button.isEnabled(), "the dialog can be used again after a refusal"
    assert dialog.name.text() == "Sam Whitfield", "what was typed is kept"
    assert window.backend.users().accounts() == []


def test_the_demo_opens_in_a_throwaway_folder_at_its_sign_in_screen_and_leaves_the_real_database_alone(
        make_window, empty_paths, qtbot):
    window = make_window(empty_paths, open_demo=lambda: open_demo_backend(children=12))
    dialog = window.sign_in.dialog
    assert dialog.demo_button.isVisible()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    page = window.sign_in_page
    assert window.pages.currentWidget() is page and window.session is None
    assert page.demo_accounts.isVisibleTo(window) and page.demo_accounts.rowCount() >= 4
    page.demo_accounts.setFocus()
    page.demo_accounts.selectRow(0)
    qtbot.keyClick(page.demo_accounts, Qt.Key.Key_Return)  # fills in the account and its password
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session.is_demo and "demo caseload" in window.windowTitle()
    assert 0 < window.caseload.model.rowCount() == len(window.session.children.caseload()) < 12, (
        "the demo's first account sees its own team's children")
    demo_folder = Path(window.backend.paths.data_dir)
    assert demo_folder != empty_paths.data_dir and demo_folder.exists()
    real = open_backend(empty_paths)
    assert real.users().accounts() == [] and not real.is_in_use()
    real.close()
    window.close()
    assert not demo_folder.exists(), "the throw-away demo is deleted on close"


def test_the_welcome_dialog_names_every_control(make_window, empty_paths, qtbot, reading_order, screenshot):
    window = make_window(empty_paths, open_demo=open_demo_backend)
    dialog = window.sign_in.dialog
    qtbot.waitExposed(dialog)
    assert unnamed_controls(dialog) == []
    order = [dialog.name, dialog.role, dialog.passwords.password, dialog.passwords.again, dialog.create_button,
             dialog.demo_button]
    assert reading_order(dialog, order) == []
    screenshot(dialog, "welcome")


def test_closing_the_welcome_leaves_a_way_back(make_window, empty_paths, qtbot):
    window = make_window(empty_paths)
    dialog = window.sign_in.dialog
    wait_for_focus(qtbot, dialog.name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.status.button.isVisible() and window.status.button.text() == "Create account…"
    qtbot.mouseClick(window.status.button, Qt.MouseButton.LeftButton)
    assert window.sign_in.dialog.isVisible()
