"""Repositories: one per kind of record, each taking the unit of work's session and returning domain objects."""

from .adults import AdultRepository
from .assessments import AssessmentRepository
from .audit import AuditRepository
from .caseload import CaseloadQuery
from .children import ChildRepository
from .households import HouseholdRepository
from .users import UserRepository

__all__ = [
    "AdultRepository",
    "AssessmentRepository",
    "AuditRepository",
    "CaseloadQuery",
    "ChildRepository",
    "HouseholdRepository",
    "UserRepository",
]
