"""What is missing before submission: a complete assessment has no gaps, and each missing piece shows exactly once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gcp_desk.domain.assessment import Assessment, DomainGrade, ItemGrade
from gcp_desk.scoring.completeness import Gap, GapKind, GapTarget, Section, find_gaps
from scoring_builders import (
    BORN,
    FIVE_TO_11,
    PRIMARY,
    SECONDARY,
    UNBORN,
    UNDER_2,
    assessment_of,
    complete_assessment,
    family_profile,
    item_grade,
    school_years_profile,
)

FAMILY = family_profile()
SCHOOL = school_years_profile()
DOMAINS = Section.DOMAINS


def changed(assessment: Assessment, **update) -> Assessment:
    return assessment.model_copy(update=update)


def regraded(assessment: Assessment, **grades: int | str) -> Assessment:
    item_grades = dict(assessment.item_grades)
    for key, grade in grades.items():
        item_id = key.replace("_", "-")
        item_grades[item_id] = item_grade(item_id, grade)
    return changed(assessment, item_grades=item_grades)


def without_grade(assessment: Assessment, item_id: str) -> Assessment:
    return changed(assessment, item_grades={k: v for k, v in assessment.item_grades.items() if k != item_id})


def without_evidence(assessment: Assessment, item_id: str) -> Assessment:
    return changed(assessment, evidence=[note for note in assessment.evidence if note.item_id != item_id])


def with_domain_grade(assessment: Assessment, grade: DomainGrade) -> Assessment:
    return changed(assessment, domain_grades={**assessment.domain_grades, grade.domain_id: grade})


# A complete assessment ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("band", [UNBORN, *BORN])
def test_a_complete_assessment_has_no_gaps_in_any_band(band):
    assert find_gaps(FAMILY, complete_assessment(FAMILY, band)) == []


@pytest.mark.parametrize("band", [PRIMARY, SECONDARY])
def test_a_complete_assessment_with_the_second_instrument_has_no_gaps(band):
    assert find_gaps(SCHOOL, complete_assessment(SCHOOL, band)) == []


# Each missing piece makes exactly its gap appear ------------------------------------------------------------------
COMPLETE = complete_assessment(FAMILY, FIVE_TO_11)
REMOVALS: dict[str, tuple[Callable[[Assessment], Assessment], Gap]] = {
    "no visit and so no band": (
        lambda a: changed(a, visits=[], age_band=None),
        Gap(GapKind.NO_VISIT,
            "No visit is recorded. Add a visit so the child's age band, and so the items, can be set.",
            GapTarget(Section.VISITS)),
    ),
    "no visit, band kept": (
        lambda a: changed(a, visits=[]),
        Gap(GapKind.NO_VISIT, "No visit is recorded.", GapTarget(Section.VISITS)),
    ),
    "visits but no band": (
        lambda a: changed(a, age_band=None),
        Gap(GapKind.NO_AGE_BAND, "The child's age band is not set: check the date of birth and the visit dates.",
            GapTarget(Section.VISITS)),
    ),
    "a band the instrument lacks": (
        lambda a: changed(a, age_band="adult"),
        Gap(GapKind.NO_AGE_BAND,
            "The age band \"adult\" is not one of Family test profile's bands, so no items can be shown.",
            GapTarget(Section.VISITS)),
    ),
    "child not seen": (
        lambda a: changed(a, how_seen=a.how_seen.model_copy(update={"child_seen": False})),
        Gap(GapKind.CHILD_NOT_SEEN, "The child is not recorded as seen.", GapTarget(Section.HOW_SEEN)),
    ),
    "an item not graded": (
        lambda a: without_grade(a, "home-conditions"),
        Gap(GapKind.UNGRADED_ITEM, "Physical care › Home conditions has no grade.",
            GapTarget(DOMAINS, "physical-care", "home-conditions")),
    ),
    "not assessed with a blank reason": (
        # The model refuses a blank reason, so this can only come from old or imported data; it is still caught.
        lambda a: changed(a, item_grades={**a.item_grades, "warmth": ItemGrade.model_construct(
            item_id="warmth", grade=None, not_assessed_reason="   ")}),
        Gap(GapKind.NOT_ASSESSED_WITHOUT_REASON,
            "Emotional care › Warmth is marked not assessed but gives no reason why.",
            GapTarget(DOMAINS, "emotional-care", "warmth")),
    ),
    "a grade 3 without evidence": (
        lambda a: without_evidence(a, "food-supply"),
        Gap(GapKind.NO_EVIDENCE, "Nutritional care › Food supply is graded 3 but has no evidence.",
            GapTarget(DOMAINS, "nutritional-care", "food-supply")),
    ),
    "a domain grade not chosen": (
        lambda a: changed(a, domain_grades={k: v for k, v in a.domain_grades.items() if k != "physical-care"}),
        Gap(GapKind.NO_DOMAIN_GRADE, "Physical care has no domain grade chosen.", GapTarget(DOMAINS, "physical-care")),
    ),
    "an item regraded after the domain grade was chosen": (
        lambda a: regraded(a, boundaries=5),
        Gap(GapKind.OVERRIDE_WITHOUT_REASON,
            "Supervision and guidance is graded 3 but its items suggest 5: give the reason for the different grade.",
            GapTarget(DOMAINS, "supervision-guidance")),
    ),
    "no child's voice": (
        lambda a: changed(a, child_voice="  \n"),
        Gap(GapKind.NO_CHILD_VOICE, "The child's voice and lived experience are not recorded.",
            GapTarget(Section.CHILD_VOICE)),
    ),
    "no adult": (
        lambda a: changed(a, adults=[]),
        Gap(GapKind.NO_SIGNIFICANT_ADULT, "No significant adult is recorded.", GapTarget(Section.ADULTS)),
    ),
    "an adult carried over": (
        lambda a: changed(a, adults=[a.adults[0].model_copy(update={"confirmed": False})]),
        Gap(GapKind.ADULT_NOT_CONFIRMED,
            "Dana Test (mother) was carried over from the last assessment and is not yet confirmed.",
            GapTarget(Section.ADULTS)),
    ),
    "context carried over": (
        lambda a: changed(a, context=[a.context[0].model_copy(update={"confirmed": False})]),
        Gap(GapKind.CONTEXT_NOT_CONFIRMED,
            "Parental mental ill-health was carried over from the last assessment and is not yet confirmed.",
            GapTarget(Section.CONTEXT)),
    ),
    "no carers' views": (
        lambda a: changed(a, carers_views=""),
        Gap(GapKind.NO_CARERS_VIEWS, "The parents' or carers' views are not recorded.",
            GapTarget(Section.CARERS_VIEWS)),
    ),
    "no analysis": (
        lambda a: changed(a, analysis=" "),
        Gap(GapKind.NO_ANALYSIS, "The analysis is not written.", GapTarget(Section.ANALYSIS)),
    ),
}


@pytest.mark.parametrize("removal", list(REMOVALS))
def test_removing_one_piece_makes_exactly_its_gap_appear(removal):
    remove, gap = REMOVALS[removal]
    assert find_gaps(FAMILY, remove(COMPLETE)) == [gap]


def test_every_kind_of_gap_is_exercised():
    plan_kinds = {GapKind.ACTION_NOT_REVIEWED, GapKind.CONCERN_WITHOUT_ACTION}  # in test_completeness_plan.py
    warning_kinds = {GapKind.SAID_ONLY, GapKind.NO_OBSERVED_EVIDENCE, GapKind.VISIT_RULE,
                     GapKind.NO_STRENGTHS, GapKind.MAN_NOT_SEEN, GapKind.NEW_ADULT,
                     GapKind.SHARED_NOT_CONFIRMED}  # in test_warnings.py and services/test_shared_facts.py
    assert {gap.kind for _, gap in REMOVALS.values()} == set(GapKind) - plan_kinds - warning_kinds


def test_a_grade_4_without_evidence_names_its_grade():
    assessment = without_evidence(regraded(COMPLETE, food_supply=4), "food-supply")
    assessment = with_domain_grade(assessment, DomainGrade(domain_id="nutritional-care", chosen=4))
    assert [gap.message for gap in find_gaps(FAMILY, assessment)] == [
        "Nutritional care › Food supply is graded 4 but has no evidence."
    ]


def test_grades_1_and_2_need_no_evidence_note():
    assessment = complete_assessment(FAMILY, FIVE_TO_11, grade=2)
    assert find_gaps(FAMILY, changed(assessment, evidence=[])) == []


def test_evidence_for_another_item_or_the_whole_assessment_does_not_count():
    assessment = without_evidence(COMPLETE, "food-supply")
    general = COMPLETE.evidence[0].model_copy(update={"item_id": None, "text": "Food supply looked low."})
    gaps = find_gaps(FAMILY, changed(assessment, evidence=[*assessment.evidence, general]))
    assert [gap.target.item_id for gap in gaps] == ["food-supply"]


def test_an_item_not_assessed_with_a_reason_is_no_gap():
    assert find_gaps(FAMILY, regraded(COMPLETE, dental_care="Child refused; dentist letter requested")) == []


def test_a_domain_whose_items_were_all_not_assessed_needs_no_domain_grade():
    assessment = regraded(COMPLETE, **{"self_esteem": "Not seen", "warmth": "Not seen", "carer_attitude": "Not seen"})
    assessment = changed(assessment, domain_grades={
        k: v for k, v in assessment.domain_grades.items() if k != "emotional-care"})
    assert find_gaps(FAMILY, assessment) == []


def test_a_chosen_grade_different_from_the_suggestion_is_fine_with_a_reason():
    assessment = with_domain_grade(regraded(COMPLETE, boundaries=5), DomainGrade(
        domain_id="supervision-guidance", chosen=3, override_reason="Boundaries improved after the first visit."))
    assert find_gaps(FAMILY, assessment) == []


def test_an_unborn_child_need_not_be_recorded_as_seen():
    unborn = complete_assessment(FAMILY, UNBORN)
    assert find_gaps(FAMILY, changed(unborn, how_seen=unborn.how_seen.model_copy(update={"child_seen": False}))) == []


def test_the_caller_can_say_whether_the_child_has_a_significant_adult():
    assert [gap.kind for gap in find_gaps(FAMILY, COMPLETE, has_significant_adult=False)] == [
        GapKind.NO_SIGNIFICANT_ADULT
    ]
    assert find_gaps(FAMILY, changed(COMPLETE, adults=[]), has_significant_adult=True) == []


def test_each_carried_over_adult_is_its_own_gap():
    mother = COMPLETE.adults[0].model_copy(update={"confirmed": False})
    uncle = mother.model_copy(update={"name": "Lee Test", "relationship": "aunt-or-uncle"})
    assert [gap.message for gap in find_gaps(FAMILY, changed(COMPLETE, adults=[mother, uncle]))] == [
        "Dana Test (mother) was carried over from the last assessment and is not yet confirmed.",
        "Lee Test (aunt or uncle) was carried over from the last assessment and is not yet confirmed.",
    ]


# Order --------------------------------------------------------------------------------------------------------
def test_an_empty_assessment_lists_its_gaps_in_screen_order():
    gaps = find_gaps(FAMILY, assessment_of(FAMILY, UNDER_2))
    kinds = [gap.kind for gap in gaps]
    assert kinds[:2] == [GapKind.NO_VISIT, GapKind.CHILD_NOT_SEEN]
    assert kinds[-4:] == [GapKind.NO_CHILD_VOICE, GapKind.NO_SIGNIFICANT_ADULT, GapKind.NO_CARERS_VIEWS,
                          GapKind.NO_ANALYSIS]
    domain_part = [(gap.target.domain_id, gap.target.item_id) for gap in gaps[2:-4]]
    expected = []
    for domain in FAMILY.domains:
        expected += [(domain.id, item.id) for item in FAMILY.items_for(domain.id, UNDER_2)]
        expected.append((domain.id, None))  # the domain grade comes after the domain's items
    assert domain_part == expected


def test_sections_never_go_backwards():
    broken = changed(
        regraded(without_grade(COMPLETE, "warmth"), boundaries=5),
        how_seen=COMPLETE.how_seen.model_copy(update={"child_seen": False}),
        analysis="", child_voice="",
        context=[COMPLETE.context[0].model_copy(update={"confirmed": False})],
    )
    order = list(Section)
    positions = [order.index(gap.target.section) for gap in find_gaps(FAMILY, broken)]
    assert positions == sorted(positions)
    assert len(positions) == 6


def test_without_a_band_no_item_gaps_can_be_listed():
    gaps = find_gaps(FAMILY, assessment_of(FAMILY, None))
    assert gaps[0].message.endswith("Add a visit so the child's age band, and so the items, can be set.")
    assert not [gap for gap in gaps if gap.target.section is Section.DOMAINS]


# Property -------------------------------------------------------------------------------------------------------
ITEMS = FAMILY.applicable_item_ids(FIVE_TO_11)


@given(st.sets(st.sampled_from(ITEMS)))
def test_ungraded_item_gaps_are_exactly_the_ungraded_items_in_instrument_order(removed):
    assessment = changed(COMPLETE, item_grades={k: v for k, v in COMPLETE.item_grades.items() if k not in removed})
    gaps = find_gaps(FAMILY, assessment)
    ungraded = [gap.target.item_id for gap in gaps if gap.kind is GapKind.UNGRADED_ITEM]
    assert ungraded == [item_id for item_id in ITEMS if item_id in removed]
    # Removing grades only ever adds item gaps: the domain grades are still there and still agree.
    assert all(gap.kind is GapKind.UNGRADED_ITEM for gap in gaps)
