"""What the history screens show, as plain values: the chronology, a comparison, the children needing attention,
a household side by side and the family view. Built by ``HistoryService``; no look-ups left for the screen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple
from uuid import UUID

from ..domain.assessment import ActionReview, Assessment, EvidenceNote, PlanAction
from ..domain.caseload import CaseloadRow
from ..domain.enums import AssessmentStatus
from ..domain.events import SignificantEvent
from ..domain.instrument import Instrument
from ..domain.people import Child, ChildRecord, Share
from ..reports.family_content import FamilyContent
from ..reports.report_data import ReportData
from ..scoring.attention import AttentionReason, Severity, caseload_sort_key
from ..scoring.compare import Comparison
from ..scoring.plan_review import TargetResult


@dataclass(frozen=True)
class RecordOpening:
    """Everything a child's record shows as it opens, read together in one unit that only reads
    (``ChildService.record_opening``)."""

    record: ChildRecord
    history: list[Assessment]
    """Every assessment of the child, amended ones included, oldest first (as ``AssessmentService.history``)."""
    shares: list[Share]
    """The teams the record is shared with now (as ``SharingService.shares``)."""


class EntryKind(StrEnum):
    ASSESSMENT = "assessment"
    EVENT = "event"


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    on: date
    """The event's date; an assessment's last visit (or, before any visit, the day it was started)."""
    kind: EntryKind
    label: str
    """What kind of entry, in words: "Assessment", "Police call-out", "Was not brought to an appointment"..."""
    text: str
    """What happened, or for an assessment its status and the domains graded 4 or 5, in words."""
    source_agency: str
    """Who told us, for an event; empty for an assessment."""
    event: SignificantEvent | None = None
    assessment_id: UUID | None = None
    status: AssessmentStatus | None = None
    concerns: tuple[tuple[str, int], ...] = ()
    """For an assessment: (domain title, grade) of each domain graded 4 or 5, in instrument order."""
    undated: bool = False
    """An assessment with no visit yet, placed on the day it was started."""


@dataclass(frozen=True)
class ComparisonView:
    """Two assessments of one child side by side, the earlier first, with everything the screen shows."""

    child: Child
    earlier: Assessment
    earlier_instrument: Instrument
    later: Assessment
    later_instrument: Instrument
    comparison: Comparison
    targets: tuple[TargetResult, ...]
    """Each action of the earlier assessment's plan against the later assessment's grades, judged on
    ``judged_on``."""
    judged_on: date
    """The later assessment's last visit (today while it has none): the day the targets are read on."""
    reviews: Mapping[UUID, ActionReview] = field(default_factory=dict)
    """The later assessment's reviews of the earlier plan's actions, by action id (when it made any)."""

    def evidence_for(self, item_id: str) -> tuple[list[EvidenceNote], list[EvidenceNote]]:
        """The item's evidence at the earlier and at the later assessment."""
        return self.earlier.evidence_for(item_id), self.later.evidence_for(item_id)

    @property
    def general_evidence(self) -> tuple[list[EvidenceNote], list[EvidenceNote]]:
        """Notes about the assessment as a whole (no item), earlier and later."""
        return ([note for note in self.earlier.evidence if note.item_id is None],
                [note for note in self.later.evidence if note.item_id is None])

    def review_of(self, action_id: UUID) -> ActionReview | None:
        return self.reviews.get(action_id)


@dataclass(frozen=True, slots=True)
class ChildAttention:
    """One child of the caseload with the reasons they need attention, most pressing first (none: all clear)."""

    child: CaseloadRow
    reasons: tuple[AttentionReason, ...]
    next_due: date | None
    """When the next assessment is due by the child's plan type; ``None`` for no plan, or a plan with no dated
    assessment yet (one is due now: a reason says so)."""

    @property
    def severity(self) -> Severity | None:
        return self.reasons[0].severity if self.reasons else None

    @property
    def sort_key(self) -> tuple:
        """Most pressing first (``scoring.attention.caseload_sort_key``), then by name; children with no reason
        last."""
        return (caseload_sort_key(list(self.reasons)), self.child.family_name.lower(),
                self.child.given_name.lower(), str(self.child.child_id))


class HouseholdProfile(NamedTuple):
    """One child of a household with their own latest profile (each child keeps their own assessment)."""

    child: Child
    assessment: Assessment | None
    instrument: Instrument | None


@dataclass(frozen=True)
class FamilyView:
    """The plain-words page for talking the latest assessment and plan through with the family."""

    content: FamilyContent
    """Going well, could be better, worried about, needs to change: worked out by ``reports.family_content``."""
    report_data: ReportData
    """The same assessment as a report's input, to print the one-page family summary."""
    plan: tuple[PlanAction, ...]

    @property
    def assessment(self) -> Assessment:
        return self.report_data.assessment

    @property
    def is_final(self) -> bool:
        """Countersigned: agreed by a supervisor. A draft page should say it may still change."""
        return self.report_data.is_final
