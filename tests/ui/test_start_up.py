"""Start-up: the sign-in screen for the last user from a quick first read, the backend opened behind it, the
caseload only after a right password; and the ordinary way whenever the quick read declines."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.app import open_backend
from gcp_desk.domain.errors import DatabaseUnavailable
from gcp_desk.domain.people import User
from gcp_desk.paths import AppPaths
from gcp_desk.storage.quick_start import read_quick_start
from gcp_desk.ui.main_window import MainWindow
from gcp_desk.ui.tasks import TaskRunner
from shell_support import DEMO_CHILDREN, demo_user, fixed_today, password_of, sign_in_as, wait_for_focus


def quick_read(paths: AppPaths):
    return read_quick_start(paths.database, paths.settings_file)


def remember(paths: AppPaths, user: User) -> None:
    from gcp_desk.settings import Settings

    settings = Settings.load(paths.settings_file)
    settings.last_user_id = str(user.id)
    settings.save(paths.settings_file)


def no_child_on_screen(window: MainWindow) -> bool:
    """Nothing of any child's record is built or filled, let alone shown."""
    caseload_empty = window.caseload is None or window.caseload.model.rowCount() == 0
    record_empty = window.child_record is None or window.child_record.record is None
    return caseload_empty and record_empty and window.workspace is None


@pytest.fixture
def new_window(qtbot):
    def make(paths: AppPaths, runner: TaskRunner, opener=None) -> MainWindow:
        window = MainWindow(runner, open_backend=opener or (lambda: open_backend(paths)), today=fixed_today)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def test_the_quick_first_screen_asks_the_last_user_for_their_password_and_shows_no_child(
        new_window, runner, demo_paths, demo_backend, qtbot, screenshot):
    sam = demo_user(demo_backend)
    remember(demo_paths, sam)
    window = new_window(demo_paths, runner)
    window.start_at_once(quick_read(demo_paths))
    page = window.sign_in_page
    assert window.pages.currentWidget() is page
    assert page.account.currentText() == "Sam Whitfield"
    wait_for_focus(qtbot, page.password)
    assert no_child_on_screen(window)
    assert not window.navigation.isVisible(), "no breadcrumb, no caseload button before signing in"
    # The backend was opened behind it (at once, with a synchronous runner): every account can be chosen.
    assert window.backend is not None and window.session is None
    assert page.account.count() == len(demo_backend.users().accounts())
    assert unnamed_controls(window) == []
    screenshot(window, "start-sign-in")
    sign_in_as(qtbot, window, sam)
    assert window.session.user == sam
    assert window.pages.currentWidget() is window.caseload
    assert window.caseload.model.rows() == demo_backend.children(sam).caseload()
    assert window.caseload.proxy.rowCount() == len(demo_backend.children(sam).caseload()) < DEMO_CHILDREN
    assert window.user_label.text() == "Working as Sam Whitfield (practitioner)"
    table = window.caseload.table
    wait_for_focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    child_id = window.caseload.current_child_id()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.child_record
    assert window.child_record.record.child.id == child_id


def test_a_wrong_password_at_start_is_said_in_words_and_nothing_opens(new_window, runner, demo_paths,
                                                                     demo_backend, qtbot):
    sam = demo_user(demo_backend)
    remember(demo_paths, sam)
    window = new_window(demo_paths, runner)
    window.start_at_once(quick_read(demo_paths))
    sign_in_as(qtbot, window, sam, "not my password at all")
    page = window.sign_in_page
    assert window.session is None and no_child_on_screen(window)
    assert window.pages.currentWidget() is page
    assert "That password is not right for Sam Whitfield" in page.form.problem_text("current")
    assert page.password.text() == "", "the wrong password is cleared"
    assert page.account.currentText() == "Sam Whitfield", "the name is kept"
    wait_for_focus(qtbot, page.password)
    qtbot.keyClicks(page.password, password_of(sam))
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert window.session is not None and window.pages.currentWidget() is window.caseload


def test_a_password_typed_while_the_database_is_still_opening_signs_in_once_it_is(new_window, qapp, demo_paths,
                                                                                 demo_backend, qtbot):
    sam = demo_user(demo_backend)
    remember(demo_paths, sam)
    runner = TaskRunner()  # a real background worker
    window = new_window(demo_paths, runner)
    window.start_at_once(quick_read(demo_paths))
    # On screen at once, before the backend is open (its result can only arrive through the event loop).
    assert window.backend is None
    assert window.pages.currentWidget() is window.sign_in_page
    assert unnamed_controls(window) == []
    with qtbot.waitSignal(window.caseload_ready, timeout=20_000):
        sign_in_as(qtbot, window, sam)
    assert window.session.user == sam
    assert window.caseload.model.rowCount() == len(demo_backend.children(sam).caseload())
    wanted = window.caseload.proxy.child_id_at(3)
    window.caseload.table.selectRow(3)
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.child_record.record is not None, timeout=20_000)
    assert window.child_record.record.child.id == wanted
    assert not window.message_bar.isVisible()
    window.close()
    assert not runner.is_busy and window.backend is None


def test_what_the_caseload_reads_once_on_screen_is_read_after_signing_in(new_window, make_window, qapp, demo_paths,
                                                                        demo_backend, qtbot):
    """Who needs attention is read after the list is on screen, through the services, with the real worker."""
    from gcp_desk.ui.models.caseload_model import CaseloadFilter

    sam = demo_user(demo_backend)
    ordinary = make_window(demo_paths, sam)  # synchronous: everything is read before this returns
    expected = ordinary.caseload.filter_buttons[CaseloadFilter.NEEDS_ATTENTION].text()
    assert expected != f"{CaseloadFilter.NEEDS_ATTENTION.value} (0)", "the demo caseload has children to flag"
    runner = TaskRunner()
    window = new_window(demo_paths, runner)
    window.start_at_once(quick_read(demo_paths))
    sign_in_as(qtbot, window, sam)
    qtbot.waitUntil(lambda: window.caseload is not None, timeout=20_000)
    button = window.caseload.filter_buttons[CaseloadFilter.NEEDS_ATTENTION]
    qtbot.waitUntil(lambda: button.text() == expected, timeout=20_000)
    assert "could not be worked out" not in window.caseload.attention.note.text()
    window.close()


