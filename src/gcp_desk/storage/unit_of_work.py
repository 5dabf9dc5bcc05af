"""One transaction's worth of work, with every repository on the same session.

Services write a change and its audit event through the same unit of work, so both are saved or neither is::

    with db.transaction() as uow:
        uow.assessments.set_item_grade(assessment_id, grade)
        uow.audit.record(user.id, "assessment.grade-item", "assessment", assessment_id, before, after)
"""

from __future__ import annotations

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
from .repositories.preferences import PreferenceRepository
from .repositories.previous import PreviousAssessmentQuery
from .repositories.review import ReviewRepository


class UnitOfWork:
    def __init__(self, session: Session):
        self.session = session
        self.users = UserRepository(session)
        self.households = HouseholdRepository(session)
        self.children = ChildRepository(session)
        self.adults = AdultRepository(session)
        self.assessments = AssessmentRepository(session)
        self.audit = AuditRepository(session)
        self.caseload = CaseloadQuery(session)
        self.events = EventRepository(session)
        self.grade_history = GradeHistoryQuery(session)
        self.previous = PreviousAssessmentQuery(session)
        self.review = ReviewRepository(session)
        self.preferences = PreferenceRepository(session)
