"""Why a child needs attention now, in words, and the order the caseload and the "needs attention" view use.

Six reasons, read from one child's history and plan type:

- **Worse than baseline** (high): the latest assessment grades a domain worse than the first one (``drift``).
- **No improvement** (high): a domain has stayed at 4 or 5 without improving and still does at the latest
  assessment (``drift`` STUCK runs that are ongoing; a run that ended is history, not a reason now).
- **Reassessment overdue** (medium): the next profile was due before ``today`` (``reassessment``), or the child is
  on a plan and has no dated assessment at all.
- **Target date passed** (medium): an action of the latest plan whose date has passed and which the latest
  assessment does not show met (``plan_review``). Only the latest plan counts, because each new plan carries its
  open actions forward or closes them; an action a later assessment has reviewed and closed no longer counts.
- **Father or partner not seen** and **New adult not known or seen** (medium): the men around the child and new
  adults, from the last two assessments (``men_around``).

Which assessments to pass is the caller's choice, and this module filters nothing. Pass every assessment of the
child that still speaks for itself: drafts, returned, submitted and countersigned, but **not** ``AMENDED`` ones,
whose content lives on in the amendment that replaced them (passing both would count one assessment twice).
Assessments with no visit yet have no date and are left out. A draft counts as the latest assessment once it has a
visit: the reassessment is then under way, and its grades so far are the best picture there is.

Reasons sort by severity (high first), then by date, oldest first (the longest-standing matter first; a child on a
plan never assessed comes before any dated one), then by kind and message, so the order never depends on the order
the history was read in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import cast

from ..domain.assessment import Assessment
from ..domain.enums import PlanType
from ..domain.instrument import Instrument
from ..settings import Settings
from .age import format_date
from .drift import DriftKind, assessment_date, find_drift
from .men_around import new_and_not_known, not_seen_twice
from .plan_review import evaluate_target
from .reassessment import describe_interval, reassessment_due


class AttentionKind(StrEnum):
    # Definition order is the tie-break order within a severity and date.
    WORSE_THAN_BASELINE = "worse-than-baseline"
    NO_IMPROVEMENT = "no-improvement"
    REASSESSMENT_OVERDUE = "reassessment-overdue"
    TARGET_MISSED = "target-missed"
    MAN_NOT_SEEN = "man-not-seen"
    NEW_ADULT = "new-adult"


KIND_LABELS = {
    AttentionKind.WORSE_THAN_BASELINE: "Worse than baseline",
    AttentionKind.NO_IMPROVEMENT: "No improvement",
    AttentionKind.REASSESSMENT_OVERDUE: "Reassessment overdue",
    AttentionKind.TARGET_MISSED: "Target date passed",
    AttentionKind.MAN_NOT_SEEN: "Father or partner not seen",
    AttentionKind.NEW_ADULT: "New adult not known or seen",
}


class Severity(IntEnum):
    """Higher is more serious."""

    MEDIUM = 1
    """The process has slipped: a profile or a target is late."""
    HIGH = 2
    """The child's care is getting worse, or stays in neglect without change."""


SEVERITY_LABELS = {Severity.HIGH: "High", Severity.MEDIUM: "Medium"}

_KIND_RANK = {kind: rank for rank, kind in enumerate(AttentionKind)}


@dataclass(frozen=True, slots=True)
class AttentionReason:
    kind: AttentionKind
    message: str
    """A full sentence for the "needs attention" view."""
    severity: Severity
    since: date | None
    """Since when the matter stands: the due date, the start of a run, the latest assessment's date or the target
    date. ``None`` for a child on a plan who has never been assessed."""
    domain_id: str | None = None

    @property
    def sort_key(self) -> tuple:
        return (-self.severity, self.since or date.min, _KIND_RANK[self.kind], self.domain_id or "", self.message)


def attention_reasons(
    history: list[tuple[Assessment, Instrument]], plan_type: PlanType, *, today: date, settings: Settings
) -> list[AttentionReason]:
    """Every reason one child needs attention on ``today``, most pressing first; empty when none."""
    dated = [(assessment, instrument) for assessment, instrument in history if assessment_date(assessment)]
    dated.sort(key=lambda pair: assessment_date(pair[0]) or date.min)
    reasons = _drift_reasons(dated, settings.drift_min_weeks)
    overdue = _reassessment_reason(dated, plan_type, today, settings)
    if overdue is not None:
        reasons.append(overdue)
    reasons += _target_reasons(dated, today)
    reasons += _adult_reasons(dated)
    return sorted(reasons, key=lambda reason: reason.sort_key)


