"""The outcome plan before submission: every action of the previous plan reviewed, every domain at 4 or 5 planned."""

from __future__ import annotations

from datetime import date

from gcp_desk.domain.assessment import ActionReview, Assessment, DomainGrade, EvidenceNote, ItemGrade
from gcp_desk.domain.enums import ActionOutcome, EvidenceSource
from gcp_desk.scoring.completeness import Gap, GapKind, GapTarget, Section, find_gaps
from scoring_builders import FIVE_TO_11, UNDER_2, assessment_of, complete_assessment, family_profile, plan_action

FAMILY = family_profile()
COMPLETE = complete_assessment(FAMILY, FIVE_TO_11)  # every domain graded 3: nothing needs a plan action
FOOD = plan_action("nutritional-care", 2, date(2026, 3, 1))
ROUTINE = plan_action("emotional-care", 2, date(2026, 4, 15), who="Family support worker")


def with_food_at_4(assessment: Assessment) -> Assessment:
    """Food supply regraded 4 with its evidence, and the nutritional domain graded 4 to match."""
    return assessment.model_copy(update={
        "item_grades": {**assessment.item_grades, "food-supply": ItemGrade(item_id="food-supply", grade=4)},
        "domain_grades": {**assessment.domain_grades,
                          "nutritional-care": DomainGrade(domain_id="nutritional-care", chosen=4, suggested=4)},
        "evidence": [*assessment.evidence,
                     EvidenceNote(item_id="food-supply", source=EvidenceSource.OBSERVED, text="Cupboards empty.")],
    })


def reviewed(assessment: Assessment, *actions, carried: bool = False) -> Assessment:
    reviews = [ActionReview(action_id=action.id, outcome=ActionOutcome.PARTLY_MET, carried_forward=carried)
               for action in actions]
    return assessment.model_copy(update={"action_reviews": [*assessment.action_reviews, *reviews]})


def test_a_first_assessment_with_nothing_at_4_or_5_has_no_plan_gap():
    assert find_gaps(FAMILY, COMPLETE, previous_plan=[]) == []


def test_each_unreviewed_action_of_the_previous_plan_is_its_own_gap_in_plan_order():
    gaps = find_gaps(FAMILY, COMPLETE, previous_plan=[FOOD, ROUTINE])
    assert gaps == [
        Gap(GapKind.ACTION_NOT_REVIEWED,
            "Nutritional care: the previous plan's action \"Invented change for nutritional-care.\" "
            "(target 2 by 1 March 2026) has not been reviewed as met, partly met or not met.",
            GapTarget(Section.PLAN_REVIEW, "nutritional-care")),
        Gap(GapKind.ACTION_NOT_REVIEWED,
            "Emotional care: the previous plan's action \"Invented change for emotional-care.\" "
            "(target 2 by 15 April 2026) has not been reviewed as met, partly met or not met.",
            GapTarget(Section.PLAN_REVIEW, "emotional-care")),
    ]


def test_a_reviewed_action_is_no_gap_whether_carried_forward_or_closed():
    assert find_gaps(FAMILY, reviewed(COMPLETE, FOOD), previous_plan=[FOOD]) == []
    assert find_gaps(FAMILY, reviewed(COMPLETE, FOOD, carried=True), previous_plan=[FOOD]) == []
    only_one = find_gaps(FAMILY, reviewed(COMPLETE, ROUTINE), previous_plan=[FOOD, ROUTINE])
    assert [gap.target.domain_id for gap in only_one] == ["nutritional-care"]


def test_a_review_of_some_other_action_does_not_count():
    stray = plan_action("nutritional-care", 2, date(2026, 3, 1))  # same wording, different action
    gaps = find_gaps(FAMILY, reviewed(COMPLETE, stray), previous_plan=[FOOD])
    assert [gap.kind for gap in gaps] == [GapKind.ACTION_NOT_REVIEWED]


def test_a_domain_at_4_without_an_action_is_a_gap_until_one_is_added():
    concerning = with_food_at_4(COMPLETE)
    assert find_gaps(FAMILY, concerning, previous_plan=[]) == [
        Gap(GapKind.CONCERN_WITHOUT_ACTION, "Nutritional care is graded 4 but the plan has no action for it.",
            GapTarget(Section.PLAN, "nutritional-care")),
    ]
    elsewhere = concerning.model_copy(update={"plan": [ROUTINE]})
    assert [gap.kind for gap in find_gaps(FAMILY, elsewhere, previous_plan=[])] == [GapKind.CONCERN_WITHOUT_ACTION]
    planned = concerning.model_copy(update={"plan": [FOOD]})
    assert find_gaps(FAMILY, planned, previous_plan=[]) == []


def test_the_suggested_grade_counts_when_no_domain_grade_is_chosen_yet():
    draft = assessment_of(FAMILY, UNDER_2, grades={"food-supply": 5})
    gaps = [gap for gap in find_gaps(FAMILY, draft, previous_plan=[]) if gap.target.section is Section.PLAN]
    assert [gap.message for gap in gaps] == ["Nutritional care is graded 5 but the plan has no action for it."]


def test_without_the_previous_plan_the_outcome_plan_is_not_checked():
    assert find_gaps(FAMILY, with_food_at_4(COMPLETE)) == []
    assert find_gaps(FAMILY, COMPLETE) == []


def test_plan_gaps_come_last_review_before_new_actions():
    broken = with_food_at_4(COMPLETE).model_copy(update={"analysis": ""})
    gaps = find_gaps(FAMILY, broken, previous_plan=[ROUTINE])
    assert [gap.kind for gap in gaps] == [
        GapKind.NO_ANALYSIS, GapKind.ACTION_NOT_REVIEWED, GapKind.CONCERN_WITHOUT_ACTION]
    order = list(Section)
    positions = [order.index(gap.target.section) for gap in gaps]
    assert positions == sorted(positions)


def test_an_action_in_a_domain_the_instrument_lacks_is_named_by_its_id():
    old = plan_action("money-matters", 2, date(2026, 3, 1))
    [gap] = find_gaps(FAMILY, COMPLETE, previous_plan=[old])
    assert gap.message.startswith("money-matters: the previous plan's action")


def test_both_plan_kinds_are_exercised():
    kinds = {gap.kind for gap in find_gaps(FAMILY, with_food_at_4(COMPLETE), previous_plan=[ROUTINE])}
    assert kinds == {GapKind.ACTION_NOT_REVIEWED, GapKind.CONCERN_WITHOUT_ACTION}
