"""How grades look (always colour, number and word together, never colour alone), and how a problem is shown."""

from __future__ import annotations

from PySide6.QtGui import QColor

from ..domain.palette import GRADE_COLOURS, NOT_ASSESSED, UNGRADED  # noqa: F401 (re-exported)

PROBLEM_STYLE = f"color: {GRADE_COLOURS[5][0]}; font-weight: bold;"
"""Words saying why something was refused or failed, on every screen: the deepest red of the grade scale."""


def grade_background(grade: int | None) -> QColor:
    return QColor(GRADE_COLOURS.get(grade, UNGRADED)[0]) if grade else QColor(UNGRADED[0])


def grade_foreground(grade: int | None) -> QColor:
    return QColor(GRADE_COLOURS.get(grade, UNGRADED)[1]) if grade else QColor(UNGRADED[1])


def grade_style(grade: int | None) -> str:
    """A style sheet fragment for a label or button showing a grade."""
    background, foreground = GRADE_COLOURS.get(grade, UNGRADED) if grade else UNGRADED
    return f"background-color: {background}; color: {foreground}; border-radius: 4px; padding: 2px 6px;"
