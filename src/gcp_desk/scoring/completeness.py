"""What an assessment still lacks before it can go to a supervisor, in words, in the order the screen shows it.

Besides the obvious gaps (ungraded items, grades without evidence, no visit) this checks the things case reviews
keep finding missing: the child's voice, the child actually seen, every significant adult, carried-over history
confirmed rather than copied, and an analysis rather than a list of grades.

The outcome plan is checked when the caller passes the previous assessment's plan (an empty one for a first
assessment): every action of that plan must be reviewed here (met, partly met or not met, and carried forward or
closed), so a plan never lapses unread; and every domain graded 4 or 5 needs an action here, so "no clarity about
what improvements were needed" cannot be submitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..domain.assessment import Assessment, PlanAction
from ..domain.instrument import Domain, Instrument, Item
from ..domain.labels import CONTEXT_FACTOR, RELATIONSHIP
from .age import applicable_items, band_of, format_date
from .flags import is_concern
from .suggest import effective_domain_grade, suggest_domain_grade

EVIDENCE_NEEDED_FROM_GRADE = 3
"""Grades 3 to 5 say some needs are unmet; each needs a note saying what was found."""


class GapKind(StrEnum):
    NO_VISIT = "no-visit"
    NO_AGE_BAND = "no-age-band"
    CHILD_NOT_SEEN = "child-not-seen"
    UNGRADED_ITEM = "ungraded-item"
    NOT_ASSESSED_WITHOUT_REASON = "not-assessed-without-reason"
    NO_EVIDENCE = "no-evidence"
    NO_DOMAIN_GRADE = "no-domain-grade"
    OVERRIDE_WITHOUT_REASON = "override-without-reason"
    NO_CHILD_VOICE = "no-child-voice"
    NO_SIGNIFICANT_ADULT = "no-significant-adult"
    ADULT_NOT_CONFIRMED = "adult-not-confirmed"
    CONTEXT_NOT_CONFIRMED = "context-not-confirmed"
    NO_CARERS_VIEWS = "no-carers-views"
    NO_ANALYSIS = "no-analysis"
    ACTION_NOT_REVIEWED = "action-not-reviewed"
    CONCERN_WITHOUT_ACTION = "concern-without-action"
    # Warnings (``scoring.warnings``): shown, weighed by the supervisor, never a reason to refuse submission.
    SAID_ONLY = "said-only"
    NO_OBSERVED_EVIDENCE = "no-observed-evidence"
    VISIT_RULE = "visit-rule"
    NO_STRENGTHS = "no-strengths"
    MAN_NOT_SEEN = "man-not-seen"
    NEW_ADULT = "new-adult"
    SHARED_NOT_CONFIRMED = "shared-not-confirmed"


class Section(StrEnum):
    """The parts of the assessment screen, in the order it shows them."""

    VISITS = "visits"
    HOW_SEEN = "how-seen"
    DOMAINS = "domains"
    CHILD_VOICE = "child-voice"
    ADULTS = "adults"
    CONTEXT = "context"
    CARERS_VIEWS = "carers-views"
    STRENGTHS = "strengths"
    ANALYSIS = "analysis"
    PLAN_REVIEW = "plan-review"
    """The previous plan's actions, reviewed at this assessment."""
    PLAN = "plan"


@dataclass(frozen=True, slots=True)
class GapTarget:
    """Where the screen should jump to fix a gap: a section, and within the domains a domain and perhaps an item."""

    section: Section
    domain_id: str | None = None
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    kind: GapKind
    message: str
    """A full sentence naming the thing that is missing."""
    target: GapTarget
    warning: bool = False
    """A warning (``scoring.warnings``): worth weighing, never a reason to refuse submission."""


def find_gaps(
    instrument: Instrument,
    assessment: Assessment,
    *,
    has_significant_adult: bool | None = None,
    previous_plan: Sequence[PlanAction] | None = None,
) -> list[Gap]:
    """Every gap, visits and how the child was seen first, then domains in instrument order, then the rest.

    ``has_significant_adult`` lets the caller say whether the child's record lists any significant adult; when it
    is ``None`` the adults recorded on the assessment decide. ``previous_plan`` is the plan of the child's previous
    assessment (empty for a first assessment); when it is ``None`` the outcome plan is not checked at all, for a
    caller that reads the profile alone.
    """
    gaps = _visit_gaps(instrument, assessment)
    for domain in instrument.domains:
        gaps += _domain_gaps(instrument, assessment, domain)
    gaps += _people_gaps(assessment, has_significant_adult)
    if not assessment.analysis.strip():
        gaps.append(Gap(GapKind.NO_ANALYSIS, "The analysis is not written.", GapTarget(Section.ANALYSIS)))
    if previous_plan is not None:
        gaps += _plan_gaps(instrument, assessment, previous_plan)
    return gaps


def _visit_gaps(instrument: Instrument, assessment: Assessment) -> list[Gap]:
    gaps = []
    band = band_of(instrument, assessment)
    if not assessment.visits:
        message = "No visit is recorded."
        if band is None:
            message += " Add a visit so the child's age band, and so the items, can be set."
        gaps.append(Gap(GapKind.NO_VISIT, message, GapTarget(Section.VISITS)))
    elif assessment.age_band is None:
        gaps.append(Gap(
            GapKind.NO_AGE_BAND,
            "The child's age band is not set: check the date of birth and the visit dates.",
            GapTarget(Section.VISITS),
        ))
    elif band is None:
        gaps.append(Gap(
            GapKind.NO_AGE_BAND,
            f"The age band \"{assessment.age_band}\" is not one of {instrument.title}'s bands, "
            "so no items can be shown.",
            GapTarget(Section.VISITS),
        ))
    # An unborn child cannot be seen; for everyone else, not being seen is the gap reviews find most often.
    if not assessment.how_seen.child_seen and not (band is not None and band.is_unborn):
        gaps.append(Gap(GapKind.CHILD_NOT_SEEN, "The child is not recorded as seen.", GapTarget(Section.HOW_SEEN)))
    return gaps


