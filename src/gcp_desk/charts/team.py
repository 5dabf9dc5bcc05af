"""The team view's two charts in one figure: how many children have each grade as their worst domain, and how many
improved, stayed the same or worsened over the last six months. Counts are written on the bars, so the chart reads
in black and white too."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..scoring.team import Direction, TeamPicture
from . import style

WORST_TITLE = "Children by their worst domain grade"
DIRECTION_TITLE = "Over the last six months"
DIRECTION_ORDER = (Direction.IMPROVING, Direction.NO_CHANGE, Direction.WORSENING, Direction.NOT_KNOWN)
DIRECTION_LABELS = {Direction.IMPROVING: "Improving", Direction.NO_CHANGE: "No change",
                    Direction.WORSENING: "Worsening", Direction.NOT_KNOWN: "Not known"}
DIRECTION_COLOURS = {Direction.IMPROVING: "#009e73", Direction.NO_CHANGE: "#999999",
                     Direction.WORSENING: "#d55e00", Direction.NOT_KNOWN: "#dddddd"}
HATCHES = {Direction.WORSENING: "///", Direction.NOT_KNOWN: ".."}


def team_charts(picture: TeamPicture) -> Figure:
    figure = style.new_figure(9.0, 3.6)
    worst, direction = figure.subplots(1, 2)
    counts = picture.by_worst_grade()
    grades = list(counts)
    bars = worst.bar([str(grade) for grade in grades], [counts[g] for g in grades],
                     color=[style.grade_colours(g)[0] for g in grades], edgecolor="#333333", linewidth=0.6)
    _label(worst, bars, [counts[g] for g in grades])
    worst.set_title(WORST_TITLE, loc="left", fontsize=style.LABEL_SIZE, color=style.TEXT_COLOUR)
    worst.set_xlabel("Worst domain grade (4 and 5 indicate neglect)", fontsize=style.SMALL_SIZE,
                     color=style.MUTED_TEXT)
    values = [picture.count(d) for d in DIRECTION_ORDER]
    bars = direction.bar([DIRECTION_LABELS[d] for d in DIRECTION_ORDER], values,
                         color=[DIRECTION_COLOURS[d] for d in DIRECTION_ORDER], edgecolor="#333333", linewidth=0.6,
                         hatch=None)
    for bar, kind in zip(bars, DIRECTION_ORDER, strict=True):
        bar.set_hatch(HATCHES.get(kind, ""))
    _label(direction, bars, values)
    direction.set_title(DIRECTION_TITLE, loc="left", fontsize=style.LABEL_SIZE, color=style.TEXT_COLOUR)
    for axes in (worst, direction):
        axes.set_ylabel("Children", fontsize=style.SMALL_SIZE, color=style.MUTED_TEXT)
        axes.tick_params(labelsize=style.SMALL_SIZE)
        axes.set_ylim(0, max([*values, *counts.values(), 1]) * 1.25)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    return figure


def _label(axes, bars, values) -> None:
    for bar, value in zip(bars, values, strict=True):
        axes.annotate(str(value), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                      textcoords="offset points", ha="center", va="bottom", fontsize=style.SMALL_SIZE)
