"""What the family summary says, worked out from the assessment before any layout: plain points in four groups.

- going well: areas graded 1 or 2, and the items graded 1 or 2 inside areas that are not (titled "in part");
- could be better: areas graded 3, with the items that are not right;
- worried about: areas graded 4 or 5 (read as neglect), with the items graded 4 or 5;
- needs to change: the plan's actions, soonest first, with who and by when;
- over time: each area says how long it has not got better, or that it is worse than at first, and the previous
  plan's actions not done by their date are listed (``scoring.change_over_time``, as the report and screens read it).
Areas follow the practitioner's domain grade (or the suggestion when none is chosen yet). The worries are ranked by
severity, worst first, and keeping the child safe first among equals, so that when the page is full it is never a
grade 5 or a safety point that is left to "and N more"; within a point its items are ranked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scoring.age import applicable_items, format_date
from ..scoring.change_over_time import change_over_time
from ..scoring.drift import DriftKind
from ..scoring.flags import is_concern
from ..scoring.suggest import effective_domain_grade
from .family_words import family_domain_name, needs_sentence
from .report_data import ReportData

GOING_WELL_UP_TO = 2
SOME_NEEDS_UNMET = 3


@dataclass(frozen=True)
class Point:
    title: str
    detail: str
    grade: int | None = None
    """Colours the point; ``None`` for a plan action."""
    items: tuple[str, ...] = ()
    """Item titles the point is about, listed after the detail."""
    when: str = ""
    """For a plan action, "By 3 May 2026."; kept whole when the detail is shortened to fit the page."""


@dataclass(frozen=True)
class FamilyContent:
    first_name: str
    full_name: str
    period: str
    """When the visits were, in words."""
    going_well: tuple[Point, ...]
    could_be_better: tuple[Point, ...]
    worried: tuple[Point, ...]
    changes: tuple[Point, ...]
    strengths: str
    not_looked_at: tuple[str, ...] = ()
    """Areas with no grade yet: the summary must not sound reassuring about what nobody has assessed."""
    not_done: tuple[str, ...] = ()
    """The previous plan's actions not done by their date, in plain words."""
    parent_view: str = ""
    """The family's own view, as recorded with them."""
    acknowledged: str = ""
    """Who signed to say they were shown the summary, and when, once recorded."""

    @property
    def nothing_graded(self) -> bool:
        return not (self.going_well or self.could_be_better or self.worried)


def family_content(data: ReportData) -> FamilyContent:
    instrument, assessment = data.instrument, data.assessment
    first = data.first_name
    going_well: list[Point] = []
    could_be_better: list[Point] = []
    worried: list[Point] = []
    not_looked_at: list[str] = []
    notes, targets = _over_time(data)
    for domain in instrument.domains:
        grade = effective_domain_grade(instrument, assessment, domain.id)
        name = family_domain_name(instrument, domain.id)
        if grade is None:
            not_looked_at.append(name)
            continue
        graded = _item_grades(data, domain.id)
        if grade <= GOING_WELL_UP_TO:
            going_well.append(Point(name, needs_sentence(first, grade), grade))
            continue
        good = [title for title, item_grade in graded if item_grade <= GOING_WELL_UP_TO]
        if good:
            best_of_the_good = max(item_grade for _, item_grade in graded if item_grade <= GOING_WELL_UP_TO)
            # Titled as a part, so the same area under "worried about" does not read as a contradiction.
            going_well.append(Point(f"{name}, in part", "Going well here:", best_of_the_good, tuple(good)))
        if is_concern(grade):
            items = tuple(title for title, item_grade in sorted(graded, key=lambda pair: -pair[1])
                          if is_concern(item_grade))
            worried.append(Point(name, _with(notes.get(domain.id), needs_sentence(first, grade))
                                 + (" We are most worried about:" if items else ""), grade, items))
        else:
            items = tuple(title for title, item_grade in graded if item_grade >= SOME_NEEDS_UNMET)
            could_be_better.append(Point(name, _with(notes.get(domain.id), needs_sentence(first, grade))
                                         + (" This is about:" if items else ""), grade, items))
    worried.sort(key=lambda point: (-(point.grade or 0), point.title not in _safety_names(data)))
    changes = [
        Point(action.what_will_change,
              f"Who: {action.who}{', ' + action.agency if action.agency.strip() else ''}.",
              when=f"By {format_date(action.by_when)}.")
        for action in sorted(assessment.plan, key=lambda action: action.by_when)
    ]
    return FamilyContent(
        first_name=first,
        full_name=data.record.child.full_name,
        period=_period(data),
        going_well=tuple(going_well),
        could_be_better=tuple(could_be_better),
        worried=tuple(worried),
        changes=tuple(changes),
        strengths=assessment.strengths.strip(),
        not_looked_at=tuple(not_looked_at),
        not_done=tuple(targets),
        parent_view=(assessment.participation.parent_view.strip() if assessment.participation else ""),
        acknowledged=_acknowledged(assessment),
    )


SAFETY_DOMAINS = frozenset({"supervision"})
"""Domains about keeping the child safe: ranked first among worries of the same grade."""


def _safety_names(data: ReportData) -> set[str]:
    return {family_domain_name(data.instrument, domain_id) for domain_id in SAFETY_DOMAINS}


def _acknowledged(assessment) -> str:
    part = assessment.participation
    if part is None or not (part.acknowledged_by or part.acknowledged_on):
        return ""
    when = f" on {format_date(part.acknowledged_on)}" if part.acknowledged_on else ""
    return f"Signed by {part.acknowledged_by or 'the family'}{when}."


def _with(note: str | None, sentence: str) -> str:
    return f"{sentence} {note}" if note else sentence


def _over_time(data: ReportData) -> tuple[dict[str, str], list[str]]:
    """Per area, how long it has not got better or that it is worse than at first; and the previous plan's
    targets not met, in plain words."""
    change = change_over_time(data.chart_history(), data.assessment.id, min_weeks=data.drift_min_weeks,
                              today=data.generated_at.date())
    notes: dict[str, str] = {}
    for flag in change.drift:
        if flag.kind is DriftKind.STUCK:
            note = f"Not got better for {(flag.last_date - flag.first_date).days // 7} weeks."
        else:
            note = f"Worse than when we first assessed on {format_date(flag.first_date)}."
        notes[flag.domain_id] = " ".join(part for part in (notes.get(flag.domain_id, ""), note) if part)
    targets = [f"{target.action.what_will_change.rstrip('.')} (by {format_date(target.action.by_when)})."
               for target in change.unmet_targets]
    return notes, targets


def _item_grades(data: ReportData, domain_id: str) -> list[tuple[str, int]]:
    graded = []
    for item in applicable_items(data.instrument, data.assessment, domain_id):
        grade = data.assessment.item_grades.get(item.id)
        if grade is not None and grade.grade is not None:
            graded.append((item.title, grade.grade))
    return graded


def _period(data: ReportData) -> str:
    first, last = data.assessment.first_visit_date, data.assessment.last_visit_date
    if first is None or last is None:
        return "No visits are recorded yet."
    if first == last:
        return f"We visited on {format_date(first)}."
    count = len(data.assessment.visits)
    return f"We visited {count} times between {format_date(first)} and {format_date(last)}."

