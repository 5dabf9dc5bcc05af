"""The shape of an instrument file: domains, items, age bands and level descriptors.

The built-in "GCP Desk neglect profile" and any licensed instrument an organisation loads use this same schema.
Loading, validating and hashing files lives in ``scoring.instruments``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

GRADES: tuple[int, ...] = (1, 2, 3, 4, 5)
ALL_BANDS = "all"
"""Descriptor key meaning "the same wording for every band this item applies to"."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScaleLevel(_Strict):
    grade: Annotated[int, Field(ge=1, le=5)]
    label: Text
    """A few words, e.g. "Needs fully met"."""
    meaning: Text
    """One sentence saying what the grade means in general."""


class AgeBand(_Strict):
    id: Identifier
    label: Text
    min_months: Annotated[int, Field(ge=0)] | None = None
    """Inclusive lower bound of age in whole months; ``None`` for the unborn band."""
    max_months: Annotated[int, Field(ge=1)] | None = None
    """Exclusive upper bound; ``None`` for the oldest band."""

    @property
    def is_unborn(self) -> bool:
        return self.min_months is None


class Item(_Strict):
    id: Identifier
    title: Text
    guidance: str = ""
    """What to look at, in a sentence or two."""
    bands: list[Identifier] | None = None
    """Bands this item applies to; ``None`` means every band except the unborn one."""
    descriptors: dict[str, dict[int, Text]]
    """Band id (or ``"all"``) -> grade -> what care at that grade looks like."""
    household: bool = False
    """The item describes the home rather than the child (e.g. home conditions): siblings assessed on the same
    visits share its grade and evidence, entered once and confirmed for each child. Added in a later file format:
    left out of the hash while false (``content_hash``)."""


class Domain(_Strict):
    id: Identifier
    title: Text
    description: str = ""
    items: list[Item]


class VisitRules(_Strict):
    """How an assessment with this instrument should be gathered. Each rule is optional; completeness checks those
    given and warns, with ``why``, when an assessment falls short. They are warnings, not refusals: a family that
    cannot be seen twice is a fact to record, not a reason to hold the assessment back."""

    min_visits: Annotated[int, Field(ge=1)] | None = None
    min_unannounced: Annotated[int, Field(ge=0)] | None = None
    within_weeks: Annotated[int, Field(ge=1)] | None = None
    """All visits within this many weeks of the first."""
    min_workers: Annotated[int, Field(ge=1)] | None = None
    """Different people named as visitors across the visits."""
    why: Text
    """One sentence, shown with every warning: why the rules matter."""


class Instrument(_Strict):
    id: Identifier
    version: Text
    title: Text
    attribution: Text
    licence: Text
    scale: list[ScaleLevel]
    age_bands: list[AgeBand]
    domains: list[Domain]
    visit_rules: VisitRules | None = None
    """Added in a later file format: an instrument without rules hashes as it did before (``content_hash``)."""

    # Lookups. The model is frozen, so these are cheap to rebuild and never stale.
    def band(self, band_id: str) -> AgeBand:
        for band in self.age_bands:
            if band.id == band_id:
                return band
        raise KeyError(band_id)

    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def item(self, item_id: str) -> Item:
        for domain in self.domains:
            for item in domain.items:
                if item.id == item_id:
                    return item
        raise KeyError(item_id)

    def domain_of(self, item_id: str) -> Domain:
        for domain in self.domains:
            if any(item.id == item_id for item in domain.items):
                return domain
        raise KeyError(item_id)

    def item_applies(self, item: Item, band_id: str) -> bool:
        if item.bands is None:
            return not self.band(band_id).is_unborn
        return band_id in item.bands

    def items_for(self, domain_id: str, band_id: str) -> list[Item]:
        """The items of one domain that apply to a child in ``band_id``, in instrument order."""
        return [item for item in self.domain(domain_id).items if self.item_applies(item, band_id)]

    def applicable_item_ids(self, band_id: str) -> list[str]:
        return [item.id for domain in self.domains for item in domain.items if self.item_applies(item, band_id)]

    def descriptor(self, item_id: str, band_id: str, grade: int) -> str:
        descriptors = self.item(item_id).descriptors
        wording = descriptors.get(band_id) or descriptors[ALL_BANDS]
        return wording[grade]

    def scale_label(self, grade: int) -> str:
        return next(level.label for level in self.scale if level.grade == grade)
