"""The main window: start-up, moving between screens, and problems shown in words, never a crash."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.app import open_backend
from gcp_desk.storage.schema_version import SCHEMA_HEAD
from gcp_desk.ui.main_window import MainWindow, workspace_available
from gcp_desk.ui.tasks import TaskRunner
from shell_support import demo_user, fixed_today, make_user, sign_in_as, wait_for_focus


def test_returning_user_sees_the_caseload_at_once(make_window, demo_paths, demo_backend, screenshot):
    window = make_window(demo_paths, demo_user(demo_backend))
    assert window.pages.currentWidget() is window.caseload
    team = len(demo_backend.children(demo_user(demo_backend)).caseload())
    assert 0 < team < 30, "the demo's 30 children are in two teams; Sam sees Northgate's"
    assert window.caseload.proxy.rowCount() == window.caseload.model.rowCount() == team
    assert window.user_label.text() == "Working as Sam Whitfield (practitioner)"
    assert window.breadcrumb.text() == "Caseload"
    assert not window.back_action.isEnabled()
    assert unnamed_controls(window) == []
    screenshot(window, "main-window-caseload")


def test_the_window_shows_loading_calmly_and_never_waits_for_the_database(qtbot, demo_paths, demo_backend):
    from gcp_desk.settings import Settings

    settings = Settings.load(demo_paths.settings_file)
    settings.last_user_id = str(demo_user(demo_backend).id)
    settings.save(demo_paths.settings_file)
    runner = TaskRunner()  # a real background worker
    window = MainWindow(runner, open_backend=lambda: open_backend(demo_paths), today=fixed_today)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sign_in_shown, timeout=20_000):
        window.start()
        # The call returned at once: the window is drawn and says what it is doing.
        assert window.pages.currentWidget() is window.status
        assert window.status.title.text() == "Opening GCP Desk…"
    with qtbot.waitSignal(window.caseload_ready, timeout=20_000):
        sign_in_as(qtbot, window, demo_user(demo_backend))
        # The password is checked on the worker: the window says so meanwhile.
        assert window.sign_in_page.busy_label.isVisible()
    assert window.caseload.model.rowCount() == len(demo_backend.children(demo_user(demo_backend)).caseload())
    window.close()
    assert not runner.is_busy


def test_moving_between_caseload_and_child_by_keyboard(make_window, demo_paths, demo_backend, qtbot, screenshot):
    window = make_window(demo_paths, demo_user(demo_backend))
    table = window.caseload.table
    wait_for_focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    child_id = window.caseload.current_child_id()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.child_record
    record = window.child_record.record
    assert record.child.id == child_id
    assert window.breadcrumb.text() == f"Caseload  ›  {record.child.full_name}"
    assert window.back_action.isEnabled()
    assert unnamed_controls(window) == []
    screenshot(window, "main-window-child-record")
    qtbot.keyClick(window.child_record, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.pages.currentWidget() is window.caseload
    assert window.caseload.current_child_id() == child_id, "the caseload keeps its place"
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.child_record
    window.child_record.adults.table.setFocus()
    wait_for_focus(qtbot, window.child_record.adults.table)
    qtbot.keyClick(window.child_record.adults.table, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.caseload
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.keyClick(window.child_record, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.pages.currentWidget() is window.caseload


def test_a_new_child_opens_on_its_record_and_joins_the_caseload(make_window, empty_paths, qtbot):
    backend = open_backend(empty_paths)
    user = make_user(backend, "Jo Macintyre")
    backend.close()
    window = make_window(empty_paths, user)
    window.caseload.new_child_button.click()
    dialog = window.caseload.dialog
    dialog.given_name.setText("Robin")
    dialog.family_name.setText("Testcase")
    dialog.date_of_birth.setText("3/5/2019")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.child_record
    assert window.child_record.heading.text() == "Robin Testcase"
    assert window.child_record.father_prompt.isVisible()
    assert [r.full_name for r in window.caseload.model.rows()] == ["Robin Testcase"]


@pytest.mark.skipif(not workspace_available(), reason="the assessment workspace is not built yet")
def test_starting_an_assessment_goes_to_the_workspace_and_back(make_window, empty_paths, qtbot):
    from datetime import date

    backend = open_backend(empty_paths)
    user = make_user(backend, "Jo Macintyre")
    child = backend.children(user).create_child(given_name="Robin", family_name="Testcase",
                                                date_of_birth=date(2019, 5, 3))
    backend.close()
    window = make_window(empty_paths, user)
    window.open_child(child.id)
    qtbot.mouseClick(window.child_record.assessments.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.workspace
    assert window.breadcrumb.text() == "Caseload  ›  Robin Testcase  ›  Assessment"
    window.back()
    assert window.pages.currentWidget() is window.child_record
    assert window.child_record.assessments.model.rowCount() == 1
    window.child_record.assessments.table.setFocus()
    qtbot.keyClick(window.child_record.assessments.table, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.workspace
    window.show_caseload()
    assert window.pages.currentWidget() is window.caseload
    assert window.caseload.model.rows()[0].latest_status is not None, "the caseload shows the new assessment"


def set_schema_version(paths, version: str) -> None:
    """As a newer app would leave it: the new folder's key is still waiting beside it (no account yet)."""
    from gcp_desk.storage import cipher
    from gcp_desk.vault import UNCLAIMED

    key = bytes.fromhex((paths.data_dir / UNCLAIMED).read_text())
    connection = cipher.connect(paths.database, key=key)
    connection.execute("UPDATE alembic_version SET version_num = ?", (version,))
    connection.close()


