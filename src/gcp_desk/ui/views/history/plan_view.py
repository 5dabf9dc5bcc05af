"""The outcome plan of one assessment: its actions (added, edited and removed while the assessment can change),
and at a repeat assessment, the previous plan's actions to review and carry forward or close."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from ....domain.assessment import Assessment
from ....domain.errors import InvalidInput
from ....domain.instrument import Instrument
from ....domain.labels import STATUS
from ...tasks import TaskRunner
from .action_review_dialog import ActionReviewDialog, ActionReviewDraft
from .assessment_picker import AssessmentPicker
from .child_history import ChildHistory, describe
from .history_access import HistoryAccess
from .plan_action_dialog import PlanActionDialog, PlanActionDraft
from .plan_actions_table import PlanActionsTable
from .plan_review_panel import PlanReviewPanel

if TYPE_CHECKING:
    from ....services.plan import PreviousAction

NO_ASSESSMENT = "{name} has no assessment yet. A plan is made with an assessment: start one from the overview."
NO_ACTIONS = "No actions in this plan yet. Each action names the domain, what will change, who does it, by when, " \
             "and the grade it aims for, so that the next assessment can show whether it happened."
LOCKED = "This assessment is {status}: its plan can no longer change. Plan changes are made on the next assessment."


def review_for_the_family(family_plan, assessment_id: UUID, family_id: UUID, draft: ActionReviewDraft,
                          outcomes: dict | None = None):
    """The outcome chosen for each child (``outcomes``; else the one outcome for every child), recorded for each
    child assessed now whose previous plan shares the action."""
    entry = next(e for e in family_plan.family_actions_to_review(assessment_id) if e.family_id == family_id)
    arguments = {name: value for name, value in draft.arguments().items() if name != "outcome"}
    if not outcomes:
        outcomes = {child_assessment_id: draft.outcome
                    for _child, child_assessment_id, _action, _done in entry.children}
    return family_plan.review_family_action(assessment_id, family_id, outcomes, **arguments)[0]


NO_SIBLINGS_FOR_ACTION = ("No brother or sister is being assessed on the same visits, so there is no plan to share "
                          "this action with. Start their assessments together from the Household tab.")


class PlanView(QWidget):
    changed = Signal()
    """The plan or its review changed: the record should be read again."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Plan")
        self._runner = runner
        self._access: HistoryAccess | None = None
        self.history: ChildHistory | None = None
        self.assessment: Assessment | None = None
        self.instrument: Instrument | None = None
        self.dialog = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        label = QLabel("&Plan of the assessment of")
        self.picker = AssessmentPicker("Assessment whose plan to show")
        label.setBuddy(self.picker)
        self.picker.currentIndexChanged.connect(lambda _index: self._picked())
        row.addWidget(label)
        row.addWidget(self.picker)
        row.addStretch(1)
        layout.addLayout(row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        actions = QWidget()
        column = QVBoxLayout(actions)
        column.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add action…")
        self.add_button.clicked.connect(self.add_action)
        self.edit_button = QPushButton("&Edit action…")
        self.edit_button.clicked.connect(self.edit_action)
        self.remove_button = QPushButton("Re&move action")
        self.remove_button.clicked.connect(self.remove_action)
        self.family_button = QPushButton("Add for &brothers and sisters too…")
        self.family_button.setAccessibleName("Add one action to this plan and to the plans of the brothers and "
                                             "sisters assessed on the same visits")
        self.family_button.clicked.connect(self.add_family_action)
        self.remove_family_button = QPushButton("Remove from every brother's and sister's plan…")
        self.remove_family_button.setAccessibleName("Remove this shared action from this plan and from the plans "
                                                    "of the brothers and sisters who share it")
        self.remove_family_button.clicked.connect(self.remove_family_action)
        self.remove_family_button.hide()
        for button in (self.add_button, self.family_button, self.edit_button, self.remove_button,
                       self.remove_family_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.actions = PlanActionsTable()
        self.actions.itemActivated.connect(lambda _item: self.edit_action())
        self.actions.currentCellChanged.connect(lambda *_: self._update_buttons())
        column.addWidget(self.actions)
        split.addWidget(actions)
        self.review = PlanReviewPanel()
        self.review.review_requested.connect(self.review_action)
        self.review.withdraw_requested.connect(self.withdraw_review)
        self.review.hide()
        split.addWidget(self.review)
        layout.addWidget(split, 1)
        self._filling = False

    def set_access(self, access: HistoryAccess) -> None:
        self._access = access

    @property
    def editable(self) -> bool:
        return self.assessment is not None and self.assessment.status.is_editable

    # Filling ---------------------------------------------------------------------------------------------------
    def show_history(self, history: ChildHistory) -> None:
        """Offer every current assessment, newest first; start on the one still being written, if any."""
        kept = self.picker.chosen_id() if self.history and self.history.child_id == history.child_id else None
        self.history = history
        choices = list(reversed(history.current))
        self._filling = True
        self.picker.fill([assessment for assessment, _ in choices])
        self._filling = False
        if not choices:
            self.assessment = None
            self.note.setText(NO_ASSESSMENT.format(name=history.record.child.given_name))
            self.actions.show_nothing()
            self.review.hide()
            self._update_buttons()
            return
        open_one = next((a.id for a, _ in choices if a.status.is_editable), None)
        chosen = kept if kept in [a.id for a, _ in choices] else open_one or choices[0][0].id
        self.show_assessment(chosen)

    def show_assessment(self, assessment_id: UUID) -> None:
        self._filling = True
        self.picker.choose(assessment_id)
        self._filling = False
        self._picked()

    def _picked(self) -> None:
        if self._filling or self.history is None or self.picker.chosen_id() is None:
            return
        self.assessment, self.instrument = self.history.find(self.picker.chosen_id())
        status = STATUS[self.assessment.status].lower()
        self.note.setText(NO_ACTIONS if self.editable and not self.assessment.plan else
                          "" if self.editable else LOCKED.format(status=status))
        self.note.setVisible(bool(self.note.text()))
        self.actions.show_actions(self.assessment.plan, self.instrument)
        self._update_buttons()
        self._load_review(self.assessment.id)

    def _load_review(self, assessment_id: UUID) -> None:
        access = self._access
        if access is None:
            return

        def shown(entries: list[PreviousAction]) -> None:
            if self.assessment is None or self.assessment.id != assessment_id:
                return
            self.review.setVisible(bool(entries))
            if entries:
                previous = self.history.find(entries[0].previous_assessment_id)
                when = describe(previous[0]) if previous else "the one before"
                self.review.show_entries(entries, editable=self.editable, previous_when=when)

        self._runner.run(lambda: access.plan().previous_plan_review(assessment_id), shown, self.problem.emit)

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.editable)
        self.family_button.setEnabled(self.editable)
        action = self.actions.current_action()
        has_action = action is not None
        self.edit_button.setEnabled(self.editable and has_action)
        self.remove_button.setEnabled(self.editable and has_action)
        shared = has_action and action.family_id is not None
        self.remove_button.setText("Re&move from this child's plan only" if shared else "Re&move action")
        self.remove_family_button.setVisible(shared)
        self.remove_family_button.setEnabled(self.editable and shared)

    # Changing the plan -----------------------------------------------------------------------------------------
    def add_action(self) -> None:
        if not self._ready():
            return
        access, assessment_id = self._access, self.assessment.id
        dialog = PlanActionDialog(self, instrument=self.instrument, today=access.session.today)
        dialog.submitted.connect(lambda draft: self._save(dialog, lambda: access.plan().add_action(
            assessment_id, **draft.arguments())))
        self._show(dialog)

    def add_family_action(self) -> None:
        """One action for this child and each brother and sister assessed on the same visits (e.g. the home's
        heating fixed): each plan shows it, and it is reviewed once with an outcome for each child."""
        if not self._ready():
            return
        access, assessment_id = self._access, self.assessment.id

        def offer(siblings: list[tuple[UUID, str]]) -> None:
            if not siblings:
                self.note.setText(NO_SIBLINGS_FOR_ACTION)
                self.note.show()
                return
            dialog = PlanActionDialog(self, instrument=self.instrument, today=access.session.today,
                                      siblings=siblings)
            dialog.setWindowTitle("Action for this child and brothers or sisters")
            dialog.submitted.connect(lambda draft: self._save(dialog, lambda: access.family_plan().add_family_action(
                assessment_id, dialog.chosen_siblings(), **draft.arguments())[0]))
            self._show(dialog)

        self._runner.run(lambda: access.siblings_named(assessment_id), offer, self.problem.emit)

    def edit_action(self) -> None:
        action = self.actions.current_action()
        if not self._ready() or action is None:
            return
        access, assessment_id = self._access, self.assessment.id
        dialog = PlanActionDialog(self, instrument=self.instrument, action=action, today=access.session.today)

        def save(draft: PlanActionDraft) -> None:
            self._save(dialog, lambda: access.plan().update_action(assessment_id, draft.applied_to(action)))

        dialog.submitted.connect(save)
        self._show(dialog)

    def remove_action(self) -> None:
        action = self.actions.current_action()
        if not self._ready() or action is None:
            return
        access, assessment_id = self._access, self.assessment.id
        self._save(None, lambda: access.plan().remove_action(assessment_id, action.id))

    def remove_family_action(self) -> None:
        """After a confirmation that names every child whose plan holds it, remove a shared action from them all."""
        action = self.actions.current_action()
        if not self._ready() or action is None or action.family_id is None:
            return
        access, assessment_id, family_id = self._access, self.assessment.id, action.family_id

        def confirm(children: list) -> None:
            names = [child.given_name for child in children]
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            box = QMessageBox(QMessageBox.Icon.Question, "Remove a shared action",
                              f"Remove \u201c{action.what_will_change}\u201d from the plans of {listed}? Each of "
                              "their plans loses it; to take it out of this child's plan alone, use Remove from "
                              "this child's plan only.",
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
            yes = box.button(QMessageBox.StandardButton.Yes)
            yes.setText(f"Remove from {len(names)} plans")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.buttonClicked.connect(lambda button: button is yes and self._save(
                None, lambda: access.family_plan().remove_family_action(assessment_id, family_id)[0]))
            self._show(box)

        self._runner.run(lambda: access.family_plan().children_sharing(assessment_id, family_id), confirm,
                         self.problem.emit)

    def review_action(self, entry: PreviousAction) -> None:
        if not self._ready():
            return
        access, assessment_id, family_id = self._access, self.assessment.id, entry.action.family_id

        def offer(children: list | None) -> None:
            dialog = ActionReviewDialog(self, previous=entry, instrument=self.instrument,
                                        today=access.session.today, children=children)

            def save(draft: ActionReviewDraft) -> None:
                if family_id is not None:  # shared by the family: reviewed once, an outcome for each child
                    self._save(dialog, lambda: review_for_the_family(access.family_plan(), assessment_id,
                                                                     family_id, draft, dialog.outcomes_by_child()))
                    return
                self._save(dialog, lambda: access.plan().review_action(assessment_id, entry.action.id,
                                                                       **draft.arguments()))

            dialog.submitted.connect(save)
            self._show(dialog)

        if family_id is None:
            offer(None)
            return

        def family_children() -> list:
            shared = next((e for e in access.family_plan().family_actions_to_review(assessment_id)
                           if e.family_id == family_id), None)
            return [] if shared is None else [(aid, child.given_name, done)
                                              for child, aid, _action, done in shared.children]

        self._runner.run(family_children, offer, self.problem.emit)

    def withdraw_review(self, entry: PreviousAction) -> None:
        if self._ready():
            access, assessment_id = self._access, self.assessment.id
            self._save(None, lambda: access.plan().withdraw_review(assessment_id, entry.action.id))

    def _ready(self) -> bool:
        free = self.dialog is None or not self.dialog.isVisible()
        return self.editable and self._access is not None and free

    def _show(self, dialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _save(self, dialog, op) -> None:
        """Run ``op``; once stored, close the dialog and have the record read again; else say why, in words."""

        def saved(_assessment: Assessment) -> None:
            if dialog is not None:
                dialog.accept()
            self.changed.emit()

        def failed(error: Exception) -> None:
            if dialog is not None and isinstance(error, InvalidInput):
                dialog.show_problems(error.problems)
                return
            if dialog is not None:
                dialog.reject()
            self.problem.emit(error)

        self._runner.run(op, saved, failed)
