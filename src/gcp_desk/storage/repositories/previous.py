"""Which assessment came before this one: the one whose outcome plan this one reviews."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import AssessmentStatus
from ...domain.errors import NotFound
from .. import orm
from .assessments import HISTORY_ORDER
from .require import not_found_message

_assessments = orm.assessments


class PreviousAssessmentQuery:
    def __init__(self, session: Session):
        self._session = session

    def previous_id(self, assessment_id: UUID) -> UUID | None:
        """The child's assessment just before this one in history order (last visit, then creation; an assessment
        with no visit yet is the newest work), skipping any an amendment replaced, since its amendment speaks for
        it. ``None`` for the child's first assessment."""
        child_id = self._session.execute(
            select(_assessments.c.child_id).where(_assessments.c.id == assessment_id)
        ).scalar()
        if child_id is None:
            raise NotFound(not_found_message("assessment", assessment_id))
        statement = (
            select(_assessments.c.id, _assessments.c.status)
            .where(_assessments.c.child_id == child_id)
            .order_by(*HISTORY_ORDER)
        )
        before: UUID | None = None
        for other_id, status in self._session.execute(statement):
            if other_id == assessment_id:
                return before
            if status is not AssessmentStatus.AMENDED:
                before = other_id
        return before  # not reached: the assessment is one of its child's
