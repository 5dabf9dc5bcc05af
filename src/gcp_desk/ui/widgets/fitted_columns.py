"""Table columns that stay readable at any font size: none narrower than its header or its widest cell.

Widths are measured from the table's own font whenever the rows or the font change (a practitioner who reads at
1.6 or 2 times the system font gets wider columns, never clipped ones), and the columns named ``grow`` share out
whatever room is left. When the window is too narrow for every column, the table scrolls sideways instead of
squeezing a column: a grade cut to "Phys…" is worse than a scroll bar. The widest cell is looked for among the
rows of a caseload up to 500 children; beyond that, among those on screen and an even sample of 400.

New rows (a search's matches, the next page, rows shown in place of others) are measured in two steps: the rows
on screen at once, so the list is painted with columns that fit what it shows (``fit_shown`` lets the owner ask for
that before the rows are painted), and every row a moment later (``REST_MS``), once typing pauses, so a keystroke in
the search box does not wait for two hundred rows to be measured.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionViewItem, QTableView

EVERY_ROW_UP_TO = 500
SAMPLE = 400
REST_MS = 150
"""After new rows are shown, how long the rest of them wait to be measured; a new search within it starts it again."""


class FittedColumns(QObject):
    def __init__(self, table: QTableView, *, grow: Sequence[int] = ()):
        super().__init__(table)
        self._table, self._grow = table, list(grow)
        self._needed: dict[int, int] = {}
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(8)
        for column in range(header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.fit)
        self._on_screen = QTimer(self, singleShot=True, interval=0)
        self._on_screen.timeout.connect(self._fit_on_screen)
        self._rest = QTimer(self, singleShot=True, interval=REST_MS)
        self._rest.timeout.connect(self.fit)
        model = table.model()
        # New rows: a caseload, a search's matches, the next page.
        for signal in (model.modelReset, model.rowsInserted):
            signal.connect(self._on_screen.start)
        model.dataChanged.connect(self._changed)  # rows shown in place of others
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)

    def _changed(self, _first, _last, roles=()) -> None:
        if not roles or Qt.ItemDataRole.DisplayRole in roles:
            self._on_screen.start()

    def needed_width(self, column: int, rows: list[int] | None = None) -> int:
        """The narrowest the column may be: its header's width, or its widest cell's."""
        table = self._table
        model, header = table.model(), table.horizontalHeader()
        rows = self._rows() if rows is None else rows
        delegate = table.itemDelegateForColumn(column)
        if delegate is not None:
            option = QStyleOptionViewItem()
            option.initFrom(table)
            option.font = table.font()
            grid = int(table.showGrid())  # Qt counts the grid line in a cell's width
            cells = (delegate.sizeHint(option, model.index(row, column)).width() + grid for row in rows)
        else:
            metrics = QFontMetrics(table.font())
            # As Qt's item delegate pads text, plus the grid line.
            margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
            margin += 1 + int(table.showGrid())
            texts = {str(text) for row in rows if (text := model.index(row, column).data()) not in (None, "")}
            cells = (metrics.horizontalAdvance(text) + margin for text in texts)
        return max([header.sectionSizeHint(column), *cells])

    def _rows(self) -> list[int]:
        """Every row of a caseload up to ``EVERY_ROW_UP_TO``; beyond, the rows on screen and an even sample.

        Measured, not asked of Qt: ``QTableView.sizeHintForColumn`` costs about 45 ms a column on 10,000 rows
        whatever its precision, and the fit runs at every new caseload."""
        count = self._table.model().rowCount()
        if count <= EVERY_ROW_UP_TO:
            return list(range(count))
        step = max(1, count // SAMPLE)
        return sorted({*self._visible_rows(), *range(0, count, step), count - 1} & set(range(count)))

    @property
    def settled(self) -> bool:
        """Every row measured: no fit waiting."""
        return not (self._pending.isActive() or self._on_screen.isActive() or self._rest.isActive())

    def fit(self) -> None:
        self._rest.stop()
        if not self._table.isVisible():
            return  # measured when shown (the Show event): a list behind another page waits for no one
        self._fit(self._rows())

    def fit_shown(self) -> None:
        """Fit the new rows on screen now, if any wait to be, rather than once control returns to the event loop:
        the owner has just shown them, and a fit after the table was painted would paint it again."""
        if self._on_screen.isActive():
            self._on_screen.stop()
            self._fit_on_screen()

    def _fit_on_screen(self) -> None:
        """The rows on screen now, every row once typing pauses. Columns only widen here: a column the rest
        measured wider stays so until they are measured again."""
        if not self._table.isVisible():
            return
        if self._table.model().rowCount() <= 50:
            self.fit()  # as quick as the rows on screen
            return
        self._fit(self._visible_rows(), widen_only=True)
        self._rest.start()

    def _fit(self, rows: list[int], widen_only: bool = False) -> None:
        header, vertical = self._table.horizontalHeader(), self._table.verticalHeader()
        height = self._table.fontMetrics().height() + 12
        if vertical.defaultSectionSize() != height:  # setting it, even unchanged, repaints the whole table
            vertical.setDefaultSectionSize(height)
        needed = {column: self.needed_width(column, rows) for column in range(header.count())
                  if not header.isSectionHidden(column)}
        if widen_only:
            needed = {column: max(width, self._needed.get(column, 0)) for column, width in needed.items()}
        self._needed = needed
        self._share_out()

    def _visible_rows(self) -> list[int]:
        count = self._table.model().rowCount()
        vertical = self._table.verticalHeader()
        top = max(0, vertical.visualIndexAt(0))
        bottom = vertical.visualIndexAt(self._table.viewport().height())
        return list(range(top, min(count, (bottom if bottom >= 0 else top + 50) + 1)))

    def _share_out(self) -> None:
        header = self._table.horizontalHeader()
        if not self._needed:
            return
        spare = self._table.viewport().width() - sum(self._needed.values())
        growing = [column for column in self._grow if column in self._needed]
        for column, width in self._needed.items():
            extra = spare // len(growing) if spare > 0 and column in growing else 0
            if header.sectionSize(column) != width + extra:
                header.resizeSection(column, width + extra)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Show):
            self._pending.start()
        elif kind == QEvent.Type.Resize and watched is self._table.viewport():
            self._share_out()
        return False
