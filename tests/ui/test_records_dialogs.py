"""Export… and Import… on the tool bar: a practitioner exports their team's records encrypted, another laptop
imports them whole with progress shown while the work runs off the UI thread, and a bad bundle lists its problems
and adds nothing."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility import unnamed_controls
from gcp_desk.ui.dialogs.export_dialog import ExportDialog
from gcp_desk.ui.dialogs.import_dialog import ImportDialog
from shell_support import demo_user

PASSPHRASE = "correct horse battery"


def test_a_practitioner_exports_their_records_encrypted(make_window, demo_paths, demo_backend, qtbot, tmp_path,
                                                        screenshot):
    window = make_window(demo_paths, demo_user(demo_backend))
    action = window.records_actions.export_action
    assert action.isVisible() and action.isEnabled()
    screenshot(window, "window-with-export-and-import")
    action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog), timeout=2000)
    dialog = window.records_actions.dialog
    assert unnamed_controls(dialog) == []
    target = tmp_path / "northgate.bundle"
    dialog.file.path.setText(str(target))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE + "x")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "The two passphrases differ: type them again."
    assert not target.exists()
    dialog.again.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Exported"), timeout=10000)
    assert dialog.outcome.text().endswith(", encrypted.")
    assert target.read_bytes().startswith(b"GCPDESK-BUNDLE-SEALED-1\n")
    screenshot(dialog, "export-dialog")


def test_plain_is_said_to_be_unencrypted_and_the_extract_is_offered(make_window, demo_paths, demo_backend, qtbot,
                                                                     tmp_path, screenshot):
    window = make_window(demo_paths, demo_user(demo_backend))
    window.records_actions.export_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog), timeout=2000)
    dialog = window.records_actions.dialog
    dialog.plain.setChecked(True)
    assert dialog.warning.isVisible() and not dialog.passphrase.isEnabled()
    assert dialog.file.path.text().endswith(".json")
    screenshot(dialog, "export-dialog-plain")
    dialog.extract.setChecked(True)
    dialog.file.path.setText(str(tmp_path / "extract.csv"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Wrote"), timeout=10000)
    assert (tmp_path / "extract.csv").read_bytes().startswith(b"\xef\xbb\xbfchild_ref,")


def test_an_administrator_without_cases_is_not_offered_export_or_import(make_window, demo_paths, demo_backend):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))
    assert not window.records_actions.export_action.isVisible()
    assert not window.records_actions.import_action.isVisible()


def _sealed_export(demo_backend, tmp_path):
    user = demo_user(demo_backend)
    target = tmp_path / "from-northgate.bundle"
    summary = demo_backend.exports(user).export(target, passphrase=PASSPHRASE)
    return target, summary


def today_session(backend, practitioner):
    """Records made by the demo fixture today are checked against today (the shared session's day is fixed)."""
    from gcp_desk.ui.session import Session

    return Session(backend, practitioner, date.today)


def test_another_laptop_imports_the_bundle_off_the_ui_thread_with_progress(backend, practitioner, demo_backend,
                                                                           qtbot, tmp_path, screenshot):
    from gcp_desk.ui.tasks import TaskRunner

    session = today_session(backend, practitioner)

    bundle, summary = _sealed_export(demo_backend, tmp_path)
    threaded = TaskRunner()
    dialog = ImportDialog(session, threaded)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.passphrase.isVisible()
    dialog.file.path.setText(str(bundle))
    assert dialog.passphrase.isVisible(), "a sealed bundle asks for its passphrase"
    dialog.passphrase.setText(PASSPHRASE)
    seen = []
    dialog.relay.moved.connect(lambda done, total: seen.append((done, total)))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=60000)
    assert dialog.problem.isHidden(), dialog.problem.text() + dialog.problems.toPlainText()[:2000]
    assert seen[0] == (0, 0) and seen[-1] == (summary.children, summary.children)
    assert dialog.outcome.text().startswith(f"Imported {summary.children:,} children")
    assert len(session.children.caseload()) == summary.children
    screenshot(dialog, "import-dialog")


def test_a_bad_bundle_lists_its_problems_and_adds_nothing(backend, practitioner, demo_backend, runner, qtbot,
                                                          tmp_path, screenshot):
    session = today_session(backend, practitioner)
    plain = tmp_path / "plain.json"
    demo_backend.exports(demo_user(demo_backend)).export(plain, passphrase=None)
    bundle = json.loads(plain.read_text(encoding="utf-8"))
    bundle["children"][1]["date_of_birth"] = "2090-01-01"
    assessment = next(a for c in bundle["children"] for a in c["assessments"] if a["item_grades"])
    assessment["item_grades"][next(iter(assessment["item_grades"]))]["grade"] = 7
    plain.write_text(json.dumps(bundle), encoding="utf-8")
    dialog = ImportDialog(session, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file.path.setText(str(plain))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text().startswith("Nothing was imported: the bundle has")
    listed = dialog.problems.toPlainText()
    assert "children[1].date_of_birth: 2090-01-01 is not a plausible date of birth" in listed
    assert "grade 7 is not on the 1-5 scale" in listed
    assert session.children.caseload() == []
    screenshot(dialog, "import-dialog-problems")


def test_progress_reads_as_children_done(session, runner, qtbot):
    dialog = ImportDialog(session, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.relay.report(0, 0)
    assert dialog.progress.isVisible() and dialog.progress.maximum() == 0
    dialog.relay.report(250, 1000)
    assert dialog.progress.format() == "250 of 1,000 children"
