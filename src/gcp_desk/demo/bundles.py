"""What the demo writes for one household, and what it says it wrote."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.enums import AssessmentStatus
from ..domain.events import SignificantEvent
from ..domain.people import Adult, Child, ChildAdultLink, Household
from ..domain.review import ReturnRecord, ReviewComment, Signature
from .review import ReviewTrail


@dataclass
class DemoSummary:
    users: int = 0
    households: int = 0
    children: int = 0
    assessments: int = 0
    events: int = 0
    stories: dict[str, int] = field(default_factory=dict)
    statuses: Counter[AssessmentStatus] = field(default_factory=Counter)
    """Assessments in each state, amended ones and their amendments included."""


@dataclass
class HouseholdBundle:
    household: Household
    adults: list[Adult]
    children: list[Child]
    links: list[ChildAdultLink]
    assessments: list[tuple[Assessment, list[str]]]
    events: list[SignificantEvent]
    signatures: list[Signature] = field(default_factory=list)
    review_comments: list[ReviewComment] = field(default_factory=list)
    returns: list[ReturnRecord] = field(default_factory=list)
    attention: dict[UUID, dict[str, Any]] = field(default_factory=dict)

    def add_review(self, trail: ReviewTrail) -> None:
        self.signatures.extend(trail.signatures)
        self.review_comments.extend(trail.comments)
        self.returns.extend(trail.returns)
