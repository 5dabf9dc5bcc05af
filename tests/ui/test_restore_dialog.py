"""Restore… for administrators, with its progress step by step, and the offer to restore the newest backup when the
folder's database has gone missing. Both are looked at (screenshots)."""

from __future__ import annotations

import pytest
from shell_support import demo_user

pytestmark = pytest.mark.sqlite_only

ADMIN = "Alex Morrow"


def a_backup(backend, name: str = ADMIN):
    admin = demo_user(backend, name)
    return backend.backups(admin).make("manual").path


def test_an_administrator_restores_a_backup_and_everyone_signs_in_again(make_window, demo_paths, demo_backend,
                                                                         screenshot, qtbot):
    backup = a_backup(demo_backend)
    admin = demo_user(demo_backend, ADMIN)
    demo_backend.close()
    window = make_window(demo_paths, admin)
    actions = window.account_actions
    assert actions.restore_action.isVisible()
    actions.open_restore()
    dialog = actions.dialog
    assert dialog.backups.count() == 1 and "made by hand" in dialog.backups.item(0).text()
    assert dialog.restore_button.isEnabled()
    screenshot(dialog, "restore-dialog")

    steps = []
    dialog._steps.step.connect(lambda step, of, words: steps.append(words))
    dialog.restore_button.click()
    assert steps[0].startswith("Copying the backup") and len(steps) == 5
    assert dialog.step.text().startswith(f"Restored {backup.name}") and "kept as gcp-desk-before-restore" in \
        dialog.step.text()
    screenshot(dialog, "restore-dialog-done")
    dialog.close_button.click()
    assert window.session is None and window.pages.currentWidget() is window.sign_in_page  # signs in again


def test_restore_is_not_offered_to_a_practitioner(make_window, demo_paths, demo_backend):
    user = demo_user(demo_backend)
    demo_backend.close()
    window = make_window(demo_paths, user)
    assert not window.account_actions.restore_action.isVisible()
    window.account_actions.open_restore()
    assert window.account_actions.dialog is None


def test_a_backup_that_fails_its_check_is_refused_in_words_and_nothing_changes(make_window, demo_paths,
                                                                                 demo_backend, screenshot):
    backup = a_backup(demo_backend)
    data = bytearray(backup.read_bytes())
    data[-4000:-3000] = bytes(1000)
    backup.write_bytes(bytes(data))
    admin = demo_user(demo_backend, ADMIN)
    demo_backend.close()
    window = make_window(demo_paths, admin)
    window.account_actions.open_restore()
    dialog = window.account_actions.dialog
    dialog.restore_button.click()
    assert dialog.problem.isVisible() and "Nothing was restored" in dialog.problem.text()
    assert dialog.close_button.isEnabled() and window.session is not None
    assert not list(demo_paths.backups_dir.glob("*before-restore*"))


def test_a_missing_database_is_offered_its_newest_backup(make_window, demo_paths, demo_backend, screenshot, qtbot):
    a_backup(demo_backend)
    demo_backend.close()
    for leftover in demo_paths.data_dir.glob("gcp-desk.db*"):
        leftover.unlink()
    window = make_window(demo_paths)
    assert window.status.title.text() == "The database is missing"
    assert window.status.button.text() == "Restore the newest backup…"
    assert not demo_paths.database.exists()  # nothing made in its place
    screenshot(window, "missing-database-offer")

    window.status.button.click()
    dialog = window.start_up.restore_dialog
    assert dialog.backups.count() == 1 and not dialog.restore_button.isEnabled()  # a password first
    dialog.account.setCurrentText(ADMIN)
    dialog.password.setText("not the password")
    screenshot(dialog, "missing-database-restore")
    dialog.restore_button.click()
    assert dialog.problem.isVisible() and not demo_paths.database.exists()

    from gcp_desk.demo.accounts import DEMO_ACCOUNTS

    dialog.password.setText(next(account.password for account in DEMO_ACCOUNTS if account.name == ADMIN))
    dialog.restore_button.click()
    assert dialog.step.text().startswith("Restored"), dialog.problem.text()
    assert demo_paths.database.exists()
    dialog.close_button.click()
    assert window.pages.currentWidget() is window.sign_in_page  # the ordinary start, on the restored database


def test_without_a_backup_the_missing_database_is_said_and_nothing_is_offered(make_window, demo_paths, demo_backend):
    demo_backend.close()
    for leftover in demo_paths.data_dir.glob("gcp-desk.db*"):
        leftover.unlink()
    window = make_window(demo_paths)
    assert window.status.title.text() == "GCP Desk cannot open its database"
    assert "missing" in window.status.text.text() and window.status.button.text() == "Try again"
