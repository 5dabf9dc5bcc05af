"""Headings that tell households of the same name apart, safe to show on a caseload screen.

A caseload is read in open-plan offices and on laptops in cars and cafés, so a heading shows as little as tells two
families apart. Households whose name no other household in the caseload shares keep their name alone. Where
several share a name, each gets the **postcode district** of its address (the part before the space, e.g. "LS7"),
which covers thousands of homes and names none; never the house number or street. Where there is no postcode, or
the districts do not tell them apart, each is numbered in the order it was recorded: "Jessop household (2)". The
full address stays on the child's record.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from operator import itemgetter
from typing import NamedTuple
from uuid import UUID

_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*[0-9][A-Z]{2}\b", re.IGNORECASE)


class NamedHousehold(NamedTuple):
    """A tuple: a caseload compares tens of thousands of households at once (about 0.3 µs to make each, where a
    frozen dataclass took 1.5)."""

    id: UUID
    name: str
    address: str
    created_at: datetime


def postcode_district(address: str) -> str | None:
    """The outward part of the last UK postcode in ``address``, upper case; ``None`` when it has none."""
    found = _POSTCODE.findall(address or "")
    return found[-1].upper() if found else None


def distinct_labels(households: list[NamedHousehold], wanted: set | None = None) -> dict:
    """A heading for each household (``wanted``: for those ids only): its name, with the postcode district or a
    number where the name is shared."""
    by_name: dict[str, list[NamedHousehold]] = defaultdict(list)
    keys: dict[str, str] = {}  # a caseload's many households share few names: each name's key worked out once
    for household in households:
        name = household[1]
        key = keys.get(name)
        if key is None:
            key = keys[name] = name.strip().lower()
        by_name[key].append(household)
    labels = {}
    for same in by_name.values():
        if wanted is not None and not any(h.id in wanted for h in same):
            continue
        if len(same) == 1:
            labels[same[0].id] = same[0].name
            continue
        same.sort(key=_ID)
        same.sort(key=_RECORDED)  # stable: households recorded at the same moment stay in the order of their ids
        districts = _districts(same)
        if districts is not None:
            labels |= {h.id: f"{h.name.strip()}, {district}" for h, district in zip(same, districts, strict=True)}
        else:
            shown = {name: name.strip() for name in {h.name for h in same}}
            labels |= {h.id: f"{shown[h.name]} ({number})" for number, h in enumerate(same, start=1)}
    return labels if wanted is None else {key: label for key, label in labels.items() if key in wanted}


_ID, _RECORDED = itemgetter(0), itemgetter(3)
"""The order households of one name were recorded in: by ``created_at``, then ``id`` (sorted by one key at a time:
three times quicker than by a pair). Ids are all of one kind in a call (UUIDs, or the database's hex text), which
sort alike."""


def _districts(same: list[NamedHousehold]) -> list[str] | None:
    """Each household's postcode district, or ``None`` as soon as one has none or shares another's."""
    found: list[str] = []
    for household in same:
        district = postcode_district(household.address)
        if district is None or district in found:
            return None
        found.append(district)
    return found
