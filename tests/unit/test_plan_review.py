"""Targets of an outcome plan read against the grade each domain has at a later assessment."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.scoring.plan_review import evaluate_target, review_plan
from scoring_builders import (
    FIVE_TO_11,
    assessment_of,
    dated_assessment,
    family_profile,
    plan_action,
    single_domain_instrument,
    with_plan,
)

V1 = family_profile()
TARGET_DATE = date(2026, 3, 1)
AFTER = date(2026, 3, 20)
BEFORE = date(2026, 2, 10)


def later_with(grades: dict[str, int]):
    return dated_assessment(V1, date(2026, 3, 16), grades)


def test_a_target_reached_is_met_and_says_so():
    result = evaluate_target(plan_action("emotional-care", 2, TARGET_DATE), later_with({"emotional-care": 2}), V1,
                             on=AFTER)
    assert (result.grade_now, result.met, result.overdue) == (2, True, False)
    assert result.sentence == "Target 2 by 1 March 2026; now 2: met."
    assert result.domain_title == "Emotional care"


def test_a_grade_better_than_the_target_also_meets_it():
    result = evaluate_target(plan_action("emotional-care", 3, TARGET_DATE), later_with({"emotional-care": 1}), V1,
                             on=AFTER)
    assert result.met is True
    assert result.sentence == "Target 3 by 1 March 2026; now 1: met."


def test_a_target_missed_after_its_date_is_not_met_and_overdue():
    result = evaluate_target(plan_action("emotional-care", 2, TARGET_DATE), later_with({"emotional-care": 4}), V1,
                             on=AFTER)
    assert (result.grade_now, result.met, result.overdue) == (4, False, True)
    assert result.sentence == "Target 2 by 1 March 2026; now 4: not met."


def test_before_its_date_an_unmet_target_is_not_met_yet_and_not_overdue():
    result = evaluate_target(plan_action("emotional-care", 2, TARGET_DATE), later_with({"emotional-care": 4}), V1,
                             on=BEFORE)
    assert (result.met, result.overdue) == (False, False)
    assert result.sentence == "Target 2 by 1 March 2026; now 4: not met yet."


def test_on_the_target_date_itself_it_is_not_met_but_not_yet_overdue():
    result = evaluate_target(plan_action("emotional-care", 2, TARGET_DATE), later_with({"emotional-care": 3}), V1,
                             on=TARGET_DATE)
    assert (result.met, result.overdue) == (False, False)
    assert result.sentence == "Target 2 by 1 March 2026; now 3: not met."


def test_a_domain_without_a_grade_now_has_no_verdict_but_is_overdue_once_the_date_passes():
    action = plan_action("physical-care", 3, TARGET_DATE)
    result = evaluate_target(action, later_with({"emotional-care": 2}), V1, on=AFTER)
    assert (result.grade_now, result.met, result.overdue) == (None, None, True)
    assert result.sentence == "Target 3 by 1 March 2026; not graded now."
    assert evaluate_target(action, later_with({}), V1, on=BEFORE).overdue is False


def test_the_grade_now_is_the_suggestion_when_no_domain_grade_was_chosen():
    later = assessment_of(V1, FIVE_TO_11, grades={"warmth": 2, "carer-attitude": 4}, visits=[date(2026, 3, 16)])
    result = evaluate_target(plan_action("emotional-care", 2, TARGET_DATE), later, V1, on=AFTER)
    assert (result.grade_now, result.met) == (4, False)


def test_a_domain_missing_from_the_later_instrument_is_not_graded_now():
    other = single_domain_instrument(["meals"])
    later = dated_assessment(other, date(2026, 3, 16), {"care": 1})
    result = evaluate_target(plan_action("emotional-care", 2, TARGET_DATE), later, other, on=AFTER)
    assert (result.met, result.domain_title) == (None, "emotional-care")
    assert result.sentence == "Target 2 by 1 March 2026; not graded now."


@pytest.mark.parametrize(("target", "now", "met"), [(1, 1, True), (2, 3, False), (3, 3, True), (4, 5, False)])
def test_met_means_at_or_below_the_target_grade(target, now, met):
    result = evaluate_target(plan_action("nutritional-care", target, TARGET_DATE),
                             later_with({"nutritional-care": now}), V1, on=AFTER)
    assert result.met is met


def test_review_plan_reads_every_action_of_the_earlier_plan_in_order():
    earlier = with_plan(
        dated_assessment(V1, date(2025, 12, 1), {"emotional-care": 4, "physical-care": 5}),
        plan_action("physical-care", 3, date(2026, 2, 1)),
        plan_action("emotional-care", 2, date(2026, 4, 1)),
        plan_action("supervision-guidance", 2, date(2026, 2, 1)),
    )
    later = later_with({"emotional-care": 3, "physical-care": 3})
    results = review_plan(earlier, later, V1, on=date(2026, 3, 16))
    assert [result.sentence for result in results] == [
        "Target 3 by 1 February 2026; now 3: met.",
        "Target 2 by 1 April 2026; now 3: not met yet.",
        "Target 2 by 1 February 2026; not graded now.",
    ]
    assert [result.overdue for result in results] == [False, False, True]
    assert [result.action for result in results] == earlier.plan


def test_an_earlier_assessment_without_a_plan_has_nothing_to_review():
    earlier = dated_assessment(V1, date(2025, 12, 1), {"emotional-care": 4})
    assert review_plan(earlier, later_with({"emotional-care": 2}), V1, on=AFTER) == []
