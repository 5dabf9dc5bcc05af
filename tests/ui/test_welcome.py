"""First run and start of day: create an account, choose who you are, or open the throw-away demo caseload."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.app import open_backend, open_demo_backend
from gcp_desk.domain.enums import Role
from gcp_desk.settings import Settings
from shell_support import demo_user, type_into, wait_for_focus


def test_first_run_creates_an_account_by_keyboard_and_opens_the_empty_caseload(make_window, empty_paths, qtbot,
                                                                             screenshot):
    window = make_window(empty_paths)
    dialog = window.sign_in.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Welcome to GCP Desk"
    assert dialog.accounts is None  # nobody to choose yet
    assert window.status.title.text() == "Choose who you are to start"
    wait_for_focus(qtbot, dialog.name)
    type_into(qtbot, dialog.name, "Priya Chandran")
    qtbot.keyClicks(dialog.role, "S")
    assert dialog.role.currentText() == "Supervisor"
    qtbot.keyClick(dialog.role, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.pages.currentWidget() is window.caseload
    assert window.caseload._message.text().startswith("No children on the caseload yet")
    assert window.user_label.text() == "Working as Priya Chandran (supervisor)"
    users = window.backend.users().all()
    assert [(u.name, u.role) for u in users] == [("Priya Chandran", Role.SUPERVISOR)]
    assert Settings.load(empty_paths.settings_file).last_user_id == str(users[0].id)
    screenshot(window, "welcome-after")


def test_a_blank_or_taken_name_is_refused_next_to_the_field(make_window, empty_paths, qtbot):
    backend = open_backend(empty_paths)
    backend.users().create("Sam Whitfield")
    backend.close()
    window = make_window(empty_paths)
    dialog = window.sign_in.dialog
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "Enter your name" in dialog.form.problem_text("name")
    dialog.name.setText("Sam Whitfield")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "already exists" in dialog.form.problem_text("name")
    assert dialog.create_button.isEnabled(), "the dialog can be used again after a refusal"
    assert len(window.backend.users().all()) == 1


def test_when_accounts_exist_the_last_user_is_offered_first(make_window, demo_paths, demo_backend, qtbot):
    last = demo_user(demo_backend, "Dee Okafor")
    settings = Settings.load(demo_paths.settings_file)
    settings.last_user_id = str(last.id)
    settings.save(demo_paths.settings_file)
    window = make_window(demo_paths)  # signed straight in as the last user
    assert window.session.user.id == last.id
    qtbot.mouseClick(window.switch_user_button, Qt.MouseButton.LeftButton)
    dialog = window.sign_in.dialog
    assert dialog.windowTitle() == "Who is working?"
    assert dialog.selected_user_id == last.id
    assert dialog.continue_button.text() == "&Continue as Dee Okafor"
    wait_for_focus(qtbot, dialog.accounts)
    qtbot.keyClick(dialog.accounts, Qt.Key.Key_Down)
    chosen = dialog.selected_user_id
    assert chosen != last.id
    qtbot.keyClick(dialog.accounts, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.session.user.id == chosen
    assert Settings.load(demo_paths.settings_file).last_user_id == str(chosen)


def test_the_demo_opens_in_a_throwaway_folder_and_leaves_the_real_database_alone(make_window, empty_paths, qtbot):
    window = make_window(empty_paths, open_demo=lambda: open_demo_backend(children=12))
    dialog = window.sign_in.dialog
    assert dialog.demo_button.isVisible()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.session.is_demo and "demo caseload" in window.windowTitle()
    assert window.caseload.model.rowCount() == 12
    demo_folder = Path(window.backend.paths.data_dir)
    assert demo_folder != empty_paths.data_dir and demo_folder.exists()
    real = open_backend(empty_paths)
    assert real.users().all() == [] and real.children().caseload() == []
    real.close()
    window.close()
    assert not demo_folder.exists(), "the throw-away demo is deleted on close"


def test_the_welcome_dialog_names_every_control(make_window, demo_paths, qtbot, reading_order, screenshot):
    window = make_window(demo_paths, open_demo=open_demo_backend)  # accounts, none chosen yet
    dialog = window.sign_in.dialog
    qtbot.waitExposed(dialog)
    assert unnamed_controls(dialog) == []
    order = [dialog.accounts, dialog.continue_button, dialog.name, dialog.role, dialog.create_button,
             dialog.demo_button]
    assert reading_order(dialog, order) == []
    screenshot(dialog, "welcome")


@pytest.mark.parametrize("keys", ["escape"])
def test_closing_the_welcome_leaves_a_way_back(make_window, empty_paths, qtbot, keys):
    window = make_window(empty_paths)
    dialog = window.sign_in.dialog
    wait_for_focus(qtbot, dialog.name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.status.button.isVisible() and window.status.button.text() == "Choose account…"
    qtbot.mouseClick(window.status.button, Qt.MouseButton.LeftButton)
    assert window.sign_in.dialog.isVisible()
