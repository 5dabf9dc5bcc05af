"""A supervisor's review queue: the assessments their team submitted, the longest wait first. Enter (or a
double-click) opens one in the workspace, where the supervisor comments, returns or countersigns it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...models.review_queue_model import Column, QueueRow, ReviewQueueModel, queue_rows
from ...tasks import TaskRunner
from ...widgets.message_bar import error_in_words
from ..assessment.page_frame import heading_label

if TYPE_CHECKING:
    from ...session import Session

LOADING = "Loading the assessments waiting for your review…"
EMPTY = ("Nothing is waiting for your review. Assessments your team submits will appear here, the longest "
         "wait first.")
PURPOSE = ("Assessments your team has submitted, the longest wait first. Press Enter on one (or double-click it) to "
           "read it, comment on it, and return it with reasons or countersign it.")


class ReviewQueueView(QWidget):
    open_assessment = Signal(object)
    """The id (UUID) of the assessment chosen, at once."""
    assessment_ready = Signal(object, object)
    """(Assessment, ChildRecord) of the assessment chosen, once read: the main window's ``open_assessment``."""
    problem = Signal(object)
    rows_shown = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Review queue")
        self._runner = runner
        self._session: Session | None = None
        self.model = ReviewQueueModel(self)

        self.heading = heading_label("Waiting for your review", self, 1.5)
        self.purpose = QLabel(PURPOSE, self)
        self.purpose.setWordWrap(True)
        self.refresh_button = QPushButton("Re&fresh", self)
        self.refresh_button.setAccessibleName("Refresh the review queue")
        self.open_button = QPushButton("&Open for review", self)
        self.open_button.setAccessibleName("Open the chosen assessment for review")
        top = QHBoxLayout()
        top.addWidget(self.purpose, 1)
        top.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.table = self._build_table()
        self.message = QLabel(LOADING, self)
        self.message.setObjectName("queueMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pages = QStackedWidget(self)
        self._pages.addWidget(self.message)
        self._pages.addWidget(self.table)
        self.summary = QLabel(self)
        self.summary.setObjectName("queueSummary")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self.summary)
        self.refresh_button.clicked.connect(self.reload)
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setAccessibleName("Assessments waiting for your review, the longest wait first")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(Column.FLAGS, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()  # widths from usual texts, so they follow the system font size
        for column, sample in ((Column.CHILD, "Whitcombe-Kowalczyk, M"), (Column.PRACTITIONER, "Priya Chandran"),
                               (Column.SUBMITTED, "30 Sep 2026"), (Column.WAITING, "Since today"),
                               (Column.ROUND, "2nd look"), (Column.CONCERNS, "Physical care, Emotional"),
                               (Column.VISIT, "30 Sep 2026"), (Column.OVERRIDES, "Physical care")):
            table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        table.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        table.activated.connect(self._open_index)  # Enter, and a double-click
        return table

    # Context and data ----------------------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        self._session = session
        self.model.set_rows([])

    def reload(self) -> None:
        """Read the queue again in the background."""
        session = self._session
        assert session is not None, "set_session first"
        if self.model.rowCount() == 0:
            self._show_message(LOADING)
        today = session.today()
        self._runner.run(lambda: queue_rows(session.review.queue(), session.domain_titles(), today),
                         self.show_rows, self._failed)

    def show_rows(self, rows: list[QueueRow]) -> None:
        current = self.current_assessment_id()
        self.model.set_rows(rows)
        if rows:
            self._pages.setCurrentWidget(self.table)
            ids = [row.assessment_id for row in rows]
            self.table.selectRow(ids.index(current) if current in ids else 0)
        else:
            self._show_message(EMPTY)
        self.open_button.setEnabled(bool(rows))
        self.summary.setText(self._summary_words(rows))
        self.rows_shown.emit(len(rows))

    def _summary_words(self, rows: list[QueueRow]) -> str:
        if not rows:
            return ""
        count = "1 assessment is" if len(rows) == 1 else f"{len(rows)} assessments are"
        longest = max(row.waiting_days for row in rows)
        wait = "" if longest <= 0 else f"; the longest has waited {'1 day' if longest == 1 else f'{longest} days'}"
        return f"{count} waiting for your review{wait}."

    def _show_message(self, words: str) -> None:
        self.message.setText(words)
        self.message.setAccessibleName(words)
        self._pages.setCurrentWidget(self.message)

    def _failed(self, error: Exception) -> None:
        self.model.set_rows([])
        self.open_button.setEnabled(False)
        self.summary.clear()
        self._show_message(f"The review queue could not be shown. {error_in_words(error)}")
        self.problem.emit(error)

    def focus_first(self) -> None:
        (self.table if self.model.rowCount() else self.refresh_button).setFocus()

    def current_assessment_id(self) -> UUID | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.assessment_id if row else None

    # Opening -------------------------------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None or self._session is None:
            return
        self.open_assessment.emit(row.assessment_id)
        session, assessment_id, child_id = self._session, row.assessment_id, row.child_id
        self._runner.run(lambda: (session.assessments.get(assessment_id), session.children.record(child_id)),
                         lambda loaded: self.assessment_ready.emit(*loaded), self.problem.emit)
