"""Table columns that stay readable at any font size: none narrower than its header or its widest cell.

Widths are measured from the table's own font whenever the rows or the font change (a practitioner who reads at
1.6 or 2 times the system font gets wider columns, never clipped ones), and the columns named ``grow`` share out
whatever room is left. When the window is too narrow for every column, the table scrolls sideways instead of
squeezing a column: a grade cut to "Phys…" is worse than a scroll bar. The widest cell is looked for among the
rows on screen and up to ``QHeaderView.resizeContentsPrecision()`` rows around them (1,000 by default).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView


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
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
            signal.connect(self._pending.start)
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)

    def needed_width(self, column: int) -> int:
        """The narrowest the column may be: its header's width, or its widest cell's."""
        header = self._table.horizontalHeader()
        return max(header.sectionSizeHint(column), self._table.sizeHintForColumn(column))

    def fit(self) -> None:
        header = self._table.horizontalHeader()
        self._table.verticalHeader().setDefaultSectionSize(self._table.fontMetrics().height() + 12)
        self._needed = {column: self.needed_width(column) for column in range(header.count())
                        if not header.isSectionHidden(column)}
        self._share_out()

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
