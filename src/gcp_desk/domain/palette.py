"""The grade colours every surface shares: the screen, the charts and the printed report.

Colour-blind-safe steps from blue-green (needs met) to deep red (needs not met), each as (background, text), the
text colour chosen for a contrast of at least 4.5:1. Colour is never the only cue: wherever a grade is shown, its
number and word are shown with it.
"""

GRADE_COLOURS: dict[int, tuple[str, str]] = {
    1: ("#1b7f5f", "#ffffff"),
    2: ("#7fbf7b", "#0b2e13"),
    3: ("#f1c232", "#3a2a00"),
    4: ("#e06c2f", "#ffffff"),
    5: ("#a3142b", "#ffffff"),
}
NOT_ASSESSED = ("#d9d9d9", "#222222")
UNGRADED = ("#f4f4f4", "#555555")
