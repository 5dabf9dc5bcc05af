"""Administrators choose the instrument new assessments use from the tool bar, and see any file that failed to
load with its problems; nobody else is offered it."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility import unnamed_controls
from gcp_desk.ui.dialogs.instrument_dialog import CHOSEN_MARK, InstrumentDialog
from shell_support import demo_user

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "instruments"


def test_an_administrator_chooses_a_licensed_instrument_and_sees_a_file_that_failed(make_window, demo_paths,
                                                                                    demo_backend, qtbot):
    folder = demo_paths.instruments_dir
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "mini-profile-1.json", folder)
    shutil.copy(FIXTURES / "wrong-types.json", folder)
    demo_backend.instruments.reload()
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))
    window.session.backend.instruments.reload()
    action = window.account_actions.instrument_action
    assert action.isVisible()
    action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), InstrumentDialog), timeout=2000)
    dialog = window.account_actions.dialog
    rows = [dialog.installed.item(i).text() for i in range(dialog.installed.count())]
    assert rows[2] == "GCP Desk neglect profile, version 3 (gcp-desk-neglect-profile)" + CHOSEN_MARK
    assert "Mini test profile, version 1 (mini-profile)" in rows
    assert "wrong-types.json" in dialog.problems.toPlainText()
    assert unnamed_controls(dialog) == []
    dialog.installed.setCurrentRow(rows.index("Mini test profile, version 1 (mini-profile)"))
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.installed.currentItem().text().endswith(CHOSEN_MARK), timeout=2000)
    dialog.grab().save(str(Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots" /
                           "instrument-dialog.png"))
    assert "mini-profile" in dialog.installed.currentItem().text()


def test_a_practitioner_is_not_offered_the_instrument_choice(make_window, demo_paths, demo_backend):
    window = make_window(demo_paths, demo_user(demo_backend))
    assert not window.account_actions.instrument_action.isVisible()