def attention_holds_until(
    history: list[tuple[Assessment, Instrument]], plan_type: PlanType, *, today: date, settings: Settings
) -> date | None:
    """The last day the reasons worked out on ``today`` still hold if nothing is recorded meanwhile: the day
    before the next reassessment or target date passes (each is late from the day after it). ``None``: nothing
    falls due, so the reasons hold until the record changes. Drift reads only the assessments, never the date."""
    dated = [(assessment, instrument) for assessment, instrument in history if assessment_date(assessment)]
    dated.sort(key=lambda pair: assessment_date(pair[0]) or date.min)
    coming = []
    last = assessment_date(dated[-1][0]) if dated else None
    if plan_type is not PlanType.NONE and last is not None:
        due = reassessment_due(plan_type, last, settings.reassessment)
        if due is not None and due >= today:
            coming.append(due)
    with_plan = [assessment for assessment, _ in dated if assessment.plan]
    if with_plan:
        coming += [action.by_when for action in with_plan[-1].plan if action.by_when >= today]
    return min(coming, default=None)


def caseload_sort_key(reasons: list[AttentionReason]) -> tuple:
    """Orders children by their most pressing reason; children with no reason come last."""
    if not reasons:
        return (1,)
    return (0, *min(reason.sort_key for reason in reasons))


def _drift_reasons(dated: list[tuple[Assessment, Instrument]], min_weeks: int) -> list[AttentionReason]:
    reasons = []
    for flag in find_drift(dated, min_weeks=min_weeks):
        if flag.kind is DriftKind.STUCK and flag.ongoing:
            reasons.append(AttentionReason(
                AttentionKind.NO_IMPROVEMENT, flag.message, Severity.HIGH, flag.first_date, flag.domain_id
            ))
        elif flag.kind is DriftKind.WORSE_THAN_BASELINE:
            reasons.append(AttentionReason(
                AttentionKind.WORSE_THAN_BASELINE, flag.message, Severity.HIGH, flag.last_date, flag.domain_id
            ))
    return reasons


def _reassessment_reason(
    dated: list[tuple[Assessment, Instrument]], plan_type: PlanType, today: date, settings: Settings
) -> AttentionReason | None:
    if plan_type is PlanType.NONE:
        return None
    interval = describe_interval(plan_type, settings.reassessment)
    if not dated:
        return AttentionReason(
            AttentionKind.REASSESSMENT_OVERDUE,
            f"No assessment has been recorded yet: one is due now ({interval}).",
            Severity.MEDIUM,
            None,
        )
    due = reassessment_due(plan_type, cast(date, assessment_date(dated[-1][0])), settings.reassessment)
    if due is None or due >= today:
        return None
    return AttentionReason(
        AttentionKind.REASSESSMENT_OVERDUE,
        f"Reassessment was due on {format_date(due)} ({interval}).",
        Severity.MEDIUM,
        due,
    )


def _adult_reasons(dated: list[tuple[Assessment, Instrument]]) -> list[AttentionReason]:
    """The men around the child and new adults (``men_around``), read from the last two dated assessments."""
    if not dated:
        return []
    latest = dated[-1][0]
    latest_on = cast(date, assessment_date(latest))
    previous = dated[-2][0] if len(dated) > 1 else None
    reasons = [AttentionReason(AttentionKind.NEW_ADULT, message, Severity.MEDIUM, latest_on)
               for _adult, message in new_and_not_known(latest, previous)]
    if previous is not None:
        previous_on = cast(date, assessment_date(previous))
        reasons += [AttentionReason(AttentionKind.MAN_NOT_SEEN, message, Severity.MEDIUM, previous_on)
                    for _adult, message in not_seen_twice(latest, previous, latest_on, previous_on)]
    return reasons


def _target_reasons(dated: list[tuple[Assessment, Instrument]], today: date) -> list[AttentionReason]:
    planned = [index for index, (assessment, _) in enumerate(dated) if assessment.plan]
    if not planned:
        return []
    at = planned[-1]
    planned_at = dated[at]
    latest, latest_instrument = dated[-1]
    closed = {review.action_id for assessment, _ in dated[at + 1:] for review in assessment.action_reviews
              if not review.carried_forward}
    reasons = []
    for action in planned_at[0].plan:
        if action.by_when >= today or action.id in closed:
            continue  # a later assessment reviewed the action and closed it: nothing is waiting on it
        result = evaluate_target(action, latest, latest_instrument, on=today, planned_at=planned_at)
        if result.overdue:
            reasons.append(AttentionReason(
                AttentionKind.TARGET_MISSED,
                f"{result.domain_title}: {result.sentence[:1].lower()}{result.sentence[1:]}",
                Severity.MEDIUM,
                action.by_when,
                action.domain_id,
            ))
    return reasons
