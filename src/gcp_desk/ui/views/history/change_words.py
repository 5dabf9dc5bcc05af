"""How a change between two grades is shown: an arrow and words, never colour or position alone.

Grade 1 is "needs met", so an improvement is a lower grade. The arrows follow the charts, where grade 1 is at the
top: better points up, worse points down.
"""

from __future__ import annotations

from ....domain.enums import Change
from ....domain.instrument import Instrument
from ..assessment.grade_chip import grade_text

CHANGE_MARKS = {
    Change.IMPROVED: "↑ Improved",
    Change.SAME: "= Same",
    Change.WORSE: "↓ Worse",
    Change.NOT_COMPARABLE: "Not comparable",
}
CHANGE_SPOKEN = {
    Change.IMPROVED: "improved",
    Change.SAME: "the same",
    Change.WORSE: "worse",
    Change.NOT_COMPARABLE: "not comparable",
}
CHANGE_ARROWS = {Change.IMPROVED: "↑", Change.SAME: "=", Change.WORSE: "↓", Change.NOT_COMPARABLE: ""}
NO_GRADE = "No grade"


def change_cell(change: Change, words: str) -> str:
    """The arrow and the words of ``scoring.change_words``, e.g. "= 5 → 5: no improvement for 39 weeks"."""
    if change is Change.NOT_COMPARABLE:
        return words if words.startswith(CHANGE_MARKS[change]) else CHANGE_MARKS[change]
    if not words:
        return CHANGE_MARKS[change]
    return f"{CHANGE_ARROWS[change]} {words}"


def grade_words(instrument: Instrument | None, grade: int | None, *, empty: str = NO_GRADE) -> str:
    """ "4 · Most needs unmet", or ``empty`` when there is no grade to show."""
    if grade is None or instrument is None:
        return empty
    return grade_text(instrument, grade)
