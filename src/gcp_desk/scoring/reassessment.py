"""When the profile should be repeated, from the child's plan type.

The due date is counted **from the date of the latest assessment** (its last visit, ``drift.assessment_date``),
because that is the picture the plan is working from: the next profile is due one interval after it, whether or not
the one before was late. A child on a plan with no dated assessment yet is **due now**: the tool keeps no plan start
date, and a plan without a profile is exactly the "no clarity about how change would be measured" that case reviews
found. A child with no plan (``PlanType.NONE``) has no due date.

Intervals are in whole weeks (``settings.ReassessmentIntervals``: 13 for child protection, about three months; 26
for child in need and early help, about six), so the due date falls on the same weekday as the last visit.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..domain.enums import PlanType
from ..domain.labels import PLAN_TYPE
from ..settings import ReassessmentIntervals


def interval_weeks(plan_type: PlanType, intervals: ReassessmentIntervals) -> int | None:
    """Weeks between profiles for a plan type; ``None`` for no plan."""
    return {
        PlanType.NONE: None,
        PlanType.EARLY_HELP: intervals.early_help_weeks,
        PlanType.CHILD_IN_NEED: intervals.child_in_need_weeks,
        PlanType.CHILD_PROTECTION: intervals.child_protection_weeks,
    }[plan_type]


def reassessment_due(plan_type: PlanType, last: date, intervals: ReassessmentIntervals) -> date | None:
    """The date the next profile is due after one dated ``last``; ``None`` for a child with no plan."""
    weeks = interval_weeks(plan_type, intervals)
    return None if weeks is None else last + timedelta(weeks=weeks)


def describe_interval(plan_type: PlanType, intervals: ReassessmentIntervals) -> str:
    """E.g. "child protection plan: every 13 weeks"; empty for no plan."""
    weeks = interval_weeks(plan_type, intervals)
    if weeks is None:
        return ""
    every = "every week" if weeks == 1 else f"every {weeks} weeks"
    return f"{PLAN_TYPE[plan_type].lower()} plan: {every}"
