"""When the next profile is due, by plan type."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.domain.enums import PlanType
from gcp_desk.scoring.reassessment import describe_interval, interval_weeks, reassessment_due
from gcp_desk.settings import ReassessmentIntervals

DEFAULTS = ReassessmentIntervals()
LAST = date(2026, 3, 3)  # a Tuesday


@pytest.mark.parametrize(("plan_type", "due"), [
    (PlanType.CHILD_PROTECTION, date(2026, 6, 2)),  # 13 weeks, about three months
    (PlanType.CHILD_IN_NEED, date(2026, 9, 1)),  # 26 weeks, about six months
    (PlanType.EARLY_HELP, date(2026, 9, 1)),
])
def test_the_default_intervals_follow_the_plan_type(plan_type, due):
    assert reassessment_due(plan_type, LAST, DEFAULTS) == due
    assert due.weekday() == LAST.weekday()


def test_a_child_with_no_plan_has_no_due_date():
    assert reassessment_due(PlanType.NONE, LAST, DEFAULTS) is None
    assert interval_weeks(PlanType.NONE, DEFAULTS) is None
    assert describe_interval(PlanType.NONE, DEFAULTS) == ""


def test_the_intervals_are_configurable_per_plan_type():
    intervals = ReassessmentIntervals(child_protection_weeks=6, child_in_need_weeks=12, early_help_weeks=20)
    assert reassessment_due(PlanType.CHILD_PROTECTION, LAST, intervals) == date(2026, 4, 14)
    assert reassessment_due(PlanType.CHILD_IN_NEED, LAST, intervals) == date(2026, 5, 26)
    assert reassessment_due(PlanType.EARLY_HELP, LAST, intervals) == date(2026, 7, 21)


def test_the_interval_is_described_in_words():
    assert describe_interval(PlanType.CHILD_PROTECTION, DEFAULTS) == "child protection plan: every 13 weeks"
    assert describe_interval(PlanType.CHILD_IN_NEED, DEFAULTS) == "child in need plan: every 26 weeks"
    assert describe_interval(PlanType.EARLY_HELP, ReassessmentIntervals(early_help_weeks=1)) == (
        "early help plan: every week")
