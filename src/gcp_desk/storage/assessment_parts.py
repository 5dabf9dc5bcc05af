"""Whole assessments as rows for every table they touch, inserted table by table with executemany.

Shared by ``AssessmentRepository.add`` (one assessment) and ``BulkWriter`` (thousands), so both store an
assessment identically.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import Executable, Table, insert

from ..domain.assessment import Assessment
from . import orm
from .rows import assessment_values, domain_grade_values, evidence_values, item_grade_values, plan_values


class Executor(Protocol):
    """A Session or a Connection: anything that runs a statement with a list of parameter sets."""

    def execute(self, statement: Executable, parameters: Any = ..., /) -> Any: ...


class AssessmentParts:
    """Every row of some whole assessments, table by table."""

    def __init__(self) -> None:
        self.assessments: list[dict[str, Any]] = []
        self.item_grades: list[dict[str, Any]] = []
        self.evidence_notes: list[dict[str, Any]] = []
        self.domain_grades: list[dict[str, Any]] = []
        self.plan_actions: list[dict[str, Any]] = []

    def add(self, assessment: Assessment, concern_domains: Iterable[str] = ()) -> None:
        aid = assessment.id
        self.assessments.append(assessment_values(assessment, concern_domains))
        self.item_grades.extend(
            item_grade_values(aid, grade, assessment.updated_at) for grade in assessment.item_grades.values()
        )
        self.evidence_notes.extend(evidence_values(aid, note, i) for i, note in enumerate(assessment.evidence))
        self.domain_grades.extend(domain_grade_values(aid, grade) for grade in assessment.domain_grades.values())
        self.plan_actions.extend(plan_values(aid, action, i) for i, action in enumerate(assessment.plan))

    def __len__(self) -> int:
        return len(self.assessments)

    def by_table(self) -> list[tuple[Table, list[dict[str, Any]]]]:
        """The rows of each table, parents before parts, so foreign keys hold at every statement."""
        return [
            (orm.assessments, self.assessments),
            (orm.item_grades, self.item_grades),
            (orm.evidence_notes, self.evidence_notes),
            (orm.domain_grades, self.domain_grades),
            (orm.plan_actions, self.plan_actions),
        ]

    def insert(self, executor: Executor) -> None:
        for table, rows in self.by_table():
            if rows:
                executor.execute(insert(table), rows)
