"""The grades of the demo's invented assessments, made once per pattern: a large caseload repeats the same few
grades and grade patterns millions of times.

Each domain's suggestion is the app's own (``scoring.suggest``), worked out the first time a band and a domain's
grades are met and reused after, and the concern domains follow from the domain grades as
``scoring.flags.concern_domains`` has them. Item and domain grades are shared objects (``SharedParts``), as are
the adults an assessment lists, once per child (``AdultsAsSeen``), and the ids of the many small parts come from a
quick generator of version-4 UUIDs.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from uuid import UUID, SafeUUID

from ..domain.assessment import Assessment, AssessmentAdult, DomainGrade, ItemGrade
from ..domain.enums import Involvement
from ..domain.instrument import Instrument, Item
from ..domain.people import Adult, ChildAdultLink
from ..scoring.flags import is_concern
from ..scoring.suggest import suggest_domain_grade

Pattern = tuple[str, str, tuple[int | None, ...]]
"""An age band, a domain and the grade of each of the domain's items (``None`` where not graded)."""


class DomainSuggestions:
    def __init__(self, instrument: Instrument):
        self._instrument = instrument
        self._items = {domain.id: [item.id for item in domain.items] for domain in instrument.domains}
        self._band_items: dict[str, list[Item]] = {}
        self._suggested: dict[Pattern, int | None] = {}

    def items_for(self, band_id: str) -> list[Item]:
        """The items that apply in the band, domain by domain, in instrument order."""
        found = self._band_items.get(band_id)
        if found is None:
            found = self._band_items[band_id] = [item for domain in self._instrument.domains
                                                 for item in self._instrument.items_for(domain.id, band_id)]
        return found

    def suggested(self, assessment: Assessment, domain_id: str) -> int | None:
        """``suggest_domain_grade(...).grade`` for the assessment's domain, or ``None`` when it has no suggestion."""
        grades: Mapping[str, ItemGrade] = assessment.item_grades
        pattern = (assessment.age_band, domain_id,
                   tuple(grade.grade if (grade := grades.get(item_id)) is not None else None
                         for item_id in self._items[domain_id]))
        try:
            return self._suggested[pattern]
        except KeyError:
            suggestion = suggest_domain_grade(self._instrument, assessment, domain_id)
            found = self._suggested[pattern] = None if suggestion is None else suggestion.grade
            return found

    def concern_domains(self, assessment: Assessment, domain_grades: Mapping[str, DomainGrade]) -> list[str]:
        """As ``scoring.flags.concern_domains``: the domains whose chosen grade, or else suggested one, is 4 or 5."""
        return [domain.id for domain in self._instrument.domains
                if is_concern(chosen.chosen if (chosen := domain_grades.get(domain.id)) is not None
                              else self.suggested(assessment, domain.id))]


_new_object = object.__new__
_set_field = object.__setattr__  # a UUID is immutable: its own __setattr__ refuses, as in UUID.__init__
_VERSION_4 = (4 << 76) | (0b10 << 62)
_NOT_VERSION_BITS = ~((0xF << 76) | (0b11 << 62)) & ((1 << 128) - 1)


class SharedParts:
    def __init__(self) -> None:
        self._ids = random.Random()  # seeded from the system's randomness: ids differ from one demo to the next
        self._item_grades: dict[tuple[str, int], ItemGrade] = {}
        self._domain_grades: dict[tuple[str, int, int, str], DomainGrade] = {}

    def new_id(self) -> UUID:
        """A random version-4 UUID, as ``uuid4`` makes, without a call to the system for each of millions. Made as
        ``UUID(int=...)`` makes it (its two fields set), without that call's checks of its arguments, which took
        two thirds of the time: the number is 128 bits with the version's bits set, always in range."""
        made = _new_object(UUID)
        _set_field(made, "int", (self._ids.getrandbits(128) & _NOT_VERSION_BITS) | _VERSION_4)
        _set_field(made, "is_safe", SafeUUID.unknown)
        return made

    def item_grade(self, item_id: str, grade: int) -> ItemGrade:
        """One object per item and grade, shared by the assessments that give it (they are never changed in
        place): validating a new one for each of millions of grades was a tenth of building a large caseload."""
        found = self._item_grades.get((item_id, grade))
        if found is None:
            found = self._item_grades[item_id, grade] = ItemGrade(item_id=item_id, grade=grade)
        return found

    def domain_grade(self, domain_id: str, chosen: int, suggested: int, reason: str) -> DomainGrade:
        """Shared as item grades are."""
        key = (domain_id, chosen, suggested, reason)
        found = self._domain_grades.get(key)
        if found is None:
            found = self._domain_grades[key] = DomainGrade(domain_id=domain_id, chosen=chosen, suggested=suggested,
                                                           override_reason=reason)
        return found


class AdultsAsSeen:
    """The adults linked to one child, in household order, and each one as an assessment of that child lists them
    with each way they may have been involved: made once per child, not once per assessment."""

    def __init__(self, adults: list[Adult], links: list[ChildAdultLink]):
        self._adults = [(adult, next(link.relationship for link in links if link.adult_id == adult.id))
                        for adult in adults if any(link.adult_id == adult.id for link in links)]
        self._made: dict[tuple[int, Involvement], AssessmentAdult] = {}

    def __len__(self) -> int:
        return len(self._adults)

    def as_seen(self, position: int, involvement: Involvement) -> AssessmentAdult:
        found = self._made.get((position, involvement))
        if found is None:
            adult, relationship = self._adults[position]
            found = self._made[position, involvement] = AssessmentAdult(
                adult_id=adult.id, name=adult.full_name, relationship=relationship, involvement=involvement)
        return found

