"""The rows of the side-by-side comparison: each domain, then its items, with both grades (or why there is none),
the change and the evidence written on both occasions. Built on the worker from ``HistoryService.compare``; the
table only shows them."""

from __future__ import annotations

from dataclasses import dataclass

from ....domain.assessment import Assessment, EvidenceNote
from ....domain.enums import Change
from ....domain.instrument import Instrument
from ....domain.labels import ACTION_OUTCOME, EVIDENCE_SOURCE
from ....scoring.age import band_of
from ....scoring.change_words import change_words
from ....scoring.plan_review import TargetResult
from ....services.history_views import ComparisonView

DOES_NOT_APPLY = "Does not apply at this age"
NEW_BASELINE = "Not comparable: new baseline"


@dataclass(frozen=True, slots=True)
class CompareRow:
    is_domain: bool
    title: str
    earlier_grade: int | None
    later_grade: int | None
    change: Change
    why_not_comparable: str = ""
    earlier_evidence: str = ""
    later_evidence: str = ""
    earlier_note: str = ""
    """Why there is no earlier grade, in a few words, shown where the grade would be."""
    later_note: str = ""
    words: str = ""
    """The change in words, from ``scoring.change_words``: "5 → 5: no improvement for 39 weeks"."""


@dataclass(frozen=True)
class CompareTable:
    """Everything the compare tab shows for one pair, oldest first."""

    view: ComparisonView
    rows: tuple[CompareRow, ...]
    left_out: tuple[str, ...] = ()
    """Titles of items that apply at neither assessment (an antenatal item for a school child, say): listing
    them row by row would bury the real changes, so the summary says how many there are instead."""

    @property
    def item_rows(self) -> list[CompareRow]:
        return [row for row in self.rows if not row.is_domain]

    @property
    def targets(self) -> tuple[TargetResult, ...]:
        return self.view.targets

    def target_text(self, result: TargetResult) -> str:
        """E.g. "Nutritional care: Meals every day. Target 2 by 1 March 2026; now 4: not met." and, when the later
        assessment reviewed the action, how it was judged then."""
        text = f"{result.domain_title}: {result.action.what_will_change}. {result.sentence}"
        review = self.view.review_of(result.action.id)
        if review is not None:
            onward = "carried forward" if review.carried_forward else "closed"
            note = f" {review.note.strip()}" if review.note.strip() else ""
            text += f" Reviewed: {ACTION_OUTCOME[review.outcome].lower()}, {onward}.{note}"
        return text


def build_table(view: ComparisonView) -> CompareTable:
    earlier, later = view.earlier, view.later
    rows: list[CompareRow] = []
    left_out: list[str] = []
    weeks = view.comparison.weeks_apart
    for domain in view.comparison.domains:
        why = "" if domain.change is not Change.NOT_COMPARABLE else _domain_why(domain)
        rows.append(CompareRow(True, domain.title, domain.earlier_grade, domain.later_grade, domain.change, why,
                               earlier_note=_domain_note(domain.earlier_title, domain.earlier_grade),
                               later_note=_domain_note(domain.later_title, domain.later_grade),
                               words=NEW_BASELINE if domain.why_not_comparable else
                               change_words(domain.earlier_grade, domain.later_grade, domain.change, weeks=weeks)))
        for item in view.comparison.items:
            if item.domain_id != domain.domain_id:
                continue
            earlier_note = _item_note(earlier, view.earlier_instrument, item.item_id)
            later_note = _item_note(later, view.later_instrument, item.item_id)
            if earlier_note == later_note == DOES_NOT_APPLY:
                left_out.append(item.title)
                continue
            then, now = view.evidence_for(item.item_id)
            rows.append(CompareRow(False, item.title, item.earlier_grade, item.later_grade, item.change,
                                   item.why_not_comparable, _evidence(then), _evidence(now), earlier_note,
                                   later_note, change_words(item.earlier_grade, item.later_grade, item.change,
                                                            weeks=weeks)))
    return CompareTable(view, tuple(rows), tuple(left_out))


def _evidence(notes: list[EvidenceNote]) -> str:
    return "\n".join(f"{EVIDENCE_SOURCE[note.source]}: {note.text}" for note in notes)


def _item_note(assessment: Assessment, instrument: Instrument, item_id: str) -> str:
    """Why one side has no grade for an item, in a few words; empty when it has one."""
    try:
        item = instrument.item(item_id)
    except KeyError:
        return "Not in this version"
    band = band_of(instrument, assessment)
    if band is None:
        return "No age band yet"
    if not instrument.item_applies(item, band.id):
        return DOES_NOT_APPLY
    grade = assessment.item_grades.get(item_id)
    if grade is None:
        return "Not graded"
    if grade.grade is None:
        return f"Not assessed: {grade.not_assessed_reason}"
    return ""


def _domain_note(title: str | None, grade: int | None) -> str:
    if title is None:
        return "Not in this version"
    return "Not graded" if grade is None else ""


def _domain_why(domain) -> str:
    if domain.why_not_comparable:
        return domain.why_not_comparable
    if domain.earlier_title is None:
        return "Not in the earlier version of the instrument"
    if domain.later_title is None:
        return "Not in the later version of the instrument"
    which = "earlier" if domain.earlier_grade is None else "later"
    return f"No grade at the {which} assessment"
