"""Concerns: items and domains at grade 4 or 5, the grades read as indicating neglect."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gcp_desk.domain.assessment import DomainGrade
from gcp_desk.scoring.flags import ConcernItem, concern_domains, concern_items
from gcp_desk.scoring.suggest import effective_domain_grade
from scoring_builders import FIVE_TO_11, UNBORN, assessment_of, family_profile, school_years_profile

FAMILY = family_profile()


def test_items_at_4_or_5_are_listed_in_instrument_order_with_their_domain():
    assessment = assessment_of(FAMILY, FIVE_TO_11, grades={
        "boundaries": 5, "food-supply": 4, "clothing": 3, "warmth": 2, "home-conditions": 4,
    })
    assert concern_items(FAMILY, assessment) == [
        ConcernItem("physical-care", "home-conditions", "Home conditions", 4),
        ConcernItem("nutritional-care", "food-supply", "Food supply", 4),
        ConcernItem("supervision-guidance", "boundaries", "Boundaries", 5),
    ]


def test_a_grade_3_is_not_a_concern():
    assessment = assessment_of(FAMILY, FIVE_TO_11, grades={"clothing": 3, "warmth": 3})
    assert concern_items(FAMILY, assessment) == []
    assert concern_domains(FAMILY, assessment) == []


def test_items_that_do_not_apply_at_the_childs_age_never_count():
    assessment = assessment_of(FAMILY, FIVE_TO_11, grades={"online-safety": 5, "antenatal-care": 5, "warmth": 2})
    assert concern_items(FAMILY, assessment) == []
    assert concern_domains(FAMILY, assessment) == []


def test_an_unborn_childs_antenatal_care_counts():
    assessment = assessment_of(FAMILY, UNBORN, grades={"antenatal-care": 5})
    assert [item.item_id for item in concern_items(FAMILY, assessment)] == ["antenatal-care"]
    assert concern_domains(FAMILY, assessment) == ["medical-care"]


def test_no_concerns_can_be_listed_before_the_age_band_is_known():
    assert concern_items(FAMILY, assessment_of(FAMILY, None, grades={"clothing": 5})) == []


def test_concern_domains_follow_the_chosen_grade_and_otherwise_the_suggestion():
    assessment = assessment_of(
        FAMILY, FIVE_TO_11,
        grades={"food-supply": 4, "warmth": 2, "clothing": 4, "boundaries": 5},
        domain_grades={"emotional-care": 4},
    )
    overridden = DomainGrade(domain_id="physical-care", chosen=3, suggested=4,
                             override_reason="One worn coat; new clothes were bought that week.")
    domain_grades = {**assessment.domain_grades, "physical-care": overridden}
    assessment = assessment.model_copy(update={"domain_grades": domain_grades})
    # Physical care: the practitioner chose 3 over the suggested 4, so it is not shown as a concern domain,
    # though its item still is.
    assert concern_domains(FAMILY, assessment) == ["nutritional-care", "emotional-care", "supervision-guidance"]
    assert "clothing" in [item.item_id for item in concern_items(FAMILY, assessment)]


def test_the_second_instrument_flags_by_the_same_rule():
    school = school_years_profile()
    assessment = assessment_of(school, "primary", grades={"road-safety": 4, "online-safety": 5, "attendance": 5})
    assert [item.item_id for item in concern_items(school, assessment)] == ["road-safety", "attendance"]
    assert concern_domains(school, assessment) == ["safety", "learning"]


ITEMS_5_TO_11 = FAMILY.applicable_item_ids(FIVE_TO_11)


@given(st.dictionaries(st.sampled_from(ITEMS_5_TO_11), st.integers(1, 5)))
def test_concern_items_are_exactly_the_graded_4s_and_5s(grades):
    assessment = assessment_of(FAMILY, FIVE_TO_11, grades=grades)
    listed = {item.item_id: item.grade for item in concern_items(FAMILY, assessment)}
    assert listed == {item_id: grade for item_id, grade in grades.items() if grade >= 4}
    concern_domain_ids = concern_domains(FAMILY, assessment)
    for domain in FAMILY.domains:
        is_concern = (effective_domain_grade(FAMILY, assessment, domain.id) or 0) >= 4
        assert (domain.id in concern_domain_ids) == is_concern
        # Without chosen domain grades, a domain is a concern exactly when one of its items is.
        assert is_concern == any(FAMILY.domain_of(item_id).id == domain.id for item_id in listed)
