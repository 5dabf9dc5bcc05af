"""Accounts and teams: an administrator lists every account with its role and team, adds an account (its password
typed twice) or a team, moves someone between teams, and sets a new password for someone who has forgotten theirs;
problems show under the field they are about; nobody else is offered the screen, and the services refuse them
anyway."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import WrongPassword
from gcp_desk.security.keyfile import AccountLockedOut
from gcp_desk.domain.labels import roles_in_words
from gcp_desk.ui.dialogs.accounts_dialog import AccountsDialog
from gcp_desk.ui.dialogs.change_password_dialog import SetPasswordDialog
from shell_support import demo_user, password_of

PASSWORD = "copper willow lantern"


@pytest.fixture
def admin_window(make_window, demo_paths, demo_backend):
    return make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))


@pytest.fixture
def dialog(admin_window, qtbot) -> AccountsDialog:
    assert admin_window.account_actions.accounts_action.isVisible()
    admin_window.account_actions.accounts_action.trigger()
    opened = admin_window.account_actions.dialog
    qtbot.waitExposed(opened)
    return opened


def table_rows(dialog: AccountsDialog) -> list[tuple[str, str, str]]:
    return [tuple(dialog.table.item(row, column).text() for column in range(3))
            for row in range(dialog.table.rowCount())]


def choose(dialog: AccountsDialog, name: str) -> None:
    dialog.table.selectRow(next(row for row, (shown, _r, _t) in enumerate(table_rows(dialog)) if shown == name))


def signs_in(backend, user, password: str) -> bool:
    try:
        backend.users().sign_in(user.id, password)
    except WrongPassword:
        return False
    return True


def test_every_account_is_listed_with_its_role_and_team(dialog, demo_backend, screenshot):
    teams = {team.id: team.name for team in demo_backend.users().teams()}
    expected = sorted((u.name, roles_in_words(u.roles), teams.get(u.team_id, "No team"))
                      for u in demo_backend.users().accounts())
    assert sorted(table_rows(dialog)) == expected
    assert ("Dee Okafor", "Supervisor", "Northgate team") in expected
    assert unnamed_controls(dialog) == []
    screenshot(dialog, "accounts")


def test_an_account_added_here_can_sign_in_with_the_password_typed_twice(dialog, admin_window, qtbot):
    qtbot.keyClicks(dialog.name, "Kim Ashby")
    dialog.role.setCurrentIndex(dialog.role.findText("Supervisor"))
    dialog.team.setCurrentIndex(dialog.team.findText("Riverside team"))
    qtbot.keyClicks(dialog.passwords.password, PASSWORD)
    qtbot.keyClicks(dialog.passwords.again, PASSWORD)
    qtbot.keyClick(dialog.passwords.again, Qt.Key.Key_Return)
    assert ("Kim Ashby", "Supervisor", "Riverside team") in table_rows(dialog)
    assert dialog.note.text().startswith("Account added for Kim Ashby (supervisor)")
    assert dialog.name.text() == "" and dialog.passwords.password.text() == "" and dialog.passwords.again.text() == ""
    users = admin_window.backend.users()
    kim = next(u for u in users.accounts() if u.name == "Kim Ashby")
    assert kim.role is Role.SUPERVISOR and users.sign_in(kim.id, PASSWORD) == kim


def test_problems_are_shown_under_the_field_they_are_about_and_nothing_is_added(dialog, admin_window, qtbot):
    before = len(admin_window.backend.users().accounts())
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "Enter the person's name" in dialog.form.problem_text("name")
    assert "Choose a password" in dialog.form.problem_text("password")
    dialog.name.setText("Kim Ashby")
    dialog.passwords.password.setText(PASSWORD)
    dialog.passwords.again.setText(PASSWORD.title())
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "not the same" in dialog.form.problem_text("password-again")
    for field in (dialog.passwords.password, dialog.passwords.again):
        field.setText("short")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # the service's rules
    assert "at least 10 characters" in dialog.form.problem_text("password").lower()
    dialog.name.setText("Sam Whitfield")
    for field in (dialog.passwords.password, dialog.passwords.again):
        field.setText(PASSWORD)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "already exists" in dialog.form.problem_text("name")
    assert dialog.add_button.isEnabled()
    assert len(admin_window.backend.users().accounts()) == before


def test_a_team_is_added_and_someone_moved_into_it(dialog, admin_window, qtbot):
    qtbot.mouseClick(dialog.add_team_button, Qt.MouseButton.LeftButton)
    assert "Enter the team's name" in dialog.team_form.problem_text("name")
    qtbot.keyClicks(dialog.team_name, "Northgate team")
    qtbot.keyClick(dialog.team_name, Qt.Key.Key_Return)
    assert "already exists" in dialog.team_form.problem_text("name")
    dialog.team_name.clear()
    qtbot.keyClicks(dialog.team_name, "Eastfield team")
    qtbot.keyClick(dialog.team_name, Qt.Key.Key_Return)
    assert dialog.note.text().startswith("Team added: Eastfield team")
    assert dialog.team.findText("Eastfield team") >= 0 and dialog.move_team.findText("Eastfield team") >= 0
    sam = next(row for row, (name, _r, _t) in enumerate(table_rows(dialog)) if name == "Sam Whitfield")
    dialog.table.selectRow(sam)
    dialog.move_team.setCurrentIndex(dialog.move_team.findText("Eastfield team"))
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert ("Sam Whitfield", "Practitioner", "Eastfield team") in table_rows(dialog)
    assert dialog.note.text() == "Sam Whitfield is now in Eastfield team."
    users = admin_window.backend.users()
    eastfield = next(t for t in users.teams() if t.name == "Eastfield team")
    assert next(u for u in users.accounts() if u.name == "Sam Whitfield").team_id == eastfield.id


def test_only_an_administrator_is_offered_accounts_and_the_services_refuse_anyone_else(make_window, demo_paths,
                                                                                       demo_backend, runner, qtbot):
    window = make_window(demo_paths, demo_user(demo_backend, "Dee Okafor"))
    assert not window.account_actions.accounts_action.isVisible()
    window.account_actions.open_accounts()
    assert window.account_actions.dialog is None
    # Were the screen reached some other way, the supervisor's own services still say no, in words.
    dialog = AccountsDialog(window.session.users, runner, window)
    qtbot.addWidget(dialog)
    dialog.name.setText("Kim Ashby")
    for field in (dialog.passwords.password, dialog.passwords.again):
        field.setText(PASSWORD)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "Only an administrator can add accounts" in dialog.form.general_problem
    assert all(u.name != "Kim Ashby" for u in demo_backend.users().accounts())


def test_an_administrator_sets_a_new_password_for_a_colleague_who_then_signs_in_with_it(dialog, admin_window, qtbot,
                                                                                        screenshot):
    sam = demo_user(admin_window.backend, "Sam Whitfield")
    old = password_of(sam)
    choose(dialog, "Dee Okafor")
    assert dialog.reset_button.text().replace("&", "") == "Set a new password for Dee Okafor…"
    choose(dialog, "Sam Whitfield")
    assert dialog.reset_button.text().replace("&", "") == "Set a new password for Sam Whitfield…"
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    setter = dialog.password_dialog
    qtbot.waitExposed(setter)
    assert setter.windowTitle() == "Set a new password for Sam Whitfield"
    assert unnamed_controls(setter) == [] and unnamed_controls(dialog) == []
    screenshot(setter, "set-password")
    qtbot.keyClicks(setter.passwords.password, PASSWORD)
    qtbot.keyClicks(setter.passwords.again, PASSWORD)
    qtbot.keyClick(setter.passwords.again, Qt.Key.Key_Return)
    assert setter.done_note.isVisible()
    assert setter.done_note.text().startswith("Sam Whitfield's password has been changed.")
    assert "in person, never by email" in setter.done_note.text()
    screenshot(setter, "set-password-done")
    qtbot.keyClick(setter.close_button, Qt.Key.Key_Return)
    assert dialog.note.text().startswith("One-time password set for Sam Whitfield.")
    assert signs_in(admin_window.backend, sam, PASSWORD) and not signs_in(admin_window.backend, sam, old)
    screenshot(dialog, "accounts-password-set")


def test_a_new_password_typed_differently_or_refused_by_the_rules_changes_nothing(dialog, admin_window, qtbot):
    sam = demo_user(admin_window.backend, "Sam Whitfield")
    choose(dialog, "Sam Whitfield")
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    setter = dialog.password_dialog
    qtbot.keyClicks(setter.passwords.password, PASSWORD)
    qtbot.keyClicks(setter.passwords.again, PASSWORD + "s")
    qtbot.keyClick(setter.passwords.again, Qt.Key.Key_Return)
    assert "not the same" in setter.form.problem_text("new-again")
    for field in (setter.passwords.password, setter.passwords.again):
        field.setText("password123")
    qtbot.mouseClick(setter.action_button, Qt.MouseButton.LeftButton)
    assert "easy to guess" in setter.form.problem_text("new")
    assert not setter.changed and setter.isVisible()
    qtbot.mouseClick(setter.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.note.text() == ""
    assert signs_in(admin_window.backend, sam, password_of(sam))


def test_a_practitioner_has_no_accounts_action_and_cannot_set_anyone_else_s_password(make_window, demo_paths,
                                                                                     demo_backend, runner, qtbot):
    sam, dee = demo_user(demo_backend, "Sam Whitfield"), demo_user(demo_backend, "Dee Okafor")
    window = make_window(demo_paths, sam)
    assert not window.account_actions.accounts_action.isVisible()
    window.account_actions.open_accounts()
    assert window.account_actions.dialog is None
    # Were the dialog reached some other way, the practitioner's own services refuse, in words.
    setter = SetPasswordDialog(window.session.users, dee, runner, window)
    qtbot.addWidget(setter)
    setter.show()
    for field in (setter.passwords.password, setter.passwords.again):
        field.setText(PASSWORD)
    qtbot.mouseClick(setter.action_button, Qt.MouseButton.LeftButton)
    assert "Only an administrator can reset passwords" in setter.form.general_problem
    assert not setter.changed
    assert signs_in(demo_backend, dee, password_of(dee)) and not signs_in(demo_backend, dee, PASSWORD)


def test_an_administrator_is_not_offered_a_new_password_for_their_own_account(dialog, admin_window):
    choose(dialog, admin_window.session.user.name)
    assert not dialog.reset_button.isEnabled()  # their own goes through "Change my password"
    choose(dialog, "Dee Okafor")
    assert dialog.reset_button.isEnabled()


def test_their_team_shows_the_chosen_persons_team_and_change_team_keeps_it_unless_changed(dialog, qtbot):
    rows = {name: row for row, (name, _r, _t) in enumerate(table_rows(dialog))}
    dialog.table.setCurrentCell(rows["Dee Okafor"], 0)
    assert dialog.move_team.currentText() == "Northgate team"
    dialog.table.setCurrentCell(rows["Alex Morrow"], 0)
    assert dialog.move_team.currentText() == "No team"
    dialog.table.setCurrentCell(rows["Jo Macintyre"], 0)
    assert dialog.move_team.currentText() == "Riverside team"
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)  # nothing chosen differently: stays
    assert ("Jo Macintyre", "Practitioner", "Riverside team") in table_rows(dialog)


def test_disabling_someone_who_has_left_stops_their_sign_in_and_says_what_else_to_do(dialog, admin_window, qtbot,
                                                                                    screenshot):
    rows = {name: row for row, (name, _r, _t) in enumerate(table_rows(dialog))}
    dialog.table.setCurrentCell(rows["Jo Macintyre"], 0)
    assert dialog.disable_button.isEnabled()
    qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
    assert dialog.note.text().startswith("Jo Macintyre can no longer sign in.")
    assert "Re-key the database… below" in dialog.note.text() and dialog.rekey_button.isVisible()
    backend = admin_window.backend
    assert "Jo Macintyre" not in {account.name for account in backend.key_file.accounts()}
    jo = next(user for user in backend.users().accounts() if user.name == "Jo Macintyre")
    with pytest.raises(Exception, match="no such account"):  # not even offered on the sign-in screen
        backend.unlock(jo.id, "demo-riverside-jo")
    assert dialog.table.item(rows["Jo Macintyre"], 3).text().startswith("No: disabled on ")
    assert not dialog.disable_button.isEnabled()  # already disabled
    assert dialog.table.item(rows["Dee Okafor"], 3).text() == "Yes"
    screenshot(dialog, "accounts-disabled")


def test_a_locked_out_account_says_so_and_the_wait_can_be_lifted(dialog, admin_window, qtbot):
    backend = admin_window.backend
    dee = demo_user(backend, "Dee Okafor")
    choose(dialog, "Dee Okafor")
    assert not dialog.lift_button.isEnabled()  # nothing to lift yet
    for _ in range(8):
        with pytest.raises((WrongPassword, AccountLockedOut)):
            backend.key_file.unlock(dee.id, "not her password")
    dialog.reload(then_select=dee.id)
    row = next(row for row, (shown, _r, _t) in enumerate(table_rows(dialog)) if shown == "Dee Okafor")
    assert "locked for" in dialog.table.item(row, 3).text()
    assert dialog.lift_button.isEnabled()
    qtbot.mouseClick(dialog.lift_button, Qt.MouseButton.LeftButton)
    assert dialog.note.text() == "Dee Okafor can try their password again now."
    assert dialog.table.item(row, 3).text() == "Yes"
    assert not dialog.lift_button.isEnabled()
