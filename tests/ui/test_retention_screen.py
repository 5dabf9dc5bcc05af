"""Records due for review in the app: administrators only; the rule is shown; each record due says why; keeping
one needs a reason and takes it off the list until its next review; deleting needs a reason and the child's name
typed, a wrong name deletes nothing, and a deleted child is gone from the caseload."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from accessibility import unnamed_controls
from gcp_desk.ui.dialogs.delete_record_dialog import DeleteRecordDialog
from gcp_desk.ui.dialogs.keep_record_dialog import KeepRecordDialog
from gcp_desk.ui.dialogs.retention_dialog import RetentionDialog, rule_words
from shell_support import demo_user
from gcp_desk.scoring.age import short_date

TEN_YEARS_ON = date(2036, 11, 2)
"""The demo's oldest children are 16: ten years on, those born in 2011 or before have turned 25."""


def later():
    return TEN_YEARS_ON


def _open(window, qtbot) -> RetentionDialog:
    window.records_actions.retention_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RetentionDialog), timeout=2000)
    return window.records_actions.dialog


def _row_of(dialog: RetentionDialog, name: str) -> int:
    return next(row for row in range(dialog.table.rowCount()) if dialog.table.item(row, 0).text() == name)


def test_a_practitioner_is_not_offered_the_retention_review(make_window, demo_paths, demo_backend):
    window = make_window(demo_paths, demo_user(demo_backend))
    assert not window.records_actions.retention_action.isVisible()
    window.records_actions.open_retention()
    assert window.records_actions.dialog is None


def test_the_rule_is_shown_and_nothing_is_due_while_the_children_are_young(make_window, demo_paths, demo_backend,
                                                                          qtbot):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))
    dialog = _open(window, qtbot)
    assert unnamed_controls(dialog) == []
    assert "A record comes up for review when the child turns 25." in dialog.rule.text()
    assert dialog.change_rule_button.isVisible() and dialog.change_rule_button.isEnabled()  # Settings, over the list
    assert dialog.summary.text() == "No record is due for review."
    assert not dialog.keep_button.isEnabled() and not dialog.delete_button.isEnabled()


def test_rule_words():
    from gcp_desk.settings import RetentionRule

    assert rule_words(RetentionRule(review_at_age=25, review_years_after_last_activity=6)) == (
        "A record comes up for review when the child turns 25, or 6 years after the record last changed, "
        "whichever comes first.")
    assert rule_words(RetentionRule(review_at_age=None, review_years_after_last_activity=1)) == (
        "A record comes up for review 1 year after the record last changed.")


def test_keep_for_now_needs_a_reason_and_takes_the_record_off_the_list(make_window, demo_paths, demo_backend,
                                                                      qtbot, screenshot):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"), today=later)
    dialog = _open(window, qtbot)
    due = list(dialog.due)
    assert due and all(entry.due_on <= TEN_YEARS_ON for entry in due)
    assert dialog.summary.text().startswith(f"{len(due)} records are due for review")
    assert [dialog.table.item(row, 4).text() for row in range(len(due))] == [
        f"turned 25 on {short_date(entry.due_on)}" for entry in due]  # past: "turned", with the day
    assert all(entry.due_on < TEN_YEARS_ON for entry in due)
    dialog.table.selectRow(0)
    screenshot(dialog, "retention-due")
    first = due[0]
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    keep = dialog.child_dialog
    assert isinstance(keep, KeepRecordDialog) and unnamed_controls(keep) == []
    qtbot.mouseClick(keep.keep_button, Qt.MouseButton.LeftButton)
    assert keep.problem.text() == "Choose why the record is kept."
    keep.reason.setCurrentIndex(keep.reason.findData("proceedings"))
    keep.years.setCurrentIndex(keep.years.findData(2))
    screenshot(keep, "retention-keep")
    qtbot.mouseClick(keep.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome.text() == (f"{first.name}'s record is kept; it will be due for review again on "
                                     "2 November 2038.")
    assert first.child_id not in {entry.child_id for entry in dialog.due}
    assert len(dialog.due) == len(due) - 1
    with demo_backend.db.read() as uow:
        kept = uow.audit.events_of(("retention.keep",))
    assert [(event.entity_id, event.after["reason"]) for event in kept] == [(str(first.child_id), "proceedings")]


def test_deleting_needs_the_typed_name_and_the_child_leaves_the_caseload(make_window, demo_paths, demo_backend,
                                                                        qtbot, screenshot):
    from gcp_desk.settings import RetentionRule, Settings

    settings = Settings.load(demo_paths.settings_file)  # ten years on, every record of Chris's caseload is due
    settings.retention = RetentionRule(review_at_age=None, review_years_after_last_activity=1)
    settings.save(demo_paths.settings_file)
    chris = demo_user(demo_backend, "Chris Halloran")  # supervisor and administrator: has a caseload
    window = make_window(demo_paths, chris, today=later)
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 0, timeout=5000)
    caseload = {row.child_id for row in demo_backend.children(chris).caseload()}
    dialog = _open(window, qtbot)
    entry = next(entry for entry in dialog.due if entry.child_id in caseload)
    dialog.table.selectRow(_row_of(dialog, entry.name))
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    confirm = dialog.child_dialog
    assert isinstance(confirm, DeleteRecordDialog) and unnamed_controls(confirm) == []
    confirm.reason.setCurrentIndex(confirm.reason.findData("retention-period"))
    wrong = entry.name.split()[0] + " Smith"
    qtbot.keyClicks(confirm.typed, wrong)
    screenshot(confirm, "retention-delete-confirm")
    qtbot.mouseClick(confirm.delete_button, Qt.MouseButton.LeftButton)
    assert confirm.problem.text().startswith(f"The name typed is not {entry.name}: nothing was deleted.")
    assert confirm.isVisible()
    assert entry.child_id in {row.child_id for row in demo_backend.children(chris).caseload()}
    with demo_backend.db.read() as uow:
        assert uow.audit.events_of(("retention.delete",)) == []
    confirm.typed.clear()
    qtbot.keyClicks(confirm.typed, entry.name.upper())
    qtbot.mouseClick(confirm.delete_button, Qt.MouseButton.LeftButton)
    assert not confirm.isVisible()
    assert dialog.outcome.text().startswith(f"{entry.name}'s record is deleted:")
    assert entry.child_id not in {e.child_id for e in dialog.due}
    assert entry.child_id not in {row.child_id for row in demo_backend.children(chris).caseload()}
    with demo_backend.db.read() as uow:
        [event] = uow.audit.events_of(("retention.delete",))
    assert event.entity_id == str(entry.child_id) and event.after["reason"] == "retention-period"
    dialog.close()
    names = {window.caseload.model.index(row, 0).data() for row in range(window.caseload.model.rowCount())}
    assert names and not any(entry.name.split()[0] in name and entry.name.split()[-1] in name for name in names)


