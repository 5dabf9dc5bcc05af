"""The supervisor's team view: the counts that matter, the two charts, and every child, families together and most
pressing first as in Needs attention, then worst graded. Enter (or a double-click) on a child opens their record;
"Save as PDF…" writes the printable page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ....files import why_not_written, write_whole_file
from ...models.row_table import Index, RowTableModel
from ...tasks import TaskRunner
from ...widgets.message_bar import error_in_words
from ..assessment.page_frame import heading_label

if TYPE_CHECKING:
    from ....scoring.team import TeamPicture, TeamChild
    from ...session import Session

HEADERS = ("Child", "Worst domain", "Six months", "Drift and flags", "Reassessment")
LOADING = "Reading your team's children…"


class TeamModel(RowTableModel):
    headers = HEADERS

    def set_children(self, children: tuple[TeamChild, ...]) -> None:
        self._show(children)

    def child_at(self, row: int) -> TeamChild | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        child = self._rows[index.row()]
        cells = cells_of(child)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "; ".join(f"{header}: {cell}" for header, cell in zip(HEADERS, cells, strict=True))
        return None


def cells_of(child: TeamChild) -> tuple[str, ...]:
    from ....charts.team import DIRECTION_LABELS

    worst = f"{child.worst_domain} ({child.worst_grade})" if child.worst_grade else "Not graded yet"
    return (child.shown_name, worst, DIRECTION_LABELS[child.direction], child.flag_words,
            "Overdue" if child.overdue else "On time")


class TeamView(QWidget):
    child_chosen = Signal(object)
    """The id of the child whose record to open."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Team view")
        self._runner = runner
        self._session: Session | None = None
        self.picture: TeamPicture | None = None
        self.canvas: QWidget | None = None
        self.heading = heading_label("Your team", self, 1.5)
        self.summary = QLabel(LOADING, self)
        self.summary.setObjectName("teamSummary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("Re&fresh", self)
        self.refresh_button.setAccessibleName("Read the team view again")
        self.save_button = QPushButton("Save as &PDF…", self)
        self.save_button.setAccessibleName("Save the team view as a printable PDF")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        self._charts = QVBoxLayout()
        self.model = TeamModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Your team's children, most pressing first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in enumerate(("Whitcombe-Kowalczyk, Maisie", "Supervision and guidance (5)", "Worsening")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 28)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addLayout(self._charts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.refresh_button.clicked.connect(self.reload)
        self.save_button.clicked.connect(self.ask_and_save)
        self.table.activated.connect(self._open)

    def set_session(self, session: Session) -> None:
        self._session = session
        self.picture = None
        self.model.set_children(())

    def reload(self) -> None:
        session = self._session
        if session is None:
            return
        self.summary.setText(LOADING)
        from ....services.team_view import TeamViewService

        service = TeamViewService(session.context)
        self._runner.run(service.picture, self.show_picture, self._failed)

    def show_picture(self, picture: TeamPicture) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from ....charts.team import team_charts
        from ....reports.team_page import summary_lines

        self.picture = picture
        self.summary.setText("\n".join(summary_lines(picture)))
        self.model.set_children(picture.children)
        if self.canvas is not None:
            self._charts.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas = FigureCanvasQTAgg(team_charts(picture))
        self.canvas.setAccessibleName("Charts: children by worst domain grade, and over the last six months")
        self.canvas.setMinimumHeight(self.fontMetrics().height() * 14)
        self._charts.addWidget(self.canvas)
        self.canvas.show()
        if picture.children:
            self.table.selectRow(0)

    def _failed(self, error: Exception) -> None:
        self.summary.setText(f"The team view could not be shown. {error_in_words(error)}")
        self.problem.emit(error)

    def _open(self, index: QModelIndex) -> None:
        child = self.model.child_at(index.row()) if index.isValid() else None
        if child is not None:
            self.child_chosen.emit(child.child_id)

    def ask_and_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the team view", "team-view.pdf", "PDF (*.pdf)")
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        session, picture = self._session, self.picture
        if session is None or picture is None:
            return
        from ....services.team_view import TeamViewService

        service = TeamViewService(session.context)

        def write() -> Path:
            write_whole_file(path, service.printable(picture))
            return path

        def failed(error: Exception) -> None:
            words = why_not_written(error) if isinstance(error, OSError) else error_in_words(error)
            self.message.setText(f"The team view was not saved: {words}")

        self._runner.run(write, lambda written: self.message.setText(f"Team view saved to {written}."), failed)
