"""A change between two grades in words, the same on every screen and page: "5 → 5: no improvement for 39 weeks".

A domain that stays at 4 or 5 has not stayed "the same" in any reassuring sense: the child's needs have gone unmet
for that long. So a change at a worrying grade says how long, and a change that cannot be compared says why.
"""

from __future__ import annotations

from ..domain.enums import Change
from .flags import is_concern

ARROW = "\u2192"


def weeks_words(weeks: int) -> str:
    if weeks <= 0:
        return "less than a week"
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def change_words(earlier: int | None, later: int | None, change: Change, *, weeks: int | None = None,
                 why_not_comparable: str = "") -> str:
    """E.g. "4 → 3: improved", "2 → 4: worse", "5 → 5: no improvement for 39 weeks", "Not comparable: …"."""
    if change is Change.NOT_COMPARABLE:
        return f"Not comparable: {why_not_comparable[:1].lower()}{why_not_comparable[1:]}" if why_not_comparable \
            else "Not comparable"
    grades = f"{earlier} {ARROW} {later}"
    if change is Change.IMPROVED:
        return f"{grades}: improved"
    if change is Change.WORSE:
        return f"{grades}: worse"
    if is_concern(later):
        return f"{grades}: no improvement for {weeks_words(weeks)}" if weeks is not None \
            else f"{grades}: no improvement"
    return f"{grades}: no change"
