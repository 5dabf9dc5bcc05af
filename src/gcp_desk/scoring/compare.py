"""Two assessments of one child side by side: what improved, what stayed, what got worse.

Items and domains are matched by id, so an assessment graded with an older version of an instrument can still be
read against a newer one. Lower grades are better. A row is "not comparable" rather than a change whenever the two
grades do not measure the same thing: the item is missing from one version, does not apply at one of the two ages,
or was not graded on one of the two occasions; and a domain row is not comparable across a new baseline (its items at
the two ages have nothing in common, ``scoring.baseline``), even when both have a grade. Those rows are kept, so
that nothing silently drops out of the view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..domain.assessment import Assessment
from ..domain.enums import Change
from ..domain.instrument import Domain, Instrument, Item
from .age import band_of
from .baseline import baseline_break, new_baseline, why_new_baseline
from .suggest import effective_domain_grade


@dataclass(frozen=True, slots=True)
class ItemChange:
    item_id: str
    domain_id: str
    """The item's domain in the later instrument, or in the earlier one when the later one lacks the item."""
    earlier_title: str | None
    later_title: str | None
    earlier_grade: int | None
    later_grade: int | None
    change: Change
    why_not_comparable: str = ""
    """In words, for a not comparable row, e.g. "Not assessed at the earlier assessment"."""

    @property
    def title(self) -> str:
        return self.later_title or self.earlier_title or self.item_id


@dataclass(frozen=True, slots=True)
class DomainChange:
    domain_id: str
    earlier_title: str | None
    later_title: str | None
    earlier_grade: int | None
    """The effective domain grade: chosen by the practitioner, or else suggested."""
    later_grade: int | None
    change: Change
    why_not_comparable: str = ""
    """Set when both have a grade that still cannot be compared: a new baseline (``scoring.baseline``)."""

    @property
    def title(self) -> str:
        return self.later_title or self.earlier_title or self.domain_id


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    improved: int
    same: int
    worse: int
    not_comparable: int

    @classmethod
    def of(cls, changes: list[Change]) -> ChangeSummary:
        counts = Counter(changes)
        return cls(counts[Change.IMPROVED], counts[Change.SAME], counts[Change.WORSE], counts[Change.NOT_COMPARABLE])


@dataclass(frozen=True, slots=True)
class Comparison:
    items: tuple[ItemChange, ...]
    """Later instrument order; items only in the earlier instrument follow the others of their domain."""
    domains: tuple[DomainChange, ...]
    summary: ChangeSummary
    """Counts over the items."""
    domain_summary: ChangeSummary
    weeks_apart: int | None = None
    """Whole weeks from the earlier assessment's last visit to the later one's; ``None`` when one has no visit."""
    new_baseline_note: str = ""
    """The sentence saying which domains start a new baseline at the later assessment; empty when none do."""


def change_between(earlier: int | None, later: int | None) -> Change:
    if earlier is None or later is None:
        return Change.NOT_COMPARABLE
    if later < earlier:
        return Change.IMPROVED
    if later > earlier:
        return Change.WORSE
    return Change.SAME


