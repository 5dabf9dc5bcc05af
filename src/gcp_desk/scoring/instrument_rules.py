"""The rules an instrument must meet that its schema cannot express: a complete scale, age bands that start at
birth and follow one another, unique ids, and a descriptor for every grade of every band an item applies to.

Every rule is checked and every problem is returned with its location, so an author fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from gcp_desk.domain.errors import Problem
from gcp_desk.domain.instrument import ALL_BANDS, GRADES, AgeBand, Instrument, Item


def semantic_problems(instrument: Instrument) -> list[Problem]:
    """The rules the schema cannot express. Every one is checked; nothing stops at the first problem."""
    return [
        *_scale_problems(instrument),
        *_band_problems(instrument),
        *_domain_and_item_problems(instrument),
        *_visit_rule_problems(instrument),
    ]


def _visit_rule_problems(instrument: Instrument) -> Iterator[Problem]:
    rules = instrument.visit_rules
    if rules is None:
        return
    if rules.min_visits is not None and rules.min_unannounced is not None and rules.min_unannounced > rules.min_visits:
        yield Problem("visit_rules.min_unannounced",
                      f"asks for {rules.min_unannounced} unannounced visits but only {rules.min_visits} visits in all")
    if all(value is None for value in (rules.min_visits, rules.min_unannounced, rules.within_weeks,
                                       rules.min_workers)):
        yield Problem("visit_rules", "names no rule; give at least one, or leave visit_rules out")


def _scale_problems(instrument: Instrument) -> Iterator[Problem]:
    first_at: dict[int, int] = {}
    for index, level in enumerate(instrument.scale):
        if level.grade in first_at:
            first = first_at[level.grade]
            yield Problem(f"scale[{index}]", f"grade {level.grade} appears twice (first at scale[{first}])")
        else:
            first_at[level.grade] = index
    for grade in GRADES:
        if grade not in first_at:
            yield Problem("scale", f"grade {grade} is missing; the scale needs each grade from 1 to 5 once")


def _band_problems(instrument: Instrument) -> Iterator[Problem]:
    bands = instrument.age_bands
    if not bands:
        yield Problem("age_bands", "there are no age bands")
        return
    first_at: dict[str, int] = {}
    first_unborn: int | None = None
    for index, band in enumerate(bands):
        where = f"age_bands[{index}]"
        if band.id in first_at:
            yield Problem(where, f"band id '{band.id}' is used twice (first at age_bands[{first_at[band.id]}])")
        else:
            first_at[band.id] = index
        if band.is_unborn:
            if first_unborn is not None:
                yield Problem(
                    where,
                    f"band '{band.id}' is a second unborn band (min_months is null); only one is allowed, "
                    f"and age_bands[{first_unborn}] is already one",
                )
            else:
                first_unborn = index
            if band.max_months is not None:
                yield Problem(where, f"band '{band.id}' is the unborn band, so max_months should be null")
        elif band.max_months is not None and band.max_months <= cast(int, band.min_months):  # born: has one
            yield Problem(
                where, f"min_months ({band.min_months}) must be less than max_months ({band.max_months})"
            )
    yield from _born_band_sequence_problems(bands)


def _born_band_sequence_problems(bands: list[AgeBand]) -> Iterator[Problem]:
    """Born bands, taken youngest first, must start at birth and follow one another without gaps or overlaps."""
    born = sorted(
        ((index, band) for index, band in enumerate(bands) if not band.is_unborn),
        key=lambda pair: pair[1].min_months or 0,
    )
    if not born:
        return
    first_index, youngest = born[0]
    if youngest.min_months != 0:
        yield Problem(
            f"age_bands[{first_index}]",
            f"the youngest band starts at {youngest.min_months} months, so a younger child would have no band; "
            "start it at 0",
        )
    for (earlier_index, earlier), (index, later) in zip(born, born[1:]):
        where = f"age_bands[{index}]"
        later_min = cast(int, later.min_months)  # a born band always starts somewhere
        if earlier.max_months is None:
            yield Problem(
                f"age_bands[{earlier_index}]",
                f"band '{earlier.id}' has no upper age (max_months is null), but band '{later.id}' starts after "
                "it; only the oldest band may be open-ended",
            )
        elif later_min > earlier.max_months:
            yield Problem(
                where,
                f"band '{later.id}' starts at {later.min_months} months but band '{earlier.id}' ends at "
                f"{earlier.max_months}; ages {earlier.max_months} to {later_min - 1} months have no band",
            )
        elif later_min < earlier.max_months:
            yield Problem(
                where,
                f"band '{later.id}' starts at {later.min_months} months, before band '{earlier.id}' ends at "
                f"{earlier.max_months}; the bands overlap",
            )


def _domain_and_item_problems(instrument: Instrument) -> Iterator[Problem]:
    if not instrument.domains:
        yield Problem("domains", "there are no domains")
    band_order = [band.id for band in instrument.age_bands]
    covered: set[str] = set()
    domain_first_at: dict[str, int] = {}
    item_first_at: dict[str, str] = {}
    for domain_index, domain in enumerate(instrument.domains):
        where = f"domains[{domain_index}]"
        if domain.id in domain_first_at:
            first = domain_first_at[domain.id]
            yield Problem(where, f"domain id '{domain.id}' is used twice (first at domains[{first}])")
        else:
            domain_first_at[domain.id] = domain_index
        if domain.description and not domain.description.strip():
            yield Problem(f"{where}.description", "contains only spaces; write a description or leave it out")
        if not domain.items:
            yield Problem(where, f"domain '{domain.id}' has no items")
        for item_index, item in enumerate(domain.items):
            item_where = f"{where}.items[{item_index}]"
            if item.id in item_first_at:
                yield Problem(item_where, f"item id '{item.id}' is already used at {item_first_at[item.id]}")
            else:
                item_first_at[item.id] = item_where
            if item.guidance and not item.guidance.strip():
                yield Problem(f"{item_where}.guidance", "contains only spaces; write guidance or leave it out")
            yield from _item_band_problems(instrument, item, item_where)
            applies = [band_id for band_id in band_order if _applies(instrument, item, band_id)]
            covered.update(applies)
            yield from _descriptor_problems(item, item_where, band_order, applies)
    for index, band in enumerate(instrument.age_bands):
        if band.id not in covered:
            yield Problem(f"age_bands[{index}]", f"no item applies to band '{band.id}'")


def _applies(instrument: Instrument, item: Item, band_id: str) -> bool:
    if item.bands is None:
        return not any(band.id == band_id and band.is_unborn for band in instrument.age_bands)
    return band_id in item.bands


def _item_band_problems(instrument: Instrument, item: Item, where: str) -> Iterator[Problem]:
    if item.bands is None:
        return
    if not item.bands:
        yield Problem(
            f"{where}.bands",
            "the list is empty, so the item applies to no band; leave bands out (null) to mean every band after birth",
        )
    known = [band.id for band in instrument.age_bands]
    listed: set[str] = set()
    for index, band_id in enumerate(item.bands):
        if band_id not in known:
            yield Problem(f"{where}.bands[{index}]", f"unknown band '{band_id}'; the bands are {_quoted(known)}")
        elif band_id in listed:
            yield Problem(f"{where}.bands[{index}]", f"band '{band_id}' is listed twice")
        listed.add(band_id)


def _descriptor_problems(item: Item, where: str, band_order: list[str], applies: list[str]) -> Iterator[Problem]:
    descriptors = item.descriptors
    for key, wording in descriptors.items():
        if key != ALL_BANDS and key not in band_order:
            yield Problem(
                where, f"descriptors for unknown band '{key}'; use one of {_quoted(band_order)} or 'all'"
            )
        elif key != ALL_BANDS and key not in applies:
            yield Problem(where, f"descriptors for band '{key}', but the item does not apply to that band")
        for grade in sorted(wording):
            if grade not in GRADES:
                yield Problem(where, f"grade {grade} in {_set_name(key)} is not on the scale; grades run from 1 to 5")
    # A band's own set replaces 'all' whole, so each set must be complete by itself.
    for band_id in applies:
        if band_id in descriptors:
            yield from _missing_grades(descriptors[band_id], where, f"band '{band_id}'")
    using_all = [band_id for band_id in applies if band_id not in descriptors]
    if not using_all:
        return
    if ALL_BANDS not in descriptors:
        for band_id in using_all:
            yield Problem(where, f"no descriptors for band '{band_id}'; give a set for '{band_id}' or for 'all'")
    else:
        yield from _missing_grades(descriptors[ALL_BANDS], where, f"'all' (used for {_band_list(using_all)})")


def _missing_grades(wording: dict[int, str], where: str, in_what: str) -> Iterator[Problem]:
    for grade in GRADES:
        if grade not in wording:
            yield Problem(where, f"no descriptor for grade {grade} in {in_what}")


def _set_name(key: str) -> str:
    return "'all'" if key == ALL_BANDS else f"band '{key}'"


def _band_list(band_ids: list[str]) -> str:
    return ("band " if len(band_ids) == 1 else "bands ") + _quoted(band_ids)


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)

