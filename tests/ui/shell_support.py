"""Constants and helpers shared by the shell's UI tests (imported by name: every test folder has a conftest.py,
so ``from conftest import ...`` would be ambiguous)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

TODAY = date(2026, 11, 2)
DEMO_SEED = 11
DEMO_CHILDREN = 30
TEST_PASSWORD = "quiet harbour lantern 42"
"""The password of every account a UI test makes itself (the demo's accounts have theirs: ``password_of``)."""


def fixed_today() -> date:
    return TODAY


def demo_user(backend, name: str = "Sam Whitfield"):
    return next(user for user in backend.users().accounts() if user.name == name)


_MADE_HERE: dict = {}
"""Account id -> password, for the accounts the tests make (``make_user``)."""


def password_of(user) -> str:
    """The password of an account a test made, else of the demo account with that name."""
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS

    if user.id in _MADE_HERE:
        return _MADE_HERE[user.id]
    return next(account.password for account in DEMO_ACCOUNTS if account.name == user.name)


def make_user(backend, name: str, role=None, *, actor=None, password: str = TEST_PASSWORD, team_id=None):
    """An account with ``TEST_PASSWORD``; after the first, ``actor`` must be an administrator."""
    from gcp_desk.domain.enums import Role

    user = backend.users(actor).create(name, role or Role.PRACTITIONER, password=password, team_id=team_id)
    _MADE_HERE[user.id] = password
    return user


def sign_in_as(qtbot, window, user, password: str | None = None) -> None:
    """Choose ``user`` on the window's sign-in screen and type the password, as a person would."""
    page = window.sign_in_page
    assert window.pages.currentWidget() is page, "the sign-in screen is not showing"
    index = page.index_of(user.id)
    assert index >= 0, f"{user.name} is not offered on the sign-in screen"
    if index != page.account.currentIndex():
        page.account.setCurrentIndex(index)
        page.account.activated.emit(index)
    page.password.setFocus()
    page.password.clear()
    qtbot.keyClicks(page.password, password or password_of(user))
    qtbot.keyClick(page.password, Qt.Key.Key_Return)


def wait_for_focus(qtbot, widget: QWidget) -> None:
    """A new window is activated by the next turns of the event loop; wait until ``widget`` has the keyboard."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Type where the keyboard focus is (it must be ``widget``), then Tab on, as a person would."""
    assert QApplication.focusWidget() is widget, f"focus is on {QApplication.focusWidget()!r}, not {widget!r}"
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)





def shown_caseload(qtbot, runner, session, *, size: tuple[int, int] | None = None, page_size: int | None = None):
    """A caseload view of ``session``, shown and read as the window shows it after sign-in."""
    from gcp_desk.ui.views.caseload_view import CaseloadView

    view = CaseloadView(runner)
    if page_size is not None:
        view.model.page_size = page_size
    qtbot.addWidget(view)
    if size is not None:
        view.resize(*size)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.reload()
    return view
