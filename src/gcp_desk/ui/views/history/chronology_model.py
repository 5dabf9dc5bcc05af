"""The chronology as a Qt table over ``ChronologyEntry`` rows: date, kind, what happened, source agency.

Assessments are tinted and bold so that they stand out among the events without colour being the only cue (their
kind says "Assessment" in words).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ....services.history_views import ChronologyEntry, EntryKind
from ...models.age_text import short_date
from ...models.row_table import Index, RowTableModel

HEADERS = ("Date", "Kind", "What happened", "Source agency")
_ASSESSMENT_FILL = QColor("#eef1f5")


class ChronologyModel(RowTableModel):
    headers = HEADERS

    def set_entries(self, entries: list[ChronologyEntry]) -> None:
        self._show(entries)

    def entries(self) -> list[ChronologyEntry]:
        return self.rows()

    def entry_at(self, row: int) -> ChronologyEntry:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        is_assessment = entry.kind is EntryKind.ASSESSMENT
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(entry, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[index.column()]}: {cell_text(entry, index.column()) or 'none'}"
        if role == Qt.ItemDataRole.BackgroundRole and is_assessment:
            return QBrush(_ASSESSMENT_FILL)
        if role == Qt.ItemDataRole.FontRole and is_assessment and index.column() == 1:
            font = QFont()
            font.setBold(True)
            return font
        return None


def cell_text(entry: ChronologyEntry, column: int) -> str:
    if column == 0:
        return short_date(entry.on) + (" (started)" if entry.undated else "")
    if column == 1:
        return entry.label
    if column == 2:
        return entry.text
    return entry.source_agency
