"""Whether a submitted or countersigned assessment still is what was signed: its content, hashed today, against the
hash its latest signature recorded. Pure: the caller reads the assessment and its signatures.

    broken = changed_since_signing(assessment, history.signatures)
    if broken: ...   # the signature whose hash no longer matches
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.assessment import Assessment
from ..domain.enums import AssessmentStatus
from ..domain.review import Signature, SignatureKind
from .age import format_date
from .signing_content import HASH_SCHEME, assessment_content_hash

SIGNED_STATES = (AssessmentStatus.SUBMITTED, AssessmentStatus.COUNTERSIGNED, AssessmentStatus.AMENDED)

CHANGED_AFTER_SIGNING = ("Changed after signing: this assessment's content no longer matches what {who} signed on "
                         "{when}. Someone has altered the record outside GCP Desk; tell your supervisor or "
                         "administrator.")


def governing_signature(assessment: Assessment, signatures: Sequence[Signature]) -> Signature | None:
    """The signature the assessment's present state rests on: the countersignature once countersigned, the latest
    submission while submitted; ``None`` for a draft or a returned assessment (it may change)."""
    if assessment.status not in SIGNED_STATES:
        return None
    wanted = SignatureKind.SUBMITTED_BY if assessment.status is AssessmentStatus.SUBMITTED \
        else SignatureKind.COUNTERSIGNED_BY
    of_kind = [s for s in signatures if s.kind is wanted and s.assessment_id == assessment.id]
    return of_kind[-1] if of_kind else None


def changed_since_signing(assessment: Assessment, signatures: Sequence[Signature]) -> Signature | None:
    """The governing signature if the content no longer hashes to it (or it was made by a scheme this app does not
    know, so cannot be shown to match); ``None`` when all is as signed, or nothing is signed yet."""
    signature = governing_signature(assessment, signatures)
    if signature is None:
        return None
    if signature.hash_scheme != HASH_SCHEME or assessment_content_hash(assessment) != signature.content_hash:
        return signature
    return None


def changed_words(signature: Signature) -> str:
    return CHANGED_AFTER_SIGNING.format(who=signature.name, when=format_date(signature.signed_at.date()))
