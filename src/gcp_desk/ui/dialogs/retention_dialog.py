"""Records due for review… (administrators): the children whose records have reached their review date under the
retention rule, each with why; the rule itself and where it is set; and, for the chosen child, "Keep for now…"
(a reason and the next review date) or "Delete record…" (a reason and the child's name typed to confirm). The list
shows name, date of birth and team only, never case content."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine

HEADERS = ("Name", "Date of birth", "Team", "Due since", "Why it is due")


def rule_words(rule: Any) -> str:
    """The retention rule (``settings.RetentionRule``) in a sentence."""
    parts = []
    if rule.review_at_age is not None:
        parts.append(f"when the child turns {rule.review_at_age}")
    if rule.review_years_after_last_activity is not None:
        years = rule.review_years_after_last_activity
        parts.append(f"{years} year{'s' if years != 1 else ''} after the record last changed")
    if not parts:
        return "No retention rule is set: no record comes up for review."
    if len(parts) == 2:
        return f"A record comes up for review {parts[0]}, or {parts[1]}, whichever comes first."
    return f"A record comes up for review {parts[0]}."


class RetentionDialog(QDialog):
    deleted = Signal()
    """A child's record was deleted."""

    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.due: list = []
        self.setWindowTitle("Records due for review")
        self.setModal(True)
        rule = session.backend.settings.retention
        self.rule = QLabel(f"<b>The rule.</b> {rule_words(rule)} The rule is set by the organisation in "
                           f"<code>retention</code> in {session.backend.paths.settings_file}; children's social care "
                           "records are typically kept until the 25th birthday, and longer for children who were "
                           "looked after.", self)
        self.rule.setWordWrap(True)
        self.rule.setAccessibleName(f"The rule: {rule_words(rule)}")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("How many records are due")
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Records due for review")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What was done")
        self.problem = ProblemLine(self, name="retentionProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.keep_button = self._button("&Keep for now…", QDialogButtonBox.ButtonRole.ActionRole, self.keep)
        self.delete_button = self._button("&Delete record…", QDialogButtonBox.ButtonRole.ActionRole, self.delete)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        for widget in (self.rule, self.summary):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        for widget in (self.outcome, self.problem, self.buttons):
            layout.addWidget(widget)
        self.resize(900, 520)
        self._selection_changed()
        self.reload()

    def _button(self, text: str, role, then) -> QPushButton:
        button = self.buttons.addButton(text, role)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(then)
        return button

    def reload(self) -> None:
        service = self._service()
        self._runner.run(service.due, self._show, lambda error: self.problem.say(
            f"The list could not be read: {error_in_words(error)}"))

    def _show(self, due: list) -> None:
        self.due = due
        self.table.setRowCount(len(due))
        for row, entry in enumerate(due):
            born = entry.date_of_birth.strftime("%d %b %Y") if entry.date_of_birth else "not born yet"
            for column, value in enumerate((entry.name, born, entry.team, entry.due_on.strftime("%d %b %Y"),
                                            entry.why)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        count = len(due)
        self.summary.setText("No record is due for review." if not count else
                             f"{count} record{'s are' if count != 1 else ' is'} due for review, the longest "
                             "overdue first. Choose one, then keep it for now or delete it.")
        self._selection_changed()

    def chosen(self):
        rows = self.table.selectionModel().selectedRows()
        return self.due[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.chosen() is not None
        self.keep_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def keep(self) -> None:
        entry = self.chosen()
        if entry is None:
            return
        from .keep_record_dialog import KeepRecordDialog

        self.child_dialog = dialog = KeepRecordDialog(entry.name, self)
        service = self._service()

        def decided(reason: str, years: int) -> None:
            self._runner.run(lambda: service.keep(entry.child_id, reason, years),
                             lambda until: self._done(f"{entry.name}'s record is kept; it will be due for review "
                                                      f"again on {until.strftime('%d %B %Y')}."),
                             self._failed)

        dialog.decided.connect(decided)
        dialog.open()

    def delete(self) -> None:
        entry = self.chosen()
        if entry is None:
            return
        from .delete_record_dialog import DeleteRecordDialog

        self.child_dialog = dialog = DeleteRecordDialog(entry.name, self)
        service = self._service()

        def confirmed(reason: str) -> None:
            def deleted(counts: dict) -> None:
                self.deleted.emit()
                self._done(f"{entry.name}'s record is deleted: {counts.get('assessments', 0)} assessments and "
                           f"{counts.get('events', 0)} chronology entries with it. The audit trail records the "
                           "deletion without the name; backups made before today keep a copy until they age out.")

            self._runner.run(lambda: service.delete_child(entry.child_id, reason), deleted, self._failed)

        dialog.confirmed.connect(confirmed)
        dialog.open()

    def _done(self, words: str) -> None:
        self.problem.hide()
        self.outcome.setText(words)
        self.outcome.setAccessibleName(words)
        self.reload()

    def _failed(self, error: Exception) -> None:
        self.problem.say(f"Nothing was changed: {error_in_words(error)}")

    def _service(self):
        from ...services.retention import RetentionService

        return RetentionService(self._session.context)
