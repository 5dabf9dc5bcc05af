"""What the caseload's table shows: its columns and headers, the order each column sorts by, and its filters."""

from __future__ import annotations

from enum import Enum, IntEnum

from PySide6.QtCore import Qt

from ...domain.caseload_window import CaseloadShow, CaseloadSort

CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_ASSESSMENT = "No assessment yet"


class Column(IntEnum):
    NAME = 0
    IDENTIFIERS = 1
    AGE = 2
    LATEST = 3
    STATUS = 4
    CONCERNS = 5
    ATTENTION = 6


HEADERS = {
    Column.NAME: "Name",
    Column.IDENTIFIERS: "Identifiers",
    Column.AGE: "Age",
    Column.LATEST: "Latest assessment",
    Column.STATUS: "Status",
    Column.CONCERNS: "Domains graded 4 or 5",
    Column.ATTENTION: "Needs attention",
}
SORTS = {column: CaseloadSort[column.name] for column in Column}


class CaseloadFilter(Enum):
    ALL = "All children"
    MY_DRAFTS = "My drafts"
    AWAITING_REVIEW = "Awaiting review"
    RETURNED = "Returned"
    CONCERNS = "Concern flags"
    NEEDS_ATTENTION = "Needs attention"

    @property
    def show(self) -> CaseloadShow:
        return CaseloadShow[self.name]
