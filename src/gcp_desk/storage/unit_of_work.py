"""One transaction's worth of work, with every repository on the same session.

Services write a change and its audit event through the same unit of work, so both are saved or neither is::

    with db.transaction() as uow:
        uow.assessments.set_item_grade(assessment_id, grade)
        uow.audit.record(user.id, "assessment.grade-item", "assessment", assessment_id, before, after)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from sqlalchemy.orm import Session

from .attention_changes import take_changed_children
from .repositories import (
    AdultRepository,
    AssessmentRepository,
    AuditRepository,
    CaseloadQuery,
    ChildRepository,
    HouseholdRepository,
    UserRepository,
)
from .repositories.attention import AttentionStore
from .repositories.events import EventRepository
from .repositories.grade_history import GradeHistoryQuery
from .repositories.preferences import PreferenceRepository
from .repositories.records import RecordStore
from .repositories.previous import PreviousAssessmentQuery
from .repositories.review import ReviewRepository
from .repositories.shares import ShareRepository
from .scope import Scope


AttentionKeeper = Callable[["UnitOfWork", Sequence[UUID]], None]
"""Works out and stores the attention of the children given, inside the unit of work (see ``finish``)."""


class UnitOfWork:
    def __init__(self, session: Session, keep_attention: AttentionKeeper | None = None):
        self.session = session
        self.scope = Scope()
        """Every child until a service limits it to what the signed-in person may see (``Scope.limit_to``)."""
        self._keep_attention = keep_attention
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
        self.attention = AttentionStore(session, self.scope)
        self.preferences = PreferenceRepository(session)
        self.records = RecordStore(session, self.scope)
        self.kept_on_failure: list[Callable[[], None]] = []
        """Work done in its own transaction once this one has been rolled back, should it fail (a wrong password
        is recorded although the call it refuses changes nothing). Not run when this unit commits."""

    def on_failure(self, work: Callable[[], None]) -> None:
        self.kept_on_failure.append(work)

    def finish(self) -> None:
        """Just before commit: the stored attention of every child whose record changed is worked out again in
        this transaction, or, with no keeper, marked to be worked out at the next read."""
        changed = take_changed_children(self.session)
        if not changed:
            return
        if self._keep_attention is None:
            self.attention.mark_stale(changed)
        else:
            self._keep_attention(self, changed)
