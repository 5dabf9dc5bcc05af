"""Drift, due dates and "needs attention" on invented histories: improving, stuck, getting worse, overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from gcp_desk.domain.enums import AssessmentStatus, PlanType
from gcp_desk.scoring.attention import AttentionKind, Severity
from gcp_desk.demo.caseload import DemoCaseload
from gcp_desk.services.history import HistoryService

from conftest_services import TODAY
from history_builders import DOMAINS, action, context_for, profile, store, weeks_ago


@pytest.fixture
def history(services) -> HistoryService:
    return HistoryService(context_for(services.backend, services.user))


def child(services, name: str, plan_type: PlanType):
    return services.children.create_child(given_name=name, family_name="Testcase", date_of_birth=date(2019, 5, 3),
                                          plan_type=plan_type)


def graded_over_time(services, kid, domain_id: str, grades: list[int], *, weeks_apart: int, last_weeks_ago: int,
                     plan_on_last=None):
    count = len(grades)
    assessments = [
        profile(kid, weeks_ago(last_weeks_ago + weeks_apart * (count - 1 - index)), {domain_id: grade})
        for index, grade in enumerate(grades)
    ]
    if plan_on_last:
        assessments[-1] = assessments[-1].model_copy(update={"plan": plan_on_last})
    return store(services.backend, *assessments)


def kinds(reasons):
    return [reason.kind for reason in reasons]


def test_an_improving_child_seen_on_time_needs_no_attention(services, history):
    kid = child(services, "Improving", PlanType.CHILD_PROTECTION)
    graded_over_time(services, kid, "nutritional", [5, 4, 3, 2], weeks_apart=10, last_weeks_ago=6)
    assert history.attention(kid.id) == []
    assert history.reassessment_due(kid.id) == weeks_ago(6) + timedelta(weeks=13)


def test_a_domain_stuck_at_4_is_no_improvement_in_words(services, history):
    kid = child(services, "Stuck", PlanType.CHILD_IN_NEED)
    graded_over_time(services, kid, "emotional", [4, 4, 4], weeks_apart=10, last_weeks_ago=4)
    [reason] = history.attention(kid.id)
    assert (reason.kind, reason.severity, reason.domain_id) == (AttentionKind.NO_IMPROVEMENT, Severity.HIGH,
                                                                "emotional")
    assert reason.message == ("Emotional care has stayed at 4 or 5 for 20 weeks across 3 assessments (4, 4, 4) "
                              "without improvement.")


def test_a_child_getting_worse_is_flagged_against_the_baseline(services, history):
    kid = child(services, "Worse", PlanType.CHILD_IN_NEED)
    graded_over_time(services, kid, "supervision", [2, 3, 4], weeks_apart=8, last_weeks_ago=2)
    [reason] = history.attention(kid.id)
    assert reason.kind is AttentionKind.WORSE_THAN_BASELINE
    assert reason.message.startswith("Supervision and guidance is worse than at the baseline on ")
    assert reason.message.endswith("(2 then, 4 now).")


def test_an_overdue_reassessment_and_a_child_on_a_plan_never_assessed(services, history):
    late = child(services, "Late", PlanType.EARLY_HELP)
    graded_over_time(services, late, "physical", [3], weeks_apart=1, last_weeks_ago=30)
    [reason] = history.attention(late.id)
    assert (reason.kind, reason.since) == (AttentionKind.REASSESSMENT_OVERDUE, weeks_ago(4))
    assert reason.message.endswith("(early help plan: every 26 weeks).")

    never = child(services, "Never", PlanType.CHILD_PROTECTION)
    [reason] = history.attention(never.id)
    assert reason.kind is AttentionKind.REASSESSMENT_OVERDUE and reason.since is None
    assert history.reassessment_due(never.id) is None

    no_plan = child(services, "Noplan", PlanType.NONE)
    graded_over_time(services, no_plan, "physical", [3], weeks_apart=1, last_weeks_ago=60)
    assert history.attention(no_plan.id) == []


def test_a_target_date_passed_without_the_grade_reached(services, history):
    kid = child(services, "Target", PlanType.CHILD_IN_NEED)
    graded_over_time(services, kid, "medical", [3], weeks_apart=1, last_weeks_ago=5,
                     plan_on_last=[action("medical", 2, weeks_ago(1), what="Dental check booked and kept")])
    [reason] = history.attention(kid.id)
    assert (reason.kind, reason.domain_id, reason.since) == (AttentionKind.TARGET_MISSED, "medical", weeks_ago(1))
    assert reason.message.startswith("Medical and dental care: target 2 by ")


def test_amended_assessments_do_not_count_twice(services, history):
    kid = child(services, "Amended", PlanType.CHILD_IN_NEED)
    store(services.backend,
          profile(kid, weeks_ago(20), {"physical": 2}),
          profile(kid, weeks_ago(4), {"physical": 4}, status=AssessmentStatus.AMENDED),
          profile(kid, weeks_ago(4), {"physical": 2}))
    assert history.attention(kid.id) == []


def test_the_needs_attention_view_lists_flagged_children_most_pressing_first(services, history):
    stuck = child(services, "Stuck", PlanType.CHILD_IN_NEED)
    graded_over_time(services, stuck, "emotional", [4, 4, 4], weeks_apart=10, last_weeks_ago=4)
    worse = child(services, "Worse", PlanType.CHILD_IN_NEED)
    graded_over_time(services, worse, "supervision", [2, 3, 4], weeks_apart=8, last_weeks_ago=2)
    late = child(services, "Late", PlanType.EARLY_HELP)
    graded_over_time(services, late, "physical", [3], weeks_apart=1, last_weeks_ago=30)
    fine = child(services, "Fine", PlanType.CHILD_PROTECTION)
    graded_over_time(services, fine, "physical", [2], weeks_apart=1, last_weeks_ago=2)

    flagged = history.needs_attention()

    # High before medium; among the high ones the longest-standing matter (the stuck run began 24 weeks ago).
    assert [entry.child.given_name for entry in flagged] == ["Stuck", "Worse", "Late"]
    assert [entry.severity for entry in flagged] == [Severity.HIGH, Severity.HIGH, Severity.MEDIUM]
    assert kinds(flagged[2].reasons) == [AttentionKind.REASSESSMENT_OVERDUE]
    assert flagged[2].next_due == weeks_ago(4)
    assert flagged[0].child.child_id == stuck.id and flagged[0].child.assessment_count == 3

    everyone = history.needs_attention(include_clear=True)
    assert [entry.child.given_name for entry in everyone] == ["Stuck", "Worse", "Late", "Fine"]
    assert everyone[-1].reasons == () and everyone[-1].next_due == weeks_ago(2) + timedelta(weeks=13)
    assert everyone == sorted(everyone, key=lambda entry: entry.sort_key)

    assert [e.child.given_name for e in history.needs_attention([late.id, fine.id])] == ["Late"]


def test_the_caseload_view_reads_the_same_reasons_as_each_child_record(services, history):
    """``needs_attention`` reads grades and dates only; on a demo caseload (drafts half graded, plans carried
    forward, every story) its reasons must be exactly those read from each child's whole history."""
    DemoCaseload(services.backend.db, seed=5, today=TODAY).write(60)
    with services.backend.db.transaction() as uow:  # as on a laptop with no teams: the children of people in none
        uow.session.execute(text("UPDATE children SET team_id = NULL"))
    with services.backend.db.transaction() as uow:
        rows = uow.caseload.rows()
        part_graded = sum(
            1 for row in rows for a in uow.assessments.history(row.child_id)
            if a.visits and len(a.domain_grades) < len(DOMAINS) and a.status is not AssessmentStatus.AMENDED
        )
    assert part_graded > 0, "the demo should include drafts whose domains are not all graded yet"

    everyone = history.needs_attention(include_clear=True)

    assert len(everyone) == len(rows)
    assert sum(1 for entry in everyone if entry.reasons) > 10
    for entry in everyone:
        assert list(entry.reasons) == history.attention(entry.child.child_id), entry.child.full_name
        assert entry.next_due == history.reassessment_due(entry.child.child_id)
