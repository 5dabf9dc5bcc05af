"""Drift across a child's assessments: a domain that stays in neglect without improving, or ends worse than it began.

Case reviews describe months on a plan with nothing changing, hidden by each assessment being read on its own.
These flags read the history as a whole, by effective domain grade (chosen, or else suggested), matching domains by
id so that a change of instrument version does not break the thread.

- STUCK: a domain graded 4 or 5 on two or more consecutive assessments, at least ``min_weeks`` apart from the
  first to the last, and the grade never went down (better) along the way. Any improvement, or a grade below 4, or
  an assessment where the domain has no grade, ends the run. Every such run is reported; ``ongoing`` says whether
  it reaches the latest assessment, so a screen can show current drift first and past drift as history.
- WORSE_THAN_BASELINE: the latest assessment grades a domain worse than the first one in the history did.

Both read only like with like: where the child's age band changes and a domain's items at the two ages have
nothing in common (before and after birth), the domain starts a new baseline (``scoring.baseline``). A run ends
there, and "worse than baseline" is read against the first assessment from there on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast
from enum import StrEnum
from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from .age import format_date
from .baseline import new_baseline
from .flags import is_concern
from .suggest import effective_domain_grade


class DriftKind(StrEnum):
    STUCK = "stuck"
    WORSE_THAN_BASELINE = "worse-than-baseline"


@dataclass(frozen=True, slots=True)
class DriftFlag:
    kind: DriftKind
    domain_id: str
    domain_title: str
    assessment_ids: tuple[UUID, ...]
    """STUCK: every assessment of the run, oldest first. WORSE_THAN_BASELINE: the baseline and the latest."""
    first_date: date
    last_date: date
    grades: tuple[int, ...]
    """The effective domain grades of those assessments, in the same order."""
    message: str
    ongoing: bool = True
    """Whether the flag describes the latest assessment (always so for WORSE_THAN_BASELINE)."""


def assessment_date(assessment: Assessment) -> date | None:
    """The date an assessment speaks for: its last visit. ``None`` before any visit."""
    return assessment.last_visit_date


@dataclass(frozen=True, slots=True)
class _Point:
    assessment_id: UUID
    on: date
    grade: int | None
    restart: bool = False
    """A new baseline for the domain starts here."""


def find_drift(history: list[tuple[Assessment, Instrument]], *, min_weeks: int) -> list[DriftFlag]:
    """Drift flags for one child's history, grouped by domain (latest instrument's order), STUCK before WORSE."""
    if min_weeks < 0:
        raise ValueError("min_weeks cannot be negative")
    dated = [(assessment, instrument) for assessment, instrument in history if assessment_date(assessment)]
    # Stable: same-day assessments keep the caller's order. Every one here has a date (``or`` only for the checker).
    dated.sort(key=lambda pair: assessment_date(pair[0]) or date.min)
    if not dated:
        return []
    flags = []
    for domain_id, title in _domains_newest_first(dated):
        series = [
            _Point(assessment.id, cast(date, assessment_date(assessment)), _grade(instrument, assessment, domain_id),
                   index > 0 and new_baseline(*dated[index - 1], assessment, instrument, domain_id))
            for index, (assessment, instrument) in enumerate(dated)
        ]
        flags += _stuck(domain_id, title, series, min_weeks)
        worse = _worse_than_baseline(domain_id, title, series)
        if worse is not None:
            flags.append(worse)
    return flags


def _grade(instrument: Instrument, assessment: Assessment, domain_id: str) -> int | None:
    if all(domain.id != domain_id for domain in instrument.domains):
        return None
    return effective_domain_grade(instrument, assessment, domain_id)


def _domains_newest_first(dated: list[tuple[Assessment, Instrument]]) -> list[tuple[str, str]]:
    """Every domain in the history with its newest title: the latest instrument's order, then any dropped ones."""
    seen: dict[str, str] = {}
    for _, instrument in reversed(dated):
        for domain in instrument.domains:
            seen.setdefault(domain.id, domain.title)
    return list(seen.items())


def _stuck(domain_id: str, title: str, series: list[_Point], min_weeks: int) -> list[DriftFlag]:
    runs: list[list[_Point]] = []
    run: list[_Point] = []
    for point in series:
        if is_concern(point.grade) and (not run or (point.grade >= cast(int, run[-1].grade) and not point.restart)):
            run.append(point)
            continue
        runs.append(run)
        run = [point] if is_concern(point.grade) else []
    runs.append(run)
    latest = series[-1]
    return [
        _stuck_flag(domain_id, title, run, ongoing=run[-1] is latest)
        for run in runs
        if len(run) >= 2 and (run[-1].on - run[0].on).days >= min_weeks * 7
    ]


def _stuck_flag(domain_id: str, title: str, run: list[_Point], *, ongoing: bool) -> DriftFlag:
    grades = tuple(cast(int, point.grade) for point in run)  # a run holds concerns only
    span = _weeks(run[0].on, run[-1].on)
    listed = ", ".join(str(grade) for grade in grades)
    if ongoing:
        message = (f"{title} has stayed at 4 or 5 for {span} across {len(run)} assessments ({listed}) "
                   "without improvement.")
    else:
        message = (f"{title} stayed at 4 or 5 for {span} across {len(run)} assessments ({listed}) "
                   f"without improvement, until {format_date(run[-1].on)}.")
    return DriftFlag(
        kind=DriftKind.STUCK,
        domain_id=domain_id,
        domain_title=title,
        assessment_ids=tuple(point.assessment_id for point in run),
        first_date=run[0].on,
        last_date=run[-1].on,
        grades=grades,
        message=message,
        ongoing=ongoing,
    )


def _worse_than_baseline(domain_id: str, title: str, series: list[_Point]) -> DriftFlag | None:
    start = max((index for index, point in enumerate(series) if point.restart), default=0)
    baseline, latest = series[start], series[-1]
    if baseline is latest or baseline.grade is None or latest.grade is None or latest.grade <= baseline.grade:
        return None
    which = "the new baseline" if start else "the baseline"
    return DriftFlag(
        kind=DriftKind.WORSE_THAN_BASELINE,
        domain_id=domain_id,
        domain_title=title,
        assessment_ids=(baseline.assessment_id, latest.assessment_id),
        first_date=baseline.on,
        last_date=latest.on,
        grades=(baseline.grade, latest.grade),
        message=(f"{title} is worse than at {which} on {format_date(baseline.on)} "
                 f"({baseline.grade} then, {latest.grade} now)."),
    )


def _weeks(first: date, last: date) -> str:
    weeks = (last - first).days // 7
    if weeks == 0:
        return "less than a week"
    return "1 week" if weeks == 1 else f"{weeks} weeks"
