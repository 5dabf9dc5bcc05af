"""The caseload as a Qt table, read from the database a page at a time as the table scrolls.

A whole authority's caseload is too large to read at sign-in, hold, sort and search in Python: the model asks its
source for the first page (``PAGE_SIZE`` rows, in the order shown, searched and filtered by the database), shows it
at once, and fetches the next page when the table scrolls near the end (Qt's ``canFetchMore``/``fetchMore``). A new
sort, search or filter asks again from the first page. The filters' counts come with the first page.

The source is the signed-in person's ``ChildService`` (``caseload_page`` and ``caseload_counts``) or rows in hand
(``caseload_memory.RowsInHand``); ``load`` runs its calls (on the worker, in the window).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from ...domain.caseload import CaseloadRow
from ...domain.caseload_window import CaseloadCounts, CaseloadPage, CaseloadRequest, CaseloadShow
from ...domain.labels import PLAN_TYPE, STATUS
from ..views.history.attention_words import attention_details, attention_rank, attention_summary
from ..widgets.concern_chips import CHIPS_ROLE, Chip, chips_in_words, short_domain_name
from .age_text import age_in_words, short_date
from .caseload_attention import PagedAttention
from .caseload_columns import CHILD_ID_ROLE, HEADERS, NO_ASSESSMENT, SORTS, CaseloadFilter, Column
from .caseload_memory import RowsInHand
from .caseload_source import PAGE_SIZE, CaseloadSource, Load, ServiceSource, load_here
from .household_headings import HouseholdHeading, children_only, with_headings
from .row_table import Index, RowTableModel

if TYPE_CHECKING:
    from ...scoring.attention import AttentionReason

__all__ = ["CHILD_ID_ROLE", "PAGE_SIZE", "CaseloadFilter", "CaseloadModel", "CaseloadSource", "Column", "ServiceSource",
           "load_here"]
"""Also what the table shows (``caseload_columns``) and where it reads (``caseload_source``), as imported before."""

class CaseloadModel(RowTableModel):
    headers = tuple(HEADERS[column] for column in Column)
    loaded = Signal()
    """The first page of a new request (or of the caseload read again) is shown; its counts follow (``counted``)."""
    counted = Signal()
    """How many children the request shows, and each filter, are known."""
    failed = Signal(object)

    def __init__(self, today: Callable[[], date] = date.today, parent=None):
        super().__init__(parent)
        self._today = today
        self._titles: dict[str, str] = {}
        self._source: CaseloadSource | None = None
        self._load: Load = load_here
        self._count_load: Load = load_here
        self._asked = False
        self._shown_on: date | None = None
        self._request = CaseloadRequest()
        self._after: Any = None
        self._fetching = False
        self._round = 0
        self._attention = PagedAttention()
        self._labels: dict[UUID, str] = {}
        self._counts = CaseloadCounts()
        self._in_hand: tuple[list[CaseloadRow], Mapping] | None = None
        self.page_size = PAGE_SIZE
        self.held_offline: Callable[[UUID], Any] = lambda _child_id: None
        """Who else holds a child offline (``Session.held_offline``): said in the name's tooltip."""

    # Feeding -------------------------------------------------------------------------------------------------
    def holds_changed(self) -> None:
        """The holds the server gave changed: the names' tooltips (who holds each child offline) are asked again."""
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, Column.NAME), self.index(rows - 1, Column.NAME),
                                  [Qt.ItemDataRole.ToolTipRole])

    def set_source(self, source: CaseloadSource, domain_titles: dict[str, str] | None = None,
                   load: Load | None = None, first: tuple[CaseloadPage, CaseloadCounts] | None = None,
                   count_load: Load | None = None) -> None:
        """Read the caseload from ``source`` (``first``: its first page and counts, already read). ``load`` runs
        the reads of pages; ``count_load`` (``load`` unless given) the counts, which in the window are read beside
        the worker, so that the next keystroke's page never waits for the last one's count."""
        self._source = source
        self._in_hand = None
        if domain_titles is not None:
            self._titles = domain_titles
        if load is not None:
            self._load = load
            self._count_load = count_load or load
        if first is not None:
            self._round += 1
            self._asked = False
            self._show_first(self._round, first)
        else:
            self.reload()

    def set_rows(self, rows: list[CaseloadRow], domain_titles: dict[str, str] | None = None) -> None:
        """Show ``rows``, rows in hand rather than the database's."""
        self._in_hand = (list(rows), {})
        if domain_titles is not None:
            self._titles = domain_titles
        self._use_rows_in_hand()

    def set_attention(self, attention: Mapping[UUID, list[AttentionReason]]) -> None:
        """Who needs attention among rows in hand (``set_rows``): a mapping of their reasons."""
        assert self._in_hand is not None, "the database's pages carry their own attention"
        self._in_hand = (self._in_hand[0], {key: value for key, value in attention.items() if value})
        self._use_rows_in_hand()

    def _use_rows_in_hand(self) -> None:
        assert self._in_hand is not None
        rows, attention = self._in_hand
        ranks = getattr(attention, "rank", None)
        rank = ranks or (lambda child_id: attention_rank(attention[child_id]) if child_id in attention else None)
        self._source = RowsInHand(rows, attention, rank, self._today)
        self.reload(load_here)  # rows in hand: on screen at once (signing out empties the list this way)

    def reload(self, load: Load | None = None, filters: bool = True) -> None:
        """Read again from the first page (the records changed); the rows shown stay until the new ones arrive.
        The counts follow the page: how many the request shows, and with ``filters`` how many each filter shows."""
        self._asked = False
        self._read_first(load, filters)

    def _read_first(self, load: Load | None, filters: bool) -> None:
        """The first page of the request, then its counts. Without ``filters`` (only the search changed) the
        filters' counts are not read again; nor is how many the search shows when every match is on the page."""
        source, request, limit = self._source, self._request, self.page_size
        if source is None:
            return
        self._round += 1
        this_round = self._round
        self._fetching = True
        run, count = (load, load) if load is not None else (self._load, self._count_load)

        def shown(page: CaseloadPage) -> None:
            if this_round != self._round:
                return
            self._show_page(page)
            if not filters and page.after is None:  # every match is on the page: counted without a read
                self._counted(this_round, CaseloadCounts({}, len(page.rows)))
            elif filters or request.words or request.show is not CaseloadShow.ALL:
                count(lambda: source.counts(request, filters), lambda counts: self._counted(this_round, counts),
                      self._failed(this_round))
            else:  # every child shown: the count is the caseload's, known already
                self._counted(this_round, CaseloadCounts({}, self.total()))

        run(lambda: source.page(request, None, limit), shown, self._failed(this_round))

    def _show_first(self, this_round: int, first: tuple[CaseloadPage, CaseloadCounts]) -> None:
        if this_round != self._round:
            return
        page, counts = first
        self._show_page(page)
        self._counted(this_round, counts)

    def _show_page(self, page: CaseloadPage) -> None:
        rows = with_headings(page.rows, page.households, None, page.families) \
            if self._request.by_household else list(page.rows)
        attention = PagedAttention()
        attention.add(page.attention)
        before, shown_before = self._attention, self._rows
        today = self._today()
        same_day = today == self._shown_on

        def unchanged(position: int) -> bool:
            old, new = shown_before[position], rows[position]
            return same_day and old == new and (
                isinstance(new, HouseholdHeading) or before.stored(new.child_id) == attention.stored(new.child_id))

        self._attention = attention
        self._labels = dict(page.households)
        self._after = page.after
        self._fetching = False
        self._shown_on = today
        self._replace(rows, unchanged)
        self.loaded.emit()

    def _replace(self, rows: list[CaseloadRow | HouseholdHeading], unchanged: Callable[[int], bool]) -> None:
        """Show ``rows`` in place of the rows shown, rather than resetting the table: rows beyond the shorter list
        are removed or inserted, and only the rows that differ are said to have changed, so a search narrowed to
        the same first rows repaints nothing and the table keeps its selection and columns."""
        shown, root = self._rows, QModelIndex()
        common = min(len(shown), len(rows))
        if len(shown) > common:
            self.beginRemoveRows(root, common, len(shown) - 1)
            self._rows = shown[:common]
            self.endRemoveRows()
        changed = [position for position in range(common) if not unchanged(position)]
        self._rows = rows[:common]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.headers) - 1))
        if len(rows) > common:
            self.beginInsertRows(root, common, len(rows) - 1)
            self._rows = list(rows)
            self.endInsertRows()

    def _counted(self, this_round: int, counts: CaseloadCounts) -> None:
        if this_round != self._round:
            return
        self._counts = CaseloadCounts(counts.by_show or self._counts.by_show, counts.shown)
        self.counted.emit()

    def _failed(self, this_round: int) -> Callable[[Exception], None]:
        def failed(error: Exception) -> None:
            if this_round == self._round:
                self._fetching = False
                self.failed.emit(error)
        return failed

    # Fetching as the table scrolls ---------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self._after is not None and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt's name
        if not self.canFetchMore(parent) or self._source is None:
            return
        source, request, after, limit, this_round = self._source, self._request, self._after, self.page_size, \
            self._round
        self._fetching = True
        self._load(lambda: source.page(request, after, limit), lambda page: self._append(this_round, page),
                   self._failed(this_round))

    def _append(self, this_round: int, page: CaseloadPage) -> None:
        if this_round != self._round:
            return
        self._fetching = False
        self._after = page.after
        if page.rows:
            rows = (with_headings(page.rows, page.households, self._rows[-1] if self._rows else None,
                                  page.families) if self._request.by_household else page.rows)
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self._attention.add(page.attention)
            self._labels.update(page.households)
            self.endInsertRows()

    def fetch_all(self) -> None:
        """Every page still to come (synchronous loads only: the tests, a printout)."""
        while self.canFetchMore():
            before = len(self._rows)
            self.fetchMore()
            if len(self._rows) == before:
                break

    @property
    def settled(self) -> bool:
        """Nothing is being read: what is shown is what was last asked for."""
        return not self._fetching

    @property
    def asked(self) -> bool:
        """The rows shown answer a new search, filter or order (``ask``), rather than the caseload read again."""
        return self._asked

    @property
    def complete(self) -> bool:
        """Every row of the request has been read."""
        return self._after is None and not self._fetching

    # What is asked for ----------------------------------------------------------------------------------------
    @property
    def request(self) -> CaseloadRequest:
        return self._request

    def ask(self, **changes: Any) -> None:
        """Show another order, search or filter: read again from the first page."""
        request = CaseloadRequest(**{**self._request.__dict__, **changes})
        if request != self._request:
            only_search = {**request.__dict__, "words": ()} == {**self._request.__dict__, "words": ()}
            self._request = request
            self._asked = True
            self._read_first(None, filters=not only_search)

    def show_only(self, words: list[str], which: CaseloadFilter, user_id: UUID | None) -> None:
        """Show the children whose search text holds every word and whom the filter keeps."""
        self.ask(words=tuple(words), show=which.show, user_id=user_id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.ask(sort=SORTS[Column(column)], descending=order == Qt.SortOrder.DescendingOrder)

    @property
    def sorted_by(self) -> tuple[Column, Qt.SortOrder]:
        column = next(c for c, sort in SORTS.items() if sort is self._request.sort)
        return column, Qt.SortOrder.DescendingOrder if self._request.descending else Qt.SortOrder.AscendingOrder

    # What is known --------------------------------------------------------------------------------------------
    def rows(self) -> list[CaseloadRow]:
        """The children read so far, in the order shown (grouped by household: without the headings)."""
        return children_only(self._rows)

    def total(self) -> int:
        """Every child of the caseload in scope, whatever is shown."""
        return self._counts.by_show.get(CaseloadShow.ALL, 0)

    def shown_total(self) -> int:
        """Every child the search and filter keep, read yet or not."""
        return self._counts.shown

    def counts(self) -> dict[CaseloadFilter, int]:
        return {which: self._counts.by_show.get(which.show, 0) for which in CaseloadFilter}

    def attention_of(self, child_id: UUID) -> list[AttentionReason]:
        return self._attention[child_id] if child_id in self._attention else []

    def needs_attention(self, child_id: UUID) -> bool:
        return child_id in self._attention

    def flagged(self, child_ids: list[UUID] | None = None) -> list[tuple[CaseloadRow, list[AttentionReason]]]:
        """The children given (of the rows read) who need attention, in that order; without ``child_ids``, every
        one read who does, in the order shown."""
        children = children_only(self._rows)
        by_id = {row.child_id: row for row in children}
        if child_ids is None:
            child_ids = [row.child_id for row in children]
        return [(by_id[child_id], self._attention[child_id]) for child_id in child_ids
                if child_id in self._attention and child_id in by_id]

    def household_labels(self) -> dict[UUID, str]:
        """The headings of the households read so far (grouped, or needing attention), told apart where names are
        shared."""
        return self._labels

    def row_at(self, position: int) -> CaseloadRow:
        return self._rows[position]

    def position_of(self, child_id: UUID) -> int | None:
        return next((i for i, row in enumerate(self._rows) if getattr(row, "child_id", None) == child_id), None)

    def chips(self, row: CaseloadRow) -> list[Chip]:
        return [
            Chip(label=short_domain_name(self._titles.get(d, d)), title=self._titles.get(d, d))
            for d in row.concern_domains
        ]

    # Qt's table interface (rows, columns and headers from ``RowTableModel``) ----------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid():  # most roles a cell is painted with are none of ours
            return None
        row = self._rows[index.row()]
        column = index.column()
        if isinstance(row, HouseholdHeading):
            return heading_data(row, column, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.CONCERNS:
                return chips_in_words(self.chips(row))
            if column == Column.ATTENTION:
                return attention_details(self.attention_of(row.child_id)) or None
            if column == Column.NAME:
                hold = self.held_offline(row.child_id)
                held = f"; held offline by {hold.holder_name} since {short_date(hold.since.date())}" if hold else ""
                return (f"{row.full_name}, {PLAN_TYPE[row.plan_type].lower()}; {row.assessment_count} assessments"
                        + held)
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


_ANSWERED = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole, CHIPS_ROLE,
    CHILD_ID_ROLE, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole))
"""The roles ``data`` answers for a child's row or a family's heading (``heading_data``)."""


def heading_data(heading: HouseholdHeading, column: int, role: int) -> Any:
    """A family's heading row: its name and worst flags in the first column (spanning the row), in bold; it opens
    no child."""
    if role == Qt.ItemDataRole.DisplayRole:
        return heading.text if column == Column.NAME else ""
    if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
        return heading.words if column == Column.NAME else ""
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.BackgroundRole:
        return QColor("#e8eef5")
    return None