def _domain_gaps(instrument: Instrument, assessment: Assessment, domain: Domain) -> list[Gap]:
    items = applicable_items(instrument, assessment, domain.id)
    gaps = [gap for item in items for gap in _item_gaps(assessment, domain, item)]
    # A domain whose every item was deliberately not assessed has nothing to grade it from, so it is not a gap.
    needs_grade = any(_not_marked_not_assessed(assessment, item) for item in items)
    chosen = assessment.domain_grades.get(domain.id)
    target = GapTarget(Section.DOMAINS, domain.id)
    if chosen is None:
        if needs_grade:
            gaps.append(Gap(GapKind.NO_DOMAIN_GRADE, f"{domain.title} has no domain grade chosen.", target))
        return gaps
    suggestion = suggest_domain_grade(instrument, assessment, domain.id)
    # The stored suggestion may be stale: items can be regraded after the domain grade was chosen.
    if suggestion is not None and chosen.chosen != suggestion.grade and not chosen.override_reason.strip():
        gaps.append(Gap(
            GapKind.OVERRIDE_WITHOUT_REASON,
            f"{domain.title} is graded {chosen.chosen} but its items suggest {suggestion.grade}: "
            "give the reason for the different grade.",
            target,
        ))
    return gaps


def _item_gaps(assessment: Assessment, domain: Domain, item: Item) -> list[Gap]:
    name = f"{domain.title} › {item.title}"
    target = GapTarget(Section.DOMAINS, domain.id, item.id)
    grade = assessment.item_grades.get(item.id)
    if grade is None:
        return [Gap(GapKind.UNGRADED_ITEM, f"{name} has no grade.", target)]
    if grade.grade is None:
        if not (grade.not_assessed_reason or "").strip():
            return [Gap(
                GapKind.NOT_ASSESSED_WITHOUT_REASON,
                f"{name} is marked not assessed but gives no reason why.",
                target,
            )]
        return []
    has_evidence = any(note.text.strip() for note in assessment.evidence_for(item.id))
    if grade.grade >= EVIDENCE_NEEDED_FROM_GRADE and not has_evidence:
        return [Gap(GapKind.NO_EVIDENCE, f"{name} is graded {grade.grade} but has no evidence.", target)]
    return []


def _not_marked_not_assessed(assessment: Assessment, item: Item) -> bool:
    grade = assessment.item_grades.get(item.id)
    return grade is None or grade.grade is not None


def _people_gaps(assessment: Assessment, has_significant_adult: bool | None) -> list[Gap]:
    gaps = []
    if not assessment.child_voice.strip():
        gaps.append(Gap(
            GapKind.NO_CHILD_VOICE,
            "The child's voice and lived experience are not recorded.",
            GapTarget(Section.CHILD_VOICE),
        ))
    if has_significant_adult is False or (has_significant_adult is None and not assessment.adults):
        gaps.append(Gap(GapKind.NO_SIGNIFICANT_ADULT, "No significant adult is recorded.", GapTarget(Section.ADULTS)))
    for adult in assessment.adults:  # one from a sibling's assessment is a warning (``warnings``), not a gap
        if not adult.confirmed and not assessment.from_sibling(adult):
            gaps.append(Gap(
                GapKind.ADULT_NOT_CONFIRMED,
                f"{adult.name} ({RELATIONSHIP[adult.relationship].lower()}) was carried over from the last "
                "assessment and is not yet confirmed.",
                GapTarget(Section.ADULTS),
            ))
    for entry in assessment.context:
        if not entry.confirmed and not assessment.from_sibling(entry):
            gaps.append(Gap(
                GapKind.CONTEXT_NOT_CONFIRMED,
                f"{CONTEXT_FACTOR[entry.factor]} was carried over from the last assessment and is not yet confirmed.",
                GapTarget(Section.CONTEXT),
            ))
    if not assessment.carers_views.strip():
        gaps.append(Gap(
            GapKind.NO_CARERS_VIEWS,
            "The parents' or carers' views are not recorded.",
            GapTarget(Section.CARERS_VIEWS),
        ))
    return gaps


def _plan_gaps(instrument: Instrument, assessment: Assessment, previous_plan: Sequence[PlanAction]) -> list[Gap]:
    gaps = []
    reviewed = {review.action_id for review in assessment.action_reviews}
    titles = {domain.id: domain.title for domain in instrument.domains}
    for action in previous_plan:
        if action.id in reviewed:
            continue
        title = titles.get(action.domain_id, action.domain_id)
        gaps.append(Gap(
            GapKind.ACTION_NOT_REVIEWED,
            f"{title}: the previous plan's action \"{action.what_will_change}\" (target {action.target_grade} by "
            f"{format_date(action.by_when)}) has not been reviewed as met, partly met or not met.",
            GapTarget(Section.PLAN_REVIEW, action.domain_id),
        ))
    planned = {action.domain_id for action in assessment.plan}
    for domain in instrument.domains:
        grade = effective_domain_grade(instrument, assessment, domain.id)
        if is_concern(grade) and domain.id not in planned:
            gaps.append(Gap(
                GapKind.CONCERN_WITHOUT_ACTION,
                f"{domain.title} is graded {grade} but the plan has no action for it.",
                GapTarget(Section.PLAN, domain.id),
            ))
    return gaps
