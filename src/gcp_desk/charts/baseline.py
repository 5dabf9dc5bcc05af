"""The latest assessment against the baseline, domain by domain, as a dot plot with an arrow for each change.

Grade 1 is on the left and 5 on the right, with the 4-5 band shaded and hatched. The baseline is a large hollow
circle and the latest grade a small filled square, so an unchanged grade shows as a square inside a circle, and the
change is also written in words at the right of each row: a reader never has to judge it from position alone.
Domains are matched by id through ``scoring.compare``, so two instrument versions can be read against each other.
"""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..domain.assessment import Assessment
from ..domain.enums import Change
from ..domain.instrument import Instrument
from ..scoring.compare import DomainChange, compare_assessments
from ..scoring.drift import assessment_date
from . import style

TITLE = "Latest assessment against the baseline"
LEFT_LABEL = "1\nneeds met"
RIGHT_LABEL = "5\nneeds not met"
CHANGE_LABELS = {change: word.capitalize() for change, word in style.CHANGE_WORDS.items()}

_BASELINE_COLOUR = "#6b6b6b"
_LATEST_COLOUR = "#000000"


def latest_against_baseline(
    baseline: tuple[Assessment, Instrument], latest: tuple[Assessment, Instrument]
) -> Figure:
    comparison = compare_assessments(*baseline, *latest)
    rows = comparison.domains
    figure = style.new_figure(9.0, 1.9 + 0.5 * max(len(rows), 1))
    axes = figure.add_subplot()
    axes.set_title(TITLE, loc="left", fontsize=style.TITLE_SIZE, color=style.TEXT_COLOUR)
    band = _frame(axes, rows)
    baseline_marks = _marks(axes, [row.earlier_grade for row in rows], _label("Baseline", baseline[0]),
                            marker="o", markersize=14, markerfacecolor="white", markeredgecolor=_BASELINE_COLOUR,
                            markeredgewidth=2.0)
    latest_marks = _marks(axes, [row.later_grade for row in rows], _label("Latest", latest[0]),
                          marker="s", markersize=7, markerfacecolor=_LATEST_COLOUR, markeredgecolor="white",
                          markeredgewidth=0.6)
    for index, row in enumerate(rows):
        if row.change in (Change.IMPROVED, Change.WORSE):
            axes.annotate("", xy=(row.later_grade, index), xytext=(row.earlier_grade, index),
                          arrowprops={"arrowstyle": "-|>", "color": _LATEST_COLOUR, "linewidth": 1.4,
                                      "shrinkA": 8, "shrinkB": 5, "mutation_scale": 14},
                          zorder=2)
    _change_words(axes, rows)
    figure.legend(handles=[baseline_marks, latest_marks, band], loc="outside lower center", ncols=3,
                  frameon=False, fontsize=style.SMALL_SIZE)
    return figure


def _frame(axes, rows: tuple[DomainChange, ...]):
    axes.set_xlim(0.5, 5.5)
    axes.set_xticks([1, 2, 3, 4, 5], labels=[LEFT_LABEL, "2", "3", "4", RIGHT_LABEL], fontsize=style.LABEL_SIZE)
    axes.set_xlabel("Domain grade", fontsize=style.LABEL_SIZE, color=style.MUTED_TEXT)
    axes.set_ylim(len(rows) - 0.5, -0.5)  # first domain at the top
    axes.set_yticks(range(len(rows)), labels=[row.title for row in rows], fontsize=style.LABEL_SIZE)
    axes.tick_params(axis="y", length=0)
    axes.yaxis.grid(True, color=style.GRID_COLOUR, linewidth=0.8)
    axes.xaxis.grid(True, color=style.GRID_COLOUR, linewidth=0.5, linestyle=":")
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    low, high = style.NEGLECT_BAND
    return axes.axvspan(
        low, high,
        facecolor=style.NEGLECT_FILL, edgecolor=style.NEGLECT_HATCH_COLOUR, hatch=style.NEGLECT_HATCH,
        linewidth=0, zorder=0, label=style.NEGLECT_LABEL,
    )


def _marks(axes, grades: list[int | None], label: str, **look) -> Line2D:
    [line] = axes.plot(
        [math.nan if grade is None else grade for grade in grades],
        list(range(len(grades))),
        linestyle="none",
        label=label,
        clip_on=False,
        zorder=3,
        **look,
    )
    return line


def _change_words(axes, rows: tuple[DomainChange, ...]) -> None:
    """The change for each row as a second set of row labels on the right, so the layout makes room for them."""
    words = axes.secondary_yaxis("right")
    words.set_yticks(range(len(rows)), labels=[CHANGE_LABELS[row.change] for row in rows],
                     fontsize=style.LABEL_SIZE)
    words.tick_params(length=0)
    words.spines["right"].set_visible(False)
    for label, row in zip(words.get_yticklabels(), rows):
        if row.change is Change.WORSE:
            label.set_fontweight("bold")  # worse is what a reader must not miss, in colour or not
        elif row.change is Change.NOT_COMPARABLE:
            label.set_color(style.MUTED_TEXT)
            label.set_fontstyle("italic")


def _label(which: str, assessment: Assessment) -> str:
    on = assessment_date(assessment)
    return which if on is None else f"{which}, {style.short_date(on)}"
