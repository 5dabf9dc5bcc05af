"""Style sheets set only when they change.

``setStyleSheet`` parses the sheet and restyles the widget and everything inside it, even when the sheet is the one
it has already: a few milliseconds each time, which a grade keypress must not spend on words whose look did not
change. Widgets drawn in a few states (a chosen card, a focused area) paint their state themselves instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style_sheet(widget: QWidget, sheet: str) -> None:
    """``widget.setStyleSheet(sheet)`` unless it has that sheet already: Qt parses and restyles it all the same."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
