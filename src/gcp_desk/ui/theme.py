"""How grades look: always colour, number and word together, never colour alone."""

from __future__ import annotations

from PySide6.QtGui import QColor

# Colour-blind-safe steps from blue-green (needs met) to deep red (needs not met). Text colour chosen per step
# for contrast of at least 4.5:1.
GRADE_COLOURS = {
    1: ("#1b7f5f", "#ffffff"),
    2: ("#7fbf7b", "#0b2e13"),
    3: ("#f1c232", "#3a2a00"),
    4: ("#e06c2f", "#ffffff"),
    5: ("#a3142b", "#ffffff"),
}
NOT_ASSESSED = ("#d9d9d9", "#222222")
UNGRADED = ("#f4f4f4", "#555555")


def grade_background(grade: int | None) -> QColor:
    return QColor(GRADE_COLOURS.get(grade, UNGRADED)[0]) if grade else QColor(UNGRADED[0])


def grade_foreground(grade: int | None) -> QColor:
    return QColor(GRADE_COLOURS.get(grade, UNGRADED)[1]) if grade else QColor(UNGRADED[1])


def grade_style(grade: int | None) -> str:
    """A style sheet fragment for a label or button showing a grade."""
    background, foreground = GRADE_COLOURS.get(grade, UNGRADED) if grade else UNGRADED
    return f"background-color: {background}; color: {foreground}; border-radius: 4px; padding: 2px 6px;"
