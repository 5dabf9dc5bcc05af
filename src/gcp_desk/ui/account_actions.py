"""The signed-in person's actions on the tool bar: "Lock now" (Ctrl+L) and "Change my password…" for everyone,
"Accounts…" and "Restore…" for administrators (the services refuse anyone else too; the action is only hidden so
nobody is offered what fails)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from ..domain.enums import Role
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .session import Session


def _may_choose_instrument(user: Any) -> bool:
    """Asks the service's rule (imported only once someone is signed in, so the sign-in screen stays quick)."""
    from ..services.instrument_choice import may_choose_instrument

    return may_choose_instrument(user)


class AccountActions(QObject):
    rekey_requested = Signal(object)
    """The Session of the administrator who asked to re-key the database (from Accounts…)."""

    def __init__(self, bar: QToolBar, window: QWidget, runner: TaskRunner, *, lock: Callable[[], None],
                 session: Callable[[], Session | None]):
        super().__init__(window)
        self._window, self._runner, self._session = window, runner, session
        self.lock_action = self._add(bar, "Loc&k now", "Lock GCP Desk now (Ctrl+L)", lock)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.change_password_action = self._add(bar, "Change my pass&word…", "Choose a new password for your account",
                                                self.change_password)
        self.accounts_action = self._add(bar, "Acco&unts…", "Accounts and teams; a new password for someone who "
                                         "has forgotten theirs", self.open_accounts)
        self.restore_action = self._add(bar, "&Restore…", "Put a backup in the database's place (the present "
                                        "database is kept as a backup first)", self.open_restore)
        self.instrument_action = self._add(bar, "&Instrument…", "The instrument new assessments use, and any "
                                           "instrument file that failed to load", self.open_instrument)
        self.dialog: QWidget | None = None
        """The Accounts dialog (or the instrument dialog) while it is open."""
        self.password_dialog: QWidget | None = None
        """The "Change my password" dialog while it is open."""

    def _add(self, bar: QToolBar, text: str, tip: str, then: Callable[[], None]) -> QAction:
        action = QAction(text, self._window)
        action.setToolTip(tip)
        action.triggered.connect(then)
        bar.addAction(action)
        bar.widgetForAction(action).setAccessibleName(text.replace("&", ""))
        return action

    def show_for(self, user: Any | None) -> None:
        """Who is signed in (``None``: nobody)."""
        self.change_password_action.setVisible(user is not None)
        self.accounts_action.setVisible(user is not None and user.has_role(Role.ADMINISTRATOR))
        session = self._session()
        self.restore_action.setVisible(user is not None and user.has_role(Role.ADMINISTRATOR) and session is not None
                                       and session.backend.db is not None and session.backend.db.is_sqlite)
        self.instrument_action.setVisible(user is not None and _may_choose_instrument(user))

    def set_enabled(self, enabled: bool) -> None:
        """Off while the window is locked or nobody is signed in."""
        for action in (self.lock_action, self.change_password_action, self.accounts_action, self.restore_action,
                       self.instrument_action):
            action.setEnabled(enabled)

    def open_accounts(self) -> None:
        session = self._session()
        if session is None or not session.user.has_role(Role.ADMINISTRATOR) or not self.accounts_action.isEnabled():
            return
        from .dialogs.accounts_dialog import AccountsDialog

        self.dialog = AccountsDialog(session.users, self._runner, self._window,
                                     can_rekey=session.backend.keys is not None)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog.rekey_requested.connect(lambda: self._rekey(session))
        self.dialog.open()

    def _rekey(self, session: Session) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.rekey_requested.emit(session)

    def open_restore(self) -> None:
        session = self._session()
        if session is None or not session.user.has_role(Role.ADMINISTRATOR) or not self.restore_action.isEnabled():
            return
        from .dialogs.restore_dialog import RestoreDialog

        self.dialog = dialog = RestoreDialog.for_open(session.backend, session.user, self._runner, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        restored: list = []
        dialog.restored.connect(restored.append)
        # Every view holds what the replaced database said: everyone signs in again to the restored one.
        dialog.finished.connect(lambda _result: self._window.switch_user() if restored else None)
        dialog.open()

    def open_instrument(self) -> None:
        session = self._session()
        if session is None or not _may_choose_instrument(session.user) or not self.instrument_action.isEnabled():
            return
        from ..services.instrument_choice import InstrumentChoiceService
        from .dialogs.instrument_dialog import InstrumentDialog

        self.dialog = InstrumentDialog(InstrumentChoiceService(session.context), self._runner, self._window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog.open()

    def change_password(self) -> None:
        session = self._session()
        if session is None or not self.change_password_action.isEnabled():
            return
        from .dialogs.change_password_dialog import ChangePasswordDialog

        self.password_dialog = ChangePasswordDialog(session.users, session.user, self._runner, self._window)
        self.password_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog.destroyed.connect(lambda: setattr(self, "password_dialog", None))
        self.password_dialog.open()
