"""Records due for review… (administrators): the children whose records have reached their review date under the
retention rule, each with why; those kept for now, with until when, who kept them, when and why, so the decision
can be seen and revisited; the rule itself, with "Change the rule…" (Settings); and, for the chosen child in either
list, "Keep for now…" (a reason and the next review date) or "Delete record…" (a reason and the child's name typed
to confirm). The lists show name, date of birth and team only, never case content."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine
from ...services.retention_words import looked_after_words, ordinal, rule_words
from ...scoring.age import format_date, short_date

HEADERS = ("Name", "Date of birth", "Team", "Due since", "Why it is due")
KEPT_HEADERS = ("Name", "Date of birth", "Team", "Kept until", "Kept on", "Kept by", "Why it is kept")


def _day(day) -> str:
    return short_date(day)


def _table(parent: QWidget, headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())  # long words wrap, as wide as they fall
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.clearSelection()
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.resizeRowsToContents()  # a long reason wraps whole rather than ending in "…"


def _born(entry) -> str:
    return _day(entry.date_of_birth) if entry.date_of_birth else "not born yet"


class RetentionDialog(QDialog):
    deleted = Signal()
    """A child's record was deleted."""

    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.due: list = []
        self.kept: list = []
        self.setWindowTitle("Records due for review")
        self.setModal(True)
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        self.change_rule_button = QPushButton("C&hange the rule…", self)
        self.change_rule_button.setAccessibleName("Change the rule")
        self.change_rule_button.setToolTip("Settings: the retention rule (administrators)")
        self.change_rule_button.clicked.connect(self.change_rule)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("How many records are due")
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Records due for review, and records kept for now")
        self.table = _table(self.tabs, HEADERS, "Records due for review")
        self.kept_table = _table(self.tabs, KEPT_HEADERS, "Records kept for now")
        self.tabs.addTab(self.table, "Due for re&view")
        self.tabs.addTab(self.kept_table, "Ke&pt for now")
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What was done")
        self.problem = ProblemLine(self, name="retentionProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.keep_button = self._button("&Keep for now…", QDialogButtonBox.ButtonRole.ActionRole, self.keep)
        self.delete_button = self._button("&Delete record…", QDialogButtonBox.ButtonRole.ActionRole, self.delete)
        self.buttons.rejected.connect(self.reject)
        for table in (self.table, self.kept_table):
            table.itemSelectionChanged.connect(self._selection_changed)
        self.tabs.currentChanged.connect(lambda _index: self._selection_changed())
        self.tabs.currentChanged.connect(lambda _index: self.tabs.currentWidget().resizeRowsToContents())
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.rule, 1)
        top.addWidget(self.change_rule_button)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        for widget in (self.outcome, self.problem, self.buttons):
            layout.addWidget(widget)
        self.resize(1000, 560)
        self._show_rule()
        self._selection_changed()
        self.reload()

    def _button(self, text: str, role, then) -> QPushButton:
        button = self.buttons.addButton(text, role)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(then)
        return button

    def _show_rule(self) -> None:
        rule = self._session.backend.settings.retention
        words = f"{rule_words(rule)} {looked_after_words(rule.review_at_age_if_looked_after)}"
        self.rule.setText(f"<b>The rule.</b> {words}")
        self.rule.setAccessibleName(f"The rule: {words}")

    def change_rule(self) -> None:
        """Settings…, over this list: a rule saved there is shown here and the lists read again under it."""
        from ...services.settings_service import may_change_settings
        from .settings_dialog import SettingsDialog

        session = self._session
        self.child_dialog = dialog = SettingsDialog(session.backend.settings_editor(session.user), self._runner,
                                                    self, may_change=may_change_settings(session.user))

        def saved() -> None:
            self._show_rule()
            self.reload()

        dialog.saved.connect(saved)
        dialog.open()

    def reload(self) -> None:
        service = self._service()
        self._runner.run(lambda: (service.due(), service.kept()), self._show, lambda error: self.problem.say(
            f"The list could not be read: {error_in_words(error)}"))

    def _show(self, lists: tuple[list, list]) -> None:
        from ...services.retention import KEEP_REASON_WORDS

        self.due, self.kept = lists
        _fill(self.table, [(entry.name, _born(entry), entry.team, _day(entry.due_on), entry.why)
                           for entry in self.due])
        _fill(self.kept_table, [
            (entry.name, _born(entry), entry.team,
             _day(entry.kept_until) + (f" ({ordinal(entry.looked_after_age)} birthday)"
                                       if entry.looked_after_age else ""),
             _day(entry.decided_on), entry.kept_by, KEEP_REASON_WORDS[entry.reason])
            for entry in self.kept])
        count, kept = len(self.due), len(self.kept)
        self.tabs.setTabText(0, f"Due for re&view ({count})")
        self.tabs.setTabText(1, f"Ke&pt for now ({kept})")
        due_words = ("No record is due for review." if not count else
                     f"{count} record{'s are' if count != 1 else ' is'} due for review, the longest overdue first.")
        kept_words = ("" if not kept else
                      f" {kept} record{'s are' if kept != 1 else ' is'} kept for now, the soonest review first.")
        self.summary.setText(due_words + kept_words + (" Choose one, then keep it for now or delete it."
                                                       if count or kept else ""))
        self._selection_changed()

    def chosen(self):
        """The record chosen in the list on show (due, or kept for now), or ``None``."""
        table, entries = (self.table, self.due) if self.tabs.currentIndex() == 0 else (self.kept_table, self.kept)
        rows = table.selectionModel().selectedRows()
        return entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.chosen() is not None
        self.keep_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def keep(self) -> None:
        entry = self.chosen()
        if entry is None:
            return
        from .keep_record_dialog import KeepRecordDialog

        rule = self._session.backend.settings.retention
        self.child_dialog = dialog = KeepRecordDialog(entry.name, self,
                                                      looked_after_age=rule.review_at_age_if_looked_after)
        service = self._service()

        def decided(reason: str, years: int) -> None:
            self._runner.run(lambda: service.keep(entry.child_id, reason, years),
                             lambda until: self._done(f"{entry.name}'s record is kept; it will be due for review "
                                                      f"again on {format_date(until)}."),
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
