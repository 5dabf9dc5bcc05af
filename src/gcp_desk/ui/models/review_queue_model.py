"""A supervisor's review queue as a table of plain rows: who, by whom, since when, which look, what worries.

``queue_rows`` turns the service's entries into words (pure, testable without a window); the model only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.palette import GRADE_COLOURS

from ...domain.review import QueueEntry
from ..theme import grade_background
from .age_text import short_date
from .round_words import look_words
from .row_table import Index, RowTableModel

NO_CONCERNS = "None graded 4 or 5"
NO_VISIT = "No visit"
NONE = "None"


class Column(IntEnum):
    CHILD = 0
    PRACTITIONER = 1
    SUBMITTED = 2
    WAITING = 3
    ROUND = 4
    CONCERNS = 5
    VISIT = 6
    OVERRIDES = 7
    FLAGS = 8


HEADERS = {
    Column.CHILD: "Child", Column.PRACTITIONER: "Practitioner", Column.SUBMITTED: "Submitted",
    Column.WAITING: "Waiting", Column.ROUND: "Round", Column.CONCERNS: "Domains graded 4 or 5",
    Column.VISIT: "Last visit", Column.OVERRIDES: "Overrides", Column.FLAGS: "Drift and targets",
}


@dataclass(frozen=True)
class QueueRow:
    assessment_id: UUID
    child_id: UUID
    child: str
    practitioner: str
    submitted: str
    waiting: str
    waiting_days: int
    round: str
    concerns: str
    visit: str = NO_VISIT
    overrides: str = NONE
    flags: str = NONE
    has_flags: bool = False
    changed_after_signing: bool = False
    """Altered outside GCP Desk since the practitioner signed it: shown in red, said first."""

    def cells(self) -> tuple[str, ...]:
        return (self.child, self.practitioner, self.submitted, self.waiting, self.round, self.concerns,
                self.visit, self.overrides, self.flags)

    def spoken(self) -> str:
        """The whole row as one sentence, for a screen reader."""
        warning = f"{CHANGED} " if self.changed_after_signing else ""
        return (f"{warning}{self.child}, submitted by {self.practitioner} on {self.submitted}, "
                f"waiting {self.waiting}; {self.round}; domains graded 4 or 5: {self.concerns}; "
                f"last visit {self.visit}; overrides: {self.overrides}; drift and targets: {self.flags}")


def grouped(flags: tuple[str, ...]) -> str:
    """ "No improvement: A, B. Target not met: C." from ("No improvement: A", "No improvement: B", ...)."""
    groups: dict[str, list[str]] = {}
    for flag in flags:
        kind, _, domain = flag.partition(": ")
        groups.setdefault(kind, []).append(domain)
    return " ".join(f"{kind}: {', '.join(domains)}." for kind, domains in groups.items())


CHANGED = "Changed after signing."


def waiting_words(days: int) -> str:
    if days <= 0:
        return "Since today"
    return "1 day" if days == 1 else f"{days} days"


def local_day(moment: datetime) -> date:
    return (moment.astimezone() if moment.tzinfo else moment).date()


def queue_rows(entries: list[QueueEntry], domain_titles: dict[str, str], today: date) -> list[QueueRow]:
    """In the service's order (oldest submission first): the longest wait is at the top."""
    rows = []
    for entry in entries:
        submitted_on = local_day(entry.submitted_at)
        days = (today - submitted_on).days
        concerns = ", ".join(domain_titles.get(domain_id, domain_id) for domain_id in entry.concern_domains)
        rows.append(QueueRow(
            assessment_id=entry.assessment_id, child_id=entry.child_id, child=entry.child_name,
            practitioner=entry.practitioner_name, submitted=short_date(submitted_on), waiting=waiting_words(days),
            waiting_days=days, round=look_words(entry.round, entry.is_amendment), concerns=concerns or NO_CONCERNS,
            visit=short_date(entry.visit_date) if entry.visit_date else NO_VISIT,
            overrides=", ".join(entry.overrides) or NONE, flags=grouped(entry.flags) or NONE,
            has_flags=bool(entry.flags),
            changed_after_signing=entry.changed_after_signing,
        ))
    return rows


class ReviewQueueModel(RowTableModel):
    headers = tuple(HEADERS[column] for column in Column)

    def set_rows(self, rows: list[QueueRow]) -> None:
        self._show(rows)

    def row_at(self, row: int) -> QueueRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if row.changed_after_signing and index.column() == Column.ROUND:
                return f"{CHANGED.rstrip('.')}; {row.round}"
            return row.cells()[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.changed_after_signing:
            return grade_background(5)  # the deepest red of the grade scale, as problem words are
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.spoken() if index.column() == Column.CHILD else row.cells()[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.spoken()
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == Column.FLAGS and row.has_flags:
            return QBrush(QColor(GRADE_COLOURS[5][0]))
        return None
