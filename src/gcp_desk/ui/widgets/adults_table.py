"""The household and significant adults around one child, with the ways to add and edit them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.labels import RELATIONSHIP
from ...domain.people import ChildRecord, SignificantAdult

HEADERS = ("Name", "Relationship", "Parental responsibility", "Lives with child", "Relevant history")


class AdultsTable(QGroupBox):
    add_requested = Signal()
    edit_requested = Signal(object)
    """The ``SignificantAdult`` to edit."""
    merge_requested = Signal(object)
    """The ``SignificantAdult`` to keep, with a duplicate of them to be chosen and merged into it."""

    def __init__(self, parent=None):
        super().__init__("Household and significant adults", parent)
        self._adults: list[SignificantAdult] = []
        layout = QVBoxLayout(self)
        self.household = QLabel()
        layout.addWidget(self.household)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Significant adults")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)  # the whole history is in the tooltip and the edit dialog
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in enumerate(("Whitcombe-Kowalczyk, Maisie", "Adult brother or sister",
                                         "Parental responsibility", "Lives with child")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        self.table.itemActivated.connect(lambda _item: self._edit())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add adult")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = QPushButton("Edit adu&lt")
        self.edit_button.clicked.connect(self._edit)
        self.merge_button = QPushButton("Mer&ge a duplicate…")
        self.merge_button.setToolTip("Two records of one person: keep the selected one and merge the other into it")
        self.merge_button.clicked.connect(self._merge)
        self.merge_button.hide()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def show_record(self, record: ChildRecord) -> None:
        self._adults = list(record.adults)
        self.household.setText(f"Household: {record.household.name}" if record.household else
                                "No household recorded yet: adding an adult creates one.")
        self.table.setRowCount(len(self._adults))
        for row, significant in enumerate(self._adults):
            adult, link = significant.adult, significant.link
            history = adult.relevant_history.replace("\n", " ") or "None recorded"
            cells = (adult.full_name, RELATIONSHIP[link.relationship], "Yes" if link.parental_responsibility else "No",
                     "Part of the time" if link.part_time else "Yes" if link.lives_with_child else "No", history)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column == len(cells) - 1 else "")
                self.table.setItem(row, column, item)
        self.table.setFixedHeight(self.table.horizontalHeader().height()
                                  + self.table.verticalHeader().defaultSectionSize() * max(len(self._adults), 2) + 4)
        if self._adults:
            self.table.selectRow(0)
        self.edit_button.setEnabled(bool(self._adults))
        self.merge_button.setEnabled(bool(self._adults))

    def selected(self) -> SignificantAdult | None:
        row = self.table.currentRow()
        return self._adults[row] if 0 <= row < len(self._adults) else None

    def _edit(self) -> None:
        adult = self.selected()
        if adult is not None:
            self.edit_requested.emit(adult)

    def _merge(self) -> None:
        adult = self.selected()
        if adult is not None:
            self.merge_requested.emit(adult)

    def names(self) -> list[str]:
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]
