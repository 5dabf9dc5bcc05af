"""The sign-in screen: the last user first, any account by choosing it, only the right password lets anyone in; an
account made before passwords chooses one; the demo shows its accounts and their passwords."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.app import open_demo_backend
from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import PermissionDenied
from gcp_desk.domain.people import User
from gcp_desk.demo.accounts import DEMO_ACCOUNTS
from gcp_desk.settings import Settings
from gcp_desk.ui.main_window import MainWindow
from shell_support import demo_user, fixed_today, password_of, sign_in_as, wait_for_focus

NEW_PASSWORD = "lantern orchard pebble"


def test_switch_user_offers_every_account_and_only_the_right_password_lets_them_in(make_window, demo_paths,
                                                                                   demo_backend, qtbot):
    dee = demo_user(demo_backend, "Dee Okafor")
    window = make_window(demo_paths, dee)
    assert window.session.user.id == dee.id
    qtbot.mouseClick(window.switch_user_button, Qt.MouseButton.LeftButton)
    page = window.sign_in_page
    assert window.pages.currentWidget() is page and window.session is None
    assert window.caseload.model.rowCount() == 0, "no caseload is kept behind the sign-in screen"
    assert page.chosen_user_id == dee.id, "the last user is offered first"
    assert page.account.count() == len(demo_backend.users().accounts())
    wait_for_focus(qtbot, page.account)
    qtbot.keyClick(page.account, Qt.Key.Key_Down)
    chosen = page.chosen_user_id
    assert chosen != dee.id
    chosen_user = next(u for u in demo_backend.users().accounts() if u.id == chosen)
    qtbot.keyClick(page.account, Qt.Key.Key_Tab)
    wait_for_focus(qtbot, page.password)
    qtbot.keyClicks(page.password, password_of(dee))  # Dee's password is not theirs
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session is None
    assert f"That password is not right for {chosen_user.name}" in page.form.problem_text("current")
    assert page.password.text() == "" and page.chosen_user_id == chosen
    qtbot.keyClicks(page.password, password_of(chosen_user))
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session.user.id == chosen
    assert window.pages.currentWidget() is window.caseload and window.caseload.model.rowCount() > 0
    assert Settings.load(demo_paths.settings_file).last_user_id == str(chosen)


def test_an_empty_password_is_not_sent(make_window, demo_paths, demo_backend, qtbot):
    window = make_window(demo_paths)
    page = window.sign_in_page
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    assert "Type your password" in page.form.problem_text("current")
    assert window.session is None


def test_an_older_plain_database_is_encrypted_at_the_administrators_sign_in_and_the_others_get_one_time_passwords(
        make_window, tmp_path, qtbot, screenshot):
    from plain_folder import open_plain_backend

    from gcp_desk.paths import AppPaths
    from gcp_desk.storage.encryption import is_plain_sqlite

    paths = AppPaths.at(tmp_path / "older")
    backend = open_plain_backend(paths)
    robin = User(name="Robin Ellery", role=Role.PRACTITIONER)
    with backend.db.transaction() as uow:
        uow.users.add(robin)  # as an account made before passwords existed: no password at all
    admin = backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password="a long walk home 7")
    backend.close()
    window = make_window(paths)
    page = window.sign_in_page
    page.account.setCurrentIndex(page.index_of(robin.id))
    page.password.setText("whoever sits down first")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert "one-time password" in page.form.problem_text("current") and window.session is None
    assert is_plain_sqlite(paths.database)

    sign_in_as(qtbot, window, admin, "a long walk home 7")  # the administrator's sign-in encrypts the records
    assert window.session is not None and not is_plain_sqlite(paths.database)
    recovery = window.start_up.recovery_dialog
    assert recovery is not None and recovery.isVisible() and "not encrypted before" in " ".join(
        label.text() for label in recovery.findChildren(type(recovery.key)))
    assert len(recovery.key.text().replace("-", "").replace(" ", "")) >= 32
    assert not recovery.done_button.isEnabled()
    screenshot(recovery, "recovery-key")
    recovery.kept.setChecked(True)
    qtbot.mouseClick(recovery.done_button, Qt.MouseButton.LeftButton)
    assert not recovery.isVisible()
    one_time = "given once by ama 26"
    window.session.users.reset_password(robin.id, one_time)
    window.switch_user()

    page.account.setCurrentIndex(page.index_of(robin.id))
    page.password.setText(one_time)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert page.is_asking_for_first_password and window.session is None
    assert "works only once, Robin Ellery" in page.first_password_note.text()
    assert not page.password.isVisibleTo(page) and page.new_password.again.isVisibleTo(page)
    assert unnamed_controls(window) == []
    screenshot(window, "sign-in-own-password")
    page.new_password.password.setText(NEW_PASSWORD)
    page.new_password.again.setText(NEW_PASSWORD[:-1])
    qtbot.keyClick(page.new_password.again, Qt.Key.Key_Return)
    assert "not the same" in page.form.problem_text("new-again")
    for field in (page.new_password.password, page.new_password.again):
        field.setText("Ellery2026!")
    qtbot.keyClick(page.new_password.again, Qt.Key.Key_Return)
    assert "your own name" in page.form.problem_text("new"), "the service's rules, under the field"
    assert window.session is None
    for field in (page.new_password.password, page.new_password.again):
        field.setText(NEW_PASSWORD)
    qtbot.keyClick(page.new_password.again, Qt.Key.Key_Return)
    assert window.session is not None and window.session.user.id == robin.id
    assert window.pages.currentWidget() is window.caseload
    assert not window.backend.users().must_change_password(robin.id)
    assert window.backend.key_file.accounts()  # Robin now has a copy of the key under the password chosen
    assert window.backend.unlock(robin.id, NEW_PASSWORD).id == robin.id


@pytest.fixture
def demo_window(qtbot, runner):
    window = MainWindow(runner, open_backend=lambda: open_demo_backend(children=8), today=fixed_today)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    yield window
    window.close()


def test_the_demo_sign_in_screen_lists_its_accounts_with_their_passwords(demo_window, qtbot, reading_order,
                                                                        screenshot):
    page = demo_window.sign_in_page
    assert demo_window.pages.currentWidget() is page and demo_window.session is None
    table = page.demo_accounts
    assert table.isVisibleTo(demo_window)
    shown = [tuple(table.item(row, column).text() for column in range(4)) for row in range(table.rowCount())]
    assert [(name, password) for name, _role, _team, password in shown] == \
        [(a.name, a.password) for a in DEMO_ACCOUNTS]
    assert ("Alex Morrow", "Administrator", "No team", "demo-admin-alex") in shown
    assert not page.demo_box.isVisibleTo(demo_window), "no second demo offered inside the demo"
    assert unnamed_controls(demo_window) == []
    assert reading_order(page, [page.account, page.password, page.sign_in_button, table]) == []
    screenshot(demo_window, "sign-in-demo")
    dee = next(row for row, account in enumerate(DEMO_ACCOUNTS) if account.name == "Dee Okafor")
    table.setFocus()
    table.selectRow(dee)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.account.currentText() == "Dee Okafor (supervisor)"
    wait_for_focus(qtbot, page.password)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert demo_window.session.user.name == "Dee Okafor"
    assert demo_window.user_label.text() == "Working as Dee Okafor (supervisor) (demo caseload: invented data)"


def test_the_sign_in_screen_names_every_control_and_reads_in_order(make_window, demo_paths, demo_backend, qtbot,
                                                                   reading_order, screenshot):
    window = make_window(demo_paths, open_demo=open_demo_backend)
    page = window.sign_in_page
    assert page.demo_box.isVisibleTo(window), "the demo is offered beside real accounts"
    assert unnamed_controls(window) == []
    assert reading_order(page, [page.account, page.password, page.sign_in_button, page.demo_button]) == []
    screenshot(window, "sign-in")


def test_the_session_a_password_opens_acts_as_that_person_in_every_service(make_window, demo_paths, demo_backend,
                                                                          qtbot):
    dee = demo_user(demo_backend, "Dee Okafor")
    window = make_window(demo_paths, dee)
    queue = window.session.review.queue()
    northgate = {u.name for u in demo_backend.users().accounts() if u.team_id == dee.team_id}
    assert queue and {entry.practitioner_name for entry in queue} <= northgate
    entry = queue[0]
    assert entry.child_name.split()[0] in window.session.reports.default_file_name(entry.assessment_id)
    with pytest.raises(PermissionDenied):
        window.session.users.create("Kim Ashby", password="copper willow lantern")
    qtbot.mouseClick(window.switch_user_button, Qt.MouseButton.LeftButton)
    sam = demo_user(demo_backend)
    sign_in_as(qtbot, window, sam)
    assert window.session.user == sam
    with pytest.raises(PermissionDenied):
        window.session.review.queue()
