"""Kill the app with SIGKILL mid-assessment, reopen the database: every grade shown and everything typed more than
a second before the kill is there.

The test starts a separate Python process (this file, run as a script) that starts the app's real main window on the
database, with the real background task runner, goes to the assessment, and types and presses keys into it as a
person would. It reports on stdout how far it has got; the test kills it at a known point, with no chance to clean
up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import pytest

GRADES = (1, 2, 3, 4, 5, 2)
EARLY_TEXT = "Robin said he was hungry when he got home from school"
LATE_TEXT = " and that his sister shares her lunch with him"
EVIDENCE = "Packed lunch missing on both visits"
PASSWORD = "lantern-orchard-29"


def _prepare(data_dir: Path) -> tuple[UUID, UUID]:
    from gcp_desk.app import open_backend
    from gcp_desk.domain.enums import Relationship, Role, Sex
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(data_dir))
    try:
        user = backend.users().create("Sam Whitfield", Role.PRACTITIONER, password=PASSWORD)  # the first account
        children = backend.children(user)
        child = children.create_child(given_name="Robin", family_name="Ashworth",
                                      date_of_birth=date.today() - timedelta(days=7 * 365), sex=Sex.MALE)
        children.add_adult(child.id, given_name="Alex", family_name="Ashworth", relationship=Relationship.MOTHER,
                           sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
        services = backend.assessments(user)
        assessment = services.start(child.id)
        services.add_visit(assessment.id, on=date.today() - timedelta(days=1))
        return assessment.id, user.id
    finally:
        backend.close()


@pytest.mark.slow
def test_killing_the_app_mid_assessment_loses_at_most_the_last_second_of_typing(tmp_path: Path):
    data_dir = tmp_path / "data"
    assessment_id, user_id = _prepare(data_dir)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    driver = subprocess.Popen(
        [sys.executable, __file__, str(data_dir), str(assessment_id), str(user_id)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
    )
    said = []
    try:
        deadline = time.monotonic() + 60
        for line in driver.stdout:
            said.append(line.strip())
            if line.strip() == "typing-more" or time.monotonic() > deadline:
                break
        assert said[-1:] == ["typing-more"], f"the driver stopped early: {said}\n{driver.stderr.read()}"
        os.kill(driver.pid, signal.SIGKILL)  # no flush, no close, no atexit: the power went
    finally:
        if driver.poll() is None:
            driver.kill()
        driver.wait(timeout=10)
    assert driver.returncode == -signal.SIGKILL
    assert said == ["opened", "graded", "evidence", "typed", "typing-more"]

    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(data_dir))
    try:
        sam = backend.unlock(backend.accounts()[0].id, PASSWORD)
        assessment = backend.assessments(sam).get(assessment_id)
        instrument = backend.assessments(sam).instrument_for(assessment)
        first_items = instrument.applicable_item_ids(assessment.age_band)[: len(GRADES)]
        grades = {item_id: g.grade for item_id, g in assessment.item_grades.items()}
        assert [grades.get(item_id) for item_id in first_items] == list(GRADES), grades
        assert [note.text for note in assessment.evidence_for(first_items[-1])] == [EVIDENCE]
        # Typed more than a second before the kill: stored. Typed just before it: may be lost, never mangled.
        assert assessment.child_voice in (EARLY_TEXT, EARLY_TEXT + LATE_TEXT)
    finally:
        backend.close()


# The driver: runs in its own process ---------------------------------------------------------------------------
def _drive(data_dir: str, assessment_id: str, user_id: str) -> None:
    """Start the app's real main window on the database, go to the assessment, then grade and type into it."""
    from gcp_desk.ui import pyside_workarounds

    pyside_workarounds.apply()  # as the app does at start
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths
    from gcp_desk.settings import Settings
    from gcp_desk.ui.main_window import MainWindow
    from gcp_desk.ui.tasks import TaskRunner
    from gcp_desk.ui.views.assessment.navigator import Page

    paths = AppPaths.at(data_dir)
    settings = Settings.load(paths.settings_file)
    settings.last_user_id = user_id  # signed in as the practitioner who used it last, as on a work laptop
    settings.save(paths.settings_file)
    app = QApplication(sys.argv)  # noqa: F841 - lives as long as the process
    runner = TaskRunner()  # the real one: work on a background thread, as in the app
    window = MainWindow(runner, open_backend=lambda: open_backend(paths))
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    window.start()
    wait_until(lambda: window.pages.currentWidget() is window.sign_in_page, timeout=30)
    window.sign_in_page.password.setFocus()
    QTest.keyClicks(window.sign_in_page.password, PASSWORD)
    QTest.keyClick(window.sign_in_page.password, Qt.Key.Key_Return)
    wait_until(lambda: window.caseload is not None and window.pages.currentWidget() is window.caseload, timeout=30)
    child_id = window.caseload.model.rows()[0].child_id
    window.open_child(child_id)
    table = window.child_record.assessments.table
    wait_until(lambda: window.child_record.assessments.model.rowCount() == 1)
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Return)  # open the assessment in progress
    wait_until(lambda: window.workspace is not None and window.pages.currentWidget() is window.workspace)
    workspace = window.workspace
    assert str(workspace.session.assessment.id) == assessment_id
    wait_until(lambda: QApplication.focusWidget() is workspace.items.item.grades)
    say("opened")

    for index, grade in enumerate(GRADES):
        QTest.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{grade}"))
        card = workspace.items.item.grades.cards[grade - 1]
        wait_until(lambda: card.chosen)  # shown, so stored: the screen redraws only from what was stored
        if index < len(GRADES) - 1:
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    say("graded")

    workspace.items.evidence.focus_editor()
    QTest.keyClicks(QApplication.focusWidget(), EVIDENCE)
    pump(1300)  # typing stopped more than a second ago
    say("evidence")

    workspace.show_page(Page.CHILD_VOICE)
    QTest.keyClicks(QApplication.focusWidget(), EARLY_TEXT)
    pump(1300)
    say("typed")
    QTest.keyClicks(QApplication.focusWidget(), LATE_TEXT)
    say("typing-more")
    while True:  # until killed
        pump(1000)


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the workspace did not get there in time")
        pump(5)


def pump(msecs: int) -> None:
    """Run the event loop as the app does. (QTest.qWait would keep Python's lock all along and starve the
    background saves, which is not what happens in the app.)"""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def say(what: str) -> None:
    print(what, flush=True)


if __name__ == "__main__":
    _drive(*sys.argv[1:4])
