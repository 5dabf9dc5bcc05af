"""An assessment's state in one or two words, the same on the caseload, the child record, in the workspace and in
the queue (one list of words, ``domain.labels.STATUS``)."""

from __future__ import annotations

from ...domain.assessment import Assessment
from ...domain.labels import STATUS


def status_words(assessment: Assessment) -> str:
    """ "Draft", "Awaiting review", "Returned", "Countersigned", "Replaced by amendment"; an amendment says so,
    since it corrects a record that was already signed."""
    words = STATUS[assessment.status]
    return f"{words} (amendment)" if assessment.amends_id is not None else words
