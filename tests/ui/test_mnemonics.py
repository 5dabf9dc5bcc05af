"""Every action on the tool bar and in its menus has its own Alt+letter, for every person in the demo and on every
page they can reach: two buttons showing the same underlined letter would leave Alt+letter doing one of them (or
neither), which is what a keyboard user notices first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from gcp_desk.demo.accounts import DEMO_ACCOUNTS
from shell_support import demo_user


def _letter(text: str) -> str | None:
    key = QKeySequence.mnemonic(text)
    return key.toString().removeprefix("Alt+").casefold() if not key.isEmpty() else None


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def _window_mnemonics(window) -> list[tuple[str, str]]:
    """(letter, what) for each control on screen in the window with an underlined letter: the tool bar's buttons,
    the page's buttons, and the labels that move the keyboard to a field."""
    found = []
    for button in window.findChildren(QAbstractButton):
        if _shown(button, window) and _letter(button.text()):
            found.append((_letter(button.text()), button.text()))
    for label in window.findChildren(QLabel):
        if _shown(label, window) and label.buddy() is not None and _letter(label.text()):
            found.append((_letter(label.text()), label.text()))
    return found


def _repeated(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, what in found:
        by_letter.setdefault(letter, []).append(what)
    return {letter: whats for letter, whats in by_letter.items() if len(whats) > 1}


def _open_child(window, qtbot) -> None:
    """The record of the first child on the caseload, its overview on screen."""
    window.show_caseload()
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 0, timeout=10000)
    window.open_child(window.caseload.model.row_at(0).child_id)
    qtbot.waitUntil(lambda: window.child_record.record is not None, timeout=10000)


def _pages(window, qtbot) -> dict:
    pages = {"caseload": window.show_caseload}
    if window.session.user.works_on_cases:
        pages["child record"] = lambda: _open_child(window, qtbot)
    if window.supervision.queue_action.isVisible():
        pages["review queue"] = window.supervision.show_queue
    if window.supervision.team_action.isVisible():
        pages["team view"] = window.supervision.show_team
    return pages


@pytest.mark.parametrize("name", [account.name for account in DEMO_ACCOUNTS])
def test_no_two_visible_actions_share_an_alt_letter(make_window, demo_paths, demo_backend, qtbot, name):
    window = make_window(demo_paths, demo_user(demo_backend, name))
    bar = window.navigation
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if action.isVisible() and isinstance(widget, QAbstractButton) and widget.text():
            assert _letter(widget.text()), f"{widget.text()!r} on the tool bar has no Alt+letter ({name})"
    for page, show in _pages(window, qtbot).items():
        show()
        QApplication.processEvents()
        assert _repeated(_window_mnemonics(window)) == {}, f"on the {page} of {name}"
    records = window.records_actions.menu
    shown = [action.text() for action in records.actions() if action.isVisible() and not action.isSeparator()]
    assert all(_letter(text) for text in shown), shown
    assert _repeated([(_letter(text), text) for text in shown]) == {}, f"the Records menu of {name}"


def test_alt_and_the_letter_work_on_the_tool_bar(make_window, demo_paths, demo_backend, qtbot, screenshot):
    """Chris (supervisor and administrator) sees both the Review queue (Alt+Q) and Restore… (Alt+R)."""
    window = make_window(demo_paths, demo_user(demo_backend, "Chris Halloran"))
    window.activateWindow()
    from PySide6.QtTest import QTest

    assert QTest.qWaitForWindowActive(window)
    assert window.account_actions.restore_action.isVisible() and window.supervision.queue_action.isVisible()
    screenshot(window.navigation, "tool-bar-letters")
    opened = []
    window.account_actions.restore_action.triggered.connect(lambda: opened.append("restore"))
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.supervision.queue, timeout=2000)
    assert opened == [], "Alt+Q opened the review queue only"
    window.account_actions.restore_action.triggered.disconnect()
    window.account_actions.restore_action.triggered.connect(lambda: opened.append("restore"))
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: opened == ["restore"], timeout=2000)
