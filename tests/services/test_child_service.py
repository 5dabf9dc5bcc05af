"""Children, households and adults."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.domain.enums import Relationship, Sex
from gcp_desk.domain.errors import InvalidInput

from conftest_services import TODAY


def test_a_child_with_no_name_is_refused(services):
    with pytest.raises(InvalidInput) as caught:
        services.children.create_child(given_name="  ", family_name="Testcase", date_of_birth=date(2020, 1, 1))
    assert "First name" in str(caught.value)
    assert services.children.caseload() == []


def test_a_child_needs_a_birth_date_or_an_expected_date(services):
    with pytest.raises(InvalidInput, match="expected date of delivery"):
        services.children.create_child(given_name="Kit", family_name="Testcase")


def test_a_date_of_birth_in_the_future_is_refused(services):
    with pytest.raises(InvalidInput, match="Date of birth.*future"):
        services.children.create_child(given_name="Kit", family_name="Testcase", date_of_birth=date(2027, 1, 1))


def test_an_unborn_child_is_assessed_in_the_unborn_band(services):
    unborn = services.children.create_child(given_name="Baby", family_name="Testcase",
                                            expected_date_of_delivery=date(2027, 2, 1))
    assessment = services.assessments.start(unborn.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY)
    assert assessment.age_band == "unborn"
    ids = services.assessments.instrument_for(assessment).applicable_item_ids("unborn")
    assert ids and all("school" not in item_id for item_id in ids)


def test_siblings_share_adults_with_their_own_relationships(services, child_with_parents):
    record = services.children.record(child_with_parents.id)
    sibling = services.children.create_child(given_name="Sky", family_name="Testcase",
                                             date_of_birth=date(2023, 8, 9),
                                             household_id=child_with_parents.household_id)
    mother = next(a for a in record.adults if a.link.relationship is Relationship.MOTHER)
    services.children.link_adult(sibling.id, mother.adult.id, Relationship.MOTHER, parental_responsibility=True)
    sibling_record = services.children.record(sibling.id)
    assert [a.adult.full_name for a in sibling_record.adults] == ["Alex Testcase"]
    assert not sibling_record.has_father_or_male_carer
    assert record.has_father_or_male_carer
    assert [c.id for c in services.children.siblings(child_with_parents.id)] == [sibling.id]


def test_a_male_carer_who_lives_with_the_child_counts_for_the_prompt(services):
    child = services.children.create_child(given_name="Kit", family_name="Testcase", date_of_birth=date(2021, 3, 3))
    record = services.children.add_adult(child.id, given_name="Lee", family_name="Other",
                                         relationship=Relationship.MOTHERS_PARTNER, sex=Sex.MALE,
                                         lives_with_child=True)
    assert record.has_father_or_male_carer


def test_a_household_can_be_renamed_and_a_blank_name_is_refused(services, child_with_parents):
    record = services.children.record(child_with_parents.id)
    renamed = services.children.update_household(
        record.household.model_copy(update={"name": "Testcase-Example household", "address": "1 New Road"}))
    assert services.children.record(child_with_parents.id).household == renamed
    assert renamed.name == "Testcase-Example household"
    with pytest.raises(InvalidInput, match="Name"):
        services.children.update_household(renamed.model_copy(update={"name": " "}))
    assert services.children.record(child_with_parents.id).household.name == "Testcase-Example household"
