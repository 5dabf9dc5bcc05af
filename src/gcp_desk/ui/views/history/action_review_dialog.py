"""Review one action of the previous plan at this assessment: met, partly met or not met, a note, and whether it
is carried forward into this plan (with a new date or target if need be) or closed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from ....domain.enums import ActionOutcome
from ....domain.errors import Problem
from ....domain.instrument import GRADES, Instrument
from ....domain.labels import ACTION_OUTCOME
from ....scoring.age import format_date
from ...widgets.checked_form import CheckedForm
from ...widgets.date_field import DateField, DateProblem
from ..assessment.grade_chip import grade_icon, grade_text

if TYPE_CHECKING:
    from ....services.plan import PreviousAction

KEEP_TARGET = "Keep the same target"


@dataclass(frozen=True)
class ActionReviewDraft:
    outcome: ActionOutcome
    note: str
    carry_forward: bool
    by_when: date | None
    target_grade: int | None

    def arguments(self) -> dict:
        return dict(self.__dict__)


class ActionReviewDialog(QDialog):
    submitted = Signal(object)
    """An ``ActionReviewDraft``; the caller saves it, then ``accept()``s or ``show_problems()``."""

    def __init__(self, parent=None, *, previous: PreviousAction, instrument: Instrument,
                 today: Callable[[], date] = date.today,
                 children: list[tuple[UUID, str, ActionOutcome | None]] | None = None):
        """``children``: for an action shared by the family, each child whose previous plan holds it (assessment
        id, given name, outcome already recorded): an outcome is chosen for each, the same unless changed."""
        super().__init__(parent)
        self._today = today
        self._action = previous.action
        self.setWindowTitle("Review an action of the previous plan")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        target = previous.target
        about = QLabel(f"<b>{target.domain_title}: {_escape(self._action.what_will_change)}</b><br>"
                       f"{_escape(target.sentence)}")
        about.setWordWrap(True)
        layout.addWidget(about)
        if previous.suggested_outcome is not None:
            hint = QLabel(f"The grades suggest: {ACTION_OUTCOME[previous.suggested_outcome].lower()}. "
                          "You decide.")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.form = CheckedForm.inside(layout)
        self.outcome = self.form.add("outcome", "&Outcome for every child" if children else "&Outcome", QComboBox())
        for outcome, words in ACTION_OUTCOME.items():
            self.outcome.addItem(words, outcome)
        self.child_outcomes: list[tuple[UUID, QComboBox]] = []
        self._own_choice: set[UUID] = set()
        for assessment_id, name, recorded in children or []:
            choice = self.form.add(f"outcome-{assessment_id}", f"For {name}", QComboBox())
            choice.setAccessibleName(f"Outcome for {name}")
            for outcome, words in ACTION_OUTCOME.items():
                choice.addItem(words, outcome)
            if recorded is not None:
                choice.setCurrentIndex(choice.findData(recorded))
                self._own_choice.add(assessment_id)
            choice.activated.connect(lambda _index, aid=assessment_id: self._own_choice.add(aid))
            self.child_outcomes.append((assessment_id, choice))
        self.outcome.currentIndexChanged.connect(self._follow_outcome)
        self.note = self.form.add("note", "&Note", QLineEdit())
        self.note.setPlaceholderText("What has changed, or why not")
        self.carry = self.form.add("carry_forward", "Next", QCheckBox("&Carry it forward into this plan"))
        self.by_when = self.form.add("by_when", "New &by when (if carried)", DateField(), aliases=("By when",))
        self.by_when.setPlaceholderText(f"day/month/year; empty keeps {format_date(self._action.by_when)}")
        self.target = self.form.add("target_grade", "New &target (if carried)", QComboBox(), aliases=("Target",))
        self.target.addItem(KEEP_TARGET, None)
        for grade in GRADES:
            self.target.addItem(grade_icon(grade), grade_text(instrument, grade), grade)
        self.carry.toggled.connect(self._carry_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        review = previous.review
        chosen = review.outcome if review else previous.suggested_outcome
        if chosen is not None:
            self.outcome.setCurrentIndex(self.outcome.findData(chosen))
        if review is not None:
            self.note.setText(review.note)
            self.carry.setChecked(review.carried_forward)
        if previous.carried_to is not None:
            self.by_when.set_date(previous.carried_to.by_when)
            self.target.setCurrentIndex(self.target.findData(previous.carried_to.target_grade))
        self._follow_outcome(0)
        self._carry_changed(self.carry.isChecked())
        self.outcome.setFocus()

    def _follow_outcome(self, _index: int) -> None:
        """Each child's outcome is the family's, until it is chosen for that child."""
        for assessment_id, choice in self.child_outcomes:
            if assessment_id not in self._own_choice:
                choice.setCurrentIndex(choice.findData(self.outcome.currentData()))

    def outcomes_by_child(self) -> dict[UUID, ActionOutcome]:
        """For a shared action: the outcome chosen for each child's assessment."""
        return {assessment_id: ActionOutcome(choice.currentData()) for assessment_id, choice in self.child_outcomes}

    def _carry_changed(self, carried: bool) -> None:
        self.by_when.setEnabled(carried)
        self.target.setEnabled(carried)

    def draft(self) -> tuple[ActionReviewDraft | None, list[Problem]]:
        problems: list[Problem] = []
        carried = self.carry.isChecked()
        by_when = None
        if carried:
            try:
                by_when = self.by_when.date()
            except DateProblem as problem:
                problems.append(Problem("by_when", str(problem)))
            else:
                today = self._today()
                if by_when is None and self._action.by_when < today:
                    problems.append(Problem("by_when", f"the action's date, {format_date(self._action.by_when)}, "
                                                       "has passed: give a new date to carry it forward"))
                elif by_when is not None and by_when < today:
                    problems.append(Problem("by_when", f"{format_date(by_when)} has already passed"))
        if problems:
            return None, problems
        return ActionReviewDraft(outcome=ActionOutcome(self.outcome.currentData()), note=self.note.text().strip(),
                                 carry_forward=carried, by_when=by_when,
                                 target_grade=self.target.currentData() if carried else None), []

    def _check_and_submit(self) -> None:
        draft, problems = self.draft()
        if problems:
            self.form.show(problems)
            return
        self.form.clear()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.submitted.emit(draft)

    def show_problems(self, problems: list[Problem]) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
        self.form.show(problems)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
