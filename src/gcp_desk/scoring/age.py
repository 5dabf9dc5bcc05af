"""The child's age band on the day of a visit, and so which items of an instrument apply to them.

Age is counted in whole completed months. A month is completed on the day of the month the child was born on;
when that day does not exist in a month (born on the 31st, or on 29 February), it is completed on the first day of
the next month. That is the English legal convention for birthdays (a child born on 29 February turns one on
1 March), so a band boundary is never crossed a day early.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..domain.errors import InvalidInput, Problem

if TYPE_CHECKING:  # annotations only: the caseload's ages are worked out here before pydantic is imported at start
    from ..domain.assessment import Assessment
    from ..domain.instrument import AgeBand, Instrument, Item
    from ..domain.people import Child

DATE_OF_BIRTH = "Date of birth"
EXPECTED_DATE_OF_DELIVERY = "Expected date of delivery"

PREGNANCY_DAYS = 42 * 7
"""The longest a pregnancy runs: a visit further before the birth than this is a mistaken date."""

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(d: date) -> str:
    """ "3 Feb 2027": short enough for a table cell, unambiguous in every locale (``strftime("%b")`` follows the
    machine's language)."""
    return f"{d.day} {_SHORT_MONTHS[d.month - 1]} {d.year}"


def format_date(d: date) -> str:
    """A date as practitioners write it, e.g. "3 May 2026": no leading zero, so it reads the same aloud and in print."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def age_in_months(date_of_birth: date, on: date) -> int:
    """Whole months completed between birth and ``on``."""
    if on < date_of_birth:
        raise InvalidInput([_born_after(date_of_birth, on)])
    months = (on.year - date_of_birth.year) * 12 + (on.month - date_of_birth.month)
    if on.day < date_of_birth.day:
        months -= 1
    return months


def age_band_for(
    instrument: Instrument,
    *,
    date_of_birth: date | None,
    expected_date_of_delivery: date | None,
    on: date,
) -> AgeBand:
    """The band of ``instrument`` a child is in on the day ``on``. A known date of birth wins over the expected one.

    A visit in the weeks before a known birth is in the unborn band: a pre-birth assessment is often finished
    after the baby is born, and its visits keep the age they were made at.
    """
    if date_of_birth is None:
        return _unborn_band(instrument, expected_date_of_delivery, on)
    if on < date_of_birth and (date_of_birth - on).days <= PREGNANCY_DAYS:
        return _unborn_band(instrument, date_of_birth, on)
    months = age_in_months(date_of_birth, on)
    for band in instrument.age_bands:
        if band.is_unborn:
            continue
        below_top = band.max_months is None or months < band.max_months
        if band.min_months is not None and band.min_months <= months and below_top:
            return band
    raise InvalidInput([Problem(DATE_OF_BIRTH, f"{instrument.title} has no age band for a child of {_months(months)}")])


def assessment_band(instrument: Instrument, child: Child, assessment: Assessment) -> AgeBand | None:
    """The band on the first visit's date, which fixes the items for the whole assessment; ``None`` before a visit."""
    first = assessment.first_visit_date
    if first is None:
        return None
    return age_band_for(
        instrument,
        date_of_birth=child.date_of_birth,
        expected_date_of_delivery=child.expected_date_of_delivery,
        on=first,
    )


def band_of(instrument: Instrument, assessment: Assessment) -> AgeBand | None:
    """The band recorded on the assessment, or ``None`` when it is not set or not a band of this instrument."""
    if assessment.age_band is None:
        return None
    return next((band for band in instrument.age_bands if band.id == assessment.age_band), None)


def applicable_items(instrument: Instrument, assessment: Assessment, domain_id: str) -> list[Item]:
    """The items of one domain that apply in the assessment's band, in instrument order; none without a band."""
    band = band_of(instrument, assessment)
    if band is None:
        return []
    return instrument.items_for(domain_id, band.id)


def _unborn_band(instrument: Instrument, expected: date | None, on: date) -> AgeBand:
    if expected is None:
        raise InvalidInput(
            [Problem(DATE_OF_BIRTH, "record the date of birth or, before birth, the expected date of delivery")]
        )
    if on >= expected:
        raise InvalidInput(
            [Problem(EXPECTED_DATE_OF_DELIVERY,
                     f"the expected date of delivery ({format_date(expected)}) has passed: record the date of birth")]
        )
    band = next((band for band in instrument.age_bands if band.is_unborn), None)
    if band is None:
        raise InvalidInput([Problem(EXPECTED_DATE_OF_DELIVERY, f"{instrument.title} has no band for an unborn child")])
    return band


def _born_after(date_of_birth: date, on: date) -> Problem:
    return Problem(
        DATE_OF_BIRTH, f"the date of birth ({format_date(date_of_birth)}) is after the visit ({format_date(on)})"
    )


def _months(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"
