"""Read models for lists: light rows, built by the thousand, so plain frozen dataclasses rather than pydantic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from .enums import AssessmentStatus, PlanType


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    child_id: UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    expected_date_of_delivery: date | None
    identifiers: str
    """Every local identifier of the child, space-separated, for search as you type."""
    household_id: UUID | None
    plan_type: PlanType
    latest_assessment_id: UUID | None = None
    latest_status: AssessmentStatus | None = None
    latest_date: date | None = None
    """The last visit date of the latest assessment (or its creation date when it has no visit yet)."""
    latest_owner_id: UUID | None = None
    concern_domains: tuple[str, ...] = field(default_factory=tuple)
    """Domains graded 4 or 5 in the latest assessment, in instrument order."""
    assessment_count: int = 0

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: UUID
    at: datetime
    actor_id: UUID | None
    action: str
    """What happened, e.g. "assessment.grade-item"."""
    entity: str
    entity_id: str
    before: dict | None
    after: dict | None
