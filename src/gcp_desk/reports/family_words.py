"""Plain words for the family summary: what a parent, not a practitioner, would call each area of care and grade.

Only the built-in instrument's domains have family names here; a licensed instrument's domains keep their own
titles. The wording is ours.
"""

from __future__ import annotations

from ..domain.instrument import Instrument

FAMILY_DOMAIN_NAMES = {
    "physical": "Clothes, washing, sleep and the home",
    "nutritional": "Food and drink",
    "medical": "Health and teeth",
    "emotional": "Warmth, love and attention",
    "educational": "Play, learning and school",
    "supervision": "Keeping safe",
}

FAMILY_GRADE_WORDS = {
    1: "All needs met",
    2: "Needs met",
    3: "Some needs not met",
    4: "Most needs not met",
    5: "Needs not met",
}


def family_domain_name(instrument: Instrument, domain_id: str) -> str:
    if domain_id in FAMILY_DOMAIN_NAMES and instrument.id == "gcp-desk-neglect-profile":
        return FAMILY_DOMAIN_NAMES[domain_id]
    try:
        return instrument.domain(domain_id).title
    except KeyError:
        return domain_id


def needs_sentence(first_name: str, grade: int) -> str:
    """How far the child's needs are met, said to a parent."""
    return {
        1: f"{first_name}'s needs are fully met.",
        2: f"{first_name}'s needs are met.",
        3: f"Some of {first_name}'s needs are not always met.",
        4: f"Most of {first_name}'s needs are not being met.",
        5: f"{first_name}'s needs are not being met.",
    }[grade]

