"""The caseload as a Qt table: plain ``CaseloadRow``s in, words out; searched and filtered here, in Python.

Sorting, search and filters work on the list of rows, not through ``QSortFilterProxyModel``: its sort asks
``data()`` twice per comparison (most of a second on 10,000 rows), and its filter calls back into Python once per
row on every keystroke (a third of a second on 50,000). A keystroke here is one pass over the search texts, and the
table is told which rows it now shows; the proxy the view holds only passes the rows through.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum, IntEnum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QIdentityProxyModel, Qt

from ...domain.caseload import CaseloadRow
from ...domain.enums import AssessmentStatus
from ...domain.labels import PLAN_TYPE, STATUS
from ..views.history.attention_words import attention_details, attention_rank, attention_summary
from ..widgets.concern_chips import CHIPS_ROLE, Chip, chips_in_words, short_domain_name
from .age_text import age_in_words, age_sort_key, short_date
from .row_table import Index, RowTableModel

if TYPE_CHECKING:
    from ...scoring.attention import AttentionReason

CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_ASSESSMENT = "No assessment yet"
_STATUS_ORDER = {status: rank for rank, status in enumerate(AssessmentStatus)}


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


class CaseloadFilter(Enum):
    ALL = "All children"
    MY_DRAFTS = "My drafts"
    AWAITING_REVIEW = "Awaiting review"
    RETURNED = "Returned"
    CONCERNS = "Concern flags"
    NEEDS_ATTENTION = "Needs attention"


def matches_filter(row: CaseloadRow, which: CaseloadFilter, user_id: UUID | None,
                   needs_attention: bool = False) -> bool:
    if which is CaseloadFilter.ALL:
        return True
    if which is CaseloadFilter.MY_DRAFTS:
        return row.latest_status is AssessmentStatus.DRAFT and user_id is not None and row.latest_owner_id == user_id
    if which is CaseloadFilter.AWAITING_REVIEW:
        return row.latest_status is AssessmentStatus.SUBMITTED
    if which is CaseloadFilter.RETURNED:
        return row.latest_status is AssessmentStatus.RETURNED
    if which is CaseloadFilter.NEEDS_ATTENTION:
        return needs_attention
    return bool(row.concern_domains)


def search_key(row: CaseloadRow) -> str:
    return f"{row.given_name} {row.family_name} {row.family_name}, {row.given_name} {row.identifiers}".casefold()


class CaseloadModel(RowTableModel):
    headers = tuple(HEADERS[column] for column in Column)

    def __init__(self, today: Callable[[], date] = date.today, parent=None):
        super().__init__(parent)
        self._today = today
        self._keys: list[str] = []
        self._titles: dict[str, str] = {}
        self._attention: Mapping[UUID, list[AttentionReason]] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] = (Column.NAME, Qt.SortOrder.AscendingOrder)
        self._all: list[CaseloadRow] = []
        """Every child, in the order sorted; ``_rows`` holds those the search and filter let through."""
        self._words: list[str] = []
        self._filter = CaseloadFilter.ALL
        self._user_id: UUID | None = None

    # Feeding -------------------------------------------------------------------------------------------------
    def set_rows(self, rows: list[CaseloadRow], domain_titles: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        if domain_titles is not None:
            self._titles = domain_titles
        self._all = self._ordered(list(rows), *self._sorted_by)
        self._keys = []  # built at the first search: nothing to pay for at start-up
        self._rows = self._shown()
        self.endResetModel()

    def rows(self) -> list[CaseloadRow]:
        """Every child of the caseload, whatever is shown."""
        return list(self._all)

    def total(self) -> int:
        return len(self._all)

    def show_only(self, words: list[str], which: CaseloadFilter, user_id: UUID | None) -> None:
        """Show the children whose search text holds every word and whom the filter keeps."""
        if (words, which, user_id) == (self._words, self._filter, self._user_id):
            return
        self.beginResetModel()
        self._words, self._filter, self._user_id = words, which, user_id
        self._rows = self._shown()
        self.endResetModel()

    def _shown(self) -> list[CaseloadRow]:
        rows = self._all
        if self._words:
            if not self._keys:
                self._keys = [search_key(row) for row in rows]
            if len(self._words) == 1:
                word = self._words[0]
                rows = [row for row, key in zip(rows, self._keys, strict=True) if word in key]
            else:
                words = self._words
                rows = [row for row, key in zip(rows, self._keys, strict=True) if all(w in key for w in words)]
        which, user_id = self._filter, self._user_id
        if which is CaseloadFilter.ALL:
            return list(rows)
        attention = self._attention
        return [row for row in rows if matches_filter(row, which, user_id, row.child_id in attention)]

    def set_attention(self, attention: Mapping[UUID, list[AttentionReason]]) -> None:
        """Why each child needs attention: a plain mapping, or the stored index, which decodes a child's reasons
        only when they are looked at and ranks children without decoding any."""
        if isinstance(attention, dict):
            attention = {child_id: reasons for child_id, reasons in attention.items() if reasons}
        self._attention = attention
        if self._filter is CaseloadFilter.NEEDS_ATTENTION:
            self.beginResetModel()
            self._rows = self._shown()
            self.endResetModel()
        if self._sorted_by[0] == Column.ATTENTION:
            self.sort(*self._sorted_by)
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.ATTENTION), self.index(len(self._rows) - 1, Column.ATTENTION))

    def attention_of(self, child_id: UUID) -> list[AttentionReason]:
        return self._attention[child_id] if child_id in self._attention else []

    def needs_attention(self, child_id: UUID) -> bool:
        return child_id in self._attention

    def flagged(self, child_ids: list[UUID] | None = None) -> list[tuple[CaseloadRow, list[AttentionReason]]]:
        """The children given who need attention, in that order; without ``child_ids``, every child who does,
        most pressing first."""
        by_id = {row.child_id: row for row in self._all}
        if child_ids is None:
            child_ids = sorted((child_id for child_id in self._attention if child_id in by_id),
                               key=lambda child_id: (self._rank(child_id), by_id[child_id].family_name,
                                                     by_id[child_id].given_name))
        return [(by_id[child_id], self._attention[child_id]) for child_id in child_ids
                if child_id in self._attention and child_id in by_id]

    def _rank(self, child_id: UUID) -> Any:
        """Sorts the most pressing child first; ``None`` for a child who needs no attention. The stored index
        ranks without decoding; a plain mapping ranks by the reasons."""
        if child_id not in self._attention:
            return None
        rank = getattr(self._attention, "rank", None)
        return rank(child_id) if rank is not None else attention_rank(self._attention[child_id])

    def row_at(self, position: int) -> CaseloadRow:
        return self._rows[position]

    def position_of(self, child_id: UUID) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.child_id == child_id), None)

    def chips(self, row: CaseloadRow) -> list[Chip]:
        return [
            Chip(label=short_domain_name(self._titles.get(d, d)), title=self._titles.get(d, d))
            for d in row.concern_domains
        ]

    # Qt's table interface (rows, columns and headers from ``RowTableModel``) ----------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.CONCERNS:
                return chips_in_words(self.chips(row))
            if column == Column.ATTENTION:
                return attention_details(self.attention_of(row.child_id)) or None
            if column == Column.NAME:
                return f"{row.full_name}, {PLAN_TYPE[row.plan_type].lower()}; {row.assessment_count} assessments"
            return None
        if role == CHIPS_ROLE and column == Column.CONCERNS:
            return self.chips(row)
        if role == CHILD_ID_ROLE:
            return row.child_id
        return None

    def _text(self, row: CaseloadRow, column: int) -> str:
        if column == Column.NAME:
            return f"{row.family_name}, {row.given_name}"
        if column == Column.IDENTIFIERS:
            return row.identifiers
        if column == Column.AGE:
            return age_in_words(row.date_of_birth, row.expected_date_of_delivery, self._today())
        if column == Column.LATEST:
            return short_date(row.latest_date) if row.latest_date else NO_ASSESSMENT
        if column == Column.STATUS:
            return STATUS[row.latest_status] if row.latest_status else NO_ASSESSMENT
        if column == Column.ATTENTION:
            return attention_summary(self.attention_of(row.child_id))
        return chips_in_words(self.chips(row)) if row.concern_domains else ""

    # Sorting in Python, on plain keys --------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._sorted_by = (column, order)
        self._all = self._ordered(self._all, column, order)
        self._keys = []
        self._rows = self._shown()
        moved = {row.child_id: position for position, row in enumerate(self._rows)}
        old, new = [], []
        for persistent in self.persistentIndexList():
            if persistent.isValid():
                old.append(persistent)
                new.append(self.index(moved[before[persistent.row()].child_id], persistent.column()))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _ordered(self, rows: list[CaseloadRow], column: int, order: Qt.SortOrder) -> list[CaseloadRow]:
        """Rows in the order asked for; rows with nothing to sort on (no assessment yet) always come last."""
        today = self._today()
        keys: dict[int, Callable[[CaseloadRow], Any]] = {
            Column.NAME: lambda r: (r.family_name.casefold(), r.given_name.casefold()),
            Column.IDENTIFIERS: lambda r: r.identifiers or None,
            Column.AGE: lambda r: age_sort_key(r.date_of_birth, r.expected_date_of_delivery, today),
            Column.LATEST: lambda r: r.latest_date,
            Column.STATUS: lambda r: _STATUS_ORDER.get(r.latest_status) if r.latest_status else None,
            Column.CONCERNS: lambda r: len(r.concern_domains),
            Column.ATTENTION: lambda r: self._rank(r.child_id),
        }
        descending = order == Qt.SortOrder.DescendingOrder
        ranked = sorted(rows, key=keys[Column.NAME])  # ties read in name order whichever column is sorted
        if column == Column.NAME:
            return ranked[::-1] if descending else ranked
        key = keys[Column(column)]
        valued = [(key(row), row) for row in ranked]
        present = sorted((pair for pair in valued if pair[0] is not None), key=lambda pair: pair[0],
                         reverse=descending)
        return [row for _, row in present] + [row for value, row in valued if value is None]


class CaseloadProxy(QIdentityProxyModel):
    """What the view holds: the caseload's rows as the model shows them, with the search and the filter passed to
    the model, which narrows its rows itself (see the module's note)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._filter = CaseloadFilter.ALL
        self._user_id: UUID | None = None

    def caseload(self) -> CaseloadModel:
        source = self.sourceModel()
        assert isinstance(source, CaseloadModel)
        return source

    def set_search(self, text: str) -> None:
        self._words = text.casefold().split()
        self._apply()

    def set_filter(self, which: CaseloadFilter) -> None:
        self._filter = which
        self._apply()

    def set_user(self, user_id: UUID | None) -> None:
        self._user_id = user_id
        self._apply()

    @property
    def current_filter(self) -> CaseloadFilter:
        return self._filter

    def _apply(self) -> None:
        if self.sourceModel() is not None:
            self.caseload().show_only(self._words, self._filter, self._user_id)

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        self._apply()

    def counts(self) -> dict[CaseloadFilter, int]:
        """How many children each filter shows, over the whole caseload (the search is not applied)."""
        counted = dict.fromkeys(CaseloadFilter, 0)
        by_status = {AssessmentStatus.SUBMITTED: CaseloadFilter.AWAITING_REVIEW,
                     AssessmentStatus.RETURNED: CaseloadFilter.RETURNED}
        user_id, attention = self._user_id, self.caseload().needs_attention
        everyone = self.caseload()._all
        for row in everyone:  # one pass: this runs on every refresh of tens of thousands of rows
            status = row.latest_status
            if status in by_status:
                counted[by_status[status]] += 1
            elif status is AssessmentStatus.DRAFT and user_id is not None and row.latest_owner_id == user_id:
                counted[CaseloadFilter.MY_DRAFTS] += 1
            if row.concern_domains:
                counted[CaseloadFilter.CONCERNS] += 1
            if attention(row.child_id):
                counted[CaseloadFilter.NEEDS_ATTENTION] += 1
        counted[CaseloadFilter.ALL] = len(everyone)
        return counted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.caseload().sort(column, order)

    def child_id_at(self, proxy_row: int) -> UUID | None:
        if not 0 <= proxy_row < self.rowCount():
            return None
        return self.index(proxy_row, 0).data(CHILD_ID_ROLE)
