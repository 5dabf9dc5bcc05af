"""The comparison as a Qt table: a row per domain (bold) followed by its items, both grades as colour, number and
word, the change as an arrow and words, and the evidence from both assessments."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ....domain.enums import Change
from ....domain.instrument import Instrument
from ...models.age_text import short_date
from ...theme import grade_background, grade_foreground
from ....scoring.drift import assessment_date
from .change_words import CHANGE_SPOKEN, change_cell, grade_words
from .compare_rows import CompareRow, CompareTable
from ...models.row_table import Index, RowTableModel

_DOMAIN_FILL = QColor("#eef1f5")
_WORSE_TEXT = QColor("#8a1022")
_MUTED_TEXT = QColor("#555555")


class Col(IntEnum):
    TITLE = 0
    EARLIER = 1
    LATER = 2
    CHANGE = 3
    EARLIER_EVIDENCE = 4
    LATER_EVIDENCE = 5


class CompareModel(RowTableModel):
    headers = tuple(column.name for column in Col)
    """Only their number counts: ``header`` words them from the two assessments compared."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._table: CompareTable | None = None

    def set_comparison(self, table: CompareTable | None) -> None:
        self._table = table
        self._show(table.rows if table else ())

    def row_at(self, position: int) -> CompareRow:
        return self._rows[position]

    def header(self, section: int) -> str:
        earlier = self._when(self._table.view.earlier) if self._table else ""
        later = self._when(self._table.view.later) if self._table else ""
        return {
            Col.TITLE: "Domain and item",
            Col.EARLIER: f"Earlier: {earlier}" if earlier else "Earlier",
            Col.LATER: f"Later: {later}" if later else "Later",
            Col.CHANGE: "Change",
            Col.EARLIER_EVIDENCE: "Evidence then",
            Col.LATER_EVIDENCE: "Evidence now",
        }[Col(section)]

    @staticmethod
    def _when(assessment) -> str:
        on = assessment_date(assessment)
        return short_date(on) if on else "no visit yet"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._table is None:
            return None
        row = self._rows[index.row()]
        column = Col(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Col.EARLIER_EVIDENCE, Col.LATER_EVIDENCE):
                return self._text(row, column) or None
            return self._spoken(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            grade = self._grade(row, column)
            if grade is not None:
                return QBrush(grade_background(grade))
            return QBrush(_DOMAIN_FILL) if row.is_domain else None
        if role == Qt.ItemDataRole.ForegroundRole and column in (Col.EARLIER, Col.LATER) and \
                self._grade(row, column) is None:
            return QBrush(_MUTED_TEXT)
        if role == Qt.ItemDataRole.ForegroundRole:
            grade = self._grade(row, column)
            if grade is not None:
                return QBrush(grade_foreground(grade))
            if column == Col.CHANGE and row.change is Change.WORSE:
                return QBrush(_WORSE_TEXT)
            if column == Col.CHANGE and row.change is Change.NOT_COMPARABLE:
                return QBrush(_MUTED_TEXT)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if row.is_domain or (column == Col.CHANGE and row.change is Change.WORSE):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Col.EARLIER, Col.LATER, Col.CHANGE):
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _grade(self, row: CompareRow, column: Col) -> int | None:
        if column == Col.EARLIER:
            return row.earlier_grade
        if column == Col.LATER:
            return row.later_grade
        return None

    def _instrument(self, column: Col) -> Instrument:
        view = self._table.view
        return view.earlier_instrument if column == Col.EARLIER else view.later_instrument

    def _text(self, row: CompareRow, column: Col) -> str:
        if column == Col.TITLE:
            return row.title if row.is_domain else f"    {row.title}"
        if column in (Col.EARLIER, Col.LATER):
            note = row.earlier_note if column == Col.EARLIER else row.later_note
            return grade_words(self._instrument(column), self._grade(row, column), empty=note or "–")
        if column == Col.CHANGE:
            return change_cell(row.change, row.words)
        if column == Col.EARLIER_EVIDENCE:
            return row.earlier_evidence
        return row.later_evidence

    def _spoken(self, row: CompareRow, column: Col) -> str:
        kind = "Domain" if row.is_domain else "Item"
        if column == Col.TITLE:
            return f"{kind}: {row.title}"
        if column in (Col.EARLIER, Col.LATER):
            which = "Earlier" if column == Col.EARLIER else "Later"
            grade = self._grade(row, column)
            note = (row.earlier_note if column == Col.EARLIER else row.later_note) or "none"
            return f"{which} grade: {grade_words(self._instrument(column), grade, empty=note)}"
        if column == Col.CHANGE:
            spoken = f"{row.title}: {row.words or CHANGE_SPOKEN[row.change]}"
            return f"{spoken} ({row.why_not_comparable})" if row.why_not_comparable else spoken
        text = self._text(row, column)
        return text or "No evidence written"
