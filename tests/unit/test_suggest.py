"""The domain suggestion is the worst graded applicable item: never an average, never hidden by good items."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gcp_desk.domain.assessment import DomainGrade
from gcp_desk.scoring.suggest import domain_grade_moves, effective_domain_grade, suggest_domain_grade
from scoring_builders import (
    FIVE_TO_11,
    UNBORN,
    UNDER_2,
    assessment_of,
    family_profile,
    school_years_profile,
    single_domain_instrument,
)

FAMILY = family_profile()


def suggest(grades, band=UNDER_2, domain="physical-care", instrument=FAMILY):
    return suggest_domain_grade(instrument, assessment_of(instrument, band, grades=grades), domain)


# Examples -------------------------------------------------------------------------------------------------------
def test_the_worst_item_drives_the_domain_and_the_explanation_says_so():
    suggestion = suggest({"clothing": 2, "hygiene": 1, "home-conditions": 4, "money-for-essentials": 3})
    assert suggestion.grade == 4
    assert (suggestion.graded, suggestion.applicable) == (4, 5)
    assert suggestion.driving_items == ("home-conditions",)
    assert suggestion.explanation == "Worst of 4 graded items (of 5): Home conditions graded 4"


def test_a_five_is_never_averaged_away_by_good_items():
    suggestion = suggest(
        {"clothing": 1, "hygiene": 1, "safe-sleep": 1, "home-conditions": 1, "money-for-essentials": 5}
    )
    assert suggestion.grade == 5
    assert suggestion.explanation == "Worst of all 5 items: Money for essentials graded 5"


def test_every_item_at_the_worst_grade_is_named_in_instrument_order():
    suggestion = suggest({"home-conditions": 4, "clothing": 4, "hygiene": 2})
    assert suggestion.driving_items == ("clothing", "home-conditions")
    assert suggestion.explanation == "Worst of 3 graded items (of 5): Clothing and Home conditions graded 4"
    three = suggest({"home-conditions": 3, "clothing": 3, "hygiene": 3})
    assert three.explanation == "Worst of 3 graded items (of 5): Clothing, Hygiene and Home conditions graded 3"


def test_one_graded_item_is_described_in_the_singular():
    assert suggest({"hygiene": 2}).explanation == "Worst of 1 graded item (of 5): Hygiene graded 2"
    only = suggest({"antenatal-care": 4}, band=UNBORN, domain="medical-care")
    assert only.explanation == "From its only item: Antenatal care graded 4"


def test_items_not_assessed_are_left_out():
    suggestion = suggest({"clothing": 2, "hygiene": "Child was asleep", "home-conditions": 3})
    assert (suggestion.grade, suggestion.graded, suggestion.applicable) == (3, 2, 5)


def test_items_that_do_not_apply_at_the_childs_age_are_left_out():
    # Safe sleep is not an item for a 5 to 11 year old, so a stray grade for it must not drive the domain.
    suggestion = suggest({"clothing": 2, "safe-sleep": 5}, band=FIVE_TO_11)
    assert (suggestion.grade, suggestion.graded, suggestion.applicable) == (2, 1, 4)


@pytest.mark.parametrize(
    "grades", [{}, {"clothing": "Not seen", "hygiene": "Not seen"}, {"safe-sleep": 5, "clothing": "Not seen"}]
)
def test_no_suggestion_without_a_graded_applicable_item(grades):
    assert suggest(grades, band=FIVE_TO_11) is None


def test_no_suggestion_before_the_age_band_is_known():
    assert suggest({"clothing": 4}, band=None) is None


def test_an_unknown_domain_is_a_mistake_not_an_empty_domain():
    with pytest.raises(KeyError):
        suggest({"clothing": 4}, domain="no-such-domain")


def test_the_second_instrument_suggests_by_the_same_rule():
    school = school_years_profile()
    suggestion = suggest({"road-safety": 5, "online-safety": 1, "adult-at-home": 2}, band="secondary",
                         domain="safety", instrument=school)
    assert (suggestion.grade, suggestion.driving_items, suggestion.applicable) == (2, ("adult-at-home",), 2)


def test_the_effective_grade_is_the_chosen_one_then_the_suggestion():
    assessment = assessment_of(FAMILY, UNDER_2, grades={"clothing": 4})
    assert effective_domain_grade(FAMILY, assessment, "physical-care") == 4
    assert effective_domain_grade(FAMILY, assessment, "emotional-care") is None
    chosen = assessment.model_copy(update={"domain_grades": {"physical-care": DomainGrade(
        domain_id="physical-care", chosen=3, suggested=4, override_reason="The heating was fixed the next day."
    )}})
    assert effective_domain_grade(FAMILY, chosen, "physical-care") == 3


def test_only_a_grade_that_moves_its_domain_can_change_who_needs_attention():
    before = assessment_of(FAMILY, UNDER_2, grades={"clothing": 4})

    def moves(item_id, grade, assessment=before):
        after = assessment_of(FAMILY, UNDER_2, grades={**{i: g.grade for i, g in assessment.item_grades.items()},
                                                       item_id: grade})
        after = after.model_copy(update={"domain_grades": assessment.domain_grades})
        return domain_grade_moves(FAMILY, assessment, after, item_id)

    assert not moves("hygiene", 2)  # below the domain's worst: still 4
    assert moves("hygiene", 5)  # a new worst
    assert moves("clothing", 1)  # the worst item graded better
    assert moves("warmth", 2)  # the first grade of another domain
    chosen = before.model_copy(update={"domain_grades": {"physical-care": DomainGrade(
        domain_id="physical-care", chosen=3, suggested=4, override_reason="The heating was fixed the next day.")}})
    assert not moves("hygiene", 5, chosen)  # under a chosen domain grade nothing moves


# Properties -----------------------------------------------------------------------------------------------------
ITEM_IDS = [f"item-{n}" for n in range(8)]
# Each item is graded, marked not assessed (a reason string), or not yet touched (None).
item_states = st.one_of(st.integers(1, 5), st.just("Not seen on this visit"), st.none())
domains = st.lists(item_states, min_size=1, max_size=len(ITEM_IDS))


def suggestion_for(states, order=None):
    ids = ITEM_IDS[: len(states)]
    instrument = single_domain_instrument(order or ids)
    grades = {item_id: state for item_id, state in zip(ids, states, strict=True) if state is not None}
    return suggest_domain_grade(instrument, assessment_of(instrument, UNDER_2, grades=grades), "care")


def graded(states):
    return [state for state in states if isinstance(state, int)]


@given(domains)
def test_the_suggestion_is_never_better_than_any_graded_item(states):
    suggestion = suggestion_for(states)
    if not graded(states):
        assert suggestion is None
    else:
        assert all(suggestion.grade >= grade for grade in graded(states))
        assert suggestion.grade in graded(states)
        assert suggestion.graded == len(graded(states))


@given(domains, st.data())
def test_making_any_item_worse_never_improves_the_suggestion(states, data):
    index = data.draw(st.integers(0, len(states) - 1))
    before = suggestion_for(states)
    current = states[index] if isinstance(states[index], int) else 1
    worse = list(states)
    worse[index] = data.draw(st.integers(current, 5))
    after = suggestion_for(worse)
    assert after is not None
    assert before is None or after.grade >= before.grade


@given(domains, st.integers(1, 5))
def test_grading_one_more_item_never_improves_the_suggestion(states, grade):
    before = suggestion_for(states)
    after = suggestion_for([*states, grade][: len(ITEM_IDS)])
    if len(states) < len(ITEM_IDS) and before is not None:
        assert after.grade >= before.grade


@given(domains, st.randoms(use_true_random=False))
def test_the_order_of_items_does_not_matter(states, random):
    ids = ITEM_IDS[: len(states)]
    shuffled = list(ids)
    random.shuffle(shuffled)
    before, after = suggestion_for(states), suggestion_for(states, order=shuffled)
    if before is None:
        assert after is None
    else:
        assert (after.grade, after.graded, after.applicable) == (before.grade, before.graded, before.applicable)
        assert sorted(after.driving_items) == sorted(before.driving_items)


@given(domains)
def test_marking_untouched_items_not_assessed_changes_nothing(states):
    marked = [state if state is not None else "Child was at school" for state in states]
    assert suggestion_for(marked) == suggestion_for(states)
