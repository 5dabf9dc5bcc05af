"""Screenshots of the records that move in the app, for the README: Export… of one child, the analysis extract,
subject access with its third parties under review, the records due for review with a deletion being
confirmed, the records kept for now, and the retention rule in Settings.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_records.py
Everything shown is invented demo data, on fixed dates so the pictures do not change from run to run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gcp_desk.app import give_demo_passwords, open_backend  # noqa: E402
from gcp_desk.demo.accounts import DEMO_ACCOUNTS  # noqa: E402
from gcp_desk.demo.caseload import DemoCaseload  # noqa: E402
from gcp_desk.paths import AppPaths  # noqa: E402
from gcp_desk.ui import pyside_workarounds  # noqa: E402
from gcp_desk.ui.main_window import MainWindow  # noqa: E402
from gcp_desk.ui.start_state import remember_user  # noqa: E402
from gcp_desk.ui.tasks import TaskRunner  # noqa: E402
from make_screenshots_shell import save, save_with_dialog, settle  # noqa: E402  (docs/ is on the path)

TODAY = date(2026, 11, 2)
TEN_YEARS_ON = date(2036, 11, 2)
"""The oldest demo children have turned 25: their records are due for review."""
PASSPHRASE = "copper kettle rain lighthouse"


def window_as(folder: Path, runner: TaskRunner, name: str, today: date) -> MainWindow:
    backend = open_backend(AppPaths.at(folder))
    account = next(account for account in backend.accounts() if account.name == name)
    remember_user(backend, account)
    backend.close()
    window = MainWindow(runner, open_backend=lambda: open_backend(AppPaths.at(folder)), today=lambda: today)
    window.resize(1280, 800)
    window.show()
    window.start()
    settle(QApplication.instance())
    page = window.sign_in_page
    page.account.setCurrentIndex(page.index_of(account.id))
    QTest.keyClicks(page.password, next(a.password for a in DEMO_ACCOUNTS if a.name == name))
    QTest.keyClick(page.password, Qt.Key.Key_Return)
    settle(QApplication.instance())
    assert window.session is not None and window.session.user.name == name
    return window


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    pyside_workarounds.apply()  # as the app does at start
    runner = TaskRunner(synchronous=True)
    with tempfile.TemporaryDirectory(prefix="records-") as temporary:
        folder = Path(temporary) / "demo"
        backend = open_backend(AppPaths.at(folder))
        demo = DemoCaseload(backend.db, seed=5, today=TODAY)
        demo.write(60)
        give_demo_passwords(backend, demo.users)
        backend.close()

        window = window_as(folder, runner, "Sam Whitfield", TODAY)
        row = next(r for r in window.caseload.model.rows() if r.household_id and r.assessment_count >= 3)
        window.open_child(row.child_id)
        settle(app)
        window.records_actions.export_action.trigger()
        dialog = window.records_actions.dialog
        dialog.passphrase.passphrase.setText(PASSPHRASE)
        dialog.passphrase.again.setText(PASSPHRASE)
        dialog.file.path.setText(str(Path("~") / f"Export {row.full_name}.bundle"))
        settle(app)
        save_with_dialog(window, dialog, "export-dialog")
        dialog.close()
        window.records_actions.extract_action.trigger()
        extract = window.records_actions.dialog
        extract.scope.everything.setChecked(True)
        extract.file.path.setText(str(Path("~") / "Extract 2026-11-02.csv"))
        settle(app)
        save(extract, "extract-dialog")
        extract.close()
        window.close()

        window = window_as(folder, runner, "Alex Morrow", TODAY)
        window.records_actions.subject_access_action.trigger()
        access = window.records_actions.dialog
        access.search.setText(row.family_name)
        access.find()
        access.matches.selectRow(next(r for r in range(access.matches.rowCount())
                                      if access.matches.item(r, 0).text() == row.full_name))
        out = Path(temporary) / "Subject access"
        out.mkdir()
        access.folder.path.setText(str(out))
        access.passphrase.passphrase.setText(PASSPHRASE)
        access.passphrase.again.setText(PASSPHRASE)
        access.produce()
        for party in range(3):
            access.review.set_reviewed(party, True)
        access.resize(820, 980)
        settle(app)
        save(access, "subject-access")
        access.close()
        window.close()

        window = window_as(folder, runner, "Alex Morrow", TEN_YEARS_ON)
        window.records_actions.retention_action.trigger()
        retention = window.records_actions.dialog
        retention.resize(980, 420)
        retention.table.selectRow(0)
        settle(app)
        save(retention, "retention-due")
        retention.delete()
        confirm = retention.child_dialog
        confirm.reason.setCurrentIndex(confirm.reason.findData("retention-period"))
        confirm.typed.setText(retention.chosen().name)
        settle(app)
        save(confirm, "retention-delete")
        confirm.reject()
        settle(app)
        keeping = retention._service()
        for entry, reason, years in ((retention.due[0], "proceedings", 2), (retention.due[1], "looked-after", 1)):
            keeping.keep(entry.child_id, reason, years)
        retention.reload()
        retention.tabs.setCurrentWidget(retention.kept_table)
        retention.kept_table.selectRow(0)
        settle(app)
        save(retention, "retention-kept")
        retention.change_rule()
        settings = retention.child_dialog
        settings.after_quiet.setChecked(True)
        settings.quiet_years.setValue(6)
        settle(app)
        save(settings, "settings-retention")
        settings.reject()
        retention.close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
