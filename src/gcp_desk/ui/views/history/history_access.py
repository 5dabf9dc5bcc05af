"""How the history views reach the history and plan services of the signed-in session.

The services are built on first use, from the session's backend and user, with the session's ``today`` (so tests
can fix the date). Every call here is made inside a TaskRunner op, on the worker.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from ....scoring.attention import AttentionReason
    from ...session import Session


class HistoryAccess:
    def __init__(self, session: Session):
        self._session = session
        self._history: Any = None
        self._plan: Any = None

    @property
    def session(self) -> Session:
        return self._session

    def _context(self):
        session = self._session
        return replace(session.backend.context(session.user), today=session.today)

    def history(self):
        """The ``HistoryService``: chronology, events, comparison, attention, household, family view."""
        if self._history is None:
            existing = getattr(self._session, "history", None)
            if existing is not None and not callable(existing):
                self._history = existing
            else:
                from ....services.history import HistoryService

                self._history = HistoryService(self._context())
        return self._history

    def plan(self):
        """The ``PlanService``: plan actions and the review of the previous plan's open actions."""
        if self._plan is None:
            existing = getattr(self._session, "plan", None)
            if existing is not None and not callable(existing):
                self._plan = existing
            else:
                from ....services.plan import PlanService

                self._plan = PlanService(self._context())
        return self._plan

    def family_plan(self):
        """The ``FamilyPlanService``: plan actions shared by brothers and sisters on the same visits."""
        from ....services.family_plan import FamilyPlanService

        return FamilyPlanService(self._context())

    def siblings_of(self, assessment_id: UUID) -> list:
        """The open assessments of brothers and sisters on the same visits as this one."""
        from ....services.siblings import SiblingAssessmentService

        return SiblingAssessmentService(self._context()).siblings_of(assessment_id)

    def siblings_named(self, assessment_id: UUID) -> list[tuple[UUID, str]]:
        """``(assessment id, given name)`` of each brother and sister on the same visits."""
        from ....services.siblings import SiblingAssessmentService

        return SiblingAssessmentService(self._context()).siblings_named(assessment_id)

    def needs_attention(self, child_ids: list[UUID] | None = None) -> dict[UUID, list[AttentionReason]]:
        """Why each child on the caseload (or each of ``child_ids``) needs attention; children who need none are
        left out."""
        return {entry.child.child_id: list(entry.reasons) for entry in self.history().needs_attention(child_ids)}

    def attention_index(self):
        """Who needs attention, as stored (``services.stored_attention.AttentionIndex``): one read."""
        return self.history().attention_index()

    def refresh_stale(self, limit: int) -> int:
        """Work out again at most ``limit`` children whose stored attention no longer holds today."""
        return self.history().refresh_stale(limit)
