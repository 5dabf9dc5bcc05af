"""The checks and small constructions an assessment's changes share: is this item gradable at the child's age,
are the family's dates plausible against the visits, which adults come across from the child's record."""

from __future__ import annotations

from datetime import date

from ..domain.assessment import Assessment, AssessmentAdult, Participation
from ..domain.enums import Involvement
from ..domain.errors import InvalidInput, Problem
from ..domain.instrument import Instrument
from ..scoring.age import format_date


def carried_over_adults(record, previous: Assessment | None, *, first: bool = False) -> list[AssessmentAdult]:
    """The child record's adults. On a repeat assessment they come across unconfirmed, for the practitioner
    to confirm they still belong; a first assessment carries nothing over, so there is nothing to confirm."""
    involvement = {a.adult_id: a.involvement for a in previous.adults} if previous else {}
    return [
        AssessmentAdult(
            adult_id=significant.adult.id,
            name=significant.adult.full_name,
            relationship=significant.link.relationship,
            involvement=involvement.get(significant.adult.id, Involvement.NOT_CONTACTED),
            confirmed=first,
            known_to_services=significant.adult.known_to_services,
        )
        for significant in record.adults
    ]


def check_item(instrument: Instrument, assessment: Assessment, item_id: str) -> None:
    try:
        item = instrument.item(item_id)
    except KeyError:
        raise InvalidInput([Problem("Item", f"'{item_id}' is not an item of {instrument.title}")]) from None
    if assessment.age_band is None:
        raise InvalidInput([Problem("Visits", "add a visit first, so the child's age band is known")])
    if not instrument.item_applies(item, assessment.age_band):
        band = instrument.band(assessment.age_band).label
        raise InvalidInput([Problem("Item", f"'{item.title}' does not apply to the age band {band}")])


def check_family_dates(assessment: Assessment, participation: Participation, today: date) -> None:
    problems = []
    first = assessment.first_visit_date
    for label, on in (("Shared on", participation.shared_on), ("Acknowledged on", participation.acknowledged_on)):
        if on is None:
            continue
        if on > today:
            problems.append(Problem(label, f"{format_date(on)} is in the future"))
        elif first is not None and on < first:
            problems.append(Problem(label, f"{format_date(on)} is before the first visit ({format_date(first)})"))
    if problems:
        raise InvalidInput(problems)
