"""The caseload: every child, searchable as you type, with filters, and the way to add a child."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.caseload_window import CaseloadCounts, CaseloadPage, CaseloadRequest
from ...domain.errors import InvalidInput
from ..dialogs.child_dialog import ChildDialog, ChildDraft
from ..models.caseload_model import SORTS, CaseloadFilter, CaseloadModel, Column, ServiceSource
from ..models.caseload_proxy import CaseloadProxy
from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from .caseload_prepare import prepare_reads
from .history.attention_panel import AttentionPanel
from .history.history_access import HistoryAccess
from ..widgets.concern_chips import ConcernChipsDelegate
from ..widgets.fitted_columns import FittedColumns

if TYPE_CHECKING:
    from collections.abc import Callable
    from ..session import Session

LOADING = "Loading caseload…"
EMPTY = "No children on the caseload yet. Add the first with New child (Ctrl+N)."


STALE_CHUNK = 10
"""Children whose stored attention is worked out again per turn on the worker (after a date passed, or once after
the upgrade that brought stored attention in): the longest anything the practitioner does next waits behind it.
About 2.5 ms of processor time a child at 50,000 children, most of it reading their histories from pages not yet in
memory and working out drift: 20 a turn took 50 ms of processor time, over 100 ms on a busy machine."""
PANEL_LIMIT = 200
"""Children listed with their reasons under "Needs attention"; the rest are a search away."""

@dataclass(frozen=True)
class StaleCount:
    stale: int
    """Children whose stored reasons no longer hold today."""


class CaseloadView(QWidget):
    child_opened = Signal(object)
    """The id of the child to open."""
    rows_shown = Signal(int)
    """The caseload was put on screen (read, or read again), with this many children; not at each search, filter
    or order, which only asks it another question."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Caseload")
        self._runner = runner
        self._session: Session | None = None
        self._access: HistoryAccess | None = None
        self._attention_round = 0
        self._paused_attention: Callable[[], None] | None = None
        self.dialog: ChildDialog | None = None
        self._source_set = False
        self._keep: UUID | None = None
        """The child selected before the caseload was asked for again: selected again if in the first page."""
        self._start_at_top = False
        self._stale_checked = False
        self._spanned = False
        self.model = CaseloadModel(parent=self)
        self.model.loaded.connect(self._loaded)
        self.model.rowsInserted.connect(lambda _parent, first, last: self._span_headings(first, last))
        self.model.counted.connect(self._update_counts)
        self.model.failed.connect(self.problem.emit)
        self.proxy = CaseloadProxy(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        layout.addLayout(self._filter_row())
        self._pages = QStackedWidget()
        self._message = QLabel(LOADING)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._pages.addWidget(self._message)
        self._pages.addWidget(self._build_lists())
        layout.addWidget(self._pages, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_child,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name or identifier")
        self.search.setAccessibleName("Search the caseload by name or identifier")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._go_to_results)
        row.addWidget(self.search, 1)
        self.new_child_button = QPushButton("&New child")
        self.new_child_button.setToolTip("Add a child to the caseload (Ctrl+N)")
        self.new_child_button.clicked.connect(self.new_child)
        row.addWidget(self.new_child_button)
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._filter_group = QButtonGroup(self)
        self.filter_buttons: dict[CaseloadFilter, QPushButton] = {}
        for which in CaseloadFilter:
            button = QPushButton(which.value)
            button.setCheckable(True)
            button.setChecked(which is CaseloadFilter.ALL)
            button.clicked.connect(lambda _checked, w=which: self.set_filter(w))
            self._filter_group.addButton(button)
            self.filter_buttons[which] = button
            row.addWidget(button)
        row.addStretch(1)
        self.group_by_household = QCheckBox("&Group by household")
        self.group_by_household.setToolTip("Brothers and sisters together, under a heading for each household")
        self.group_by_household.toggled.connect(self._grouped)
        row.addWidget(self.group_by_household)
        return row

    def _grouped(self, grouped: bool) -> None:
        self._keep = self.current_child_id()
        self.proxy.set_grouped(grouped)

    def _build_lists(self) -> QSplitter:
        """The table, and beside it, under "Needs attention" only, every flagged child's reasons in words."""
        split = QSplitter(Qt.Orientation.Vertical)  # the reasons are sentences: they need the full width
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_table())
        self.attention = AttentionPanel()
        self.attention.child_opened.connect(self.child_opened)
        self.attention.child_selected.connect(self._select)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _old: self.attention.select_child(self.proxy.child_id_at(current.row())))
        self.attention.hide()
        split.addWidget(self.attention)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        return split

    def _build_table(self) -> QTableView:
        self.table = QTableView()
        self.table.setAccessibleName("Children on the caseload")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setItemDelegateForColumn(Column.CONCERNS, ConcernChipsDelegate(self.table))
        # Every column as wide as its header and its widest cell at the font in use; concerns take the room left.
        self.columns = FittedColumns(self.table, grow=[Column.CONCERNS, Column.ATTENTION])
        self.table.activated.connect(self._open_index)
        return self.table

    # Context and data ----------------------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        previous = self._session
        if previous is not None and previous.user.id != session.user.id:
            # Another person: nothing of the last one's search or filter is left for them to see.
            self.search.clear()
            self.set_filter(CaseloadFilter.ALL)
        self._session = session
        self._source_set = False
        self._stale_checked = False
        self.model._today = session.today
        self.model.held_offline = session.held_offline
        self.proxy.set_user(session.user.id)
        self._access = HistoryAccess(session)

    def show_loading(self) -> None:
        self._message.setText(LOADING)
        self._pages.setCurrentIndex(0)
        self.summary.clear()

    def reload(self) -> None:
        """Read the caseload again from its first page in the background (the records changed); the list stays
        usable meanwhile."""
        session = self._session
        assert session is not None
        if self.model.total() == 0:
            self.show_loading()
        self._keep = self.current_child_id()
        if not self._source_set:
            self._source_set = True
            self.model.set_source(ServiceSource(session.children), session.domain_titles(), load=self._runner.run,
                                  count_load=self._count_load)
        else:
            self.model.reload()

    def show_first(self, first: tuple[CaseloadPage, CaseloadCounts], domain_titles: dict[str, str],
                   stale: int = 0) -> None:
        """The caseload's first page and counts, read with the sign-in (and how many children's stored reasons no
        longer hold today, worked out again behind it); later pages are read as the table scrolls."""
        session = self._session
        assert session is not None
        self._keep = self.current_child_id()
        self._source_set = True
        self._stale_checked = True
        if stale:
            self._attention_round += 1
            self._refresh_stale(StaleCount(stale))
        if self.model.request != CaseloadRequest(user_id=session.user.id):
            first = None  # read for the caseload's first order; this person left another search or filter on
        self.model.set_source(ServiceSource(session.children), domain_titles, load=self._runner.run, first=first,
                              count_load=self._count_load)

    def _count_load(self, call, done, failed) -> None:
        """Counts are read beside the worker (a read of part of the screen): the next keystroke's page never waits
        for the last one's count."""
        self._runner.run(call, done, failed, background=True)

    def _span_headings(self, first: int = 0, last: int | None = None) -> None:
        """Grouped by household: each family's heading row across the whole width."""
        if first == 0 and self._spanned:
            self.table.clearSpans()  # repaints the whole table: only when there are spans to clear
            self._spanned = False
        if not self.model.request.by_household:
            return
        columns = self.model.columnCount()
        for row in range(first, self.model.rowCount() if last is None else last + 1):
            if self.proxy.child_id_at(row) is None:
                self.table.setSpan(row, 0, 1, columns)
                self._spanned = True

    def _loaded(self) -> None:
        """A first page is on screen: a new search, filter or order, or the caseload read again (its counts follow:
        ``_counted``)."""
        self._span_headings()
        self.columns.fit_shown()  # before the rows are painted, so that they are painted once
        request = self.model.request
        if self.model.rowCount() or request.words or self.proxy.current_filter is not CaseloadFilter.ALL:
            self._pages.setCurrentIndex(1)
        else:
            self._message.setText(EMPTY)
            self._pages.setCurrentIndex(0)
        keep, self._keep = self._keep, None
        self._select(None if self._start_at_top else keep)
        self._start_at_top = False
        self._refresh_attention_panel()
        if not self.model.asked:  # the caseload read (again), not a search, filter or order on it
            self.rows_shown.emit(self.model.total())
        if not self._stale_checked:
            self._stale_checked = True
            self._prepare_reads()
            self._check_stale()

    def _prepare_reads(self) -> None:
        if self._session is not None:
            prepare_reads(self._runner, self._session, self.model)

    def _check_stale(self) -> None:
        """Count the children whose stored reasons no longer hold today (a date passed, or never worked out); if
        any, work them out again in the background."""
        access = self._access
        if access is None:
            return
        self._attention_round += 1
        this_round = self._attention_round

        def counted(index) -> None:
            if this_round == self._attention_round:
                self._refresh_stale(index)

        # no children asked for: the count of stale ones, without reading anyone's reasons
        self._runner.run(lambda: access.history().attention_index([]), counted, self._attention_failed)

    def _attention_failed(self, error: Exception) -> None:
        self.attention.note.setText("Who needs attention could not be worked out. " + error_in_words(error))

    def _refresh_stale(self, index) -> None:
        """Work out again, a chunk at a time, the children whose stored reasons no longer hold today, then read the
        caseload again. Between chunks, whatever the practitioner does next gets its turn on the worker; while the
        caseload is not on screen, the work waits."""
        access = self._access
        if access is None or not getattr(index, "stale", 0):
            return
        this_round = self._attention_round

        def chunk() -> None:
            if this_round != self._attention_round:
                return  # a newer round is under way
            if not self.isVisible():
                self._paused_attention = chunk
                return
            self._runner.run(lambda: access.refresh_stale(STALE_CHUNK), after, self._attention_failed)

        def after(done: int) -> None:
            if done >= STALE_CHUNK:
                chunk()
            elif this_round == self._attention_round:
                self.reload()

        chunk()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        resume, self._paused_attention = self._paused_attention, None
        if resume is not None:
            resume()

    def _refresh_attention_panel(self) -> None:
        if self.proxy.current_filter is not CaseloadFilter.NEEDS_ATTENTION:
            return
        shown = [self.proxy.child_id_at(r) for r in range(min(self.proxy.rowCount(), PANEL_LIMIT))]
        self.attention.show_children(self.model.flagged(shown), self.current_child_id(),
                                     total=self.model.shown_total(), labels=self.model.household_labels())

    # Search and filters ---------------------------------------------------------------------------------------
    def _search_changed(self, text: str) -> None:
        self._keep = self.current_child_id()
        self.proxy.set_search(text)

    def set_filter(self, which: CaseloadFilter) -> None:
        self.filter_buttons[which].setChecked(True)
        self._keep = self.current_child_id()
        needs_attention = which is CaseloadFilter.NEEDS_ATTENTION
        self.attention.setVisible(needs_attention)
        self.proxy.set_filter(which, apply=not needs_attention)
        if needs_attention:  # the most pressing first, and the list starts at the top
            self._start_at_top = True
            self.table.horizontalHeader().setSortIndicator(Column.ATTENTION, Qt.SortOrder.AscendingOrder)
            self.model.ask(show=which.show, sort=SORTS[Column.ATTENTION], descending=False)

    def _update_counts(self) -> None:
        for which, count in self.proxy.counts().items():
            button = self.filter_buttons[which]
            button.setText(f"{which.value} ({count:,})")
            button.setAccessibleName(f"Show {which.value.lower()}: {count:,}")
        self._update_summary()
        if self.proxy.current_filter is CaseloadFilter.NEEDS_ATTENTION:
            self.attention.set_total(self.model.shown_total())

    def _update_summary(self) -> None:
        shown, total = self.model.shown_total(), self.model.total()
        words = "child" if total == 1 else "children"
        if shown == total:
            self.summary.setText(f"{total:,} {words}")
        elif shown == 0:
            self.summary.setText(f"No child matches. Showing 0 of {total:,} {words}: check the spelling, try an "
                                 "identifier, or choose All children.")
        else:
            self.summary.setText(f"Showing {shown:,} of {total:,} {words}")

    # Opening and selection -------------------------------------------------------------------------------------
    def current_child_id(self) -> UUID | None:
        index = self.table.currentIndex()
        return self.proxy.child_id_at(index.row()) if index.isValid() else None

    def _select(self, child_id: UUID | None) -> None:
        position = self.model.position_of(child_id) if child_id else None
        if position is not None:
            index = self.proxy.mapFromSource(self.model.index(position, 0))
            if index.isValid():
                self._select_row(index.row())
                if not self.table.viewport().rect().contains(self.table.visualRect(index)):
                    self.table.scrollTo(index)  # which repaints the row even when it is in sight
                return
        if self.proxy.rowCount():
            self._select_row(0)
            self.table.scrollToTop()  # the rows are updated in place: the table may still be scrolled down

    def _select_row(self, row: int) -> None:
        """Select the row, unless it is already (selecting it again repaints it)."""
        if self.table.currentIndex().row() != row or not self.table.selectionModel().isRowSelected(row):
            self.table.selectRow(row)

    def _go_to_results(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _open_index(self, index: QModelIndex) -> None:
        child_id = self.proxy.child_id_at(index.row())
        if child_id is not None:
            self.child_opened.emit(child_id)

    # Adding a child -------------------------------------------------------------------------------------------
    def new_child(self) -> None:
        if self._session is None or (self.dialog is not None and self.dialog.isVisible()):
            return
        self.dialog = ChildDialog(self, today=self._session.today, household_search=self._session.households.search,
                                  run=self._runner.run)
        self.dialog.submitted.connect(self._create_child)
        self.dialog.open()

    def _create_child(self, draft: ChildDraft) -> None:
        session, dialog = self._session, self.dialog
        assert session is not None and dialog is not None

        def created(child) -> None:
            dialog.accept()
            self.child_opened.emit(child.id)
            self.reload()

        def failed(error: Exception) -> None:
            if isinstance(error, InvalidInput):
                dialog.show_problems(error.problems)
            else:
                dialog.set_busy(False)
                self.problem.emit(error)

        self._runner.run(lambda: session.children.create_child(**draft.create_arguments()), created, failed)
