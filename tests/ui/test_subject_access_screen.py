"""Subject access in the app: only administrators are offered it; they find the child by name (name, date of
birth and team only), produce the PDF and the bundle into a folder, and tick off every third party the record
names, each tick recorded in the audit trail without a name."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility import unnamed_controls
from gcp_desk.ui.dialogs.subject_access_dialog import SubjectAccessDialog
from shell_support import demo_user

PASSPHRASE = "copper kettle rain lighthouse"


def test_a_practitioner_is_not_offered_subject_access(make_window, demo_paths, demo_backend):
    window = make_window(demo_paths, demo_user(demo_backend))
    actions = window.records_actions
    assert actions.button_action.isVisible(), "the Records menu is there for export and import"
    assert not actions.subject_access_action.isVisible()
    actions.open_subject_access()
    assert actions.dialog is None


def _open(window, qtbot):
    window.records_actions.subject_access_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SubjectAccessDialog), timeout=2000)
    return window.records_actions.dialog


def test_an_administrator_produces_the_files_and_reviews_every_third_party(make_window, demo_paths, demo_backend,
                                                                          qtbot, tmp_path, screenshot):
    sam = demo_user(demo_backend)
    row = max(demo_backend.children(sam).caseload(), key=lambda r: r.assessment_count)
    alex = demo_user(demo_backend, "Alex Morrow")  # an administrator with no case role
    window = make_window(demo_paths, alex)
    actions = window.records_actions
    assert actions.button_action.isVisible() and actions.subject_access_action.isVisible()
    assert not actions.export_action.isVisible(), "an administrator without a case role exports nothing"
    dialog = _open(window, qtbot)
    assert unnamed_controls(dialog) == []
    qtbot.mouseClick(dialog.produce_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Find the child and choose them in the list first."
    dialog.search.setText("zzqx")
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == 'No child\'s name or identifier holds "zzqx".'
    dialog.search.setText(row.family_name)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    names = [dialog.matches.item(r, 0).text() for r in range(dialog.matches.rowCount())]
    assert row.full_name in names
    assert dialog.matches.columnCount() == 3  # name, date of birth, team: nothing more
    dialog.matches.selectRow(names.index(row.full_name))
    assert dialog.chosen_child().child_id == row.child_id
    dialog.folder.path.setText(str(tmp_path))
    dialog.passphrase.passphrase.setText(PASSPHRASE)
    dialog.passphrase.again.setText(PASSPHRASE)
    screenshot(dialog, "subject-access-find")
    qtbot.mouseClick(dialog.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Wrote"), timeout=30000)
    pdf, bundle = tmp_path / f"subject-access-{row.child_id}.pdf", tmp_path / f"subject-access-{row.child_id}.bundle"
    assert pdf.read_bytes().startswith(b"%PDF") and bundle.read_bytes().startswith(b"GCPDESK-BUNDLE-SEALED-1\n")
    review = dialog.review
    parties = dialog._made.third_parties
    assert review.isVisible() and review.table.rowCount() == len(parties) > 3
    shown = {(review.table.item(r, 2).text(), review.table.item(r, 1).text()) for r in range(len(parties))}
    assert ("Member of staff", "Sam Whitfield") in shown
    assert any(kind == "Adult in the child's network" and who.endswith("(mother)") for kind, who in shown)
    shown_names = [who for _, who in shown]
    assert "Children's social care" not in shown_names and "Family" not in shown_names  # not third parties
    assert len(shown_names) == len(set(shown_names)), "one row per third party"
    assert review.count.text().startswith(f"0 of {len(parties)} third parties reviewed")
    review.set_reviewed(0, True)
    review.set_reviewed(1, True)
    assert review.count.text().startswith(f"2 of {len(parties)} third parties reviewed")
    screenshot(dialog, "subject-access-review")
    review.set_reviewed(1, False)
    for r in range(1, len(parties)):
        review.set_reviewed(r, True)
    assert review.count.text().startswith(f"All {len(parties)} third parties are marked reviewed.")
    with demo_backend.db.read() as uow:
        produced = uow.audit.events_of(("subject-access.produce",))
        marks = uow.audit.events_of(("subject-access.third-party-reviewed",))
    assert [event.entity_id for event in produced] == [str(row.child_id)]
    assert len(marks) == len(parties) + 2  # every tick, and the one taken back and given again
    assert [m.after["reviewed"] for m in marks[:3]] == [True, True, False]
    assert {m.after["request_id"] for m in marks} == {str(produced[0].id)}
    assert all(set(m.after) == {"request_id", "party", "of", "kind", "reviewed"} for m in marks)
    names_of_parties = {party.name for party in parties}
    assert not any(name in json.dumps(m.after) for m in marks for name in names_of_parties)


def test_a_plain_bundle_needs_the_warning_acknowledged(make_window, demo_paths, demo_backend, qtbot, tmp_path):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))
    dialog = _open(window, qtbot)
    row = demo_backend.children(demo_user(demo_backend)).caseload()[0]
    dialog.search.setText(row.family_name)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    dialog.matches.selectRow(0)
    out = tmp_path / "out"
    out.mkdir()
    dialog.folder.path.setText(str(out))
    dialog.plain.setChecked(True)
    assert dialog.warning.isVisible() and not dialog.passphrase.isVisible()
    qtbot.mouseClick(dialog.produce_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text().startswith("Read the warning about a plain bundle")
    assert list(out.iterdir()) == []
    dialog.understood.setChecked(True)
    qtbot.mouseClick(dialog.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Wrote"), timeout=30000)
    assert sorted(path.suffix for path in out.iterdir()) == [".json", ".pdf"]


def _produce_for(dialog, qtbot, row, folder) -> None:
    dialog.search.setText(row.family_name)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    names = [dialog.matches.item(r, 0).text() for r in range(dialog.matches.rowCount())]
    dialog.matches.selectRow(names.index(row.full_name))
    dialog.folder.path.setText(str(folder))
    dialog.passphrase.passphrase.setText(PASSPHRASE)
    dialog.passphrase.again.setText(PASSPHRASE)


def test_a_review_left_unfinished_is_offered_again_when_the_window_is_reopened(make_window, demo_paths,
                                                                              demo_backend, qtbot, tmp_path,
                                                                              screenshot):
    row = max(demo_backend.children(demo_user(demo_backend)).caseload(), key=lambda r: r.assessment_count)
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))
    dialog = _open(window, qtbot)
    _produce_for(dialog, qtbot, row, tmp_path)
    assert not dialog.carry.isVisible(), "nothing to carry over the first time"
    qtbot.mouseClick(dialog.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Wrote"), timeout=30000)
    total = dialog.review.table.rowCount()
    for r in (0, 2, 3):
        dialog.review.set_reviewed(r, True)
    qtbot.waitUntil(lambda: len(_marks(demo_backend)) == 3, timeout=5000)
    dialog.close()  # the administrator stops for the day
    qtbot.waitUntil(lambda: window.records_actions.dialog is None, timeout=2000)

    dialog = _open(window, qtbot)
    _produce_for(dialog, qtbot, row, tmp_path)
    qtbot.waitUntil(dialog.carry.isVisible, timeout=5000)
    assert dialog.carry.isChecked()
    assert f": 3 of {total} third parties were marked reviewed" in dialog.carry.text()
    assert unnamed_controls(dialog) == []
    screenshot(dialog, "subject-access-carry-over")
    qtbot.mouseClick(dialog.produce_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Wrote"), timeout=30000)
    assert "3 review marks carried over." in dialog.outcome.text()
    review = dialog.review
    assert [r for r in range(total) if review.is_reviewed(r)] == [0, 2, 3]
    assert review.count.text().startswith(f"3 of {total} third parties reviewed")
    assert not dialog.carry.isVisible()
    review.set_reviewed(1, True)  # the review goes on against the new files
    qtbot.waitUntil(lambda: len(_marks(demo_backend)) == 3 + 3 + 1, timeout=5000)
    screenshot(dialog, "subject-access-carried")
    with demo_backend.db.read() as uow:
        produced = uow.audit.events_of(("subject-access.produce",))
    assert {m.after["request_id"] for m in _marks(demo_backend)[3:]} == {str(produced[-1].id)}


def _marks(backend):
    with backend.db.read() as uow:
        return uow.audit.events_of(("subject-access.third-party-reviewed",))
