"""Reading a later assessment against an earlier one: lower is better, and what cannot be compared is said so."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gcp_desk.domain.assessment import DomainGrade
from gcp_desk.domain.enums import Change
from gcp_desk.scoring.compare import ChangeSummary, change_between, compare_assessments
from scoring_builders import (
    FIVE_TO_11,
    TWO_TO_4,
    UNDER_2,
    assessment_of,
    family_profile,
    family_profile_v2,
    school_years_profile,
)

V1 = family_profile()
V2 = family_profile_v2()


def rows_by_id(comparison):
    return {row.item_id: row for row in comparison.items}


@pytest.mark.parametrize(
    ("earlier", "later", "change"),
    [(4, 2, Change.IMPROVED), (2, 4, Change.WORSE), (3, 3, Change.SAME), (None, 3, Change.NOT_COMPARABLE),
     (3, None, Change.NOT_COMPARABLE)],
)
def test_lower_grades_are_better(earlier, later, change):
    assert change_between(earlier, later) is change


def test_items_and_domains_of_the_same_instrument():
    earlier = assessment_of(V1, FIVE_TO_11, grades={"food-supply": 4, "meal-routine": 3, "growth": 2, "warmth": 5})
    later = assessment_of(V1, FIVE_TO_11, grades={"food-supply": 2, "meal-routine": 3, "growth": 3, "warmth": 5},
                          domain_grades={"emotional-care": 4})
    comparison = compare_assessments(earlier, V1, later, V1)
    rows = rows_by_id(comparison)
    food = rows["food-supply"]
    assert (food.earlier_grade, food.later_grade, food.change) == (4, 2, Change.IMPROVED)
    assert (food.domain_id, food.title, food.why_not_comparable) == ("nutritional-care", "Food supply", "")
    assert rows["meal-routine"].change is Change.SAME
    assert rows["growth"].change is Change.WORSE
    assert rows["clothing"].change is Change.NOT_COMPARABLE
    assert rows["clothing"].why_not_comparable == (
        "Not graded at the earlier assessment; not graded at the later assessment"
    )
    domains = {row.domain_id: row for row in comparison.domains}
    # Nutritional care's suggestion stays at 3 (the worst item), though food supply improved a lot.
    assert (domains["nutritional-care"].earlier_grade, domains["nutritional-care"].later_grade) == (4, 3)
    assert domains["nutritional-care"].change is Change.IMPROVED
    # Emotional care: the practitioner chose 4 later, against a suggestion of 5 earlier.
    assert (domains["emotional-care"].earlier_grade, domains["emotional-care"].later_grade) == (5, 4)
    assert domains["physical-care"].change is Change.NOT_COMPARABLE
    assert comparison.summary == ChangeSummary(improved=1, same=2, worse=1, not_comparable=len(rows) - 4)
    assert comparison.domain_summary == ChangeSummary(improved=2, same=0, worse=0, not_comparable=4)


def test_not_assessed_on_either_occasion_is_not_a_change():
    earlier = assessment_of(V1, FIVE_TO_11, grades={"warmth": 4, "school-attendance": "School closed for holidays"})
    later = assessment_of(V1, FIVE_TO_11, grades={"warmth": "Carer asked us to leave", "school-attendance": 2})
    rows = rows_by_id(compare_assessments(earlier, V1, later, V1))
    assert rows["warmth"].change is Change.NOT_COMPARABLE
    assert (rows["warmth"].earlier_grade, rows["warmth"].later_grade) == (4, None)
    assert rows["warmth"].why_not_comparable == "Not assessed at the later assessment"
    assert rows["school-attendance"].why_not_comparable == "Not assessed at the earlier assessment"


def test_a_new_version_of_the_instrument_shows_dropped_and_added_items_as_not_comparable():
    earlier = assessment_of(V1, FIVE_TO_11, grades={"money-for-essentials": 5, "clothing": 4})
    later = assessment_of(V2, FIVE_TO_11, grades={"heating-and-repair": 2, "clothing": 2})
    comparison = compare_assessments(earlier, V1, later, V2)
    rows = rows_by_id(comparison)
    assert rows["clothing"].change is Change.IMPROVED  # matched by id across versions
    dropped, added = rows["money-for-essentials"], rows["heating-and-repair"]
    assert (dropped.earlier_title, dropped.later_title, dropped.earlier_grade, dropped.later_grade) == (
        "Money for essentials", None, 5, None)
    assert dropped.change is Change.NOT_COMPARABLE
    assert dropped.why_not_comparable == "Not in the later version of the instrument"
    assert (added.earlier_title, added.later_title, added.later_grade) == (None, "Heating and repair", 2)
    assert added.change is Change.NOT_COMPARABLE
    assert added.why_not_comparable == "Not in the earlier version of the instrument"
    # The dropped item stays with its domain, after the items the later version has.
    physical = [row.item_id for row in comparison.items if row.domain_id == "physical-care"]
    assert physical == ["clothing", "hygiene", "safe-sleep", "home-conditions", "heating-and-repair",
                        "money-for-essentials"]
    assert [row.item_id for row in comparison.items][len(physical)] == "food-supply"


def test_items_that_apply_at_only_one_of_the_two_ages_are_not_comparable():
    earlier = assessment_of(V1, UNDER_2, grades={"infant-feeding": 4, "play-and-talk": 4, "safe-sleep": 3})
    later = assessment_of(V1, TWO_TO_4, grades={"dental-care": 2, "play-and-talk": 2, "safe-sleep": 3})
    rows = rows_by_id(compare_assessments(earlier, V1, later, V1))
    assert rows["infant-feeding"].why_not_comparable == "Does not apply at the child's age at the later assessment"
    assert rows["infant-feeding"].earlier_grade == 4
    assert rows["dental-care"].why_not_comparable == "Does not apply at the child's age at the earlier assessment"
    assert rows["play-and-talk"].change is Change.IMPROVED
    assert rows["safe-sleep"].change is Change.SAME


def test_an_assessment_without_a_band_compares_nothing_item_by_item():
    earlier = assessment_of(V1, None, grades={"clothing": 4}, domain_grades={"physical-care": 4})
    later = assessment_of(V1, FIVE_TO_11, grades={"clothing": 2})
    comparison = compare_assessments(earlier, V1, later, V1)
    assert comparison.summary.not_comparable == len(comparison.items)
    assert rows_by_id(comparison)["clothing"].why_not_comparable == "No age band at the earlier assessment"
    # The chosen domain grade is still a domain grade, so the domain can be compared.
    assert comparison.domains[0].change is Change.IMPROVED


def test_different_instruments_share_no_items_and_so_nothing_is_a_change():
    school = school_years_profile()
    earlier = assessment_of(school, "primary", grades={"meals": 4, "online-safety": 4})
    later = assessment_of(V1, FIVE_TO_11, grades={"online-safety": 2, "clothing": 2})
    comparison = compare_assessments(earlier, school, later, V1)
    # online-safety exists in both, but for 12 and over only in the later one.
    assert comparison.summary.improved == comparison.summary.worse == comparison.summary.same == 0
    ids = [row.item_id for row in comparison.items]
    assert len(ids) == len(set(ids))
    all_ids = {item.id for inst in (school, V1) for domain in inst.domains for item in domain.items}
    assert set(ids) == all_ids
    assert [row.domain_id for row in comparison.domains][-3:] == ["basic-care", "safety", "learning"]
    assert comparison.domains[-1].title == "Learning"


ITEMS = V1.applicable_item_ids(FIVE_TO_11)
grades = st.dictionaries(st.sampled_from(ITEMS), st.one_of(st.integers(1, 5), st.just("Not seen")))


@given(grades, grades)
def test_swapping_the_two_assessments_swaps_improved_and_worse(first, second):
    a, b = assessment_of(V1, FIVE_TO_11, grades=first), assessment_of(V1, FIVE_TO_11, grades=second)
    forward, backward = compare_assessments(a, V1, b, V1), compare_assessments(b, V1, a, V1)
    assert (forward.summary.improved, forward.summary.worse) == (backward.summary.worse, backward.summary.improved)
    assert forward.summary.same == backward.summary.same
    assert forward.summary.not_comparable == backward.summary.not_comparable
    assert sum((forward.summary.improved, forward.summary.same, forward.summary.worse,
                forward.summary.not_comparable)) == len(forward.items)


@given(grades)
def test_an_assessment_compared_with_itself_has_only_same_or_not_comparable(first):
    a = assessment_of(V1, FIVE_TO_11, grades=first)
    comparison = compare_assessments(a, V1, a, V1)
    graded = sum(1 for value in first.values() if isinstance(value, int))
    assert comparison.summary.same == graded
    assert comparison.summary.improved == comparison.summary.worse == 0


@given(grades, grades)
def test_a_row_is_a_change_only_when_both_grades_are_there(first, second):
    a, b = assessment_of(V1, FIVE_TO_11, grades=first), assessment_of(V2, FIVE_TO_11, grades=second)
    for row in compare_assessments(a, V1, b, V2).items:
        comparable = row.earlier_grade is not None and row.later_grade is not None
        assert (row.change is not Change.NOT_COMPARABLE) == comparable
        assert (row.why_not_comparable == "") == comparable


def test_the_domain_row_uses_the_chosen_grade_over_the_suggestion():
    earlier = assessment_of(V1, FIVE_TO_11, grades={"warmth": 2})
    later = assessment_of(V1, FIVE_TO_11, grades={"warmth": 2}).model_copy(update={"domain_grades": {
        "emotional-care": DomainGrade(domain_id="emotional-care", chosen=4, suggested=2,
                                      override_reason="Warm when seen, but the school reports rejection.")}})
    emotional = next(row for row in compare_assessments(earlier, V1, later, V1).domains
                     if row.domain_id == "emotional-care")
    assert (emotional.earlier_grade, emotional.later_grade, emotional.change) == (2, 4, Change.WORSE)
