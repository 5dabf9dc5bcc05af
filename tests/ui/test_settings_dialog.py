"""Settings… in the app, driven by the keyboard: an administrator changes the retention rule and the records due for
review follow it at once; a bad value is named and settings.json is left as it was; anyone else sees the rule and
cannot change it."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from accessibility import unnamed_controls
from gcp_desk.ui.dialogs.keep_record_dialog import KeepRecordDialog
from gcp_desk.ui.dialogs.retention_dialog import RetentionDialog
from gcp_desk.ui.dialogs.settings_dialog import SettingsDialog
from shell_support import demo_user
from test_retention_screen import TEN_YEARS_ON, later
from gcp_desk.scoring.age import short_date

ALT = Qt.KeyboardModifier.AltModifier


def _active(qtbot, kind):
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    QTest.qWaitForWindowActive(dialog)
    return dialog


def _type_into(qtbot, spin, text: str) -> None:
    """Move to the field by Tab from its tick box, as a keyboard user does, and type over what is there."""
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, text)


def test_an_administrator_changes_the_rule_and_the_records_due_follow(make_window, demo_paths, demo_backend, qtbot,
                                                                      screenshot):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"), today=later)
    window.records_actions.retention_action.trigger()
    retention = _active(qtbot, RetentionDialog)
    due_at_25 = {entry.child_id for entry in retention.due}
    assert "when the child turns 25" in retention.rule.text()
    qtbot.keyClick(retention, Qt.Key.Key_H, ALT)  # Change the rule…
    settings = _active(qtbot, SettingsDialog)
    assert unnamed_controls(settings) == []
    assert settings.at_age.isChecked() and settings.age.value() == 25
    assert settings.looked_after.isChecked() and settings.looked_after_age.value() == 75
    assert not settings.after_quiet.isChecked() and not settings.quiet_years.isEnabled()
    assert settings.focusWidget() in (settings.age, settings.age.lineEdit())  # the age first, ready to type
    _type_into(qtbot, settings.age, "20")
    assert settings.words.text().startswith("A record comes up for review when the child turns 20.")
    qtbot.keyClick(settings.age, Qt.Key.Key_Return)  # Save is the default button
    qtbot.waitUntil(lambda: settings.outcome.text().startswith("Saved"), timeout=3000)
    assert settings.outcome.text() == ("Saved: the records due for review follow the new rule from now on. The "
                                       "change is recorded in the audit trail.")
    assert settings.words.text() == (
        "A record comes up for review when the child turns 20. A record kept because the child is or was looked "
        "after does not come up again before their 75th birthday.")
    screenshot(settings, "settings-retention")
    qtbot.keyClick(settings.age, Qt.Key.Key_Return)  # the same rule again: nothing written
    qtbot.waitUntil(lambda: settings.outcome.text() == "Nothing to save: the rule is as it was.", timeout=3000)
    on_file = json.loads(demo_paths.settings_file.read_text(encoding="utf-8"))
    assert on_file["retention"]["review_at_age"] == 20
    assert on_file["last_user_id"] == str(window.session.user.id)  # the other settings are kept
    # the list behind has read the records again under the new rule
    assert "when the child turns 20" in retention.rule.text()
    due_at_20 = {entry.child_id for entry in retention.due}
    assert due_at_25 < due_at_20
    assert all(retention.table.item(row, 4).text().startswith("turned 20 on ")
               for row in range(retention.table.rowCount()))
    assert retention.tabs.tabText(0) == f"Due for re&view ({len(due_at_20)})"
    with demo_backend.db.read() as uow:
        [event] = uow.audit.events_of(("settings.retention",))
    assert event.before["review_at_age"] == 25 and event.after["review_at_age"] == 20
    settings.close()
    screenshot(retention, "retention-due-under-a-new-rule")
    retention.close()


def test_a_bad_value_is_named_and_settings_json_is_unchanged(make_window, demo_paths, demo_backend, qtbot,
                                                            screenshot):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"))
    assert window.records_actions.settings_action.isVisible()
    window.records_actions.settings_action.trigger()
    settings = _active(qtbot, SettingsDialog)
    before = demo_paths.settings_file.read_bytes()
    _type_into(qtbot, settings.age, "12")
    qtbot.keyClick(settings, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(settings.problem.isVisible, timeout=3000)
    assert settings.problem.text() == "This was not saved: The age for review must be from 18 to 120, not 12."
    screenshot(settings, "settings-retention-refused")
    # a looked-after age at or below the age for other children is refused as well
    _type_into(qtbot, settings.age, "25")
    for _ in range(2):  # Tab goes down the rule: past the unticked years (their field is off) to the looked-after age
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is settings.looked_after
    qtbot.keyClick(settings.looked_after, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (settings.looked_after_age, settings.looked_after_age.lineEdit())
    _type_into(qtbot, settings.looked_after_age, "21")
    qtbot.keyClick(settings, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: "must be above the age for other children" in settings.problem.text(), timeout=3000)
    # no rule at all is refused: untick both
    _type_into(qtbot, settings.looked_after_age, "75")
    qtbot.keyClick(settings, Qt.Key.Key_T, ALT)  # Alt+T ticks or unticks "Review when the child turns"
    qtbot.waitUntil(lambda: not settings.at_age.isChecked(), timeout=2000)
    assert not settings.age.isEnabled()
    assert settings.words.text().startswith("No retention rule is set")
    qtbot.keyClick(settings, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: "with neither, no record would ever come up" in settings.problem.text(), timeout=3000)
    assert demo_paths.settings_file.read_bytes() == before
    assert window.session.backend.settings.retention.review_at_age == 25
    with demo_backend.db.read() as uow:
        assert uow.audit.events_of(("settings.retention",)) == []
    settings.close()


def test_anyone_else_sees_the_rule_and_cannot_change_it(make_window, demo_paths, demo_backend, qtbot, screenshot):
    window = make_window(demo_paths, demo_user(demo_backend, "Sam Whitfield"))
    before = demo_paths.settings_file.read_bytes()
    assert window.records_actions.settings_action.isVisible()
    window.records_actions.settings_action.trigger()
    settings = _active(qtbot, SettingsDialog)
    assert unnamed_controls(settings) == []
    assert not settings.retention.isEnabled() and not settings.age.isEnabled()
    assert not settings.save_button.isVisible()
    assert settings.note.isVisible() and settings.note.text().startswith("Only an administrator changes")
    assert settings.words.text().startswith("A record comes up for review when the child turns 25.")
    screenshot(settings, "settings-retention-read-only")
    qtbot.keyClick(settings, Qt.Key.Key_S, ALT)
    settings.save()  # even called directly, nothing is asked of the service
    QApplication.processEvents()
    assert settings.outcome.text() == "" and not settings.problem.isVisible()
    qtbot.keyClick(settings, Qt.Key.Key_Return)  # Enter closes it: there is nothing to save
    qtbot.waitUntil(lambda: window.records_actions.dialog is None, timeout=2000)
    assert demo_paths.settings_file.read_bytes() == before
    with demo_backend.db.read() as uow:
        assert uow.audit.events_of(("settings.retention",)) == []


def test_kept_records_are_listed_with_who_kept_them_until_when_and_why(make_window, demo_paths, demo_backend, qtbot,
                                                                      screenshot):
    window = make_window(demo_paths, demo_user(demo_backend, "Alex Morrow"), today=later)
    window.records_actions.retention_action.trigger()
    dialog = _active(qtbot, RetentionDialog)
    assert unnamed_controls(dialog) == []
    assert dialog.kept_table.rowCount() == 0 and dialog.tabs.tabText(1) == "Ke&pt for now (0)"
    first, second = dialog.due[0], dialog.due[1]
    for entry, reason, years in ((first, "proceedings", 2), (second, "looked-after", 1)):
        row = next(row for row, due in enumerate(dialog.due) if due.child_id == entry.child_id)
        dialog.table.selectRow(row)
        qtbot.keyClick(dialog, Qt.Key.Key_K, ALT)
        keep = _active(qtbot, KeepRecordDialog)
        keep.reason.setCurrentIndex(keep.reason.findData(reason))
        keep.years.setCurrentIndex(keep.years.findData(years))
        assert keep.looked_after_note.isVisible() == (reason == "looked-after")
        if reason == "looked-after":
            assert "not due for review again before the child's 75th birthday" in keep.looked_after_note.text()
            screenshot(keep, "retention-keep-looked-after")
        qtbot.mouseClick(keep.keep_button, Qt.MouseButton.LeftButton)
        _active(qtbot, RetentionDialog)
    assert {first.child_id, second.child_id}.isdisjoint(entry.child_id for entry in dialog.due)
    assert dialog.tabs.tabText(1) == "Ke&pt for now (2)"
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: dialog.tabs.currentWidget() is dialog.kept_table, timeout=2000)
    rows = {dialog.kept_table.item(row, 0).text(): [dialog.kept_table.item(row, column).text() for column in
                                                     range(dialog.kept_table.columnCount())]
            for row in range(dialog.kept_table.rowCount())}
    today = short_date(TEN_YEARS_ON)  # the day the decision was taken, as the app's clock says
    born = second.date_of_birth
    assert rows[first.name][3:] == ["2 Nov 2038", today, "Alex Morrow (administrator)",
                                    "Court proceedings, an inquiry, a complaint or a practice review need it"]
    assert rows[second.name][3:] == [
        f"{short_date(born.replace(year=born.year + 75))} (75th birthday)", today,
        "Alex Morrow (administrator)", "The child is or was looked after (in care): their record is kept longer"]
    assert dialog.summary.text().endswith("2 records are kept for now, the soonest review first. Choose one, then "
                                          "keep it for now or delete it.")
    dialog.kept_table.selectRow(0)
    screenshot(dialog, "retention-kept")
    # revisit: the decision on the first can be changed from the kept list
    row = next(row for row, kept in enumerate(dialog.kept) if kept.child_id == first.child_id)
    dialog.kept_table.selectRow(row)
    assert dialog.keep_button.isEnabled() and dialog.delete_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_K, ALT)
    keep = _active(qtbot, KeepRecordDialog)
    keep.reason.setCurrentIndex(keep.reason.findData("request-open"))
    keep.years.setCurrentIndex(keep.years.findData(5))
    qtbot.mouseClick(keep.keep_button, Qt.MouseButton.LeftButton)
    again = next(kept for kept in dialog.kept if kept.child_id == first.child_id)
    assert (again.kept_until.isoformat(), again.reason.value) == ("2041-11-02", "request-open")
    dialog.close()
