"""A grid of domains (rows) by assessment (columns, dated), each cell showing the grade as colour, number and word.

The word is the cell's own instrument's name for the grade, so a licensed instrument's wording shows as it is. With
many assessments the cells get too narrow for words: from ``WORDS_UP_TO`` + 1 columns on, cells show the number
alone and a key under the grid gives the words. A cell with no grade shows "–".
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from . import style
from .history import DatedAssessment, dated_history, domains_of

TITLE = "Domain grades by assessment"
NO_DATA = "No dated assessments yet"
WORDS_UP_TO = 8
"""The most columns that still leave room for the grade's word in each cell."""

_GAP = 0.04
"""White space between cells, as a fraction of a cell, so that neighbouring colours never merge in print."""


def domain_grid(history: list[tuple[Assessment, Instrument]]) -> Figure:
    dated = dated_history(history)
    domains = domains_of(dated)
    with_words = len(dated) <= WORDS_UP_TO
    column_width = 1.15 if with_words else 0.55
    figure = style.new_figure(2.8 + column_width * max(len(dated), 3), 1.5 + 0.62 * max(len(domains), 1))
    axes = figure.add_subplot()
    axes.set_title(TITLE, loc="left", fontsize=style.TITLE_SIZE, color=style.TEXT_COLOUR, pad=14)
    _frame(axes, dated, domains, with_words)
    for column, entry in enumerate(dated):
        for row, (domain_id, _) in enumerate(domains):
            _cell(axes, row, column, entry, domain_id, with_words)
    if not dated:
        axes.text(0.5, 0.5, NO_DATA, transform=axes.transAxes, ha="center", va="center",
                  fontsize=style.LABEL_SIZE, color=style.MUTED_TEXT)
    elif not with_words:
        _key(figure, dated[-1].instrument)
    return figure


def _frame(axes, dated: list[DatedAssessment], domains: list[tuple[str, str]], with_words: bool) -> None:
    axes.set_xlim(0, max(len(dated), 1))
    axes.set_ylim(max(len(domains), 1), 0)  # first domain at the top
    axes.xaxis.tick_top()
    axes.set_xticks(
        [column + 0.5 for column in range(len(dated))],
        labels=[style.short_date(entry.on) for entry in dated],
        fontsize=style.SMALL_SIZE,
        rotation=0 if with_words else 90,
    )
    axes.set_yticks(
        [row + 0.5 for row in range(len(domains))],
        labels=[textwrap.fill(title, 22) for _, title in domains],
        fontsize=style.LABEL_SIZE,
    )
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)


def _cell(axes, row: int, column: int, entry: DatedAssessment, domain_id: str, with_words: bool) -> None:
    grade = entry.grade(domain_id)
    background, text_colour = style.grade_colours(grade)
    axes.add_patch(Rectangle(
        (column + _GAP, row + _GAP), 1 - 2 * _GAP, 1 - 2 * _GAP,
        facecolor=background, edgecolor="#9a9a9a" if grade is None else "none", linewidth=0.6,
    ))
    centre_x, centre_y = column + 0.5, row + 0.5
    if grade is None:
        axes.text(centre_x, centre_y, style.EMPTY, ha="center", va="center", fontsize=14, color=text_colour)
        return
    if not with_words:
        axes.text(centre_x, centre_y, str(grade), ha="center", va="center", fontsize=12, fontweight="bold",
                  color=text_colour)
        return
    axes.text(centre_x, centre_y - 0.17, str(grade), ha="center", va="center", fontsize=12, fontweight="bold",
              color=text_colour)
    axes.text(centre_x, centre_y + 0.2, textwrap.fill(entry.instrument.scale_label(grade), 14), ha="center",
              va="center", fontsize=7.5, linespacing=1.0, color=text_colour)


def _key(figure: Figure, instrument: Instrument) -> None:
    words = "    ".join(f"{level.grade} {level.label}" for level in sorted(instrument.scale, key=lambda s: s.grade))
    figure.supxlabel(words, fontsize=style.SMALL_SIZE, color=style.MUTED_TEXT)
