"""Supervision: comments, returns with reasons, and signatures that fix an assessment's content."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

from .assessment import Reason
from .clock import utc_now
from .enums import Role


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignatureKind(StrEnum):
    SUBMITTED_BY = "submitted-by"
    """The practitioner's signature when submitting."""
    COUNTERSIGNED_BY = "countersigned-by"
    """The supervisor's countersignature."""


class Signature(_Model):
    id: UUID = Field(default_factory=uuid4)
    assessment_id: UUID
    kind: SignatureKind
    user_id: UUID
    name: str
    role: Role
    signed_at: datetime = Field(default_factory=utc_now)
    content_hash: str
    """SHA-256 of the assessment's canonical JSON at the moment of signing."""
    hash_scheme: str = "gcp-desk/assessment-content/1"
    """How ``content_hash`` was computed (``scoring.signing_content.HASH_SCHEME`` when it was signed)."""


class ReviewComment(_Model):
    id: UUID = Field(default_factory=uuid4)
    assessment_id: UUID
    domain_id: str | None = None
    """The domain the comment is about; ``None`` for the assessment as a whole."""
    text: Reason
    author_id: UUID
    author_name: str
    round: int = 1
    """Which review round (1 for the first submission, 2 after the first return, ...)."""
    created_at: datetime = Field(default_factory=utc_now)


class ReturnRecord(_Model):
    """A supervisor sending an assessment back, with the reasons, kept for every round."""

    id: UUID = Field(default_factory=uuid4)
    assessment_id: UUID
    reasons: Reason
    returned_by: UUID
    returned_by_name: str
    round: int
    returned_at: datetime = Field(default_factory=utc_now)


@dataclass(frozen=True)
class ReviewHistory:
    """Every round of an assessment's review: signatures, comments and returns, oldest first."""

    signatures: list[Signature] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    returns: list[ReturnRecord] = field(default_factory=list)

    @property
    def round(self) -> int:
        """The round now under way: 1 for the first submission, one more after each return."""
        return len(self.returns) + 1

    def signature(self, kind: SignatureKind) -> Signature | None:
        """The latest signature of this kind."""
        of_kind = [s for s in self.signatures if s.kind is kind]
        return of_kind[-1] if of_kind else None


@dataclass(frozen=True)
class QueueEntry:
    """One submitted assessment waiting in a supervisor's queue."""

    assessment_id: UUID
    child_id: UUID
    child_name: str
    practitioner_name: str
    submitted_at: datetime
    round: int
    is_amendment: bool
    concern_domains: list[str] = field(default_factory=list)
    visit_date: date | None = None
    """The assessment's last visit."""
    overrides: tuple[str, ...] = ()
    """Titles of the domains graded differently from their suggestion."""
    flags: tuple[str, ...] = ()
    """Drift, worse than baseline and unmet targets at this assessment, a few words each
    (``ChangeOverTime.short_flags``)."""
    changed_after_signing: bool = False
    """Its content no longer matches what the practitioner signed when submitting (altered outside GCP Desk)."""
