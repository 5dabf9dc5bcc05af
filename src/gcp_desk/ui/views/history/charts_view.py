"""A child's charts on screen: grades over time, the grid of grades by assessment, and the latest against the
baseline, each one the same Figure the printed report uses, and each one can be saved as PNG or SVG.

matplotlib (about a third of a second to import) is imported the first time a chart is drawn, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .child_history import ChildHistory

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NEEDS_TWO = "This chart needs two assessments with visits; {name} has {count} so far."
SAVE_FILTER = "PNG picture (*.png);;SVG drawing (*.svg)"


class Chart(Enum):
    OVER_TIME = "Grades over time"
    GRID = "Grades by assessment (grid)"
    BASELINE = "Latest assessment against the baseline"


class ChartsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Charts")
        self.history: ChildHistory | None = None
        self.figure: Figure | None = None
        self.canvas: QWidget | None = None
        self._stale = True
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel("C&hart")
        self.picker = QComboBox()
        self.picker.setAccessibleName("Chart to show")
        label.setBuddy(self.picker)
        for chart in Chart:
            self.picker.addItem(chart.value, chart)
        self.picker.currentIndexChanged.connect(lambda _index: self.redraw())
        row.addWidget(label)
        row.addWidget(self.picker)
        row.addStretch(1)
        self.save_button = QPushButton("Save as PNG or S&VG…")
        self.save_button.setToolTip("Save this chart as a picture (PNG) or a drawing that prints sharply (SVG)")
        self.save_button.clicked.connect(self.ask_and_save)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self._area = QVBoxLayout()
        layout.addLayout(self._area, 1)

    @property
    def chart(self) -> Chart:
        return self.picker.currentData()

    def show_chart(self, chart: Chart) -> None:
        self.picker.setCurrentIndex(self.picker.findData(chart))

    def show_history(self, history: ChildHistory) -> None:
        self.history = history
        self._stale = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.history is not None:
            self.redraw()

    # Drawing ---------------------------------------------------------------------------------------------------
    def builder(self) -> Callable[[], Figure] | None:
        """What draws the chosen chart for this child, or ``None`` (with the reason shown) when it cannot."""
        history = self.history
        if history is None:
            return None
        dated = history.dated
        if self.chart is Chart.OVER_TIME:
            from ....charts.over_time import domain_grades_over_time

            return lambda: domain_grades_over_time(dated)
        if self.chart is Chart.GRID:
            from ....charts.grade_grid import domain_grid

            return lambda: domain_grid(dated)
        if len(dated) < 2:
            return None
        from ....charts.baseline import latest_against_baseline

        return lambda: latest_against_baseline(dated[0], dated[-1])

    def redraw(self) -> None:
        if self.history is None:
            return
        self._stale = False
        build = self.builder()
        self._drop_canvas()
        if build is None:
            count = len(self.history.dated)
            words = "one" if count == 1 else "none"
            self.message.setText(NEEDS_TWO.format(name=self.history.record.child.given_name, count=words))
            self.message.show()
            self.save_button.setEnabled(False)
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        self.message.hide()
        self.figure = build()
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setAccessibleName(f"{self.chart.value} for {self.history.record.child.full_name}")
        self.canvas.setAccessibleDescription(describe_chart(self.history))
        self._area.addWidget(self.canvas, 1)
        self.save_button.setEnabled(True)

    def _drop_canvas(self) -> None:
        if self.canvas is not None:
            self._area.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas, self.figure = None, None

    # Saving ----------------------------------------------------------------------------------------------------
    def suggested_file_name(self) -> str:
        name = self.history.record.child.full_name if self.history else "chart"
        kind = {Chart.OVER_TIME: "over-time", Chart.GRID: "grid", Chart.BASELINE: "against-baseline"}[self.chart]
        return f"{name} {kind}.png".replace(" ", "-").lower()

    def ask_and_save(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, "Save chart", self.suggested_file_name(), SAVE_FILTER)
        return self.save_to(path) if path else None

    def save_to(self, path: str | Path) -> Path | None:
        """Write the chart at its print size (not the on-screen size) to ``path``; say so, or say why not."""
        from ....charts.export import save_figure

        build = self.builder()
        if build is None:
            return None
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".png")
        try:
            written = save_figure(build(), path)
        except (ValueError, OSError) as error:
            self._say(f"The chart was not saved: {error}")
            return None
        self._say(f"Chart saved to {written}.")
        return written

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


def describe_chart(history: ChildHistory) -> str:
    """The charts' data in words, for a screen reader: each domain's grades from the first assessment to the last."""
    from ....charts.history import dated_history, domains_of

    dated = dated_history(history.dated)
    lines = []
    for domain_id, title in domains_of(dated):
        grades = ", ".join("–" if (g := entry.grade(domain_id)) is None else str(g) for entry in dated)
        lines.append(f"{title}: {grades}")
    return "; ".join(lines) or "No dated assessments yet."