def _team_children(window) -> set:
    model = window.supervision.team.model
    return {model.child_at(row).child_id for row in range(model.rowCount())}


def _queued_children(window) -> set:
    model = window.supervision.queue.model
    return {model.row_at(row).child_id for row in range(model.rowCount())}


def test_a_deleted_child_leaves_the_review_queue_and_the_team_view_at_once(make_window, demo_paths, demo_backend,
                                                                          qtbot, screenshot):
    from gcp_desk.settings import RetentionRule, Settings

    settings = Settings.load(demo_paths.settings_file)  # a rule under which, ten years on, every record is due
    settings.retention = RetentionRule(review_at_age=None, review_years_after_last_activity=1)
    settings.save(demo_paths.settings_file)
    chris = demo_user(demo_backend, "Chris Halloran")  # supervisor and administrator
    window = make_window(demo_paths, chris, today=later)
    window.supervision.show_queue()
    qtbot.waitUntil(lambda: window.supervision.queue.model.rowCount() > 0, timeout=10000)
    window.supervision.show_team()
    qtbot.waitUntil(lambda: window.supervision.team.model.rowCount() > 0, timeout=10000)
    queued, team = _queued_children(window), _team_children(window)
    dialog = _open(window, qtbot)
    entry = next(entry for entry in dialog.due if entry.child_id in queued and entry.child_id in team)
    screenshot(dialog, "retention-due-activity")
    for row, due in enumerate(dialog.due):  # the rule is a year, but the list says how long it has really been
        last = due.due_on.replace(year=due.due_on.year - 1)
        years = TEN_YEARS_ON.year - last.year - ((TEN_YEARS_ON.month, TEN_YEARS_ON.day) < (last.month, last.day))
        assert dialog.table.item(row, 4).text() == f"no activity since {short_date(last)} ({years} years)"
    dialog.table.selectRow(_row_of(dialog, entry.name))
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    confirm = dialog.child_dialog
    confirm.reason.setCurrentIndex(confirm.reason.findData("retention-period"))
    qtbot.keyClicks(confirm.typed, entry.name)
    qtbot.mouseClick(confirm.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith(f"{entry.name}'s record is deleted:"), timeout=5000)
    dialog.close()
    # still on the team view, as before: no reload asked for, and the child is gone from both
    assert window.pages.currentWidget() is window.supervision.team
    qtbot.waitUntil(lambda: entry.child_id not in _team_children(window), timeout=10000)
    qtbot.waitUntil(lambda: entry.child_id not in _queued_children(window), timeout=10000)
    assert _team_children(window) == team - {entry.child_id}
    assert _queued_children(window) == queued - {entry.child_id}
    screenshot(window, "retention-deleted-team-view")
