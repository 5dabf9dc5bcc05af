"""Everything a report needs, gathered by the services in one frozen value, so building a PDF does no look-ups.

This module imports neither reportlab nor matplotlib: a service can build a ``ReportData`` cheaply and hand it to a
background task that does the heavy work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..domain.assessment import Assessment
from ..domain.clock import utc_now
from ..domain.enums import AssessmentStatus
from ..domain.instrument import Instrument
from ..domain.people import ChildRecord
from ..domain.review import ReturnRecord, ReviewComment, Signature, SignatureKind

AssessmentWithInstrument = tuple[Assessment, Instrument]


@dataclass(frozen=True)
class ReportData:
    record: ChildRecord
    """The child, their household and the significant adults on the child's record."""
    assessment: Assessment
    instrument: Instrument
    """The instrument the assessment was graded with (its id, version and hash match the assessment)."""
    organisation: str = ""
    generated_at: datetime = field(default_factory=utc_now)
    previous: AssessmentWithInstrument | None = None
    """The assessment to compare with. When ``None``, the one just before this in ``history`` is used, if any."""
    history: tuple[AssessmentWithInstrument, ...] = ()
    """The child's assessments oldest first, for the chart; this assessment is added at the end if missing."""
    signatures: tuple[Signature, ...] = ()
    review_comments: tuple[ReviewComment, ...] = ()
    returns: tuple[ReturnRecord, ...] = ()
    drift_min_weeks: int = 8
    """The organisation's setting: how long a domain stays at 4 or 5 before it is drift."""
    draft_reason: str | None = None
    """Why a countersigned assessment's report is nonetheless a DRAFT (it was changed after signing)."""
    chain_head: tuple[int, str] | None = None
    """The audit chain's end (sequence number, hash) when the report was made, printed on a signed report."""
    certificate_sha256: str | None = None
    """The SHA-256 fingerprint of the certificate the report is signed with, printed so anyone can check it."""

    def __post_init__(self) -> None:
        # Lists are accepted for convenience and frozen, so a report cannot change under a background build.
        for name in ("history", "signatures", "review_comments", "returns"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.assessment.child_id != self.record.child.id:
            raise ValueError("the assessment belongs to a different child from the record given")
        if self.assessment.instrument_id != self.instrument.id:
            raise ValueError(
                f"the assessment was graded with '{self.assessment.instrument_id}', not '{self.instrument.id}'"
            )
        for signature in self.signatures:
            if signature.assessment_id != self.assessment.id:
                raise ValueError("a signature given belongs to a different assessment")

    @property
    def is_final(self) -> bool:
        """Countersigned (or countersigned and later replaced): the report carries no DRAFT watermark."""
        return self.assessment.status.is_signed and self.draft_reason is None

    @property
    def is_replaced(self) -> bool:
        return self.assessment.status is AssessmentStatus.AMENDED

    @property
    def first_name(self) -> str:
        return self.record.child.given_name

    def chart_history(self) -> list[AssessmentWithInstrument]:
        """The history up to and including this assessment, oldest first: a report speaks for its own date."""
        kept: list[AssessmentWithInstrument] = []
        for entry in self.history:
            if entry[0].id == self.assessment.id:
                break
            kept.append(entry)
        return kept + [(self.assessment, self.instrument)]

    def comparison_base(self) -> AssessmentWithInstrument | None:
        if self.previous is not None:
            return self.previous
        earlier = self.chart_history()[:-1]
        return earlier[-1] if earlier else None

    def signatures_of(self, kind: SignatureKind) -> list[Signature]:
        return sorted((s for s in self.signatures if s.kind is kind), key=lambda s: s.signed_at)
