"""Start-up, composed for the main window: open the database, ask who is working, and hand the window a session
once a password was right.

Two ways in. ``start`` opens (and if need be migrates) the database first, then shows the sign-in screen.
``start_at_once`` takes a quick first read (``storage.quick_start``: plain sqlite3, no SQLAlchemy or pydantic) for
the last user's name, shows the sign-in screen for them at once, and opens the backend behind it; a password typed
meanwhile waits for it on the ordered worker. The quick read reads no child's record: children's records are read
only after a right password.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QObject

from ..domain.labels import roles_in_words
from .missing_database import missing_database_offer
from .start_state import BackendOpening, StartState
from .tasks import TaskRunner
from .warm_up import warm_up_reports
from .widgets.message_bar import error_in_words

if TYPE_CHECKING:
    from ..app import Backend
    from ..storage.quick_start import QuickStart

LOADING = "Opening GCP Desk…"
FIRST_ACCOUNT = "Create the first account to start"


class StartUp(QObject):
    def __init__(self, window: Any, runner: TaskRunner, open_backend: Callable[[], Backend]):
        super().__init__(window)
        self._window, self._runner, self._open_backend = window, runner, open_backend
        self._opening: BackendOpening | None = None
        self.recovery_dialog = None
        self.restore_dialog = None
        self._missing = None

    def start(self) -> None:
        """Open the database in the background (also "Try again" after it could not be opened)."""
        self._window.show_status(LOADING)
        opener = self._open_backend
        self._runner.run(lambda: StartState.open(opener), self.opened, self.failed)

    def start_at_once(self, quick: QuickStart | None) -> None:
        """The sign-in screen for the last user at once, the backend opened behind it; with no quick read (first
        run, another schema, a server database…), the ordinary start."""
        if quick is None:
            return self.start()
        opening = self._opening = BackendOpening(self._open_backend)
        self._window.sign_in.ask(opening.require, [quick.user], quick.user.id)
        # Drawn before the worker starts importing the backend: were the first frame painted during those imports,
        # each of the paint's calls into Python would wait for the worker to hand over the interpreter lock.
        self._window.repaint()
        self._runner.run(opening.open, lambda state: self._opened_behind(opening, state), self.failed)

    def _opened_behind(self, opening: BackendOpening, state: StartState) -> None:
        if opening is not self._opening:
            state.backend.close()  # the window was closed meanwhile
            return
        self._opening = None
        self._window.backend = state.backend
        self._window.prepare_views()
        if self._window.session is not None:
            return
        if state.users:
            self._window.sign_in.show_accounts(state.users, state.backend.linked_server)
        else:
            self.opened(state)  # the account went, and every other with it: make the first one again

    def opened(self, state: StartState) -> None:
        """A database is open (the user's, or the throw-away demo) and nobody has signed in to it yet."""
        window = self._window
        self.sign_out()
        if window.backend is not None and window.backend is not state.backend:
            window.backend.close()
        window.backend = state.backend
        window.message_bar.clear()
        window.prepare_views()
        if not state.users and state.backend.linked_server is None:
            window.show_status(FIRST_ACCOUNT, "", "Create account…", kind="welcome")
            window.first_account_needed.emit()
        window.sign_in.ask_for(state)

    def signed_in(self, state: StartState) -> None:
        """A right password: the session's caseload on screen, and the idle lock counting."""
        window, session = self._window, state.session
        assert session is not None and window.caseload is not None and window.child_record is not None
        window.backend = state.backend
        window.message_bar.clear()
        window.session = session
        demo = " (demo caseload: invented data)" if session.is_demo else ""
        window.setWindowTitle(f"GCP Desk{demo}")
        user = session.user
        window.navigation.show_user(f"Working as {user.name} ({roles_in_words(user.roles).lower()}){demo}")
        window.navigation.show()
        window.account_actions.show_for(user)
        window.supervision.signed_in(session)
        window.caseload.set_session(session)
        window.child_record.set_session(session)
        window.pages.setCurrentWidget(window.caseload)
        if state.first is not None:
            window.caseload.show_first(state.first, state.titles or session.domain_titles(), stale=state.stale)
        else:
            window.caseload.reload()
        window.lock.begin(session)
        window.integrity_watch.signed_in(session)
        window.update_navigation()
        window.caseload.table.setFocus()
        warm_up_reports(self._runner, window.supervision.preview.worker, lambda: session.reports.signing_key())
        if state.recovery_key:
            self._show_recovery_key(state)

    def _show_recovery_key(self, state: StartState) -> None:
        from .dialogs.recovery_key_dialog import RecoveryKeyDialog

        assert state.recovery_key is not None
        dialog = self.recovery_dialog = RecoveryKeyDialog(
            state.recovery_key, plain_backups_encrypted=state.plain_backups_encrypted,
            encrypted_now=state.encrypted_now,
            parent=self._window)
        state.recovery_key = None
        dialog.open()

    def sign_out(self) -> None:
        """Nobody is signed in: what was typed is saved, and no record stays behind the sign-in screen."""
        window = self._window
        window.drop_workspace()
        window.lock.end()
        if window.session is not None:
            window.integrity_watch.signed_out()
        window.session = None
        window.navigation.hide()
        window.account_actions.show_for(None)
        window.supervision.sign_out()
        if window.pages.currentWidget() not in (window.status, window.sign_in_page):
            window.show_status("Signing out…")
        if window.caseload is not None:
            window.caseload.model.set_rows([], {})

    def switch_user(self) -> None:
        """"Switch user", or "Sign in as someone else" on the lock screen: back to the sign-in screen."""
        window, backend = self._window, self._window.backend
        if backend is None:
            return
        self.sign_out()
        window.message_bar.clear()

        def ask(users: list) -> None:
            window.sign_in.ask(lambda: backend, users, _last_user(backend), throwaway=backend.throwaway)
            window.sign_in_page.account.setFocus()  # most often, someone else is about to sign in

        self._runner.run(backend.accounts, ask, window.show_problem)

    def failed(self, error: Exception) -> None:
        self._opening = None
        window = self._window
        if window.backend is None:
            self.sign_out()
        offer = missing_database_offer(error)
        if offer is not None:
            self._missing = offer
            window.show_status("The database is missing", offer.words, "Restore the newest backup…", kind="restore")
        else:
            window.show_status("GCP Desk cannot open its database", error_in_words(error), "Try again",
                               kind="retry")
        window.start_refused.emit(error)

    def offer_restore(self) -> None:
        """The missing database's newest backup, restored by an administrator; then the ordinary start."""
        if self._missing is None:
            return
        from .dialogs.restore_dialog import RestoreDialog

        dialog = self.restore_dialog = RestoreDialog.for_missing(self._missing.paths, self._runner, self._window)
        restored: list = []
        dialog.restored.connect(restored.append)
        dialog.finished.connect(lambda _result: self.start() if restored else None)
        dialog.open()

    def stop(self) -> None:
        """The window is closing: a backend still opening behind it is closed as soon as it arrives."""
        self._opening = None


def _last_user(backend: Backend) -> UUID | None:
    last = backend.settings.last_user_id
    return UUID(last) if last else None
