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
from gcp_desk.ui.dialogs.extract_dialog import ExtractDialog
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
    dialog.passphrase.passphrase.setText(PASSPHRASE)
    dialog.passphrase.again.setText(PASSPHRASE + "x")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "The two passphrases differ: type them again."
    assert not target.exists()
    dialog.passphrase.again.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Exported"), timeout=10000)
    assert dialog.outcome.text().endswith(", encrypted.")
    assert target.read_bytes().startswith(b"GCPDESK-BUNDLE-SEALED-1\n")
    screenshot(dialog, "export-dialog")


def test_plain_needs_the_warning_acknowledged_and_the_extract_has_its_own_entry(make_window, demo_paths,
                                                                              demo_backend, qtbot, tmp_path,
                                                                              screenshot):
    window = make_window(demo_paths, demo_user(demo_backend))
    window.records_actions.export_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog), timeout=2000)
    dialog = window.records_actions.dialog
    assert dialog.scope.everything.isChecked(), "with no child open, everything I may see is the choice"
    assert not dialog.scope.child.isVisible() and not dialog.scope.household.isVisible()
    assert not dialog.warning.isVisible()
    dialog.plain.setChecked(True)
    assert dialog.warning.isVisible() and dialog.understood.isVisible() and not dialog.passphrase.isVisible()
    assert "NOT encrypted" in dialog.warning.text()
    assert dialog.file.path.text().endswith(".json")
    target = tmp_path / "plain.json"
    dialog.file.path.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text().startswith("Read the warning about plain files")
    assert not target.exists()
    screenshot(dialog, "export-dialog-plain")
    dialog.understood.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Exported"), timeout=10000)
    assert dialog.outcome.text().endswith("The file is NOT encrypted.")
    assert json.loads(target.read_text(encoding="utf-8"))["coverage"]["kind"] == "all"
    dialog.close()
    window.records_actions.extract_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExtractDialog), timeout=2000)
    extract = window.records_actions.dialog
    assert unnamed_controls(extract) == []
    extract.file.path.setText(str(tmp_path / "extract.csv"))
    qtbot.mouseClick(extract.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: extract.outcome.text().startswith("Wrote"), timeout=10000)
    assert (tmp_path / "extract.csv").read_bytes().startswith(b"\xef\xbb\xbfchild_ref,")
    screenshot(extract, "extract-dialog")


def test_the_passphrase_hint_says_how_hard_it_is_to_guess(make_window, demo_paths, demo_backend, qtbot):
    window = make_window(demo_paths, demo_user(demo_backend))
    window.records_actions.export_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog), timeout=2000)
    pair = window.records_actions.dialog.passphrase
    hints = {}
    for typed in ("short", "password123", "tulip8road", "copper kettle rain", "copper kettle rain lighthouse"):
        pair.passphrase.setText(typed)
        hints[typed] = pair.hint.accessibleName()
    assert hints["short"] == "Passphrase strength: Too short: use at least 10 characters (this has 5)."
    assert "Easy to guess" in hints["password123"]
    assert hints["tulip8road"].startswith("Passphrase strength: Fair")
    assert hints["copper kettle rain"].startswith("Passphrase strength: Good")
    assert hints["copper kettle rain lighthouse"] == "Passphrase strength: Strong."


def _bundle_children(path):
    return [child["id"] for child in json.loads(path.read_text(encoding="utf-8"))["children"]]


def _open_child_with_a_household(window, qtbot, user_backend):
    """Open, on the window, a child of the signed-in person's caseload who lives in a household with a sibling."""
    rows = user_backend.caseload()
    by_household = {}
    for row in rows:
        if row.household_id is not None:
            by_household.setdefault(row.household_id, []).append(row.child_id)
    household_id, children = next((h, c) for h, c in by_household.items() if len(c) > 1)
    window.open_child(children[0])
    qtbot.waitUntil(lambda: window.child_record.record is not None
                    and window.child_record.record.child.id == children[0], timeout=5000)
    return children[0], household_id, set(children)


