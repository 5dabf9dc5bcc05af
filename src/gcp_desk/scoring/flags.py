"""What an assessment shows as a concern: items and domains graded 4 or 5, which are read as indicating neglect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeGuard

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from .age import applicable_items
from .suggest import effective_domain_grade

CONCERN_FROM_GRADE = 4
"""Grades 4 and 5 are read as indicating neglect."""


def is_concern(grade: int | None) -> TypeGuard[int]:
    return grade is not None and grade >= CONCERN_FROM_GRADE


@dataclass(frozen=True, slots=True)
class ConcernItem:
    domain_id: str
    item_id: str
    title: str
    grade: int


def concern_items(instrument: Instrument, assessment: Assessment) -> list[ConcernItem]:
    """Applicable items graded 4 or 5, in instrument order."""
    concerns = []
    for domain in instrument.domains:
        for item in applicable_items(instrument, assessment, domain.id):
            grade = assessment.item_grades.get(item.id)
            if grade is not None and is_concern(grade.grade):
                concerns.append(ConcernItem(domain.id, item.id, item.title, grade.grade))
    return concerns


def concern_domains(instrument: Instrument, assessment: Assessment) -> list[str]:
    """Ids of the domains whose effective grade (chosen, or else suggested) is 4 or 5, in instrument order."""
    return [
        domain.id
        for domain in instrument.domains
        if is_concern(effective_domain_grade(instrument, assessment, domain.id))
    ]
