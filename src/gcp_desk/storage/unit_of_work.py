"""One transaction's worth of work, with every repository on the same session.

Services write a change and its audit event through the same unit of work, so both are saved or neither is::

    with db.transaction() as uow:
        uow.assessments.set_item_grade(assessment_id, grade)
        uow.audit.record(user.id, "assessment.grade-item", "assessment", assessment_id, before, after)
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from .repositories import (
    AdultRepository,
    AssessmentRepository,
    AuditRepository,
    CaseloadQuery,
    ChildRepository,
    HouseholdRepository,
    UserRepository,
)
from .repositories.events import EventRepository
from .repositories.grade_history import GradeHistoryQuery
from .repositories.previous import PreviousAssessmentQuery
from .repositories.review import ReviewRepository
from .repositories.shares import ShareRepository
from .scope import Scope


class UnitOfWork:
    def __init__(self, session: Session):
        self.session = session
        self.scope = Scope()
        """Every child until a service limits it to what the signed-in person may see (``Scope.limit_to``)."""
        self.users = UserRepository(session)
        self.households = HouseholdRepository(session, self.scope)
        self.children = ChildRepository(session, self.scope)
        self.adults = AdultRepository(session)
        self.assessments = AssessmentRepository(session, self.scope)
        self.audit = AuditRepository(session)
        self.caseload = CaseloadQuery(session, self.scope)
        self.events = EventRepository(session, self.scope)
        self.grade_history = GradeHistoryQuery(session)
        self.previous = PreviousAssessmentQuery(session)
        self.review = ReviewRepository(session, self.scope)
        self.shares = ShareRepository(session)
        self.kept_on_failure: list[Callable[[], None]] = []
        """Work done in its own transaction once this one has been rolled back, should it fail (a wrong password
        is recorded although the call it refuses changes nothing). Not run when this unit commits."""

    def on_failure(self, work: Callable[[], None]) -> None:
        self.kept_on_failure.append(work)
