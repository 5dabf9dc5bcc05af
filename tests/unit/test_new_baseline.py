"""A new baseline across the birth: domains whose items before and after have nothing in common are compared only
like with like, in the comparison, drift and the plan review."""

from __future__ import annotations

from datetime import date

from gcp_desk.domain.enums import Change
from gcp_desk.scoring.baseline import baseline_break, new_baseline
from gcp_desk.scoring.compare import compare_assessments
from gcp_desk.scoring.drift import DriftKind, find_drift
from gcp_desk.scoring.plan_review import review_plan
from scoring_builders import FIVE_TO_11, TWO_TO_4, UNBORN, UNDER_2, assessment_of, family_profile, plan_action, \
    with_plan

V1 = family_profile()
BEFORE = date(2026, 1, 12)
AFTER = date(2026, 10, 12)  # 39 weeks later


def _pair(medical_before: int, medical_after: int):
    before = assessment_of(V1, UNBORN, grades={"antenatal-care": medical_before, "safe-sleep": 3},
                           domain_grades={"medical-care": medical_before, "physical-care": 3}, visits=[BEFORE])
    after = assessment_of(V1, UNDER_2, grades={"illness-noticed": medical_after, "safe-sleep": 2},
                          domain_grades={"medical-care": medical_after, "physical-care": 2}, visits=[AFTER])
    return before, after


def test_new_baseline_only_where_the_items_share_nothing():
    before, after = _pair(4, 3)
    assert new_baseline(before, V1, after, V1, "medical-care")
    # Safe sleep is graded before and after the birth, so physical care reads on as one thread.
    assert not new_baseline(before, V1, after, V1, "physical-care")
    older = assessment_of(V1, TWO_TO_4, visits=[AFTER])
    assert not new_baseline(after, V1, older, V1, "medical-care")


def test_new_baseline_domain_rows_across_the_birth_are_not_comparable_with_the_reason():
    before, after = _pair(4, 3)
    comparison = compare_assessments(before, V1, after, V1)
    rows = {row.domain_id: row for row in comparison.domains}
    assert rows["medical-care"].change is Change.NOT_COMPARABLE
    assert "nothing in common" in rows["medical-care"].why_not_comparable
    assert rows["physical-care"].change is Change.IMPROVED
    assert "Medical and dental care" in comparison.new_baseline_note
    assert "Physical care" not in comparison.new_baseline_note
    assert comparison.weeks_apart == 39


def test_new_baseline_ends_drift_and_resets_worse_than_baseline():
    before, after = _pair(4, 5)
    later = assessment_of(V1, UNDER_2, domain_grades={"medical-care": 5}, visits=[date(2027, 1, 11)])
    history = [(before, V1), (after, V1), (later, V1)]
    flags = [(flag.domain_id, flag.kind, flag.grades) for flag in find_drift(history, min_weeks=8)]
    # 4 before the birth then 5 after is not "worse than baseline"; the stuck run starts after the birth.
    assert ("medical-care", DriftKind.WORSE_THAN_BASELINE, (4, 5)) not in flags
    assert ("medical-care", DriftKind.STUCK, (5, 5)) in flags
    assert not any(grades == (4, 5, 5) for _, _, grades in flags)


def test_new_baseline_the_worse_than_baseline_after_the_birth_names_the_new_baseline():
    before, after = _pair(1, 2)
    later = assessment_of(V1, UNDER_2, domain_grades={"medical-care": 4}, visits=[date(2027, 1, 11)])
    flags = [flag for flag in find_drift([(before, V1), (after, V1), (later, V1)], min_weeks=8)
             if flag.kind is DriftKind.WORSE_THAN_BASELINE and flag.domain_id == "medical-care"]
    assert [flag.grades for flag in flags] == [(2, 4)]
    assert "new baseline" in flags[0].message


def test_new_baseline_a_target_set_before_the_birth_is_not_judged_by_grades_after_it():
    before, after = _pair(4, 2)
    before = with_plan(before, plan_action("medical-care", 2, date(2026, 6, 1)),
                       plan_action("physical-care", 2, date(2026, 6, 1)))
    medical, physical = review_plan(before, after, V1, on=AFTER, earlier_instrument=V1)
    assert medical.met is None and "new baseline" in medical.sentence
    assert physical.met is True
    # Without the earlier instrument the old reading stands (callers that cannot know).
    assert review_plan(before, after, V1, on=AFTER)[0].met is True


def test_new_baseline_break_sentence_says_every_domain_when_all_restart():
    before = assessment_of(V1, UNBORN, visits=[BEFORE])
    school = assessment_of(V1, FIVE_TO_11, visits=[AFTER])
    found = baseline_break(before, V1, school, V1, AFTER)
    assert found is not None and "12 October 2026" in found.sentence


def test_change_over_time_says_no_improvement_for_the_weeks_at_a_worrying_grade():
    from gcp_desk.scoring.change_over_time import change_over_time
    from scoring_builders import history_of

    history = history_of(V1, BEFORE, 13, [5, 5, 5])  # emotional care at 5 for 26 weeks
    first = change_over_time(history, history[0][0].id, min_weeks=8, today=AFTER)
    latest = change_over_time(history, history[-1][0].id, min_weeks=8, today=AFTER)
    assert first.trend("emotional-care").words == "First assessment: the baseline"
    assert first.drift == ()
    assert latest.trend("emotional-care").words == "5 \u2192 5: no improvement for 26 weeks"
    assert [flag.domain_id for flag in latest.stuck] == ["emotional-care"]
    assert latest.short_flags() == ["No improvement: Emotional care"]
    # Read at the middle assessment, later ones do not count.
    middle = change_over_time(history, history[1][0].id, min_weeks=8, today=AFTER)
    assert middle.trend("emotional-care").words == "5 \u2192 5: no improvement for 13 weeks"
