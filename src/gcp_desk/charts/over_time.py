"""Each domain's grade over time for one child: the chart that makes months without change impossible to miss.

Dates are drawn to scale, so a long gap between assessments shows as a long gap. Grade 1 is at the top and 5 at the
bottom, so "down" always means "worse", and the 4-5 band is shaded and hatched. Where several domains share a grade
on the same day their lines would lie on top of each other, so each line is drawn a few points above or below its
true position (a fixed offset in print units, set on the line's transform): the data of every line stays exactly
the grades, and the spread stays well inside half a grade.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from ..scoring.baseline import new_baseline
from . import style
from .history import DatedAssessment, dated_history, domains_of

TITLE = "Domain grades over time"
TOP_LABEL = "1 needs met"
BOTTOM_LABEL = "5 needs not met"
NO_DATA = "No dated assessments yet"
NEW_BASELINE = "New baseline"

_SPREAD_POINTS = 14.0
"""Total vertical spread of all lines at one grade, in points (about a quarter of a grade on the default size)."""
_MAX_DATE_TICKS = 8


def domain_grades_over_time(
    history: list[tuple[Assessment, Instrument]], *, domains: list[str] | None = None
) -> Figure:
    """One line per domain (all of them unless ``domains`` picks some), x = assessment date, y = effective grade."""
    dated = dated_history(history)
    chosen = domains_of(dated, domains)
    figure = style.new_figure(9.0, 5.6)
    axes = figure.add_subplot()
    axes.set_title(TITLE, loc="left", fontsize=style.TITLE_SIZE, color=style.TEXT_COLOUR)
    band = _grade_axis(axes)
    handles = [_draw_line(figure, axes, dated, domain_id, title, index, len(chosen))
               for index, (domain_id, title) in enumerate(chosen)]
    restarts = new_baselines(dated, [domain_id for domain_id, _ in chosen])
    for on in restarts:
        axes.axvline(date2num(on), color=style.MUTED_TEXT, linestyle=(0, (4, 3)), linewidth=1.0, zorder=2)
        axes.annotate(NEW_BASELINE, (date2num(on), 0.5), xytext=(4, -2), textcoords="offset points",
                      va="top", fontsize=style.SMALL_SIZE, color=style.MUTED_TEXT)
    if dated:
        _date_axis(axes, [entry.on for entry in dated])
    else:
        axes.set_xticks([])
        axes.text(0.5, 0.5, NO_DATA, transform=axes.transAxes, ha="center", va="center",
                  fontsize=style.LABEL_SIZE, color=style.MUTED_TEXT)
    figure.legend(
        handles=[*handles, band],
        loc="outside lower center",
        ncols=3,
        frameon=False,
        fontsize=style.SMALL_SIZE,
        handlelength=4.0,
    )
    return figure


def _grade_axis(axes) -> Patch:
    axes.set_ylim(5.5, 0.5)  # inverted: 1 at the top
    axes.set_yticks([1, 2, 3, 4, 5], labels=[TOP_LABEL, "2", "3", "4", BOTTOM_LABEL], fontsize=style.LABEL_SIZE)
    axes.set_ylabel("Domain grade", fontsize=style.LABEL_SIZE, color=style.MUTED_TEXT)
    axes.yaxis.grid(True, color=style.GRID_COLOUR, linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    low, high = style.NEGLECT_BAND
    return axes.axhspan(
        low, high,
        facecolor=style.NEGLECT_FILL, edgecolor=style.NEGLECT_HATCH_COLOUR, hatch=style.NEGLECT_HATCH,
        linewidth=0, zorder=0, label=style.NEGLECT_LABEL,
    )


def new_baselines(dated: list[DatedAssessment], domain_ids: list[str]) -> list[date]:
    """The dates where any of the domains starts a new baseline (``scoring.baseline``)."""
    return [later.on for earlier, later in zip(dated, dated[1:])
            if any(new_baseline(earlier.assessment, earlier.instrument, later.assessment, later.instrument, domain_id)
                   for domain_id in domain_ids)]


def _draw_line(figure: Figure, axes, dated: list[DatedAssessment], domain_id: str, title: str, index: int,
               count: int):
    days: list = []
    values: list[float] = []
    for position, entry in enumerate(dated):
        if position and new_baseline(dated[position - 1].assessment, dated[position - 1].instrument,
                                     entry.assessment, entry.instrument, domain_id):
            days.append(dated[position - 1].on + (entry.on - dated[position - 1].on) / 2)
            values.append(math.nan)  # like with like only: the line does not cross a new baseline
        grade = entry.grade(domain_id)
        days.append(entry.on)
        values.append(math.nan if grade is None else grade)
    [line] = axes.plot(
        days,
        values,  # NaN breaks the line: a gap, not a guess
        label=title,
        linewidth=1.8,
        markersize=7,
        markeredgecolor="white",
        markeredgewidth=0.8,
        clip_on=False,
        zorder=3,
        **style.line_look(index),
    )
    line.set_transform(axes.transData + ScaledTranslation(0, _offset_points(index, count) / 72,
                                                          figure.dpi_scale_trans))
    return line


def _offset_points(index: int, count: int) -> float:
    """The first line highest, the last lowest, centred on the true grade."""
    if count < 2:
        return 0.0
    step = min(3.5, _SPREAD_POINTS / (count - 1))
    return ((count - 1) / 2 - index) * step


def _date_axis(axes, days: list[date]) -> None:
    first, last = days[0], days[-1]
    pad = max(timedelta(days=10), (last - first) * 0.05)
    axes.set_xlim(date2num(first - pad), date2num(last + pad))
    distinct = sorted(set(days))
    if _room_for_each_date(distinct):
        ticks = list(date2num(distinct))
    else:
        low, high = axes.get_xlim()
        ticks = [tick for tick in AutoDateLocator(minticks=3, maxticks=_MAX_DATE_TICKS).tick_values(
            num2date(low), num2date(high)) if low <= tick <= high]
        # A short tick at every assessment still shows when each one happened.
        axes.set_xticks(date2num(distinct), minor=True)
        axes.xaxis.remove_overlapping_locs = False  # keep an assessment's tick even where a label falls on it
        axes.tick_params(axis="x", which="minor", length=4, color=style.MUTED_TEXT)
    # Fixed labels rather than a formatter: the words are then known when the figure is built, and they are
    # English whatever the machine's locale.
    axes.set_xticks(ticks, labels=[style.short_date(num2date(tick).date()) for tick in ticks],
                    rotation=30, ha="right", rotation_mode="anchor", fontsize=style.SMALL_SIZE)
    axes.set_xlabel("Assessment date (last visit)", fontsize=style.LABEL_SIZE, color=style.MUTED_TEXT)


def _room_for_each_date(days: list[date]) -> bool:
    """Label each assessment's own date when there are few and none crowds its neighbour."""
    if len(days) > _MAX_DATE_TICKS:
        return False
    if len(days) < 2:
        return True
    span = (days[-1] - days[0]).days
    closest = min((later - earlier).days for earlier, later in zip(days, days[1:]))
    return closest >= span * 0.08
