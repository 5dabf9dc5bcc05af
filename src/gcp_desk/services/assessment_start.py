"""Starting an assessment (``AssessmentService.start``, and siblings started together): the rules for what a new
assessment begins with."""

from __future__ import annotations

from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.enums import AssessmentStatus
from ..domain.errors import NotAllowed
from ..domain.instrument import Instrument
from ..scoring.age import format_date
from ..scoring.instruments import content_hash
from ..storage.unit_of_work import UnitOfWork
from .assessment_checks import carried_over_adults
from .context import ServiceContext

OPEN_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED, AssessmentStatus.SUBMITTED)
"""An assessment in one of these is in progress: a child has at most one."""


def start_in(context: ServiceContext, uow: UnitOfWork, child_id: UUID, instrument_id: str | None) -> Assessment:
    """A new assessment of the child, in the caller's unit of work: the previous one's adults and context come
    across for confirmation, never its grades; the same instrument as before, so change can be measured."""
    record = uow.children.record(child_id)
    history = uow.assessments.history(child_id)
    in_progress = [a for a in history if a.status in OPEN_STATUSES]
    if in_progress:
        open_one = in_progress[-1]
        raise NotAllowed(
            f"{record.child.full_name} already has an assessment in progress "
            f"(started {format_date(open_one.created_at.date())}, "
            f"{open_one.status.value}). Finish it before starting another."
        )
    previous = next((a for a in reversed(history) if a.status is not AssessmentStatus.AMENDED), None)
    instrument = _choose_instrument(context, uow, instrument_id, previous)
    adults = carried_over_adults(record, previous, first=previous is None)
    carried = [entry.model_copy(update={"confirmed": False}) for entry in previous.context] if previous else []
    assessment = Assessment(
        child_id=child_id,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        instrument_hash=content_hash(instrument),
        adults=adults,
        context=carried,
        created_by=context.actor_id,
    )
    uow.assessments.add(assessment)
    uow.audit.record(
        context.actor_id, "assessment.start", "assessment", str(assessment.id), None,
        {"child_id": str(child_id), "instrument": f"{instrument.id} {instrument.version}",
         "previous": str(previous.id) if previous else None},
    )
    return uow.assessments.get(assessment.id)

def _choose_instrument(context: ServiceContext, uow: UnitOfWork, instrument_id: str | None,
                       previous: Assessment | None) -> Instrument:
    library = context.instruments
    if instrument_id:
        return library.latest(instrument_id)
    if previous is not None:
        # Repeat assessments use the same instrument, so that change can be measured.
        return library.latest(previous.instrument_id)
    from .instrument_choice import InstrumentChoiceService

    return InstrumentChoiceService(context).for_new_child(uow)
