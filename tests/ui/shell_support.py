"""Constants and helpers shared by the shell's UI tests (imported by name: every test folder has a conftest.py,
so ``from conftest import ...`` would be ambiguous)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

TODAY = date(2026, 11, 2)
DEMO_SEED = 11
DEMO_CHILDREN = 30


def fixed_today() -> date:
    return TODAY


def demo_user(backend, name: str = "Sam Whitfield"):
    return next(user for user in backend.users().all() if user.name == name)


def wait_for_focus(qtbot, widget: QWidget) -> None:
    """A new window is activated by the next turns of the event loop; wait until ``widget`` has the keyboard."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Type where the keyboard focus is (it must be ``widget``), then Tab on, as a person would."""
    assert QApplication.focusWidget() is widget, f"focus is on {QApplication.focusWidget()!r}, not {widget!r}"
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)



