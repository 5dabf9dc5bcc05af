"""One item's grade for a child and for each sibling assessed on the same visits: the family in one glance under the
item being graded (read by ``AssessmentService.sibling_grades`` and ``SiblingAssessmentService``)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ..domain.people import Child
from ..storage.unit_of_work import UnitOfWork
from .household_facts import siblings_on_the_same_visits


@dataclass(frozen=True)
class SiblingGrade:
    """One sibling's grade of one item, for the sibling grid."""

    child: Child
    assessment_id: UUID
    grade: int | None
    """``None``: not graded yet (or marked not assessed)."""


def sibling_grades(uow: UnitOfWork, assessment_id: UUID, item_id: str) -> list[SiblingGrade]:
    """This child's grade of the item, then each sibling's on the same visits."""
    assessment = uow.assessments.get(assessment_id)
    grades = []
    for one in [assessment, *siblings_on_the_same_visits(uow, assessment)]:
        grade = one.item_grades.get(item_id)
        grades.append(SiblingGrade(uow.children.get(one.child_id), one.id, grade.grade if grade is not None else None))
    return grades
