"""A supervisor's team at a glance: each child's worst domain, whether their care improved or worsened over the
last six months, and what needs the supervisor now (drift, an overdue reassessment), worst first.

Read from the same pieces as every other screen: effective domain grades, ``compare`` (which respects a new
baseline) and ``attention``. The direction over six months compares the latest assessment with the one that stood
six months ago (or, for a child first assessed since, with their first): more domains better than worse is
improving, more worse than better is worsening.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from .attention import KIND_LABELS, AttentionKind, AttentionReason
from .compare import compare_assessments
from .drift import assessment_date
from .family_order import child_key, family_key
from .suggest import effective_domain_grade

SIX_MONTHS = timedelta(days=182)


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no change"
    NOT_KNOWN = "not known"
    """A single assessment, or nothing comparable."""


@dataclass(frozen=True, slots=True)
class TeamChild:
    child_id: UUID
    name: str
    worst_domain: str
    """The title of the domain graded worst at the latest assessment; empty before any grade."""
    worst_grade: int | None
    direction: Direction
    drift: tuple[str, ...]
    """"No improvement: Emotional care", "Worse than baseline: Physical care"."""
    overdue: bool
    household_id: UUID | None = None
    family: str = ""
    """E.g. "Quill household, TB7" (the household's heading, as the caseload shows it) or "Quill family" when
    brothers or sisters are in the team's list too (``order`` sets it); else empty."""
    reasons: tuple[AttentionReason, ...] = ()
    """What needs attention for this child (drift, overdue, a father not seen…): places the family and the child in
    it, as Needs attention and the grouped caseload do."""

    @property
    def shown_name(self) -> str:
        return f"{self.name} ({self.family})" if self.family else self.name

    @property
    def drift_words(self) -> str:
        """The drift grouped by kind: "No improvement: A, B. Worse than baseline: C."; "None" without drift."""
        groups: dict[str, list[str]] = {}
        for entry in self.drift:
            kind, _, domain = entry.partition(": ")
            groups.setdefault(kind, []).append(domain)
        return " ".join(f"{kind}: {', '.join(domains)}." for kind, domains in groups.items()) or "None"

    @property
    def flag_words(self) -> str:
        """The drift, then the other flags that place the child (a father not seen, a new adult, a target date
        passed; an overdue reassessment has its own column): "No improvement: Emotional care. Father or partner
        not seen."; "None" without any."""
        shown = {AttentionKind.NO_IMPROVEMENT, AttentionKind.WORSE_THAN_BASELINE, AttentionKind.REASSESSMENT_OVERDUE}
        others = list(dict.fromkeys(KIND_LABELS[r.kind] for r in self.reasons if r.kind not in shown))
        words = [self.drift_words] if self.drift else []
        return " ".join(words + [f"{label}." for label in others]) or "None"


@dataclass(frozen=True)
class TeamPicture:
    children: tuple[TeamChild, ...]
    """Families by their worst flag, then the children flagged (``family_order``); then worst grade, drift, name."""
    returns_waiting: int
    """Assessments returned to practitioners and not yet resubmitted."""
    awaiting_review: int

    def count(self, direction: Direction) -> int:
        return sum(1 for child in self.children if child.direction is direction)

    @property
    def overdue(self) -> int:
        return sum(1 for child in self.children if child.overdue)

    @property
    def with_drift(self) -> int:
        return sum(1 for child in self.children if child.drift)

    def by_worst_grade(self) -> dict[int, int]:
        counts = {grade: 0 for grade in range(1, 6)}
        for child in self.children:
            if child.worst_grade is not None:
                counts[child.worst_grade] += 1
        return counts


def team_child(child_id: UUID, name: str, history: list[tuple[Assessment, Instrument]],
               reasons: list[AttentionReason], today: date, household_id: UUID | None = None) -> TeamChild:
    dated = [(a, i) for a, i in history if assessment_date(a) is not None]
    worst_title, worst = "", None
    if dated:
        latest, instrument = dated[-1]
        for domain in instrument.domains:
            grade = effective_domain_grade(instrument, latest, domain.id)
            if grade is not None and (worst is None or grade > worst):
                worst_title, worst = domain.title, grade
    titles = {domain.id: domain.title for _, each in history for domain in each.domains}
    drift = tuple(f"{'No improvement' if r.kind is AttentionKind.NO_IMPROVEMENT else 'Worse than baseline'}: "
                  f"{titles.get(r.domain_id or '', r.domain_id)}" for r in reasons
                  if r.kind in (AttentionKind.NO_IMPROVEMENT, AttentionKind.WORSE_THAN_BASELINE))
    overdue = any(r.kind is AttentionKind.REASSESSMENT_OVERDUE for r in reasons)
    return TeamChild(child_id, name, worst_title, worst, _direction(dated, today), drift, overdue, household_id,
                     reasons=tuple(reasons))


def order(children: list[TeamChild], family_names: dict[UUID, str] | None = None,
          household_labels: dict[UUID, str] | None = None) -> tuple[TeamChild, ...]:
    """Brothers and sisters together, as in Needs attention and the grouped caseload: families by their worst flag,
    then how many of their children are flagged (``family_order``), and among families equal on flags (those with
    none, say) by the worst grade, then drift, then name; within a family the child with the most and worst flags
    first, then the worst graded. A family of several is named by ``household_labels`` (each household's heading,
    told apart from others of the same name), else by ``family_names`` (each child's family name: "Quill family")."""
    def graded(child: TeamChild) -> tuple:
        return (-(child.worst_grade or 0), -len(child.drift), child.name.lower())

    def within(child: TeamChild) -> tuple:
        flags = (0, *child_key(list(child.reasons))) if child.reasons else (1,)
        return (flags, graded(child))

    groups: dict[object, list[TeamChild]] = {}
    for child in sorted(children, key=within):
        groups.setdefault(child.household_id or child.child_id, []).append(child)
    ordered = sorted(groups.values(), key=lambda members: (
        family_key(list(c.reasons) for c in members), min(graded(c) for c in members), -len(members)))
    names = family_names or {}
    result = []
    for members in ordered:
        label = ""
        household = members[0].household_id
        if len(members) > 1 and household is not None and (household_labels or {}).get(household):
            label = (household_labels or {})[household]
        elif len(members) > 1:
            families = list(dict.fromkeys(names.get(c.child_id, "") for c in members if names.get(c.child_id)))
            label = f"{' and '.join(families)} family" if families else "same household"
        result += [replace(child, family=label) for child in members]
    return tuple(result)


def _direction(dated: list[tuple[Assessment, Instrument]], today: date) -> Direction:
    if len(dated) < 2:
        return Direction.NOT_KNOWN
    start = today - SIX_MONTHS
    before = [pair for pair in dated[:-1] if (assessment_date(pair[0]) or date.min) <= start]
    then = before[-1] if before else dated[0]
    if (assessment_date(dated[-1][0]) or date.min) < start:
        return Direction.NOT_KNOWN  # nothing assessed in the last six months
    comparison = compare_assessments(*then, *dated[-1])
    better = comparison.domain_summary.improved
    worse = comparison.domain_summary.worse
    if better == worse == 0 and comparison.domain_summary.same == 0:
        return Direction.NOT_KNOWN
    if better > worse:
        return Direction.IMPROVING
    if worse > better:
        return Direction.WORSENING
    return Direction.NO_CHANGE
