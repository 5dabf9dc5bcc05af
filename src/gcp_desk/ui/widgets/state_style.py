"""A widget drawn in one of a few states (focused or not, chosen or not) from one style sheet set once.

``setStyleSheet`` parses the sheet and restyles the widget and everything inside it: a few milliseconds each time,
several times per grade keypress. Here every state's rule is written once, selected by a property, and a change of
state re-polishes the one widget.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

PROPERTY = "state"


def set_state_styles(widget: QWidget, object_name: str, styles: dict[str, str]) -> None:
    """``styles``: each state's declarations (``"border: 1px solid #b0b0b0;"``) by the state's name."""
    widget.setStyleSheet("\n".join(f'QFrame#{object_name}[{PROPERTY}="{state}"] {{ {rules} }}'
                                   for state, rules in styles.items()))


def show_state(widget: QWidget, state: str) -> None:
    if widget.property(PROPERTY) == state:
        return
    widget.setProperty(PROPERTY, state)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_style_sheet(widget: QWidget, sheet: str) -> None:
    """``widget.setStyleSheet(sheet)`` unless it has that sheet already: Qt parses and restyles it all the same."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
