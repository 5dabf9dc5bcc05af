"""The shared look of every chart: grade colours, line styles, fonts and date wording.

Every chart must read when printed in black and white, so colour is never the only cue: grades carry their number
and word, lines carry a marker and a dash pattern, and the neglect band carries a hatch and a label.
"""

from __future__ import annotations

from datetime import date

from matplotlib.figure import Figure

from ..domain.enums import Change
from ..domain.palette import GRADE_COLOURS, NOT_ASSESSED, UNGRADED  # noqa: F401 (used by the chart builders)


# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies, black first; its orange is
# darkened to a brown so that, printed in grey, the line still stands out against the shaded neglect band.
LINE_COLOURS = ("#000000", "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8b5a00", "#56b4e9")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
# Dash patterns that stay distinct on a grey-scale print; solid first.
LINE_STYLES = ("-", (0, (6, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (3, 1.5)), (0, (6, 2, 1, 2, 1, 2)))

NEGLECT_BAND = (3.5, 5.5)
"""The part of the grade axis read as indicating neglect (grades 4 and 5), edge to edge."""
NEGLECT_LABEL = "Neglect indicated (4-5)"
NEGLECT_FILL = "#e6e6e6"
NEGLECT_HATCH = "////"
NEGLECT_HATCH_COLOUR = "#b3b3b3"

GRID_COLOUR = "#d0d0d0"
TEXT_COLOUR = "#1a1a1a"
MUTED_TEXT = "#555555"

TITLE_SIZE = 13
LABEL_SIZE = 10.5
SMALL_SIZE = 9

EMPTY = "–"
"""What a cell or slot with no grade shows."""

CHANGE_WORDS = {
    Change.IMPROVED: "improved",
    Change.SAME: "same",
    Change.WORSE: "worse",
    Change.NOT_COMPARABLE: "not comparable",
}

_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: date) -> str:
    """E.g. "3 Mar 2026". Built by hand, not with strftime, so it is English and has no leading zero everywhere."""
    return f"{day.day} {_SHORT_MONTHS[day.month - 1]} {day.year}"


def grade_colours(grade: int | None) -> tuple[str, str]:
    """(background, text) for a grade; the ungraded pair for ``None``."""
    return GRADE_COLOURS.get(grade, UNGRADED) if grade is not None else UNGRADED


def line_look(index: int) -> dict:
    """Colour, marker and dash pattern of the ``index``-th line. The three cycle at different lengths, so even a
    long instrument gives each line a combination no other line has."""
    return {
        "color": LINE_COLOURS[index % len(LINE_COLOURS)],
        "marker": MARKERS[index % len(MARKERS)],
        "linestyle": LINE_STYLES[index % len(LINE_STYLES)],
    }


def new_figure(width: float, height: float) -> Figure:
    """A blank figure with constrained layout, so labels and legends are never cut off when saved."""
    return Figure(figsize=(width, height), layout="constrained", facecolor="white")
