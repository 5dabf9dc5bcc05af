"""Each action of an outcome plan read against the grade its domain has now.

A target is a domain grade to reach by a date, and lower grades are better, so a target is **met when the domain's
effective grade now (chosen, or else suggested) is at or below the target grade**. A domain with no grade now (not
graded yet, or missing from the later instrument) has no answer: ``met`` is ``None`` and the sentence says "not
graded now", rather than guessing either way.

A target is **overdue** once its date has passed (from the day after ``by_when``) and no grade shows it met, so an
ungraded domain counts as overdue too: nobody has shown the change happened. Before its date an unmet target says
"not met yet", because the family still has time, and telling a conference "not met" a month early misleads it;
from the date itself it says "not met".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.assessment import Assessment, PlanAction
from ..domain.instrument import Instrument
from .age import format_date
from .baseline import new_baseline
from .suggest import effective_domain_grade


@dataclass(frozen=True, slots=True)
class TargetResult:
    action: PlanAction
    domain_title: str
    """The domain's title in the later instrument, or its id when that instrument lacks the domain."""
    grade_now: int | None
    met: bool | None
    """``None`` when the domain has no grade now."""
    overdue: bool
    sentence: str
    """E.g. "Target 2 by 1 March 2026; now 4: not met." """


def evaluate_target(
    action: PlanAction, later: Assessment, later_instrument: Instrument, *, on: date,
    planned_at: tuple[Assessment, Instrument] | None = None,
) -> TargetResult:
    """The action's target against ``later``, judged on the day ``on`` (whether its date has passed).

    ``planned_at`` is the assessment whose plan set the target: across a new baseline (``scoring.baseline``) the
    grade now measures something else, so the target has no answer (``met`` is ``None``) and the sentence says so.
    """
    domain = next((d for d in later_instrument.domains if d.id == action.domain_id), None)
    grade_now = effective_domain_grade(later_instrument, later, domain.id) if domain is not None else None
    restart = planned_at is not None and domain is not None and new_baseline(*planned_at, later, later_instrument,
                                                                             domain.id)
    met = None if grade_now is None or restart else grade_now <= action.target_grade
    return TargetResult(
        action=action,
        domain_title=domain.title if domain is not None else action.domain_id,
        grade_now=grade_now,
        met=met,
        overdue=action.by_when < on and met is not True,
        sentence=_sentence(action, grade_now, met, still_time=on < action.by_when, restart=restart),
    )


def review_plan(
    earlier: Assessment, later: Assessment, later_instrument: Instrument, *, on: date,
    earlier_instrument: Instrument | None = None,
) -> list[TargetResult]:
    """Every action of the earlier assessment's plan, in the plan's order, against the later assessment."""
    planned_at = (earlier, earlier_instrument) if earlier_instrument is not None else None
    return [evaluate_target(action, later, later_instrument, on=on, planned_at=planned_at) for action in earlier.plan]


def _sentence(action: PlanAction, grade_now: int | None, met: bool | None, *, still_time: bool,
              restart: bool = False) -> str:
    target = f"Target {action.target_grade} by {format_date(action.by_when)}"
    if restart:
        return (f"{target}; not comparable: the domain starts a new baseline at this age, so judge the action "
                "from what was seen.")
    if met is None:
        return f"{target}; not graded now."
    if met:
        verdict = "met"
    else:
        verdict = "not met yet" if still_time else "not met"
    return f"{target}; now {grade_now}: {verdict}."
