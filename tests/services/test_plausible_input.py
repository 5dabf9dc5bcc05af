"""Plausible input: control characters in names, a birth in 1900 or year 1, an expected delivery years away and a
1 MB address are refused with the problem named, and nothing is stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gcp_desk.domain.enums import Relationship, Sex
from gcp_desk.domain.errors import InvalidInput

from conftest_services import TODAY


def refused(call) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        call()
    return [str(problem) for problem in error.value.problems]


def test_names_with_control_characters_are_refused(services):
    problems = refused(lambda: services.children.create_child(given_name="Ro\x07bin", family_name="Test\x1b[31m",
                                                             date_of_birth=date(2019, 5, 3)))
    assert problems == [
        "First name: contains an invisible control character (U+0007); type it again without it",
        "Family name: contains an invisible control character (U+001B); type it again without it",
    ]
    assert services.children.caseload() == []
    # Scripts other than Latin, and emoji with joiners, are names like any other.
    child = services.children.create_child(given_name="李小龍", family_name="עברית👩‍👧", date_of_birth=date(2019, 5, 3))
    assert child.given_name == "李小龍"


@pytest.mark.parametrize("born", [date(1900, 1, 1), date(1, 1, 1), TODAY + timedelta(days=1)])
def test_implausible_dates_of_birth_are_refused(services, born):
    [problem] = refused(lambda: services.children.create_child(given_name="Robin", family_name="Test",
                                                              date_of_birth=born))
    assert problem.startswith("Date of birth: ")


def test_an_expected_delivery_years_away_is_refused(services):
    [problem] = refused(lambda: services.children.create_child(
        given_name="Baby", family_name="Test", expected_date_of_delivery=TODAY + timedelta(days=3 * 365)))
    assert problem.endswith("is more than a pregnancy away; check the year")
    ok = services.children.create_child(given_name="Baby", family_name="Test",
                                        expected_date_of_delivery=TODAY + timedelta(weeks=20))
    assert ok.expected_date_of_delivery == TODAY + timedelta(weeks=20)


def test_a_one_megabyte_address_is_refused(services):
    [problem] = refused(lambda: services.children.create_household("Test household", "x" * 1_000_000))
    assert problem == "Address: is 1,000,000 characters long; the most is 1,000"


def test_an_adults_name_with_a_control_character_is_refused(services, child_with_parents):
    [problem] = refused(lambda: services.children.add_adult(
        child_with_parents.id, given_name="Sam\x00", family_name="Test", relationship=Relationship.UNCLE_OR_AUNT
        if hasattr(Relationship, "UNCLE_OR_AUNT") else list(Relationship)[0], sex=Sex.MALE))
    assert problem.startswith("First name: contains an invisible control character (U+0000)")