def test_a_database_from_a_newer_app_is_explained_in_the_window(make_window, empty_paths):
    set_schema_version(empty_paths, "9999")
    window = make_window(empty_paths)
    assert window.pages.currentWidget() is window.status
    assert window.status.title.text() == "GCP Desk cannot open its database"
    assert "newer than this copy of GCP Desk" in window.status.text.text()
    assert "Traceback" not in window.status.text.text()
    assert window.status.button.text() == "Try again"
    set_schema_version(empty_paths, SCHEMA_HEAD)  # say the right app was installed: Try again now works
    window.status.button.click()
    assert window.sign_in.dialog is not None and window.sign_in.dialog.isVisible()


def test_a_damaged_database_file_is_explained_in_the_window(make_window, tmp_path):
    from gcp_desk.paths import AppPaths

    paths = AppPaths.at(tmp_path / "damaged").ensure()
    paths.database.write_bytes(b"this is not a database at all " * 200)
    window = make_window(paths)
    assert window.status.title.text() == "GCP Desk cannot open its database"
    assert "not a GCP Desk database" in window.status.text.text() and "key file" in window.status.text.text()
    assert paths.database.read_bytes() == b"this is not a database at all " * 200, "refused, never changed"


def test_an_empty_database_file_is_refused_never_given_a_new_schema(make_window, tmp_path):
    from gcp_desk.paths import AppPaths
    from gcp_desk.settings import Settings

    paths = AppPaths.at(tmp_path / "emptied").ensure()
    Settings(has_held_database=True).save(paths.settings_file)  # a folder whose database has been opened before
    paths.database.write_bytes(b"")
    window = make_window(paths)
    assert window.status.title.text() == "GCP Desk cannot open its database"
    assert "is empty (0 bytes)" in window.status.text.text()
    assert paths.database.stat().st_size == 0


def test_a_database_that_vanishes_while_running_is_reported_and_nothing_stored_is_lost(
        make_window, demo_paths, demo_backend, qtbot):
    window = make_window(demo_paths, demo_user(demo_backend))
    rows = window.caseload.model.rows()
    window.open_child(rows[0].child_id)
    assert window.child_record.record is not None
    away = demo_paths.data_dir.with_name("usb-stick-pulled-out")
    demo_paths.data_dir.rename(away)  # the stick is pulled out
    try:
        window.child_record.start_assessment()  # on the record still on screen
        assert window.message_bar.isVisible() and window.message_bar.kind == "error"
        words = window.message_bar.text
        assert "cannot be found" in words and "Everything saved before this is safe" in words
        assert window.child_record.assessments.start_button.isEnabled()
        window.message_bar.clear()
        window.open_child(rows[1].child_id)
        assert window.child_record.heading.text() == "This record could not be opened"
        assert not window.child_record.details.isVisible(), "another child's details are not left on screen"
        assert "cannot be found" in window.message_bar.text
        window.message_bar.clear()
        window.caseload.new_child()
        dialog = window.caseload.dialog
        dialog.given_name.setText("Robin")
        dialog.family_name.setText("Testcase")
        dialog.date_of_birth.setText("3/5/2019")
        qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
        assert dialog.isVisible(), "what was typed stays in the dialog"
        assert "cannot be found" in window.message_bar.text
        assert dialog.buttons.buttons()[0].isEnabled()
        dialog.reject()
    finally:
        away.rename(demo_paths.data_dir)  # plugged back in
    window.message_bar.clear()
    window.open_child(rows[1].child_id)
    assert window.child_record.record.child.id == rows[1].child_id
    assert not window.message_bar.isVisible()
    assert len(window.session.children.caseload()) == len(rows), "nothing already stored was lost"


def test_what_the_window_needs_first_imports_neither_pydantic_nor_sqlalchemy():
    """The window is built while the worker imports the backend; sharing those imports across two threads can
    deadlock or meet a half-imported module, so the start-up path must leave them to the worker."""
    import subprocess
    import sys

    code = ("import sys, gcp_desk.cli, gcp_desk.app, gcp_desk.ui.launch, gcp_desk.ui.main_window; "
            "print(sorted(m for m in ('pydantic', 'sqlalchemy', 'alembic', 'matplotlib', 'reportlab') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_app_survives_many_thousands_of_qt_calls_in_one_session(qapp):
    """PySide6 6.12.0 under Python 3.11 drops a reference to None on every call that returns nothing, and the
    process aborts after a few thousand such calls; the installed PySide6 must not."""
    import builtins
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "from gcp_desk.ui import pyside_workarounds\n"
        "app = QApplication([])\n"
        "pyside_workarounds.apply()\n"
        "before = sys.getrefcount(None)\n"
        "label = QLabel()\n"
        "for i in range(50_000):\n"
        "    label.setText(str(i))\n"
        "assert sys.getrefcount(None) >= before - 100, 'None is leaking'\n"
        "print('still running')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.stdout.strip() == "still running", result.stderr[-500:]
    assert getattr(builtins.__import__, "__name__", "") != "__feature_import__"
