"""Merge two records of the same adult (made before adults could be chosen from the household): a supervisor's
step. The record kept is the one selected on the child's record; every link and unsigned assessment of the other
moves to it, and its id stays as an alias so signed records still name the person."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...domain.people import Adult
from ...scoring.age import format_date
from ..widgets.problem_line import ProblemLine


def adult_words(adult: Adult) -> str:
    """Enough to tell two records of one name apart: the date of birth if known, and when each was recorded."""
    born = f", born {format_date(adult.date_of_birth)}" if adult.date_of_birth else ""
    return f"{adult.full_name}{born} (recorded {format_date(adult.created_at.date())})"


class MergeAdultsDialog(QDialog):
    """Opened with ``open()``. ``chosen`` carries the duplicate's id; the caller merges, then ``accept`` or
    ``show_problem``."""

    chosen = Signal(object)

    def __init__(self, *, kept: Adult, candidates: list[Adult], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Merge a duplicate of {kept.full_name}")
        self.setModal(True)
        intro = QLabel(
            f"Keep <b>{adult_words(kept)}</b> and merge another record of the same person into it. Every child "
            "linked to the other record is linked to this one, with the relationship they had; unsigned "
            "assessments name this record; signed ones keep what they were signed with. The merge is recorded "
            "and cannot be undone here.", self)
        intro.setWordWrap(True)
        self.duplicate = QComboBox(self)
        self.duplicate.setAccessibleName("The duplicate record to merge")
        for adult in candidates:
            self.duplicate.addItem(adult_words(adult), adult.id)
        form = QFormLayout()
        form.addRow("&Same person as", self.duplicate)
        self.problem = ProblemLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setEnabled(bool(candidates))
        self.buttons.accepted.connect(self._merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if not candidates:
            none = QLabel("No other adult is recorded in this household or linked to its children.", self)
            none.setWordWrap(True)
            layout.addWidget(none)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def show_problem(self, words: str) -> None:
        self.confirm_button.setEnabled(True)
        self.problem.say(words)

    def _merge(self) -> None:
        duplicate = self.duplicate.currentData()
        if duplicate is None or not self.confirm_button.isEnabled():
            return
        self.confirm_button.setEnabled(False)
        self.chosen.emit(duplicate)