def compare_assessments(
    earlier: Assessment, earlier_instrument: Instrument, later: Assessment, later_instrument: Instrument
) -> Comparison:
    domain_ids = _ids_in_order([d.id for d in later_instrument.domains], [d.id for d in earlier_instrument.domains])
    earlier_side = _Side(earlier, earlier_instrument, "earlier")
    later_side = _Side(later, later_instrument, "later")
    items = []
    domains = []
    for domain_id in domain_ids:
        for item_id in _item_ids_of(domain_id, later_instrument, earlier_instrument):
            items.append(_compare_item(item_id, earlier_side, later_side))
        earlier_grade = earlier_side.domain_grade(domain_id)
        later_grade = later_side.domain_grade(domain_id)
        restart = new_baseline(earlier, earlier_instrument, later, later_instrument, domain_id)
        domains.append(DomainChange(
            domain_id=domain_id,
            earlier_title=earlier_side.domain_title(domain_id),
            later_title=later_side.domain_title(domain_id),
            earlier_grade=earlier_grade,
            later_grade=later_grade,
            change=Change.NOT_COMPARABLE if restart else change_between(earlier_grade, later_grade),
            why_not_comparable=(why_new_baseline(earlier, earlier_instrument, later, later_instrument)
                                if restart else ""),
        ))
    on_earlier, on_later = earlier.last_visit_date, later.last_visit_date
    broken = baseline_break(earlier, earlier_instrument, later, later_instrument, on_later)
    return Comparison(
        items=tuple(items),
        domains=tuple(domains),
        summary=ChangeSummary.of([row.change for row in items]),
        domain_summary=ChangeSummary.of([row.change for row in domains]),
        weeks_apart=(on_later - on_earlier).days // 7 if on_earlier and on_later else None,
        new_baseline_note=broken.sentence if broken else "",
    )


class _Side:
    """One of the two assessments with its instrument, answering the questions a row asks of it."""

    def __init__(self, assessment: Assessment, instrument: Instrument, which: str):
        self.assessment = assessment
        self.instrument = instrument
        self.which = which
        self.band = band_of(instrument, assessment)
        self.items: dict[str, tuple[Domain, Item]] = {
            item.id: (domain, item) for domain in instrument.domains for item in domain.items
        }
        self.domains = {domain.id: domain for domain in instrument.domains}

    def domain_title(self, domain_id: str) -> str | None:
        domain = self.domains.get(domain_id)
        return domain.title if domain else None

    def domain_grade(self, domain_id: str) -> int | None:
        if domain_id not in self.domains:
            return None
        return effective_domain_grade(self.instrument, self.assessment, domain_id)

    def grade_or_reason(self, item_id: str) -> tuple[int | None, str]:
        """The grade, or why there is none to compare, in words."""
        if item_id not in self.items:
            return None, f"not in the {self.which} version of the instrument"
        _, item = self.items[item_id]
        if self.band is None:
            return None, f"no age band at the {self.which} assessment"
        if not self.instrument.item_applies(item, self.band.id):
            return None, f"does not apply at the child's age at the {self.which} assessment"
        grade = self.assessment.item_grades.get(item_id)
        if grade is None:
            return None, f"not graded at the {self.which} assessment"
        if grade.grade is None:
            return None, f"not assessed at the {self.which} assessment"
        return grade.grade, ""


def _compare_item(item_id: str, earlier: _Side, later: _Side) -> ItemChange:
    earlier_grade, earlier_why = earlier.grade_or_reason(item_id)
    later_grade, later_why = later.grade_or_reason(item_id)
    owner = later.items.get(item_id) or earlier.items[item_id]
    change = change_between(earlier_grade, later_grade)
    return ItemChange(
        item_id=item_id,
        domain_id=owner[0].id,
        earlier_title=earlier.items[item_id][1].title if item_id in earlier.items else None,
        later_title=later.items[item_id][1].title if item_id in later.items else None,
        earlier_grade=earlier_grade,
        later_grade=later_grade,
        change=change,
        why_not_comparable=_sentence_case("; ".join(why for why in (earlier_why, later_why) if why)),
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _item_ids_of(domain_id: str, later: Instrument, earlier: Instrument) -> list[str]:
    """The later instrument's items of the domain, then the earlier one's items that the later one lacks."""
    later_ids = {item.id for domain in later.domains for item in domain.items}
    in_later = [item.id for domain in later.domains if domain.id == domain_id for item in domain.items]
    only_earlier = [
        item.id
        for domain in earlier.domains
        if domain.id == domain_id
        for item in domain.items
        if item.id not in later_ids
    ]
    return in_later + only_earlier


def _ids_in_order(first: list[str], second: list[str]) -> list[str]:
    return first + [identifier for identifier in second if identifier not in first]
