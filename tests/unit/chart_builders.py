"""Reading a matplotlib figure the way the chart tests need: texts, lines and spans, not pixels."""

from __future__ import annotations

import math


def grades_of(line) -> list[int | None]:
    """A line's y values with NaN (a gap) read back as ``None``."""
    return [None if math.isnan(value) else int(value) for value in line.get_ydata()]


def x_grades_of(line) -> list[int | None]:
    return [None if math.isnan(value) else int(value) for value in line.get_xdata()]


def tick_texts(labels) -> list[str]:
    return [label.get_text() for label in labels]


def one_line(text: str) -> str:
    """Wrapped chart text read as the words it says."""
    return " ".join(text.split())


def span_labelled(axes, label: str):
    [patch] = [patch for patch in axes.patches if patch.get_label() == label]
    return patch


def legend_texts(figure) -> list[str]:
    [legend] = figure.legends
    return [text.get_text() for text in legend.get_texts()]
