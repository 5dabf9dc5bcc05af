"""The actions of one assessment's outcome plan as a table: domain, what will change, who and for which agency,
by when, the target grade (colour, number and word) and the progress notes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ....domain.assessment import PlanAction
from ....domain.instrument import Instrument
from ...models.age_text import short_date
from ...theme import grade_background, grade_foreground
from .change_words import grade_words

HEADERS = ("Domain", "What will change", "Who", "By when", "Target grade", "Progress notes")
CARRIED = " (carried forward)"
SHARED = "\n(shared with brothers and sisters)"


class PlanActionsTable(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, len(HEADERS), parent)
        self.setAccessibleName("Actions of this plan")
        self.setHorizontalHeaderLabels(HEADERS)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        metrics = self.fontMetrics()
        for column, sample in ((0, "Educational care and stimulation"), (2, "Priya Chandran, Children's social care"),
                               (3, "30 Sep 2026"), (4, "4 · Most needs unmet")):
            self.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.actions: list[PlanAction] = []

    def show_actions(self, actions: list[PlanAction], instrument: Instrument) -> None:
        current = self.current_action()
        self.actions = list(actions)
        self.setRowCount(len(actions))
        titles = {domain.id: domain.title for domain in instrument.domains}
        for row, action in enumerate(actions):
            carried = (CARRIED if action.carried_from_id else "") + (SHARED if action.family_id else "")
            who = f"{action.who}, {action.agency}" if action.agency else action.who
            cells = (titles.get(action.domain_id, action.domain_id) + carried, action.what_will_change, who,
                     short_date(action.by_when), grade_words(instrument, action.target_grade),
                     action.progress_notes)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 4:
                    item.setBackground(QBrush(grade_background(action.target_grade)))
                    item.setForeground(QBrush(grade_foreground(action.target_grade)))
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Target grade: {text}")
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        if actions:
            rows = [r for r, a in enumerate(actions) if current is not None and a.id == current.id]
            self.selectRow(rows[0] if rows else 0)

    def show_nothing(self) -> None:
        self.actions = []
        self.setRowCount(0)

    def current_action(self) -> PlanAction | None:
        row = self.currentRow()
        return self.actions[row] if 0 <= row < len(self.actions) else None
