"""Who may change an assessment, and when: the two checks every change to an assessment passes first."""

from __future__ import annotations

from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.enums import AssessmentStatus
from ..domain.errors import PermissionDenied, RecordLocked
from ..storage.unit_of_work import UnitOfWork


def check_editable(assessment: Assessment) -> None:
    """Only a draft or a returned assessment changes; submitted and countersigned ones are locked."""
    if assessment.status.is_editable:
        return
    if assessment.status is AssessmentStatus.SUBMITTED:
        raise RecordLocked(
            "This assessment has been submitted and is waiting for review. "
            "It can be changed again only if the supervisor returns it."
        )
    raise RecordLocked(
        "This assessment has been countersigned and can no longer be changed. "
        "A correction must be made as an amendment."
    )


def check_author(uow: UnitOfWork, assessment: Assessment, actor_id: UUID | None) -> None:
    """Only the practitioner who started an assessment changes or submits it. A supervisor comments and returns
    it instead, so a countersignature never covers words the supervisor wrote."""
    if assessment.created_by is None or assessment.created_by == actor_id:
        return
    author = uow.users.get(assessment.created_by)
    raise PermissionDenied(
        f"This is {author.name}'s assessment: only {author.name} can change or submit it. "
        "A supervisor comments on it or returns it with reasons instead."
    )
