"""Add or edit one action of the outcome plan: the domain, what will change, who does it for which agency, by
when, the grade it aims for, and notes on progress. Problems are shown under their fields, in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ....domain.assessment import PlanAction
from ....domain.errors import Problem
from ....domain.instrument import GRADES, Instrument
from ....scoring.age import format_date
from ...widgets.checked_form import CheckedForm
from ...widgets.date_field import DateField, DateProblem
from ..assessment.grade_chip import grade_icon, grade_text
from ...dialogs.draft_dialog import DraftDialog


@dataclass(frozen=True)
class PlanActionDraft:
    """What the dialog returns: checked, not yet saved."""

    domain_id: str
    what_will_change: str
    who: str
    agency: str
    by_when: date
    target_grade: int
    progress_notes: str

    def arguments(self) -> dict:
        return dict(self.__dict__)

    def applied_to(self, action: PlanAction) -> PlanAction:
        return action.model_copy(update=self.arguments())


class PlanActionDialog(DraftDialog):
    """A ``PlanActionDraft`` that passed every check here; the caller saves it, then ``accept()``s or
    ``show_problems()``."""

    def __init__(self, parent=None, *, instrument: Instrument, action: PlanAction | None = None,
                 domain_id: str | None = None, today: Callable[[], date] = date.today,
                 siblings: list[tuple[UUID, str]] | None = None):
        """``siblings``: for an action shared by the family, each brother and sister who may share it (assessment
        id, given name), offered ticked."""
        super().__init__(parent)
        self._today = today
        self._editing = action
        self.setWindowTitle("Edit plan action" if action else "Add a plan action")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        self.form = CheckedForm.inside(layout)
        self.domain = self.form.add("domain_id", "&Domain", QComboBox(), aliases=("Domain",))
        for domain in instrument.domains:
            self.domain.addItem(domain.title, domain.id)
        self.what_will_change = self.form.add("what_will_change", "&What will change", QLineEdit())
        self.what_will_change.setPlaceholderText("What the child's day will look like when it has changed")
        self.who = self.form.add("who", "W&ho will do it", QLineEdit(), aliases=("Who",))
        self.agency = self.form.add("agency", "&Agency", QLineEdit(), aliases=("For which agency",))
        self.agency.setPlaceholderText("for example Children's social care, School, Health visiting")
        self.by_when = self.form.add("by_when", "&By when", DateField())
        self.target = self.form.add("target_grade", "&Target grade", QComboBox(), aliases=("Target",))
        for grade in GRADES:
            self.target.addItem(grade_icon(grade), grade_text(instrument, grade), grade)
        self.target.setCurrentIndex(1)  # "needs met": the usual aim
        self.progress = self.form.add("progress_notes", "&Progress notes", QPlainTextEdit())
        self.progress.setTabChangesFocus(True)
        self.progress.setMaximumHeight(self.fontMetrics().height() * 5)
        self.sibling_boxes: list[tuple[UUID, QCheckBox]] = []
        if siblings:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            for assessment_id, name in siblings:
                tick = QCheckBox(name, box)
                tick.setChecked(True)
                tick.setAccessibleName(f"Share this action with {name}")
                row.addWidget(tick)
                self.sibling_boxes.append((assessment_id, tick))
            row.addStretch(1)
            self.form.add("siblings", "Also &for", box, aliases=("Children",))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if action is not None:
            self._fill(action)
        elif domain_id is not None:
            self.domain.setCurrentIndex(max(self.domain.findData(domain_id), 0))
        self.domain.setFocus()

    def _fill(self, action: PlanAction) -> None:
        self.domain.setCurrentIndex(max(self.domain.findData(action.domain_id), 0))
        self.what_will_change.setText(action.what_will_change)
        self.who.setText(action.who)
        self.agency.setText(action.agency)
        self.by_when.set_date(action.by_when)
        self.target.setCurrentIndex(self.target.findData(action.target_grade))
        self.progress.setPlainText(action.progress_notes)

    def draft(self) -> tuple[PlanActionDraft | None, list[Problem]]:
        problems: list[Problem] = []
        what, who = self.what_will_change.text().strip(), self.who.text().strip()
        if not what:
            problems.append(Problem("what_will_change", "say what will change, so that everyone can tell when it "
                                                        "has"))
        if not who:
            problems.append(Problem("who", "name the person who will do it"))
        by_when = None
        try:
            by_when = self.by_when.date()
        except DateProblem as problem:
            problems.append(Problem("by_when", str(problem)))
        else:
            if by_when is None:
                problems.append(Problem("by_when", "enter the date it should be done by, as day/month/year"))
            elif by_when < self._today() and (self._editing is None or self._editing.by_when != by_when):
                problems.append(Problem("by_when", f"{format_date(by_when)} has already passed; choose a date "
                                                   "still to come"))
        if self.sibling_boxes and not self.chosen_siblings():
            problems.append(Problem("siblings", "tick at least one brother or sister to share this action with, or "
                                                "add it to this child's plan alone"))
        if problems:
            return None, problems
        return PlanActionDraft(domain_id=self.domain.currentData(), what_will_change=what, who=who,
                               agency=self.agency.text().strip(), by_when=by_when,
                               target_grade=int(self.target.currentData()),
                               progress_notes=self.progress.toPlainText().strip()), []

    def chosen_siblings(self) -> list[UUID]:
        """The brothers' and sisters' assessments ticked to share the action."""
        return [assessment_id for assessment_id, tick in self.sibling_boxes if tick.isChecked()]
