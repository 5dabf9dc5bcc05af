"""Desktop manners: the About box, the dialog after an unexpected error, and the window that opens where it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTextEdit

from gcp_desk import __version__
from gcp_desk.licences import SHIPPED
from gcp_desk.logging_setup import log_dir, log_file, start_logging
from gcp_desk.ui import crash_dialog, crash_handler
from gcp_desk.ui.about_dialog import AboutDialog
from gcp_desk.ui.desktop import dress_application, dress_window
from gcp_desk.ui.window_memory import WindowMemory


@pytest.fixture
def window_settings(tmp_path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield tmp_path / "settings"


def test_about_box_says_version_instrument_folders_and_licences(qtbot, demo_backend, screenshot):
    dialog = AboutDialog(demo_backend)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    heading, facts = dialog.heading.text(), dialog.facts.text()
    assert f"GCP Desk {__version__}" in heading
    assert "GCP Desk neglect profile, version 1" in facts
    assert str(demo_backend.paths.data_dir) in facts and str(log_dir()) in facts
    licences = dialog.licences.toPlainText()
    for name, _job, licence in SHIPPED:
        assert name in licences and licence in licences
    screenshot(dialog, "about-box")


def test_every_dependency_is_in_the_licence_list():
    from importlib.metadata import requires

    declared = {line.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
                for line in requires("gcp-desk") or [] if "extra ==" not in line}
    listed = {name.lower() for name, _job, _licence in SHIPPED}
    assert declared <= listed, f"shipped but not in gcp_desk/licences.py: {sorted(declared - listed)}"


def test_application_has_name_organisation_version_and_icon(qapp):
    import sys
    import threading

    hooks = sys.excepthook, threading.excepthook
    dress_application(qapp)
    try:
        assert sys.excepthook is crash_handler.handle_uncaught
        assert qapp.applicationName() == "GCP Desk" and qapp.organizationName() == "GCP Desk"
        assert qapp.applicationVersion() == __version__
        assert not qapp.windowIcon().isNull()
        assert {size.width() for size in qapp.windowIcon().availableSizes()} >= {16, 32, 48, 256}
    finally:
        sys.excepthook, threading.excepthook = hooks


def test_an_unexpected_error_shows_what_happened_and_where_the_log_is(qtbot, monkeypatch, screenshot):
    shown = []

    def look(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        screenshot(dialog, "crash-dialog")
        shown.append((dialog.what.text(), dialog.where.text(), dialog.safety.text()))
        return 0

    start_logging("test")
    monkeypatch.setattr(crash_dialog.CrashDialog, "exec", look)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as error:
        crash_handler.handle_uncaught(type(error), error, error.__traceback__)
    (what, where, safety), = shown
    assert "division by zero (ZeroDivisionError)" in what
    assert str(log_file()) in where
    assert "saved" in safety
    assert "ZeroDivisionError" in log_file().read_text(encoding="utf-8")


def test_window_opens_at_the_size_place_and_splits_it_was_closed_with(qtbot, window_settings):
    def make():
        window = QMainWindow()
        split = QSplitter()
        split.addWidget(QTextEdit())
        split.addWidget(QTextEdit())
        window.setCentralWidget(split)
        window.resize(600, 400)
        qtbot.addWidget(window)
        memory = dress_window(window)
        assert isinstance(memory, WindowMemory)
        window.show()
        qtbot.waitExposed(window)
        return window, split

    window, split = make()
    window.resize(700, 500)
    split.setSizes([450, 250])
    split.splitterMoved.emit(450, 1)
    sizes = split.sizes()
    window.close()
    again, split_again = make()
    QApplication.processEvents()
    assert (again.width(), again.height()) == (700, 500)
    assert split_again.sizes() == sizes
    assert again.about_action.shortcut().toString() == "F1"