def test_closing_while_the_database_opens_behind_the_sign_in_screen_still_closes_it(new_window, qapp, demo_paths,
                                                                                   demo_backend, qtbot):
    remember(demo_paths, demo_user(demo_backend))
    closed = []

    def opener():
        backend = open_backend(demo_paths)
        close = backend.close
        backend.close = lambda: (closed.append(backend), close())
        return backend

    runner = TaskRunner()
    window = new_window(demo_paths, runner, opener=opener)
    window.start_at_once(quick_read(demo_paths))
    window.close()  # while the backend is still opening behind the sign-in screen
    assert len(closed) == 1
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=5_000)
    assert window.backend is None and len(closed) == 1, "closed once, and not handed to a closed window"


def test_an_account_gone_from_the_database_is_not_offered(new_window, runner, demo_paths, demo_backend):
    from uuid import uuid4

    from gcp_desk.domain.enums import Role
    from gcp_desk.storage.quick_start import QuickUser

    remember(demo_paths, demo_user(demo_backend))
    quick = dataclasses.replace(quick_read(demo_paths), user=QuickUser(uuid4(), "Gone Away", (Role.PRACTITIONER,)))
    window = new_window(demo_paths, runner)
    window.start_at_once(quick)
    page = window.sign_in_page
    assert window.pages.currentWidget() is page
    offered = [page.account.itemText(i) for i in range(page.account.count())]
    assert "Gone Away (practitioner)" not in offered
    assert len(offered) == len(demo_backend.users().accounts())
    assert window.session is None


def test_on_first_run_the_quick_read_declines_and_the_welcome_screen_shows(new_window, runner, empty_paths):
    quick = quick_read(empty_paths)
    assert quick is None
    window = new_window(empty_paths, runner)
    window.start_at_once(quick)
    assert window.sign_in.dialog is not None and window.sign_in.dialog.isVisible()


def test_a_database_from_a_newer_app_is_still_explained_in_words(new_window, runner, demo_paths, demo_backend, qtbot):
    from gcp_desk.storage import cipher

    sam = demo_user(demo_backend)
    remember(demo_paths, sam)
    connection = cipher.connect(demo_paths.database, key=demo_backend.keys.data_key)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    demo_backend.close()
    quick = quick_read(demo_paths)  # the name comes from the key file: the database is not read before a password
    assert quick is not None
    window = new_window(demo_paths, runner)
    window.start_at_once(quick)
    sign_in_as(qtbot, window, sam)
    assert window.session is None
    problem = window.sign_in_page.form.general_problem
    assert "newer than this copy of GCP Desk" in problem, problem


def test_a_database_that_cannot_be_opened_behind_the_sign_in_screen_is_explained_and_nothing_queued_crashes(
        new_window, qapp, demo_paths, demo_backend, qtbot):
    sam = demo_user(demo_backend)
    remember(demo_paths, sam)
    runner = TaskRunner()

    def busy_database():
        raise DatabaseUnavailable("The GCP Desk database is busy with another task. Wait a moment and try again.")

    window = new_window(demo_paths, runner, opener=busy_database)
    with qtbot.waitSignal(window.start_refused, timeout=20_000):
        window.start_at_once(quick_read(demo_paths))
        sign_in_as(qtbot, window, sam)  # typed before the opening failed
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=5_000)
    assert window.pages.currentWidget() is window.status
    assert window.status.title.text() == "GCP Desk cannot open its database"
    assert "busy with another task" in window.status.text.text()
    assert window.status.button.text() == "Try again"
    assert window.session is None and no_child_on_screen(window)
    window.close()


def test_the_app_shows_the_sign_in_screen_before_importing_sqlalchemy_or_pydantic(demo_paths, demo_backend):
    """The real start: ``gcp-desk --data-dir ...``, checked at the moment the sign-in screen is on screen."""
    remember(demo_paths, demo_user(demo_backend))
    code = (
        "import sys\n"
        "import gcp_desk.app, gcp_desk.storage.quick_start\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from gcp_desk.ui import launch\n"
        "report = launch._report_ready_and_quit\n"
        "def check_then_report(window, app):\n"
        "    def check():\n"
        "        heavy = sorted(m for m in ('pydantic', 'sqlalchemy', 'alembic', 'matplotlib', 'reportlab')\n"
        "                       if m in sys.modules)\n"
        "        page = window.sign_in_page\n"
        "        on_screen = window.isVisible() and window.pages.currentWidget() is page\n"
        "        print('at ready:', heavy, on_screen, page.account.currentText(), window.caseload is None,\n"
        "              QApplication.focusWidget() is page.password or page.password.hasFocus(), flush=True)\n"
        "    window.sign_in_shown.connect(check)\n"
        "    report(window, app)\n"
        "launch._report_ready_and_quit = check_then_report\n"
        "from gcp_desk.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(demo_paths.data_dir)!r}]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GCP_DESK_REPORT_READY="1")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    lines = result.stdout.splitlines()
    assert lines and lines[0] == "at ready: [] True Sam Whitfield True True", (
        result.stdout + result.stderr[-2000:])
    assert lines[1].startswith("gcp-desk ready ")
    assert result.returncode == 0, result.stderr[-2000:]
