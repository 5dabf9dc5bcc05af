"""The tabs of a child's record: the overview, then the views that read the child's history as a whole.

Each tab is filled only when it is first shown for a child, so opening a record costs no more than the overview,
and matplotlib is not imported until someone looks at a chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from ...tasks import TaskRunner
from .charts_view import ChartsView
from .child_history import ChildHistory
from .chronology_view import ChronologyView
from .compare_view import CompareView
from .family_view import FamilyView
from .history_access import HistoryAccess
from ....domain.errors import Problem
from ...widgets.message_bar import error_in_words
from .household_view import HouseholdMember, HouseholdView, latest_of
from .plan_view import PlanView

if TYPE_CHECKING:
    from ...session import Session


class RecordTabs(QTabWidget):
    child_requested = Signal(object)
    """The id of another child (a sibling) whose record to open."""
    assessment_requested = Signal(object)
    """An ``Assessment`` of this child to open in the workspace."""
    changed = Signal()
    """Something in the record was changed here (an event, the plan): read the record again."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, overview: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Parts of the child's record")
        self.setDocumentMode(True)
        self._runner = runner
        self._access: HistoryAccess | None = None
        self.history: ChildHistory | None = None
        self._filled: set[QWidget] = set()
        self._wanted: tuple | None = None
        """(child id, tab) to show once that child's record has loaded."""
        self.overview = overview
        self.chronology = ChronologyView(runner)
        self.compare = CompareView(runner)
        self.charts = ChartsView()
        self.plan = PlanView(runner)
        self.family = FamilyView()
        self.household = HouseholdView()
        self.chronology.assessment_requested.connect(self._open_assessment)
        self.household.child_requested.connect(self.child_requested)
        self.household.together_requested.connect(self.assess_together)
        self.together_dialog = None
        for page in (self.chronology, self.plan):
            page.changed.connect(self.changed)
        for page in (self.chronology, self.plan):
            page.problem.connect(self.problem)
        for page, title in ((overview, "Overview"), (self.chronology, "Chronology"), (self.compare, "Compare"),
                            (self.charts, "Charts"), (self.plan, "Plan"), (self.family, "Family view"),
                            (self.household, "Household")):
            self.addTab(page, title)
            page.setAccessibleName(title)
        self.currentChanged.connect(lambda _index: self._fill_current())

    def set_session(self, session: Session) -> None:
        self._session = session
        self._access = HistoryAccess(session)
        for page in (self.chronology, self.compare, self.plan):
            page.set_access(self._access)
        self.history = None
        self._filled.clear()

    def show_history(self, history: ChildHistory) -> None:
        """A (re)loaded history: every tab is out of date; the one on screen is filled again now."""
        if self.history is None or self.history.child_id != history.child_id:
            wanted = self._wanted
            self.setCurrentWidget(wanted[1] if wanted and wanted[0] == history.child_id else self.overview)
        self._wanted = None
        self.history = history
        self._filled.clear()
        self._fill_current()

    def show_page(self, page: QWidget) -> None:
        self.setCurrentWidget(page)
        self._fill_current()

    def show_page_of(self, child_id, page: QWidget) -> None:
        """Show ``page`` of this child's record: now if it is the one shown, else once it has loaded."""
        if self.history is not None and self.history.child_id == child_id:
            self.show_page(page)
        else:
            self._wanted = (child_id, page)

    def _fill_current(self) -> None:
        page = self.currentWidget()
        if self.history is None or page is self.overview or page in self._filled:
            return
        self._filled.add(page)
        if page is self.household:
            self._load_household(self.history)
        else:
            page.show_history(self.history)

    def assess_together(self, children) -> None:
        """Choose the children and the first visit; start their assessments in one step and open this child's."""
        from ...dialogs.assess_together_dialog import AssessTogetherDialog
        from ....domain.enums import AssessmentStatus

        session, history = self._session, self.history
        if history is None or (self.together_dialog is not None and self.together_dialog.isVisible()):
            return
        open_statuses = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED, AssessmentStatus.SUBMITTED)
        busy = {member.child.id for member in self.household.members
                if member.latest is not None and member.latest[0].status in open_statuses}
        dialog = AssessTogetherDialog(self, children=children, busy=busy, today=session.today)

        def started(assessments) -> None:
            dialog.accept()
            self.changed.emit()
            mine = next((a for a in assessments if a.child_id == history.child_id), assessments[0])
            self.assessment_requested.emit(mine)

        def failed(error: Exception) -> None:
            from ....domain.errors import InvalidInput

            if isinstance(error, InvalidInput):
                dialog.show_problems(error.problems)
            else:
                dialog.show_problems([Problem("", error_in_words(error))])

        def start(draft) -> None:
            self._runner.run(lambda: session.siblings.start_together(draft.child_ids, **draft.start_arguments()),
                             started, failed)

        dialog.submitted.connect(start)
        self.together_dialog = dialog
        dialog.open()

    def _open_assessment(self, assessment_id) -> None:
        found = self.history.find(assessment_id) if self.history else None
        if found is not None:
            self.assessment_requested.emit(found[0])

    def _load_household(self, history: ChildHistory) -> None:
        access = self._access
        assert access is not None
        household_id = history.record.child.household_id

        def load() -> list[HouseholdMember]:
            if household_id is None:
                return [HouseholdMember(history.record.child, latest_of(history.current))]
            profiles = access.history().household_profiles(household_id)
            members = [HouseholdMember(p.child, (p.assessment, p.instrument) if p.assessment else None)
                       for p in profiles]
            # This child first, then the brothers and sisters in the household's order (oldest first).
            return sorted(members, key=lambda member: member.child.id != history.child_id)

        def failed(error: Exception) -> None:
            self._filled.discard(self.household)
            self.problem.emit(error)

        self._runner.run(load, lambda members: self.household.show_members(members, history.today), failed)
