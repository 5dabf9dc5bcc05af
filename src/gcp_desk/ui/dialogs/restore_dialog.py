"""Restore…: an administrator puts a backup in the database's place, with its progress shown step by step; and the
offer made when the folder's database has gone missing, to restore its newest backup.

    RestoreDialog.for_open(session.backend, session.user, runner, parent)      # from the tool bar
    RestoreDialog.for_missing(paths, runner, parent)                          # from the "missing" page

The work runs on the worker; each step is said as it starts. Nothing is changed until the backup has been checked
(it opens, its pages read, its audit trail walks and matches the head signed beside it); the present database is
kept as a backup before the swap.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QProgressBar, QVBoxLayout, QWidget)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words

WHAT_HAPPENS = (
    "The backup is checked first: it must open with this database's key, every page must read, and its audit trail "
    "must be whole and match the record signed beside it. The present database is then kept as a backup, the chosen "
    "one takes its place, and the restore is written in the audit trail with what it set aside. Everyone signs in "
    "again afterwards."
)
MISSING = (
    "The database file is missing from this folder. It can be restored from the newest backup below; an "
    "administrator's name and password are needed. Anything saved after that backup was made is not in it."
)
KINDS = {"auto": "automatic", "manual": "made by hand", "before-restore": "kept before a restore"}


class _Steps(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    step = Signal(int, int, str)


class RestoreDialog(QDialog):
    restored = Signal(object)
    """The outcome, once the backup is in place."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None, *, missing: bool):
        super().__init__(parent)
        self._runner, self._missing = runner, missing
        self._restore: Callable[[Path, Callable[[int, int, str], None]], Any] | None = None
        self.setWindowTitle("Restore the newest backup" if missing else "Restore from a backup")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(MISSING if missing else WHAT_HAPPENS)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.backups = QListWidget()
        self.backups.setAccessibleName("Backups")
        if missing:  # the newest backup only: one line
            self.backups.setFixedHeight(self.fontMetrics().height() * 2 + 8)
        else:
            self.backups.setMinimumHeight(180)
        layout.addWidget(self.backups)
        self.form = QFormLayout()
        self.account = QComboBox()
        self.account.setAccessibleName("Administrator")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        if missing:
            self.form.addRow("&Administrator:", self.account)
            self.form.addRow("&Password:", self.password)
        layout.addLayout(self.form)
        self.step = QLabel()
        self.step.setWordWrap(True)
        self.step.setAccessibleName("Progress")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.hide()
        layout.addWidget(self.bar)
        layout.addWidget(self.step)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4262c;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("&Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self._start)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._steps = _Steps(self)
        self._steps.step.connect(self._show_step)
        self.backups.currentRowChanged.connect(lambda _row: self._update_button())
        self.password.textChanged.connect(lambda _text: self._update_button())
        self._update_button()

    # The two ways in ---------------------------------------------------------------------------------------------
    @classmethod
    def for_open(cls, backend, user, runner: TaskRunner, parent: QWidget | None = None) -> RestoreDialog:
        dialog = cls(runner, parent, missing=False)
        restore = backend.restore(user)
        dialog._restore = lambda backup, tell: restore.restore(backup, tell)
        backups = backend.backups(user)
        runner.run(lambda: [(b, b.head_file.exists()) for b in backups.stored()], dialog.show_backups,
                   dialog._failed)
        return dialog

    @classmethod
    def for_missing(cls, paths, runner: TaskRunner, parent: QWidget | None = None) -> RestoreDialog:
        from ...recovery import accounts_of_key_file, newest_signed_backup, restore_missing_database

        dialog = cls(runner, parent, missing=True)
        for _user_id, name in accounts_of_key_file(paths):
            dialog.account.addItem(name)
        newest = newest_signed_backup(paths)
        dialog.show_backups([] if newest is None else [(newest, True)])
        dialog._restore = lambda backup, tell: restore_missing_database(
            paths, dialog.account.currentText(), dialog._password, backup, tell)
        return dialog

    # Showing and running -----------------------------------------------------------------------------------------
    def show_backups(self, rows: list) -> None:
        self.backups.clear()
        for backup, signed in rows:
            item = QListWidgetItem(_describe(backup, signed))
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            if not signed:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("This backup has no signed record of its audit trail's end beside it; restore it "
                                "from the command line if you are sure of it (gcp-desk db restore FILE "
                                "--without-head-file).")
            self.backups.addItem(item)
        first = next((row for row in range(self.backups.count())
                      if self.backups.item(row).flags() & Qt.ItemFlag.ItemIsEnabled), -1)
        self.backups.setCurrentRow(first)
        if not rows:
            self.step.setText("There is no backup in this folder's backups folder to restore.")
        self._update_button()

    def _update_button(self) -> None:
        chosen = self.backups.currentItem() is not None and bool(
            self.backups.currentItem().flags() & Qt.ItemFlag.ItemIsEnabled)
        self.restore_button.setEnabled(chosen and (not self._missing or bool(self.password.text())))

    def _start(self) -> None:
        item = self.backups.currentItem()
        if item is None or self._restore is None:
            return
        backup = Path(item.data(Qt.ItemDataRole.UserRole))
        self._password = self.password.text()
        self.problem.hide()
        for widget in (self.restore_button, self.close_button, self.backups, self.account, self.password):
            widget.setEnabled(False)
        self.bar.show()
        restore, steps = self._restore, self._steps
        self._runner.run(lambda: restore(backup, steps.step.emit), self._done, self._failed)

    def _show_step(self, step: int, of: int, words: str) -> None:
        self.bar.setMaximum(of)
        self.bar.setValue(step)
        self.step.setText(f"Step {step} of {of}: {words}…")

    def _done(self, outcome) -> None:
        self.bar.setValue(self.bar.maximum())
        kept = f" The database it replaced is kept as {outcome.kept_as.name}." if outcome.kept_as else ""
        self.step.setText(f"Restored {outcome.backup.name}. Its audit trail checked out, and the restore is recorded "
                          f"in it.{kept}")
        self.restore_button.hide()
        self.close_button.setText("Close")
        self.close_button.setEnabled(True)
        self.restored.emit(outcome)

    def _failed(self, error: Exception) -> None:
        self._password = ""
        self.bar.hide()
        self.step.clear()
        self.problem.setText(error_in_words(error))
        self.problem.show()
        for widget in (self.close_button, self.backups, self.account, self.password):
            widget.setEnabled(True)
        self._update_button()

    _password = ""


def _describe(backup, signed: bool) -> str:
    local = backup.taken_at.astimezone()
    kind = KINDS.get(backup.label, "made before an upgrade" if backup.label.startswith("before-") else backup.label)
    size = f"{backup.size / 1024 ** 2:.1f} MB"
    signed_words = "" if signed else " — no signed record of its trail's end"
    return f"{_when(local)}  ·  {kind}  ·  {size}{signed_words}"


def _when(moment: datetime) -> str:
    return f"{moment:%A %d %B %Y, %H:%M}"
