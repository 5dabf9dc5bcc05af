"""The third parties of a subject access request, one row each, with a tick for "reviewed for redaction". Each tick
is reported (``marked``) so that it is recorded; the count of rows still to review is said under the table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, \
    QWidget

HEADERS = ("Reviewed", "Who", "Kind", "Where they appear", "Times")


class RedactionReview(QWidget):
    marked = Signal(int, bool)
    """A row's position and whether it is now marked reviewed (by the person, not by ``show_parties``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Third parties to review before release")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.count = QLabel(self)
        self.count.setWordWrap(True)
        self.count.setAccessibleName("Third parties reviewed")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._filling = False
        self.table.itemChanged.connect(self._changed)

    def show_parties(self, parties: list[Any]) -> None:
        """``parties``: ThirdParty values (kind, name, where, mentions), in the order the PDF lists them."""
        self._filling = True
        self.table.setRowCount(len(parties))
        for row, party in enumerate(parties):
            tick = QTableWidgetItem("")
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.AccessibleTextRole, f"Reviewed: {party.name}")
            self.table.setItem(row, 0, tick)
            for column, value in enumerate((party.label, party.kind, party.where, str(party.mentions)), start=1):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()  # every place a party appears in is read, not cut off
        self._filling = False
        self._say_count()

    def is_reviewed(self, row: int) -> bool:
        return self.table.item(row, 0).checkState() == Qt.CheckState.Checked

    def set_reviewed(self, row: int, reviewed: bool) -> None:
        """As a click on the tick would."""
        self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if reviewed else Qt.CheckState.Unchecked)

    def put_back(self, row: int, reviewed: bool) -> None:
        """Undo a tick that could not be recorded, without reporting it again."""
        self._filling = True
        self.set_reviewed(row, reviewed)
        self._filling = False
        self._say_count()

    def reviewed_count(self) -> int:
        return sum(self.is_reviewed(row) for row in range(self.table.rowCount()))

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        self._say_count()
        self.marked.emit(item.row(), item.checkState() == Qt.CheckState.Checked)

    def _say_count(self) -> None:
        total, done = self.table.rowCount(), self.reviewed_count()
        if total == 0:
            words = "The record names no third party."
        elif done == total:
            words = (f"All {total} third parties are marked reviewed. Make the redactions you decided on in a copy "
                     "of the PDF before it is released.")
        else:
            words = (f"{done} of {total} third parties reviewed. Decide for each whether their information may be "
                     "released (with their consent, or where it is reasonable without it) and tick it when done.")
        self.count.setText(words)
