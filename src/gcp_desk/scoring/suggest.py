"""The suggested grade for a domain, drawn from its items.

The rule: **the suggestion is the worst (highest) grade among the domain's graded applicable items.** Items marked
not assessed, and items that do not apply in the assessment's age band, are left out. Nothing is averaged.

Why the worst and not an average: neglect is the failure to meet any basic need, and a need unmet in one part of a
domain stays unmet however well the other parts go. An average would let a 5 for food supply disappear behind 1s
for meal routine and feeding, which is how a child's hunger gets lost in a reassuring number. The practitioner may
still choose a better domain grade, but only with a written reason (``DomainGrade.override_reason``), which makes
any optimism visible to the supervisor.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from .age import applicable_items


@dataclass(frozen=True, slots=True)
class Suggestion:
    grade: int
    graded: int
    """How many applicable items of the domain have a grade."""
    applicable: int
    """How many items of the domain apply in the assessment's age band, graded or not."""
    driving_items: tuple[str, ...]
    """The ids of the items graded at the suggested grade, in instrument order."""
    explanation: str
    """In words, e.g. "Worst of 4 graded items (of 5): Food supply graded 4"."""


def suggest_domain_grade(instrument: Instrument, assessment: Assessment, domain_id: str) -> Suggestion | None:
    """The worst grade among the domain's graded applicable items; ``None`` when none of them has a grade."""
    instrument.domain(domain_id)  # an unknown domain is a mistake by the caller, not "nothing graded"
    items = applicable_items(instrument, assessment, domain_id)
    graded = [
        (item, grade.grade)
        for item in items
        if (grade := assessment.item_grades.get(item.id)) is not None and grade.grade is not None
    ]
    if not graded:
        return None
    worst = max(grade for _, grade in graded)
    driving = [item for item, grade in graded if grade == worst]
    return Suggestion(
        grade=worst,
        graded=len(graded),
        applicable=len(items),
        driving_items=tuple(item.id for item in driving),
        explanation=_explain(worst, len(graded), len(items), [item.title for item in driving]),
    )


def effective_domain_grade(instrument: Instrument, assessment: Assessment, domain_id: str) -> int | None:
    """The grade the practitioner chose for the domain, or failing that the suggestion; ``None`` when neither exists."""
    chosen = assessment.domain_grades.get(domain_id)
    if chosen is not None:
        return chosen.chosen
    suggestion = suggest_domain_grade(instrument, assessment, domain_id)
    return suggestion.grade if suggestion is not None else None


def domain_grade_moves(instrument: Instrument, before: Assessment, after: Assessment, item_id: str) -> bool:
    """Whether a change to one item's grade moves its domain's effective grade: the only way an item's grade
    reaches drift, targets and so who needs attention. A grade below the domain's worst, or under a chosen
    domain grade, leaves it where it was."""
    domain_id = instrument.domain_of(item_id).id
    return effective_domain_grade(instrument, before, domain_id) != effective_domain_grade(instrument, after, domain_id)


def _explain(worst: int, graded: int, applicable: int, titles: list[str]) -> str:
    what = f"{_join(titles)} graded {worst}"
    if graded == applicable == 1:
        return f"From its only item: {what}"
    if graded == applicable:
        return f"Worst of all {graded} items: {what}"
    noun = "item" if graded == 1 else "items"
    return f"Worst of {graded} graded {noun} (of {applicable}): {what}"


def _join(titles: list[str]) -> str:
    if len(titles) == 1:
        return titles[0]
    return ", ".join(titles[:-1]) + " and " + titles[-1]
