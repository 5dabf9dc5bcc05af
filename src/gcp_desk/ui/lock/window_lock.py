"""Locking the window: after a quiet spell (``Settings.idle_lock_minutes``) or on request, the window's content and
its open dialogs are hidden behind the lock screen; only the signed-in user's password brings them back.

Before anything is hidden, what was typed is saved (``save_work``, which flushes the assessment workspace as
leaving it does). Dialogs are hidden, not closed, so what is half-typed in them is still there after unlocking;
they are closed only if someone else signs in instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QWidget
from shiboken6 import isValid

from ...domain.clock import utc_now
from ...domain.errors import WrongPassword
from ...security.idle import IdleTracker
from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from .idle_watch import IdleWatch
from .lock_screen import LockScreen

if TYPE_CHECKING:
    from ..session import Session


class WindowLock(QObject):
    changed = Signal(bool)
    """Locked (True) or unlocked (False)."""
    switch_user_requested = Signal()

    def __init__(self, runner: TaskRunner, window: QWidget, pages: QStackedWidget, screen: LockScreen, *,
                 hide_while_locked: Sequence[QWidget], save_work: Callable[[], None],
                 clock: Callable[[], datetime] = utc_now):
        super().__init__(window)
        self._runner, self._window, self._pages, self.screen = runner, window, pages, screen
        self._chrome, self._save_work, self._clock = list(hide_while_locked), save_work, clock
        self.watch = IdleWatch(self)
        self.watch.idle.connect(lambda: self.lock(idle=True))
        screen.unlock_requested.connect(self._check)
        screen.switch_user_requested.connect(self.switch_user_requested)
        self._session: Session | None = None
        self._locked = False
        self._covered_page: QWidget | None = None
        self._hidden: list[QWidget] = []
        self._focus: QWidget | None = None

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def tracker(self) -> IdleTracker | None:
        return self.watch.tracker

    def begin(self, session: Session) -> None:
        """Someone signed in: start counting quiet time."""
        self._uncover(restore_dialogs=False)
        self._session = session
        minutes = session.backend.settings.idle_lock_minutes
        self.watch.follow(IdleTracker(timedelta(minutes=minutes), self._clock))

    def end(self) -> None:
        """Signed out (or someone else is signing in): stop counting; close whatever the lock had hidden."""
        self.watch.stop()
        self._session = None
        self._uncover(restore_dialogs=False)

    def lock(self, *, idle: bool = False) -> None:
        session = self._session
        if session is None or self._locked:
            return
        self._save_work()
        self._locked = True
        tracker = self.watch.tracker
        self.watch.stop()
        self._focus = QApplication.focusWidget()
        self._hidden = [w for w in (*self._open_dialogs(), *self._chrome) if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self._covered_page = self._pages.currentWidget()
        self._pages.setCurrentWidget(self.screen)
        minutes = int(tracker.timeout.total_seconds() // 60) if idle and tracker is not None else None
        self.screen.show_for(session.user, idle_minutes=minutes)
        self.changed.emit(True)

    # Unlocking --------------------------------------------------------------------------------------------------
    def _check(self, password: str) -> None:
        session = self._session
        if session is None:
            return
        users, user_id = session.users, session.user.id
        self._runner.run(lambda: users.check_password(user_id, password),
                         lambda _: self._unlocked(session), self._refused)

    def _unlocked(self, session: Session) -> None:
        if session is not self._session or not self._locked:
            return
        self._uncover(restore_dialogs=True)
        minutes = session.backend.settings.idle_lock_minutes
        self.watch.follow(IdleTracker(timedelta(minutes=minutes), self._clock))

    def _refused(self, error: Exception) -> None:
        self.screen.refuse(str(error) if isinstance(error, WrongPassword) else error_in_words(error))

    def _uncover(self, *, restore_dialogs: bool) -> None:
        if not self._locked:
            return
        self._locked = False
        if self._pages.currentWidget() is self.screen and self._covered_page is not None:
            self._pages.setCurrentWidget(self._covered_page)
        self._covered_page = None
        for widget in self._hidden:
            if not isValid(widget):  # deleted while hidden
                continue
            if isinstance(widget, QDialog):
                widget.open() if restore_dialogs else widget.reject()
            else:
                widget.show()
        self._hidden = []
        focus = self._focus
        if restore_dialogs and focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus()
        self._focus = None
        self.changed.emit(False)

    def _open_dialogs(self) -> list[QDialog]:
        """The app's dialogs that belong to this window and are showing (a record's details half-edited, say)."""
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and _belongs_to(w, self._window)]


def _belongs_to(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False
