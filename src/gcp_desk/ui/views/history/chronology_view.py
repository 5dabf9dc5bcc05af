"""The chronology: a child's assessments and significant events together by date, so incidents are read together
rather than one at a time; and the way to add, correct or remove an event."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ....domain.errors import InvalidInput
from ....services.history_views import ChronologyEntry, EntryKind
from ...models.age_text import short_date
from ...tasks import TaskRunner
from .child_history import ChildHistory
from .chronology_model import ChronologyModel
from .event_dialog import EventDialog, EventDraft, RemoveEventDialog
from .history_access import HistoryAccess

EMPTY = "Nothing is recorded for {name} yet. Add significant events as you learn of them: referrals, call-outs, " \
        "missed appointments, meetings. Read together, they show what single incidents hide."


class ChronologyView(QWidget):
    assessment_requested = Signal(object)
    """The id of an assessment on the chronology to open."""
    changed = Signal()
    """An event was added, corrected or removed."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Chronology")
        self._runner = runner
        self._access: HistoryAccess | None = None
        self.history: ChildHistory | None = None
        self.dialog: EventDialog | RemoveEventDialog | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add event…")
        self.add_button.setToolTip("Record a significant event: a referral, an incident, a missed appointment…")
        self.add_button.clicked.connect(self.add_event)
        self.edit_button = QPushButton("&Edit event…")
        self.edit_button.clicked.connect(self.edit_event)
        self.remove_button = QPushButton("Remo&ve event…")
        self.remove_button.clicked.connect(self.remove_event)
        self.newest_first = QCheckBox("&Newest first")
        self.newest_first.toggled.connect(lambda _on: self.reload())
        for widget in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.newest_first)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ChronologyModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Assessments and significant events by date")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        metrics = self.fontMetrics()
        for column, sample in enumerate(("30 Sep 2026 (started)", "Was not brought to an appointment")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(3, metrics.horizontalAdvance("Health visitor, GP surgery") + 24)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table, 1)
        self._update_buttons()

    def set_access(self, access: HistoryAccess) -> None:
        self._access = access

    # Loading ---------------------------------------------------------------------------------------------------
    def show_history(self, history: ChildHistory) -> None:
        self.history = history
        self.reload()

    def reload(self, select: UUID | None = None) -> None:
        history, access = self.history, self._access
        if history is None or access is None:
            return
        newest_first = self.newest_first.isChecked()
        self._runner.run(lambda: access.history().chronology(history.child_id, newest_first=newest_first),
                         lambda entries: self.show_entries(entries, select), self.problem.emit)

    def show_entries(self, entries: list[ChronologyEntry], select: UUID | None = None) -> None:
        self.model.set_entries(entries)
        self.table.resizeRowsToContents()
        events = sum(1 for entry in entries if entry.kind is EntryKind.EVENT)
        assessments = len(entries) - events
        if not entries:
            self.summary.setText(EMPTY.format(name=self.history.record.child.given_name))
        else:
            first = min(entry.on for entry in entries)
            self.summary.setText(f"{_count(assessments, 'assessment')} and {_count(events, 'significant event')} "
                                 f"since {short_date(first)}. Open an assessment or edit an event with Enter.")
        rows = [r for r, entry in enumerate(entries) if entry.event and entry.event.id == select]
        if rows:
            self.table.selectRow(rows[0])
        elif entries:
            self.table.selectRow(0 if self.newest_first.isChecked() else len(entries) - 1)
        self.table.scrollTo(self.table.currentIndex())
        self._update_buttons()

    def current_entry(self) -> ChronologyEntry | None:
        index = self.table.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        is_event = entry is not None and entry.event is not None
        self.edit_button.setEnabled(is_event)
        self.remove_button.setEnabled(is_event)

    def _activated(self, index: QModelIndex) -> None:
        entry = self.model.entry_at(index.row())
        if entry.event is not None:
            self.edit_event()
        elif entry.assessment_id is not None:
            self.assessment_requested.emit(entry.assessment_id)

    # Events ----------------------------------------------------------------------------------------------------
    def add_event(self) -> None:
        if self._busy():
            return
        history, access = self.history, self._access
        dialog = EventDialog(self, child_name=history.record.child.given_name, today=access.session.today)
        dialog.submitted.connect(lambda draft: self._save(dialog, lambda: access.history().add_event(
            history.child_id, on=draft.date, kind=draft.kind, what_happened=draft.what_happened,
            source_agency=draft.source_agency)))
        self._show(dialog)

    def edit_event(self) -> None:
        entry = self.current_entry()
        if self._busy() or entry is None or entry.event is None:
            return
        event, access = entry.event, self._access
        dialog = EventDialog(self, child_name=self.history.record.child.given_name, event=event,
                             today=access.session.today)

        def save(draft: EventDraft) -> None:
            self._save(dialog, lambda: access.history().update_event(draft.applied_to(event)))

        dialog.submitted.connect(save)
        self._show(dialog)

    def remove_event(self) -> None:
        entry = self.current_entry()
        if self._busy() or entry is None or entry.event is None:
            return
        event, access = entry.event, self._access
        dialog = RemoveEventDialog(self, event=event)
        dialog.submitted.connect(lambda reason: self._save(
            dialog, lambda: access.history().remove_event(event.id, reason)))
        self._show(dialog)

    def _busy(self) -> bool:
        return self.history is None or self._access is None or (self.dialog is not None and self.dialog.isVisible())

    def _show(self, dialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _save(self, dialog, op) -> None:
        """Run ``op``; close the dialog once stored, or show why not (in words, by its field) and keep it open."""

        def saved(result) -> None:
            dialog.accept()
            self.reload(select=getattr(result, "id", None))
            self.changed.emit()

        def failed(error: Exception) -> None:
            if isinstance(error, InvalidInput):
                dialog.show_problems(error.problems)
            else:
                dialog.reject()
                self.problem.emit(error)

        self._runner.run(op, saved, failed)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
