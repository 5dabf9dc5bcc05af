"""Household headings on the caseload: a shared name is told apart by postcode district, else by a number in the
order the households were recorded; a name nobody shares is shown alone."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from gcp_desk.domain.household_labels import NamedHousehold, distinct_labels, postcode_district


def household(name: str, address: str, day: int) -> NamedHousehold:
    return NamedHousehold(uuid4(), name, address, datetime(2026, 1, day, tzinfo=UTC))


def test_postcode_district_is_the_outward_code_only():
    assert postcode_district("14 Rowan Street, Testbury tb7 2qx") == "TB7"
    assert postcode_district("Flat 2, 9 Mill Lane, Testbury TB12 8RD") == "TB12"
    assert postcode_district("5 Quarrydene Lane, Testbury") is None


def test_shared_names_get_districts_or_numbers_and_unique_names_stay_plain():
    alone = household("Okafor household", "1 Ash Road, TB1 1AA", 1)
    first, second = household("Jessop household", "4 Mill Lane", 2), household("Jessop household", "9 Oak Way", 1)
    by_district = [household("Price household", "2 Elm Row TB3 4AB", 1), household("Price household", "TB4 1CD", 2)]
    same_district = [household("Hale household", "TB3 4AB", 1), household("hale household ", "TB3 9ZZ", 2)]
    labels = distinct_labels([alone, first, second, *by_district, *same_district])
    assert labels[alone.id] == "Okafor household"
    assert (labels[second.id], labels[first.id]) == ("Jessop household (1)", "Jessop household (2)")  # by age
    assert [labels[h.id] for h in by_district] == ["Price household, TB3", "Price household, TB4"]
    assert [labels[h.id] for h in same_district] == ["Hale household (1)", "hale household (2)"]
