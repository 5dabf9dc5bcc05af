"""Where a domain's history starts again: a new baseline when the child's age band changes and the domain's items at
the two ages have nothing in common.

Before birth a domain is graded from antenatal items (antenatal care, health in pregnancy); after birth from items
about the baby. A "medical 4 then 3" across the birth compares two different things, so it is neither an
improvement nor drift. Every reading over time (comparison, drift, plan review, charts) asks ``new_baseline`` and
compares only like with like, saying so where it stops.

A domain is a new baseline at the later assessment when either assessment has items for it at its age and the two
sets share none. A domain missing from one instrument version is left to the version matching by id, and an
assessment with no age band yet has nothing to compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from .age import band_of, format_date


def domain_items(instrument: Instrument, assessment: Assessment, domain_id: str) -> frozenset[str] | None:
    """Ids of the domain's items that apply at the assessment's age; ``None`` without a band or the domain."""
    band = band_of(instrument, assessment)
    if band is None:
        return None
    return _items_by_band(instrument).get((domain_id, band.id))


_KNOWN: dict[int, tuple[Instrument, dict[tuple[str, str], frozenset[str]]]] = {}
"""Each instrument's items by domain and age band, worked out once: a history's drift asks for them for every
domain of every assessment (a third of the time of working out a child's reasons). Keyed by the instrument
object, which is kept with its entry so that the key stays its own; instruments are frozen."""


def _items_by_band(instrument: Instrument) -> dict[tuple[str, str], frozenset[str]]:
    known = _KNOWN.get(id(instrument))
    if known is None or known[0] is not instrument:
        if len(_KNOWN) > 64:  # a few are installed; more only where many are loaded one after another
            _KNOWN.clear()
        by_band = {(domain.id, band.id): frozenset(item.id for item in instrument.items_for(domain.id, band.id))
                   for domain in instrument.domains for band in instrument.age_bands}
        known = _KNOWN[id(instrument)] = (instrument, by_band)
    return known[1]


def new_baseline(earlier: Assessment, earlier_instrument: Instrument, later: Assessment,
                 later_instrument: Instrument, domain_id: str) -> bool:
    """True when the domain's items at the two ages have nothing in common, so ``later`` starts afresh."""
    before = domain_items(earlier_instrument, earlier, domain_id)
    after = domain_items(later_instrument, later, domain_id)
    if before is None or after is None:
        return False
    return bool(before or after) and not before & after


def band_label(instrument: Instrument, assessment: Assessment) -> str:
    band = band_of(instrument, assessment)
    return band.label if band is not None else "no age band"


def why_new_baseline(earlier: Assessment, earlier_instrument: Instrument, later: Assessment,
                     later_instrument: Instrument) -> str:
    """E.g. "New baseline: the items for Unborn (antenatal) and Under 2 have nothing in common"."""
    return (f"New baseline: the items for {band_label(earlier_instrument, earlier).lower()} and "
            f"{band_label(later_instrument, later).lower()} have nothing in common")


@dataclass(frozen=True, slots=True)
class BaselineBreak:
    """One assessment where some domains start a new baseline."""

    on: date | None
    domain_titles: tuple[str, ...]
    sentence: str


def baseline_break(earlier: Assessment, earlier_instrument: Instrument, later: Assessment,
                   later_instrument: Instrument, on: date | None) -> BaselineBreak | None:
    """The domains ``later`` starts afresh for, in the later instrument's order, in one sentence; ``None`` if none."""
    titles = tuple(domain.title for domain in later_instrument.domains
                   if new_baseline(earlier, earlier_instrument, later, later_instrument, domain.id))
    if not titles:
        return None
    when = f" on {format_date(on)}" if on else ""
    ages = (f"{band_label(earlier_instrument, earlier).lower()} to {band_label(later_instrument, later).lower()}")
    listed = "every domain" if len(titles) == len(later_instrument.domains) else ", ".join(titles)
    return BaselineBreak(on, titles, (
        f"New baseline{when} for {listed}: the child's age band changed ({ages}) and the items have nothing in "
        "common, so grades are compared only from here on."))