def test_an_administrator_exports_the_open_child_and_the_bundle_holds_exactly_that_child(
        make_window, demo_paths, demo_backend, qtbot, tmp_path, screenshot):
    chris = demo_user(demo_backend, "Chris Halloran")  # supervisor and administrator
    window = make_window(demo_paths, chris)
    child_id, household_id, household_children = _open_child_with_a_household(
        window, qtbot, demo_backend.children(chris))
    window.records_actions.export_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog), timeout=2000)
    dialog = window.records_actions.dialog
    record = window.child_record.record
    assert dialog.scope.child.isChecked(), "the open child is the first choice"
    assert dialog.scope.child.text() == f"This &child: {record.child.full_name}"
    assert dialog.scope.household.isVisible() and record.household.name in dialog.scope.household.text()
    assert "one child" in dialog.file.path.text()
    dialog.passphrase.passphrase.setText(PASSPHRASE)
    dialog.passphrase.again.setText(PASSPHRASE)
    screenshot(dialog, "export-dialog-one-child")
    dialog.plain.setChecked(True)
    dialog.understood.setChecked(True)
    one = tmp_path / "one.json"
    dialog.file.path.setText(str(one))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Exported"), timeout=10000)
    assert dialog.outcome.text().startswith("Exported 1 child,")
    assert _bundle_children(one) == [str(child_id)]
    dialog.scope.household.setChecked(True)
    family = tmp_path / "household.json"
    dialog.file.path.setText(str(family))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: str(family) in dialog.outcome.text(), timeout=10000)
    assert set(_bundle_children(family)) == {str(c) for c in household_children}
    assert json.loads(family.read_text(encoding="utf-8"))["coverage"] == {"kind": "household",
                                                                          "id": str(household_id)}


def test_an_administrator_without_cases_is_not_offered_export_or_import(make_window, demo_paths, demo_backend):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))
    actions = window.records_actions
    assert not actions.export_action.isVisible()
    assert not actions.extract_action.isVisible()
    assert not actions.import_action.isVisible()


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


def test_export_runs_off_the_ui_thread_with_progress(demo_backend, qtbot, tmp_path):
    import threading

    from gcp_desk.ui.session import Session
    from gcp_desk.ui.tasks import TaskRunner

    session = Session(demo_backend, demo_user(demo_backend), date.today)
    dialog = ExportDialog(session, TaskRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    threads, seen = [], []
    dialog.relay.moved.connect(lambda done, total: seen.append((done, total)))
    original = dialog.relay.report
    dialog.relay.report = lambda done, total: (threads.append(threading.current_thread()), original(done, total))
    dialog.passphrase.passphrase.setText(PASSPHRASE)
    dialog.passphrase.again.setText(PASSPHRASE)
    dialog.file.path.setText(str(tmp_path / "all.bundle"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled() and dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Exported"), timeout=60000)
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    children = len(session.children.caseload())
    assert seen[-1] == (children, children)
    assert dialog.export_button.isEnabled() and not dialog.progress.isVisible()


def test_the_extract_of_the_open_child_has_that_child_alone_and_no_names(make_window, demo_paths, demo_backend, qtbot,
                                                                         tmp_path):
    import csv

    sam = demo_user(demo_backend)
    window = make_window(demo_paths, sam)
    child_id, _household, _children = _open_child_with_a_household(window, qtbot, demo_backend.children(sam))
    record = window.child_record.record
    window.records_actions.extract_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExtractDialog), timeout=2000)
    dialog = window.records_actions.dialog
    assert dialog.scope.child.isChecked()
    target = tmp_path / "one.csv"
    dialog.file.path.setText(str(target))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Wrote"), timeout=10000)
    assert " for 1 child to " in dialog.outcome.text()
    text = target.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and len({row["child_ref"] for row in rows}) == 1
    assert record.child.family_name not in text and str(child_id) not in text
