"""A child's assessments, newest first, with "Start new assessment" and the way to open one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ..models.assessment_list_model import AssessmentListModel, AssessmentSummary
from .concern_chips import ConcernChipsDelegate

NONE_YET = "No assessments yet. Start the first one when you begin your visits."


class AssessmentListPanel(QGroupBox):
    start_requested = Signal()
    open_requested = Signal(object)
    """The ``Assessment`` to open."""
    print_requested = Signal(object)
    """The ``Assessment`` whose report to print or save."""
    family_summary_requested = Signal(object)
    """The ``Assessment`` whose one-page family summary to print or save."""
    hand_over_requested = Signal(object)
    """The ``Assessment`` to give to another practitioner (supervisors and administrators only)."""
    discard_requested = Signal(object)
    """The draft ``Assessment`` its author wants to discard."""
    chosen = Signal(object)
    """The ``Assessment`` now chosen in the list (``None`` when none is)."""

    def __init__(self, parent=None):
        super().__init__("Assessments", parent)
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("Start new assess&ment")
        self.start_button.clicked.connect(self.start_requested)
        self.open_button = QPushButton("&Open assessment")
        self.open_button.clicked.connect(self._open_current)
        self.print_button = QPushButton("&Print report…")
        self.print_button.setAccessibleName("Print or save the chosen assessment's report")
        self.print_button.clicked.connect(lambda: self._emit_current(self.print_requested))
        self.family_button = QPushButton("Famil&y summary…")
        self.family_button.setAccessibleName("Print or save the chosen assessment's one-page family summary")
        self.family_button.clicked.connect(lambda: self._emit_current(self.family_summary_requested))
        self.hand_over_button = QPushButton("&Hand over…")
        self.hand_over_button.setAccessibleName("Hand the chosen assessment over to another practitioner")
        self.hand_over_button.clicked.connect(lambda: self._emit_current(self.hand_over_requested))
        self.hand_over_button.hide()
        self.discard_button = QPushButton("Discard draft…")  # no Alt letter: it throws work away
        self.discard_button.setAccessibleName("Discard the chosen draft, with the reason")
        self.discard_button.clicked.connect(lambda: self._emit_current(self.discard_requested))
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.hand_over_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.family_button)
        layout.addLayout(buttons)
        self.model = AssessmentListModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Assessments of this child, newest first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(3, ConcernChipsDelegate(self.table))
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in enumerate(("No visit yet", "Countersigned (amendment)", "Unborn (antenatal)")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(NONE_YET)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

    def show_summaries(self, summaries: list[AssessmentSummary]) -> None:
        self.model.set_summaries(summaries)
        self.empty.setVisible(not summaries)
        self.table.setVisible(bool(summaries))
        self.open_button.setEnabled(bool(summaries))
        self.print_button.setEnabled(bool(summaries))
        self.family_button.setEnabled(bool(summaries))
        self.discard_button.setEnabled(any(summary.assessment.status.value == "draft" for summary in summaries))
        if summaries:
            self.table.selectRow(0)

    def _chosen(self, index: QModelIndex) -> None:
        valid = index.isValid() and index.row() < self.model.rowCount()
        self.chosen.emit(self.model.summary_at(index.row()).assessment if valid else None)

    def set_busy(self, busy: bool) -> None:
        self.start_button.setEnabled(not busy)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.summary_at(index.row()).assessment)

    def _open_current(self) -> None:
        self._open_index(self.table.currentIndex())

    def _emit_current(self, signal) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            signal.emit(self.model.summary_at(index.row()).assessment)
