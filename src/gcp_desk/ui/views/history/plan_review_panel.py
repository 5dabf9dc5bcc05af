"""The previous plan's actions as this assessment sees them: each target against the grade now, and how it was
reviewed (met, partly met, not met; carried forward or closed), or that it still waits for review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ....domain.labels import ACTION_OUTCOME
from ...models.age_text import short_date

if TYPE_CHECKING:
    from ....services.plan import PreviousAction

HEADERS = ("Domain", "What was to change", "By when", "Target against this assessment", "Review")
WAITING = "Not reviewed yet"
_WAITING_FILL = QColor("#fff4e5")


def review_words(entry: PreviousAction, editable: bool = True) -> str:
    if entry.review is None and not editable:
        return "Not reviewed"
    if entry.review is None:
        hint = f" (the grades suggest: {ACTION_OUTCOME[entry.suggested_outcome].lower()})" \
            if entry.suggested_outcome else ""
        return WAITING + hint
    review = entry.review
    onward = "carried forward" if review.carried_forward else "closed"
    note = f" {review.note}" if review.note else ""
    return f"{ACTION_OUTCOME[review.outcome]}, {onward}.{note}"


class PlanReviewPanel(QGroupBox):
    review_requested = Signal(object)
    """The ``PreviousAction`` to review."""
    withdraw_requested = Signal(object)

    def __init__(self, parent=None):
        super().__init__("Review of the previous plan", parent)
        self.entries: list[PreviousAction] = []
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Actions of the previous plan to review")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        metrics = self.fontMetrics()
        for column, sample in ((0, "Educational care and stimulation"), (2, "30 Sep 2026")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        for column in (1, 3, 4):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self._review())
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.review_button = QPushButton("Re&view action…")
        self.review_button.clicked.connect(self._review)
        self.withdraw_button = QPushButton("&Withdraw review")
        self.withdraw_button.clicked.connect(self._withdraw)
        buttons.addWidget(self.review_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._editable = False

    def show_entries(self, entries: list[PreviousAction], *, editable: bool, previous_when: str) -> None:
        current = self.current_entry()
        self.entries = list(entries)
        self._editable = editable
        self.setTitle(f"Review of the previous plan, from the assessment of {previous_when}")
        waiting = sum(1 for entry in entries if not entry.reviewed)
        if not editable:
            self.note.setText("This assessment can no longer change, so its review of the previous plan is shown "
                              "as it was made.")
        elif waiting:
            self.note.setText(f"{waiting} of {len(entries)} actions still to review: for each, say whether it was "
                              "met, and carry it forward or close it.")
        else:
            self.note.setText("Every action of the previous plan has been reviewed.")
        self.table.setRowCount(len(entries))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, entry in enumerate(entries):
            cells = (entry.target.domain_title, entry.action.what_will_change, short_date(entry.action.by_when),
                     entry.target.sentence, review_words(entry, editable))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not entry.reviewed:
                    item.setBackground(QBrush(_WAITING_FILL))
                    if column == 4:
                        item.setFont(bold)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if entries:
            rows = [r for r, e in enumerate(entries) if current and e.action.id == current.action.id]
            self.table.selectRow(rows[0] if rows else 0)
        self._update_buttons()

    def current_entry(self) -> PreviousAction | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        self.review_button.setEnabled(self._editable and entry is not None)
        self.withdraw_button.setEnabled(self._editable and entry is not None and entry.reviewed)

    def _review(self) -> None:
        entry = self.current_entry()
        if self._editable and entry is not None:
            self.review_requested.emit(entry)

    def _withdraw(self) -> None:
        entry = self.current_entry()
        if self._editable and entry is not None and entry.reviewed:
            self.withdraw_requested.emit(entry)
