"""One assessment read against the child's history: what the assessment screen, the review queue, the report and the
family summary all say about change over time, worked out once here so they can never disagree.

For the assessment chosen it gives, domain by domain, the change since the previous assessment in words ("5 → 5: no
improvement for 39 weeks"), the drift standing at this assessment (a domain stuck at 4 or 5, a domain worse than
at its baseline; ``scoring.drift``), the previous plan's targets judged on this assessment's visit date
(``scoring.plan_review``), and any new baseline (``scoring.baseline``). Later assessments are ignored, so an old
assessment reads as it did when it was made.

Pass the child's current history, oldest first (``HistoryService.chart_history``: without amended records).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.enums import Change
from ..domain.instrument import Instrument
from .age import format_date
from .change_words import change_words
from .compare import compare_assessments
from .drift import DriftFlag, DriftKind, assessment_date, find_drift
from .plan_review import TargetResult, review_plan
from .suggest import effective_domain_grade

FIRST = "First assessment: the baseline"


@dataclass(frozen=True, slots=True)
class DomainTrend:
    domain_id: str
    title: str
    previous_grade: int | None
    grade: int | None
    change: Change
    words: str
    """E.g. "5 → 5: no improvement for 39 weeks"; for a first assessment, "First assessment: the baseline"."""
    drift: tuple[DriftFlag, ...] = ()
    """Drift standing at this assessment for the domain: an ongoing run at 4-5, worse than baseline."""
    new_baseline: bool = False

    @property
    def stuck(self) -> DriftFlag | None:
        return next((flag for flag in self.drift if flag.kind is DriftKind.STUCK), None)

    @property
    def worse_than_baseline(self) -> DriftFlag | None:
        return next((flag for flag in self.drift if flag.kind is DriftKind.WORSE_THAN_BASELINE), None)


@dataclass(frozen=True)
class ChangeOverTime:
    assessment_id: UUID
    previous: Assessment | None
    """The assessment before this one (none for a first assessment)."""
    judged_on: date
    """This assessment's last visit (the day given while it has none): the day targets are judged on."""
    trends: tuple[DomainTrend, ...]
    drift: tuple[DriftFlag, ...]
    """Drift standing at this assessment, most serious kind first (``find_drift``'s order)."""
    targets: tuple[TargetResult, ...]
    """The previous plan's actions against this assessment."""
    new_baseline: str = ""
    """The sentence naming the domains that start a new baseline here; empty when none do."""

    def trend(self, domain_id: str) -> DomainTrend | None:
        return next((trend for trend in self.trends if trend.domain_id == domain_id), None)

    @property
    def stuck(self) -> list[DriftFlag]:
        return [flag for flag in self.drift if flag.kind is DriftKind.STUCK]

    @property
    def worse_than_baseline(self) -> list[DriftFlag]:
        return [flag for flag in self.drift if flag.kind is DriftKind.WORSE_THAN_BASELINE]

    @property
    def unmet_targets(self) -> list[TargetResult]:
        """Targets not met at this assessment whose date has passed (``overdue``): the ones to answer for."""
        return [target for target in self.targets if target.met is False and target.overdue]

    @property
    def previous_on(self) -> date | None:
        return assessment_date(self.previous) if self.previous is not None else None

    def sentences(self) -> list[str]:
        """Everything to worry about, one sentence each: drift, worse than baseline, unmet targets."""
        return ([flag.message for flag in self.drift]
                + [f"{t.domain_title}: {t.action.what_will_change.rstrip('.')}. {t.sentence}"
                   for t in self.unmet_targets])

    def short_flags(self) -> list[str]:
        """A few words each, for a table cell: "No improvement: Emotional care"."""
        words = [f"No improvement: {flag.domain_title}" for flag in self.stuck]
        words += [f"Worse than baseline: {flag.domain_title}" for flag in self.worse_than_baseline]
        words += [f"Target not met: {target.domain_title}" for target in self.unmet_targets]
        return words


def change_over_time(history: list[tuple[Assessment, Instrument]], assessment_id: UUID, *, min_weeks: int,
                     today: date) -> ChangeOverTime:
    """The assessment ``assessment_id`` of ``history`` read against what came before it. ``today`` stands in for
    its date while it has no visit."""
    position = next(index for index, (assessment, _) in enumerate(history) if assessment.id == assessment_id)
    assessment, instrument = history[position]
    upto = history[:position + 1]
    previous = upto[-2] if len(upto) > 1 else None
    on = assessment_date(assessment)
    judged_on = on or today
    drift = tuple(flag for flag in find_drift(upto, min_weeks=min_weeks)
                  if on is not None and flag.ongoing and flag.assessment_ids[-1] == assessment.id)
    if previous is None:
        trends = tuple(DomainTrend(domain.id, domain.title, None,
                                   effective_domain_grade(instrument, assessment, domain.id), Change.NOT_COMPARABLE,
                                   FIRST)
                       for domain in instrument.domains)
        return ChangeOverTime(assessment.id, None, judged_on, trends, drift, ())
    comparison = compare_assessments(*previous, assessment, instrument)
    rows: list[DomainTrend] = []
    for row in comparison.domains:
        if row.later_title is None:
            continue
        flags = tuple(flag for flag in drift if flag.domain_id == row.domain_id)
        stuck = next((flag for flag in flags if flag.kind is DriftKind.STUCK), None)
        weeks = (stuck.last_date - stuck.first_date).days // 7 if stuck else comparison.weeks_apart
        why = row.why_not_comparable or _why_no_grade(row.earlier_grade, row.later_grade)
        rows.append(DomainTrend(
            row.domain_id, row.title, row.earlier_grade, row.later_grade, row.change,
            change_words(row.earlier_grade, row.later_grade, row.change, weeks=weeks, why_not_comparable=why),
            flags, bool(row.why_not_comparable),
        ))
    targets = review_plan(previous[0], assessment, instrument, on=judged_on, earlier_instrument=previous[1])
    return ChangeOverTime(assessment.id, previous[0], judged_on, tuple(rows), drift, tuple(targets),
                          comparison.new_baseline_note)


def _why_no_grade(earlier: int | None, later: int | None) -> str:
    if earlier is None and later is None:
        return "no grade on either occasion"
    return "no grade at the previous assessment" if earlier is None else "no grade yet"


def previous_words(change: ChangeOverTime) -> str:
    """ "Compared with the assessment of 12 January 2026" or, for a first assessment, that it is the baseline."""
    if change.previous is None:
        return "This is the child's first assessment: the baseline later ones are read against."
    on = change.previous_on
    return f"Compared with the previous assessment of {format_date(on)}." if on else \
        "Compared with the previous assessment."
