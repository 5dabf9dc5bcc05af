"""One child's record: details, the adults around them, and their assessments. The way into the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.enums import Relationship, Role, Sex
from ...domain.errors import InvalidInput
from ...domain.people import ChildRecord, Share, SignificantAdult
from ..dialogs.adult_dialog import AdultDialog, AdultDraft
from ..dialogs.child_dialog import ChildDialog, ChildDraft
from ..dialogs.father_unknown_dialog import FatherUnknownDialog
from ..dialogs.merge_adults_dialog import MergeAdultsDialog
from ..widgets.message_bar import error_in_words
from ..models.age_text import age_in_words
from ..models.assessment_list_model import summarise
from ..tasks import TaskRunner
from ..widgets.adults_table import AdultsTable
from ..widgets.assessment_list_panel import AssessmentListPanel
from .discard_draft import DiscardDraft
from .hand_over import HandOver, may_hand_over
from .sharing_bar import SharingBar
from ..widgets.child_details_panel import ChildDetailsPanel
from ..widgets.father_prompt import FatherPrompt
from ..widgets.held_offline_label import HeldOfflineLabel
from .history.child_history import ChildHistory, load_child_history
from .history.record_tabs import RecordTabs

if TYPE_CHECKING:
    from ...domain.assessment import Assessment
    from ..session import Session


class ChildRecordView(QWidget):
    back_requested = Signal()
    assessment_opened = Signal(object, object)
    """(Assessment, ChildRecord) to open in the workspace."""
    child_changed = Signal(object)
    """The child's id, after their details, adults or assessments changed."""
    record_shown = Signal(object)
    """The ChildRecord now on screen."""
    problem = Signal(object)
    print_report = Signal(object)
    """The id (UUID) of the assessment whose report to print or save."""
    print_family_summary = Signal(object)
    """The id (UUID) of the assessment whose one-page family summary to print or save."""
    assessment_chosen = Signal(object)
    """The id (UUID) of the assessment now chosen in the list, or ``None``: its report may be asked for next."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Child record")
        self._runner = runner
        self._session: Session | None = None
        self.record: ChildRecord | None = None
        self.dialog: ChildDialog | AdultDialog | MergeAdultsDialog | FatherUnknownDialog | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = QLabel()
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        self.held_offline = HeldOfflineLabel(self)
        layout.addWidget(self.held_offline)
        self.sharing = SharingBar(runner, self)
        self.sharing.problem.connect(self.problem)
        layout.addWidget(self.sharing)
        self.father_prompt = FatherPrompt()
        self.father_prompt.hide()
        self.father_prompt.add_requested.connect(self.add_father)
        self.father_prompt.unknown_requested.connect(self.father_not_known)
        layout.addWidget(self.father_prompt)
        overview = QWidget()
        overview.setAccessibleName("Overview")
        columns = QHBoxLayout(overview)
        columns.setContentsMargins(0, 6, 0, 0)
        self.details = ChildDetailsPanel()
        self.details.edit_requested.connect(self.edit_details)
        columns.addWidget(self.details, 2)  # details are short lines; the tables need the room
        right = QVBoxLayout()
        self.adults = AdultsTable()
        self.adults.add_requested.connect(lambda: self.add_adult())
        self.adults.edit_requested.connect(self.edit_adult)
        self.adults.merge_requested.connect(self.merge_adult)
        self.assessments = AssessmentListPanel()
        self.assessments.start_requested.connect(self.start_assessment)
        self.assessments.open_requested.connect(self._open_assessment)
        self.assessments.print_requested.connect(lambda assessment: self.print_report.emit(assessment.id))
        self.assessments.chosen.connect(
            lambda assessment: self.assessment_chosen.emit(assessment.id if assessment is not None else None))
        self.assessments.family_summary_requested.connect(
            lambda assessment: self.print_family_summary.emit(assessment.id))
        self.hand_over = HandOver(runner, self)
        self.assessments.hand_over_requested.connect(
            lambda assessment: self.hand_over.ask(self._session, assessment, self.record.child.full_name))
        self.hand_over.handed_over.connect(lambda _assessment: self.refresh())
        self.hand_over.problem.connect(self.problem)
        self.discard = DiscardDraft(runner, self)
        self.assessments.discard_requested.connect(lambda assessment: self.discard.ask(self._session, assessment))
        self.discard.discarded.connect(lambda _assessment_id: self.refresh())
        self.discard.problem.connect(self.problem)
        right.addWidget(self.adults)
        right.addWidget(self.assessments, 1)
        columns.addLayout(right, 7)
        self.tabs = RecordTabs(runner, overview)
        self.tabs.child_requested.connect(self.open_child)
        self.tabs.assessment_requested.connect(self._open_assessment)
        self.tabs.changed.connect(self._changed_in_tabs)
        self.tabs.problem.connect(self.problem)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back_requested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_session(self, session: Session) -> None:
        self._session = session
        self.assessments.hand_over_button.setVisible(may_hand_over(session.user))
        self.sharing.set_session(session)
        self.adults.merge_button.setVisible(session.user.has_role(Role.SUPERVISOR))
        self.record = None
        self.tabs.set_session(session)

    @property
    def child_id(self) -> UUID | None:
        return self.record.child.id if self.record else None

    # Loading ---------------------------------------------------------------------------------------------------
    def open_child(self, child_id: UUID) -> None:
        """Load the record, its assessment history and its shares in one background call (one read of the
        database), then fill the screen."""
        session = self._session
        assert session is not None
        if self.child_id != child_id:
            self._show_placeholder("Loading…")

        def load():
            opening = session.children.record_opening(child_id)
            record, history = opening.record, opening.history
            instrument_for = session.assessments.instrument_for
            return (record, summarise(history, instrument_for),
                    load_child_history(record, history, instrument_for, session.today()), opening.shares)

        def failed(error: Exception) -> None:
            if self.record is None:
                self._show_placeholder("This record could not be opened", "The reason is shown at the top.")
            self.problem.emit(error)

        self._runner.run(load, lambda result: self.show_record(*result), failed)

    def _show_placeholder(self, heading: str, detail: str = "") -> None:
        """Never leave another child's details on screen while this one is loading, or could not be."""
        self.record = None
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        self.subheading.setText(detail)
        self.father_prompt.hide()
        self.held_offline.show_hold(None)
        self.sharing.hide()
        self.tabs.hide()

    def redraw_hold(self) -> None:
        """Who else holds the child on screen offline, drawn again from what the server said last (a sync or a
        refresh of the holds may have changed it); nothing else is read."""
        if self.record is not None and self._session is not None:
            self.held_offline.show_hold(self._session.held_offline(self.record.child.id))

    def refresh(self) -> None:
        if self.child_id is not None:
            self.open_child(self.child_id)

    def show_record(self, record: ChildRecord, summaries=None, history: ChildHistory | None = None,
                    shares: list[Share] | None = None) -> None:
        """Fill the screen with ``record``; with ``summaries``, ``history`` and ``shares`` when they were read with
        it (the shares are read now when not given)."""
        assert self._session is not None
        self.record = record
        child = record.child
        today = self._session.today()
        self.heading.setText(child.full_name)
        self.heading.setAccessibleName(child.full_name)
        self.subheading.setText(age_in_words(child.date_of_birth, child.expected_date_of_delivery, today))
        self.held_offline.show_hold(self._session.held_offline(child.id))
        if record.father_accounted_for:
            self.father_prompt.hide()
        else:
            self.father_prompt.show_for(child.given_name, [a.adult.full_name for a in record.adults
                                                           if a.is_father_or_male_carer])
        self.tabs.show()
        self.sharing.show_for(child, shares)
        self.details.show_record(record, today)
        self.adults.show_record(record)
        if summaries is not None:
            self.assessments.show_summaries(summaries)
        if history is not None:
            self.tabs.show_history(history)
        self.record_shown.emit(record)

    def focus_first(self) -> None:
        """Put the keyboard on the first thing to act on: the father prompt when it shows, else Edit details."""
        prompt = self.father_prompt.button
        (prompt if self.father_prompt.isVisibleTo(self) else self.details.edit_button).setFocus()

    # Details ---------------------------------------------------------------------------------------------------
    def edit_details(self) -> None:
        if self.record is None or self._busy_with_dialog():
            return
        child = self.record.child
        session = self._session
        dialog = ChildDialog(self, child=child, today=session.today, household_search=session.households.search,
                             household=self.record.household, run=self._runner.run)

        def store(draft: ChildDraft) -> ChildRecord:
            session.children.update_child(draft.applied_to(child))
            if draft.moved_on is None:
                return session.children.record(child.id)
            household_id = draft.household_id
            if draft.new_household is not None:
                household_id = session.children.create_household(*draft.new_household).id
            return session.households.move_child(child.id, household_id, draft.moved_on)

        def save(draft: ChildDraft):
            self._save(dialog, lambda: store(draft))

        dialog.submitted.connect(save)
        self._show_dialog(dialog)

    # Adults ----------------------------------------------------------------------------------------------------
    def add_father(self) -> None:
        self.add_adult(Relationship.FATHER, Sex.MALE)

    def father_not_known(self) -> None:
        if self.record is None or self._busy_with_dialog():
            return
        child_id, session = self.record.child.id, self._session
        dialog = FatherUnknownDialog(self, child_name=self.record.child.given_name,
                                     reason=self.record.child.father_unknown_reason)
        dialog.submitted.connect(lambda draft: self._save(
            dialog, lambda: session.households.record_father_unknown(child_id, draft.reason)))
        self._show_dialog(dialog)

    def add_adult(self, relationship: Relationship | None = None, sex: Sex | None = None) -> None:
        if self.record is None or self._busy_with_dialog():
            return
        child_id, session, name = self.record.child.id, self._session, self.record.child.given_name

        def offer(known) -> None:
            if self.record is None or self.record.child.id != child_id or self._busy_with_dialog():
                return
            dialog = AdultDialog(self, child_name=name, relationship=relationship, sex=sex, today=session.today,
                                 known=known)

            def store(draft: AdultDraft) -> ChildRecord:
                if draft.adult_id is not None:
                    return session.children.link_adult(child_id, draft.adult_id, draft.relationship,
                                                       **draft.link_arguments())
                return session.children.add_adult(child_id, **draft.add_arguments())

            dialog.submitted.connect(lambda draft: self._save(dialog, lambda: store(draft)))
            self._show_dialog(dialog)

        self._runner.run(lambda: session.households.known_adults(child_id), offer, self.problem.emit)

    def edit_adult(self, significant: SignificantAdult) -> None:
        if self.record is None or self._busy_with_dialog():
            return
        child_id, session = self.record.child.id, self._session
        dialog = AdultDialog(self, child_name=self.record.child.given_name, adult=significant, today=session.today)

        def store(draft: AdultDraft) -> ChildRecord:
            person = {k: getattr(draft, k) for k in ("given_name", "family_name", "sex", "date_of_birth",
                                                     "relevant_history", "known_to_services")}
            if any(getattr(significant.adult, k) != v for k, v in person.items()):
                session.children.update_adult(significant.adult.model_copy(update=person))
            return session.children.link_adult(child_id, significant.adult.id, draft.relationship,
                                               **draft.link_arguments())

        dialog.submitted.connect(lambda draft: self._save(dialog, lambda: store(draft)))
        self._show_dialog(dialog)

    def merge_adult(self, significant: SignificantAdult) -> None:
        """A supervisor keeps the selected adult and merges a duplicate of them into it."""
        if self.record is None or self._busy_with_dialog():
            return
        session, kept = self._session, significant.adult

        def offer(members) -> None:
            _household, _children, adults = members
            dialog = MergeAdultsDialog(kept=kept, candidates=[a for a in adults if a.id != kept.id], parent=self)

            def merge(duplicate_id) -> None:
                def merged(_adult) -> None:
                    dialog.accept()
                    self.refresh()
                    self.child_changed.emit(self.child_id)

                self._runner.run(lambda: session.households.merge_adults(kept.id, duplicate_id), merged,
                                 lambda error: dialog.show_problem(error_in_words(error)))

            dialog.chosen.connect(merge)
            self.dialog = dialog
            dialog.open()

        self._runner.run(lambda: session.households.members(kept.household_id), offer, self.problem.emit)

    # Assessments -----------------------------------------------------------------------------------------------
    def start_assessment(self) -> None:
        if self.record is None:
            return
        record, session = self.record, self._session
        self.assessments.set_busy(True)

        def started(assessment: Assessment) -> None:
            self.assessments.set_busy(False)
            self.child_changed.emit(record.child.id)
            self.refresh()
            self.assessment_opened.emit(assessment, record)

        def failed(error: Exception) -> None:
            self.assessments.set_busy(False)
            self.problem.emit(error)

        self._runner.run(lambda: session.assessments.start(record.child.id), started, failed)

    def _changed_in_tabs(self) -> None:
        self.child_changed.emit(self.child_id)
        self.refresh()

    def _open_assessment(self, assessment: Assessment) -> None:
        if self.record is not None:
            self.assessment_opened.emit(assessment, self.record)

    # Dialog plumbing -------------------------------------------------------------------------------------------
    def _busy_with_dialog(self) -> bool:
        return self._session is None or (self.dialog is not None and self.dialog.isVisible())

    def _show_dialog(self, dialog: ChildDialog | AdultDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _save(self, dialog: ChildDialog | AdultDialog, op) -> None:
        """Run ``op`` in the background; close the dialog when it is stored, or show why not and keep it open."""

        def saved(result) -> None:
            dialog.accept()
            if isinstance(result, ChildRecord):
                self.show_record(result)
            else:
                self.refresh()
            self.child_changed.emit(self.child_id)

        def failed(error: Exception) -> None:
            if isinstance(error, InvalidInput):
                dialog.show_problems(error.problems)
            else:
                dialog.set_busy(False)
                self.problem.emit(error)

        self._runner.run(op, saved, failed)
