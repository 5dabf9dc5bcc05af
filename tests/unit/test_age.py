"""Age in months, the age band on the day of a visit, and the errors a practitioner sees for impossible dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gcp_desk.domain.errors import InvalidInput
from gcp_desk.domain.people import Child
from gcp_desk.scoring.age import (
    age_band_for,
    age_in_months,
    applicable_items,
    assessment_band,
    band_of,
    format_date,
)
from scoring_builders import (
    FIVE_TO_11,
    TWELVE_PLUS,
    TWO_TO_4,
    UNBORN,
    UNDER_2,
    assessment_of,
    family_profile,
    school_years_profile,
)

FAMILY = family_profile()
SCHOOL = school_years_profile()

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


def band_id(instrument=FAMILY, *, born=None, due=None, on):
    return age_band_for(instrument, date_of_birth=born, expected_date_of_delivery=due, on=on).id


def the_problem(raised: pytest.ExceptionInfo[InvalidInput]):
    [problem] = raised.value.problems
    return problem


# format_date ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "written"),
    [
        (date(2026, 5, 3), "3 May 2026"),
        (date(2025, 12, 25), "25 December 2025"),
        (date(2024, 2, 29), "29 February 2024"),
    ],
)
def test_dates_are_written_as_practitioners_write_them(day, written):
    assert format_date(day) == written


# age_in_months --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2025, 3, 15), date(2025, 3, 15), 0),
        (date(2025, 3, 15), date(2025, 4, 14), 0),
        (date(2025, 3, 15), date(2025, 4, 15), 1),
        (date(2024, 3, 15), date(2026, 3, 14), 23),
        (date(2024, 3, 15), date(2026, 3, 15), 24),
        (date(2025, 11, 30), date(2026, 1, 2), 1),
        # A month "ends" on a day the month may not have: then it ends on the 1st of the next month.
        (date(2026, 1, 31), date(2026, 2, 28), 0),
        (date(2026, 1, 31), date(2026, 3, 1), 1),
        (date(2024, 2, 29), date(2026, 2, 28), 23),
        (date(2024, 2, 29), date(2026, 3, 1), 24),
    ],
)
def test_age_counts_whole_completed_months(born, on, months):
    assert age_in_months(born, on) == months


def test_age_before_birth_is_refused_in_words():
    with pytest.raises(InvalidInput) as raised:
        age_in_months(date(2026, 5, 3), date(2026, 5, 1))
    assert the_problem(raised).message == "the date of birth (3 May 2026) is after the visit (1 May 2026)"


@given(born=dates, days=st.integers(0, 40_000), more=st.integers(0, 400))
def test_age_never_goes_down_as_time_passes(born, days, more):
    on = born + timedelta(days=days)
    assert age_in_months(born, on) <= age_in_months(born, on + timedelta(days=more))


@given(born=dates, months=st.integers(0, 1200))
def test_the_monthly_anniversary_completes_exactly_that_many_months(born, months):
    born = born.replace(day=min(born.day, 28))  # every month has the 28th, so the anniversary exists
    year, month = divmod(born.month - 1 + months, 12)
    anniversary = born.replace(year=born.year + year, month=month + 1)
    assert age_in_months(born, anniversary) == months
    if months:
        assert age_in_months(born, anniversary - timedelta(days=1)) == months - 1


# age_band_for ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 6, 10), UNDER_2),
        (date(2028, 6, 9), UNDER_2),
        (date(2028, 6, 10), TWO_TO_4),
        (date(2031, 6, 9), TWO_TO_4),
        (date(2031, 6, 10), FIVE_TO_11),
        (date(2038, 6, 9), FIVE_TO_11),
        (date(2038, 6, 10), TWELVE_PLUS),
        (date(2046, 1, 1), TWELVE_PLUS),
    ],
)
def test_band_changes_on_the_birthday_not_a_day_before(on, expected):
    assert band_id(born=date(2026, 6, 10), on=on) == expected


def test_an_unborn_child_is_in_the_unborn_band_before_the_expected_date():
    assert band_id(due=date(2026, 9, 1), on=date(2026, 5, 1)) == UNBORN
    assert band_id(due=date(2026, 9, 1), on=date(2026, 8, 31)) == UNBORN


def test_a_known_date_of_birth_wins_over_the_expected_date():
    assert band_id(born=date(2026, 8, 20), due=date(2026, 9, 1), on=date(2026, 8, 25)) == UNDER_2


@pytest.mark.parametrize("on", [date(2026, 9, 1), date(2026, 10, 15)])
def test_once_the_expected_date_is_reached_the_date_of_birth_is_asked_for(on):
    with pytest.raises(InvalidInput) as raised:
        band_id(due=date(2026, 9, 1), on=on)
    problem = the_problem(raised)
    assert problem.location == "Expected date of delivery"
    assert problem.message == "the expected date of delivery (1 September 2026) has passed: record the date of birth"


def test_a_date_of_birth_long_after_the_visit_is_refused_naming_both_dates():
    with pytest.raises(InvalidInput) as raised:
        band_id(born=date(2026, 5, 3), on=date(2025, 5, 1))
    problem = the_problem(raised)
    assert problem.location == "Date of birth"
    assert problem.message == "the date of birth (3 May 2026) is after the visit (1 May 2025)"
    assert str(raised.value) == "Date of birth: the date of birth (3 May 2026) is after the visit (1 May 2025)"


def test_neither_date_is_refused():
    with pytest.raises(InvalidInput) as raised:
        band_id(on=date(2026, 5, 1))
    assert the_problem(raised).location == "Date of birth"
    assert "expected date of delivery" in the_problem(raised).message


@pytest.mark.parametrize(
    ("born", "months"),
    [(date(2024, 5, 1), "24 months"), (date(2007, 4, 1), "229 months")],
)
def test_an_age_the_instrument_has_no_band_for_is_refused(born, months):
    with pytest.raises(InvalidInput) as raised:
        band_id(SCHOOL, born=born, on=date(2026, 5, 1))
    assert the_problem(raised).message == f"School years profile has no age band for a child of {months}"


def test_an_unborn_child_cannot_be_assessed_with_an_instrument_without_an_unborn_band():
    with pytest.raises(InvalidInput) as raised:
        band_id(SCHOOL, due=date(2026, 9, 1), on=date(2026, 5, 1))
    assert the_problem(raised).message == "School years profile has no band for an unborn child"


def test_the_second_instrument_has_its_own_boundaries():
    assert band_id(SCHOOL, born=date(2020, 1, 10), on=date(2026, 5, 1)) == "primary"
    assert band_id(SCHOOL, born=date(2015, 1, 10), on=date(2026, 5, 1)) == "secondary"


@given(born=dates, days=st.integers(0, 365 * 90))
def test_every_born_child_falls_in_the_one_band_whose_bounds_hold_their_age(born, days):
    on = born + timedelta(days=days)
    band = age_band_for(FAMILY, date_of_birth=born, expected_date_of_delivery=None, on=on)
    months = age_in_months(born, on)
    assert not band.is_unborn
    assert band.min_months <= months and (band.max_months is None or months < band.max_months)


# assessment_band ------------------------------------------------------------------------------------------------
def test_the_band_is_fixed_by_the_first_visit_whatever_the_order_visits_were_typed_in():
    child = Child(given_name="Ava", family_name="Test", date_of_birth=date(2024, 5, 20))
    # The child turns 2 between the two visits; the assessment keeps the band of the first.
    assessment = assessment_of(FAMILY, None, visits=[date(2026, 5, 25), date(2026, 5, 11)])
    assert assessment_band(FAMILY, child, assessment).id == UNDER_2


def test_there_is_no_band_before_a_visit():
    child = Child(given_name="Ava", family_name="Test", date_of_birth=date(2024, 5, 20))
    assert assessment_band(FAMILY, child, assessment_of(FAMILY, None)) is None


def test_an_unborn_childs_assessment_uses_the_expected_date():
    child = Child(given_name="Baby", family_name="Test", expected_date_of_delivery=date(2026, 9, 1))
    assessment = assessment_of(FAMILY, None, visits=[date(2026, 6, 2)])
    assert assessment_band(FAMILY, child, assessment).id == UNBORN


# band_of and applicable_items -------------------------------------------------------------------------------------
def test_items_follow_the_recorded_band():
    unborn = [item.id for item in applicable_items(FAMILY, assessment_of(FAMILY, UNBORN), "medical-care")]
    school = [item.id for item in applicable_items(FAMILY, assessment_of(FAMILY, FIVE_TO_11), "medical-care")]
    assert unborn == ["antenatal-care"]
    assert school == ["illness-noticed", "appointments-kept", "dental-care"]


def test_without_a_known_band_no_items_apply():
    assert applicable_items(FAMILY, assessment_of(FAMILY, None), "physical-care") == []
    assert band_of(FAMILY, assessment_of(FAMILY, "primary")) is None
    assert applicable_items(FAMILY, assessment_of(FAMILY, "primary"), "physical-care") == []


def test_visit_date_before_a_known_birth_is_in_the_unborn_band():
    from gcp_desk.scoring.age import age_band_for
    from scoring_builders import family_profile

    instrument = family_profile()
    born = date(2026, 5, 3)
    band = age_band_for(instrument, date_of_birth=born, expected_date_of_delivery=None, on=date(2026, 3, 1))
    assert band.is_unborn
    after = age_band_for(instrument, date_of_birth=born, expected_date_of_delivery=None, on=date(2026, 6, 1))
    assert after.id == "under-2"
    with pytest.raises(InvalidInput, match="is after the visit"):
        age_band_for(instrument, date_of_birth=born, expected_date_of_delivery=None, on=date(2025, 5, 1))
