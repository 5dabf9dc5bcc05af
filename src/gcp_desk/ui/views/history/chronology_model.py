"""The chronology as a Qt table over ``ChronologyEntry`` rows: date, kind, what happened, source agency.

Assessments are tinted and bold so that they stand out among the events without colour being the only cue (their
kind says "Assessment" in words).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ....services.history_views import ChronologyEntry, EntryKind
from ...models.age_text import short_date

HEADERS = ("Date", "Kind", "What happened", "Source agency")
_ASSESSMENT_FILL = QColor("#eef1f5")
_Index = QModelIndex | QPersistentModelIndex


class ChronologyModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[ChronologyEntry] = []

    def set_entries(self, entries: list[ChronologyEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[ChronologyEntry]:
        return list(self._entries)

    def entry_at(self, row: int) -> ChronologyEntry:
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
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
