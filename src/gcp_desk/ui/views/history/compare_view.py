"""Compare any two assessments of a child side by side: every domain and item with both grades, the change in
words, the evidence from both, and how each target of the earlier plan stands now."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ....scoring.compare import ChangeSummary
from ...tasks import TaskRunner
from ...widgets.message_bar import error_in_words
from ..assessment.grade_chip import grade_icon
from .assessment_picker import AssessmentPicker
from .child_history import ChildHistory
from .compare_model import Col, CompareModel
from .compare_rows import CompareTable, build_table
from .history_access import HistoryAccess

NEEDS_TWO = "{name} has {count} so far. A comparison needs two assessments; it shows here once there are."
SAME_ONE = "Choose two different assessments to compare."
NO_TARGETS = "The earlier assessment had no plan actions, so there are no targets to check."


class CompareView(QWidget):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Compare two assessments")
        self._runner = runner
        self._access: HistoryAccess | None = None
        self.history: ChildHistory | None = None
        self.comparison: CompareTable | None = None
        layout = QVBoxLayout(self)
        picker = QHBoxLayout()
        self.first = AssessmentPicker("First assessment to compare")
        self.second = AssessmentPicker("Second assessment to compare")
        for combo, words in ((self.first, "Co&mpare"), (self.second, "&with")):
            label = QLabel(words)
            label.setBuddy(combo)
            combo.currentIndexChanged.connect(self._picked)
            picker.addWidget(label)
            picker.addWidget(combo)
        picker.addStretch(1)
        layout.addLayout(picker)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self._build_table())
        split.addWidget(self._build_targets())
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.split = split
        layout.addWidget(split, 1)
        self._filling = False

    def _build_table(self) -> QTableView:
        self.model = CompareModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Domains and items side by side")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        bold = self.font()
        bold.setBold(True)
        wide = QFontMetrics(bold)  # domain rows are bold: their grades must fit on one line too
        for column, sample in ((Col.TITLE, "Educational care and stimulation"), (Col.EARLIER, "4 · Most needs unmet"),
                               (Col.LATER, "4 · Most needs unmet"), (Col.CHANGE, "Not comparable")):
            self.table.setColumnWidth(column, wide.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(Col.EARLIER_EVIDENCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Col.LATER_EVIDENCE, QHeaderView.ResizeMode.Stretch)
        # Evidence wraps: when the columns change width, the rows must grow or shrink to show all of it.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        return self.table

    def _build_targets(self) -> QGroupBox:
        box = QGroupBox("Targets of the earlier plan, against the later assessment")
        column = QVBoxLayout(box)
        self.targets = QListWidget()
        self.targets.setAccessibleName("Targets of the earlier plan")
        self.targets.setWordWrap(True)
        column.addWidget(self.targets)
        self.targets_box = box
        return box

    def set_access(self, access: HistoryAccess) -> None:
        self._access = access

    # Filling ---------------------------------------------------------------------------------------------------
    def show_history(self, history: ChildHistory) -> None:
        """Offer every current assessment, newest first; keep the pair on screen if both are still there."""
        kept = (self.first.chosen_id(), self.second.chosen_id()) if self.history and \
            self.history.child_id == history.child_id else (None, None)
        self.history = history
        choices = list(reversed(history.current))
        self._filling = True
        for combo in (self.first, self.second):
            combo.fill([assessment for assessment, _ in choices])
        self._filling = False
        if len(choices) < 2:
            count = "one assessment" if choices else "no assessments"
            self._show_nothing(NEEDS_TWO.format(name=history.record.child.given_name, count=count))
            return
        ids = [assessment.id for assessment, _ in choices]
        later, earlier = ids[0], ids[1]  # default: latest against the one before it
        if kept[0] in ids and kept[1] in ids:
            later, earlier = kept
        self.choose(earlier, later)

    def choose(self, earlier_id: UUID, later_id: UUID) -> None:
        """Put the pair on screen, read as "compare the later with the earlier"."""
        self._filling = True
        self.first.choose(later_id)
        self.second.choose(earlier_id)
        self._filling = False
        self._picked()

    def _picked(self, *_args) -> None:
        if self._filling or self.history is None:
            return
        first, second, access = self.first.chosen_id(), self.second.chosen_id(), self._access
        if first is None or second is None or access is None:
            return
        if first == second:
            self._show_nothing(SAME_ONE, keep_pickers=True)
            return
        asked = (first, second)

        def shown(table: CompareTable) -> None:
            if (self.first.chosen_id(), self.second.chosen_id()) == asked:  # not changed meanwhile
                self.show_comparison(table)

        def failed(error: Exception) -> None:
            self._show_nothing(error_in_words(error), keep_pickers=True)

        # The service puts the two in time order, whichever way round they were picked.
        self._runner.run(lambda: build_table(access.history().compare(second, first)), shown, failed)

    def show_comparison(self, comparison: CompareTable) -> None:
        self.comparison = comparison
        self.message.hide()
        self.summary.setText(summary_text(comparison))
        self.summary.show()
        self.split.show()
        self.model.set_comparison(comparison)
        self.table.resizeRowsToContents()
        self.targets.clear()
        for result in comparison.targets:
            item = QListWidgetItem(comparison.target_text(result))
            if result.grade_now is not None:
                item.setIcon(grade_icon(result.grade_now))
            self.targets.addItem(item)
        if not comparison.targets:
            self.targets.addItem(NO_TARGETS)

    def _show_nothing(self, text: str, *, keep_pickers: bool = False) -> None:
        self.comparison = None
        self.model.set_comparison(None)
        self.targets.clear()
        self.message.setText(text)
        self.message.show()
        self.summary.hide()
        self.split.hide()
        for combo in (self.first, self.second):
            combo.setEnabled(keep_pickers or combo.count() >= 2)

    def target_sentences(self) -> list[str]:
        return [self.targets.item(row).text() for row in range(self.targets.count())]


def summary_text(comparison: CompareTable) -> str:
    items = ChangeSummary.of([row.change for row in comparison.item_rows])
    text = f"Domains: {_counts(comparison.view.comparison.domain_summary)}. Items: {_counts(items)}."
    left_out = len(comparison.left_out)
    if left_out:
        which = "item applies" if left_out == 1 else "items apply"
        text += f" {left_out} {which} at neither age and {'is' if left_out == 1 else 'are'} not listed."
    stuck = [row.title for row in comparison.rows if row.is_domain and "no improvement" in row.words]
    if stuck:
        weeks = comparison.view.comparison.weeks_apart
        span = f" over {weeks} weeks" if weeks else ""
        text += f" No improvement{span} in {', '.join(stuck)}, still graded 4 or 5."
    if comparison.view.comparison.new_baseline_note:
        text += f" {comparison.view.comparison.new_baseline_note}"
    return text


def _counts(summary: ChangeSummary) -> str:
    parts = [f"{summary.improved} improved", f"{summary.same} the same", f"{summary.worse} worse"]
    if summary.not_comparable:
        parts.append(f"{summary.not_comparable} not comparable")
    return ", ".join(parts)

