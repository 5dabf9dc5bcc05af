"""An assessment's state in one or two words, the same on the child record, in the workspace and in the queue."""

from __future__ import annotations

from ...domain.assessment import Assessment
from ...domain.enums import AssessmentStatus

STATUS_WORDS = {
    AssessmentStatus.DRAFT: "Draft",
    AssessmentStatus.SUBMITTED: "Submitted",
    AssessmentStatus.RETURNED: "Returned",
    AssessmentStatus.COUNTERSIGNED: "Countersigned",
    AssessmentStatus.AMENDED: "Replaced by amendment",
}


def status_words(assessment: Assessment) -> str:
    """ "Draft", "Submitted", "Returned", "Countersigned", "Replaced by amendment"; an amendment says so, since it
    corrects a record that was already signed."""
    words = STATUS_WORDS[assessment.status]
    return f"{words} (amendment)" if assessment.amends_id is not None else words
