"""One item's grade for a child and for each sibling assessed on the same visits: the family in one glance under the
item being graded (read by ``AssessmentService.sibling_grades`` and ``SiblingAssessmentService``)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ..domain.people import Child
from ..storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class SiblingGrade:
    """One sibling's grade of one item, for the sibling grid."""

    child: Child
    assessment_id: UUID
    grade: int | None
    """``None``: not graded yet (or marked not assessed)."""


def sibling_grades(uow: UnitOfWork, assessment_id: UUID, item_id: str) -> list[SiblingGrade]:
    """This child's grade of the item, then each sibling's on the same visits (``siblings_on_the_same_visits``'s,
    in its order). Read on every move to the next item, so only the visits and the one item's grades are read, not
    the assessments."""
    child_id, visits = uow.assessments.visit_ids(assessment_id)
    child = uow.children.get(child_id)
    family: list[tuple[UUID, Child]] = [(assessment_id, child)]
    if visits and child.household_id is not None:
        siblings = {sibling.id: sibling for sibling in uow.children.in_household(child.household_id)
                    if sibling.id != child_id}
        order = {sibling_id: place for place, sibling_id in enumerate(siblings)}
        shared = [(other_id, other_child) for other_id, other_child, theirs in uow.assessments.open_visit_ids(
            list(siblings)) if visits & theirs]
        family += [(other_id, siblings[other_child]) for other_id, other_child in
                   sorted(shared, key=lambda found: order[found[1]])]
    grades = uow.assessments.grades_of_item([one_id for one_id, _ in family], item_id)
    return [SiblingGrade(one_child, one_id, grades.get(one_id)) for one_id, one_child in family]
