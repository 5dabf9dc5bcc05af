"""Why a child needs attention, in words, on invented histories; and the order the caseload shows them in."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gcp_desk.domain.enums import PlanType
from gcp_desk.scoring.attention import (
    AttentionKind,
    Severity,
    attention_reasons,
    caseload_sort_key,
)
from gcp_desk.settings import ReassessmentIntervals, Settings
from scoring_builders import (
    FIVE_TO_11,
    assessment_of,
    dated_assessment,
    family_profile,
    history_of,
    plan_action,
    with_plan,
)

V1 = family_profile()
START = date(2026, 3, 3)
SETTINGS = Settings(drift_min_weeks=8)


def reasons_for(history, plan_type=PlanType.CHILD_PROTECTION, *, today, settings=SETTINGS):
    return attention_reasons(history, plan_type, today=today, settings=settings)


def kinds(reasons):
    return [reason.kind for reason in reasons]


def test_an_improving_child_seen_on_time_needs_no_attention():
    history = history_of(V1, START, 10, [5, 4, 3, 2])  # last assessment 30 weeks after START
    assert reasons_for(history, today=START + timedelta(weeks=32)) == []


def test_a_stuck_domain_is_no_improvement_in_words():
    history = history_of(V1, START, 6, [4, 4, 4])
    [reason] = reasons_for(history, today=START + timedelta(weeks=13))
    assert (reason.kind, reason.severity, reason.domain_id) == (
        AttentionKind.NO_IMPROVEMENT, Severity.HIGH, "emotional-care")
    assert reason.message == (
        "Emotional care has stayed at 4 or 5 for 12 weeks across 3 assessments (4, 4, 4) without improvement.")
    assert reason.since == START


def test_a_run_that_ended_in_improvement_is_history_not_a_reason():
    history = history_of(V1, START, 6, [4, 4, 4, 2])
    assert reasons_for(history, today=START + timedelta(weeks=19)) == []


def test_a_child_getting_worse_is_flagged_against_the_baseline():
    history = history_of(V1, START, 6, [2, 3, 4], domain_id="supervision-guidance")
    [reason] = reasons_for(history, today=START + timedelta(weeks=13))
    assert (reason.kind, reason.severity) == (AttentionKind.WORSE_THAN_BASELINE, Severity.HIGH)
    assert reason.message == (
        "Supervision and guidance is worse than at the baseline on 3 March 2026 (2 then, 4 now).")


def test_an_overdue_reassessment_gives_the_date_and_the_rule():
    history = history_of(V1, START, 4, [3])
    [reason] = reasons_for(history, today=START + timedelta(weeks=13, days=1))
    assert (reason.kind, reason.severity, reason.since) == (
        AttentionKind.REASSESSMENT_OVERDUE, Severity.MEDIUM, date(2026, 6, 2))
    assert reason.message == "Reassessment was due on 2 June 2026 (child protection plan: every 13 weeks)."


def test_on_the_due_date_the_reassessment_is_due_but_not_overdue():
    history = history_of(V1, START, 4, [3])
    assert reasons_for(history, today=date(2026, 6, 2)) == []


def test_the_due_date_counts_from_the_latest_assessment_and_follows_the_plan_type():
    history = history_of(V1, START, 20, [3, 3])  # latest on 21 July 2026
    today = date(2026, 12, 1)
    [child_in_need] = reasons_for(history, PlanType.CHILD_IN_NEED, today=date(2027, 1, 20))
    assert child_in_need.message == "Reassessment was due on 19 January 2027 (child in need plan: every 26 weeks)."
    assert reasons_for(history, PlanType.CHILD_IN_NEED, today=today) == []
    assert kinds(reasons_for(history, PlanType.CHILD_PROTECTION, today=today)) == [
        AttentionKind.REASSESSMENT_OVERDUE]


def test_the_interval_comes_from_the_settings():
    settings = Settings(reassessment=ReassessmentIntervals(early_help_weeks=4))
    history = history_of(V1, START, 4, [2])
    [reason] = reasons_for(history, PlanType.EARLY_HELP, today=date(2026, 4, 1), settings=settings)
    assert reason.message == "Reassessment was due on 31 March 2026 (early help plan: every 4 weeks)."


def test_a_child_with_no_plan_is_never_due_but_drift_still_counts():
    stuck = history_of(V1, START, 10, [5, 5])
    far_later = START + timedelta(weeks=200)
    assert kinds(reasons_for(stuck, PlanType.NONE, today=far_later)) == [AttentionKind.NO_IMPROVEMENT]
    assert reasons_for(history_of(V1, START, 6, [2]), PlanType.NONE, today=far_later) == []
    assert reasons_for([], PlanType.NONE, today=far_later) == []


def test_a_child_on_a_plan_with_no_dated_assessment_is_due_now():
    undated = assessment_of(V1, FIVE_TO_11, domain_grades={"emotional-care": 5})
    for history in ([], [(undated, V1)]):
        [reason] = reasons_for(history, today=START)
        assert reason.kind is AttentionKind.REASSESSMENT_OVERDUE
        assert reason.since is None
        assert reason.message == (
            "No assessment has been recorded yet: one is due now (child protection plan: every 13 weeks).")


def plan_history(later_grades: dict[str, int], *actions):
    baseline = with_plan(dated_assessment(V1, START, {"emotional-care": 4, "physical-care": 4}), *actions)
    return [(baseline, V1), (dated_assessment(V1, START + timedelta(weeks=6), later_grades), V1)]


def test_a_target_whose_date_passed_and_is_not_met_is_flagged_in_words():
    history = plan_history({"emotional-care": 3, "physical-care": 2},
                           plan_action("emotional-care", 2, date(2026, 4, 1)),
                           plan_action("physical-care", 2, date(2026, 4, 1)))
    [reason] = reasons_for(history, today=date(2026, 4, 20))
    assert (reason.kind, reason.severity, reason.since, reason.domain_id) == (
        AttentionKind.TARGET_MISSED, Severity.MEDIUM, date(2026, 4, 1), "emotional-care")
    assert reason.message == "Emotional care: target 2 by 1 April 2026; now 3: not met."


def test_targets_met_or_not_yet_due_raise_nothing():
    history = plan_history({"emotional-care": 2, "physical-care": 3},
                           plan_action("emotional-care", 2, date(2026, 4, 1)),
                           plan_action("physical-care", 2, date(2026, 5, 1)))
    assert reasons_for(history, today=date(2026, 4, 20)) == []


def test_a_target_with_no_grade_now_counts_as_missed_once_its_date_passes():
    history = plan_history({"emotional-care": 2}, plan_action("physical-care", 3, date(2026, 4, 1)))
    [reason] = reasons_for(history, today=date(2026, 4, 20))
    assert reason.message == "Physical care: target 3 by 1 April 2026; not graded now."


def test_only_the_latest_plan_counts():
    old_plan = with_plan(dated_assessment(V1, START, {"emotional-care": 4}),
                         plan_action("emotional-care", 1, date(2026, 4, 1)))
    new_plan = with_plan(dated_assessment(V1, START + timedelta(weeks=6), {"emotional-care": 3}),
                         plan_action("emotional-care", 3, date(2026, 5, 1)))
    # The old target (1) is not met, but the new plan replaced it with a target of 3, which the latest grade meets.
    assert reasons_for([(old_plan, V1), (new_plan, V1)], today=date(2026, 5, 20)) == []


def test_a_latest_plan_not_yet_reviewed_is_read_against_the_grade_it_started_from():
    planned = with_plan(dated_assessment(V1, START, {"nutritional-care": 4}),
                        plan_action("nutritional-care", 2, date(2026, 4, 1)))
    [target] = reasons_for([(planned, V1)], today=date(2026, 4, 2))
    assert target.message == "Nutritional care: target 2 by 1 April 2026; now 4: not met."


def test_reasons_sort_by_severity_then_date_whatever_order_the_history_came_in():
    history = [
        (with_plan(dated_assessment(V1, START, {"emotional-care": 4, "supervision-guidance": 2}),
                   plan_action("emotional-care", 2, date(2026, 4, 1))), V1),
        (dated_assessment(V1, START + timedelta(weeks=9), {"emotional-care": 4, "supervision-guidance": 4}), V1),
    ]
    today = date(2026, 9, 1)  # the next profile was due on 4 August 2026
    expected = [
        (AttentionKind.NO_IMPROVEMENT, START),
        (AttentionKind.WORSE_THAN_BASELINE, START + timedelta(weeks=9)),
        (AttentionKind.TARGET_MISSED, date(2026, 4, 1)),
        (AttentionKind.REASSESSMENT_OVERDUE, date(2026, 8, 4)),
    ]
    for _ in range(5):
        shuffled = random.sample(history, len(history))
        reasons = reasons_for(shuffled, today=today)
        assert [(reason.kind, reason.since) for reason in reasons] == expected


def test_the_caseload_puts_children_with_the_most_pressing_reasons_first():
    today = START + timedelta(weeks=40)
    children = {
        "fine": reasons_for(history_of(V1, today - timedelta(weeks=8), 4, [3, 2]), today=today),
        "overdue": reasons_for(history_of(V1, START, 4, [3]), today=today),
        "stuck since later": reasons_for(history_of(V1, START + timedelta(weeks=20), 10, [4, 4]), today=today),
        "stuck since the start": reasons_for(history_of(V1, START, 10, [5, 5, 5, 5]), today=today),
        "never assessed": reasons_for([], today=today),
    }
    order = sorted(children, key=lambda name: caseload_sort_key(children[name]))
    assert order == ["stuck since the start", "stuck since later", "never assessed", "overdue", "fine"]


def test_a_target_reviewed_and_closed_at_the_next_assessment_is_no_longer_target_date_passed():
    from gcp_desk.domain.assessment import ActionReview
    from gcp_desk.domain.enums import ActionOutcome

    action = plan_action("emotional-care", 2, date(2026, 4, 1))
    history = plan_history({"emotional-care": 3, "physical-care": 2}, action)
    assert kinds(reasons_for(history, today=date(2026, 4, 20))) == [AttentionKind.TARGET_MISSED]
    later, instrument = history[1]
    closed = later.model_copy(update={"action_reviews": [
        ActionReview(action_id=action.id, outcome=ActionOutcome.NOT_MET, note="Closed: new plan from the conference.",
                     carried_forward=False)]})
    assert reasons_for([history[0], (closed, instrument)], today=date(2026, 4, 20)) == []
    carried = later.model_copy(update={"action_reviews": [
        ActionReview(action_id=action.id, outcome=ActionOutcome.NOT_MET, carried_forward=True)]})
    assert kinds(reasons_for([history[0], (carried, instrument)], today=date(2026, 4, 20))) == [
        AttentionKind.TARGET_MISSED]
