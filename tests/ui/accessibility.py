"""What a screen reader would hear: every control that can take focus must have a name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QWidget


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return widget.accessibleName()
    return interface.text(QAccessible.Text.Name).strip()


def unnamed_controls(root: QWidget) -> list[str]:
    """Every visible widget under ``root`` that takes keyboard focus but has no accessible name.

    The name may come from ``setAccessibleName``, a button's text, or a buddy label, as Qt reports it to
    assistive technology.
    """
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QScrollBar):
            continue
        if widget.parent() is not None and isinstance(widget.parent(), QAbstractScrollArea) and \
                widget is widget.parent().viewport():
            continue
        if not accessible_name(widget):
            missing.append(f"{type(widget).__name__} objectName={widget.objectName()!r}")
    return missing
