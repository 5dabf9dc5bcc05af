"""Reading one assessment against the child's history, the same way for every service that shows it (the assessment
screen, the review queue, the report and the family summary): which records count, with which instruments."""

from __future__ import annotations

from ..domain.assessment import Assessment
from ..domain.enums import AssessmentStatus
from ..domain.errors import NotFound
from ..scoring.change_over_time import ChangeOverTime, change_over_time
from .context import ServiceContext


def change_over_time_of(context: ServiceContext, assessments, history: list[Assessment],
                        assessment: Assessment) -> ChangeOverTime:
    """``history`` is the child's every assessment in history order (``AssessmentRepository.history``).

    Records an amendment replaced are left out, as the charts leave them out; an amended record that is itself
    being read stands in its amendment's place, so it reads as it did when it was signed. An earlier record graded
    with an instrument that is not installed cannot be read and is left out; the assessment itself must be readable
    (``NotFound`` names its instrument otherwise).
    """
    current = [a for a in history
               if a.id == assessment.id or (a.status is not AssessmentStatus.AMENDED and a.amends_id != assessment.id)]
    pairs = []
    for each in current:
        try:
            pairs.append((each, assessments.instrument_for(each)))
        except NotFound:
            if each.id == assessment.id:
                raise
    return change_over_time(pairs, assessment.id, min_weeks=context.settings.drift_min_weeks,
                            today=context.today())
