"""From an opened database to a signed-in session: the sign-in screen (a password for an existing account, or its
first password), the welcome dialog on an empty database, and the throw-away demo.

Every check goes through the services on the task runner; a session exists only once the password was right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..domain.errors import InvalidInput, Problem, WrongPassword
from .lock.sign_in_page import SignInPage, SignInRequest
from .start_state import OwnPasswordNeeded, StartState, sign_in, sign_in_through_server
from .tasks import TaskRunner
from .widgets.message_bar import error_in_words

if TYPE_CHECKING:
    from ..app import Backend
    from .dialogs.welcome_dialog import WelcomeChoice, WelcomeDialog


class SignIn(QObject):
    asking = Signal()
    """The sign-in screen is ready: the window puts it on screen."""
    checking = Signal()
    """A password is being checked on the worker (argon2 takes a while on purpose): the window may get ready."""
    signed_in = Signal(object)
    """A ``StartState`` with its session and caseload."""
    opened = Signal(object)
    """Another database was opened (the demo): a ``StartState`` with nobody signed in yet."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, page: SignInPage, open_demo: Callable[[], Backend] | None,
                 parent: QWidget, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self._runner, self.page, self._open_demo, self._window, self._today = runner, page, open_demo, parent, today
        self._backend: Callable[[], Backend] | None = None
        self._one_time: str | None = None
        """A one-time password already shown to be right, kept only until the person has chosen their own."""
        self.dialog: WelcomeDialog | None = None
        page.submitted.connect(self._submit)
        page.account_chosen.connect(self._forget_one_time)
        page.demo_requested.connect(self._open_demo_caseload)

    def ask_for(self, state: StartState) -> None:
        """Who is working on the database ``state`` opened: the welcome dialog if it has no account yet."""
        backend = state.backend
        where = backend.linked_server
        self.page.show_server(where)
        if not state.users and where is None:
            self.welcome(backend)
            return
        self.ask(lambda: backend, state.users, state.last_user_id, throwaway=backend.throwaway)

    def ask(self, backend: Callable[[], Backend], accounts: Sequence[Any], chosen: UUID | None, *,
            throwaway: bool = False) -> None:
        """Show the sign-in screen. ``backend`` hands over the backend when an op runs: while it still opens
        behind the screen, what is typed waits for it on the ordered worker."""
        self._backend = backend
        self.page.reset()
        self.page.show_accounts(accounts, chosen)
        self.page.show_demo_accounts(_demo_accounts() if throwaway else [])
        self.page.offer_demo(self._open_demo is not None and not throwaway)
        self.asking.emit()

    def show_accounts(self, accounts: Sequence[Any], server: str | None = None) -> None:
        """The full list of accounts, once the database behind the screen is open; the choice and what was typed
        stay. ``server``: the team server this laptop is linked to."""
        self.page.show_server(server)
        self.page.show_accounts(accounts, self.page.chosen_user_id)

    # The sign-in screen -------------------------------------------------------------------------------------
    def _submit(self, request: SignInRequest) -> None:
        source, today = self._backend, self._today
        assert source is not None
        if request.server_name is not None:
            name = request.server_name
            self._runner.run(lambda: sign_in_through_server(source(), name, request.password, today),
                             self._signed_in, lambda error: self._refused(error, request))
            self.checking.emit()
            return
        if request.first_password and self._one_time is not None:
            password, new_password = self._one_time, request.password
        else:
            password, new_password = request.password, None
        self._runner.run(lambda: sign_in(source(), request.user_id, password, today, new_password=new_password),
                         self._signed_in, lambda error: self._refused(error, request))
        self.checking.emit()

    def _signed_in(self, state: StartState) -> None:
        self._one_time = None
        self.page.reset()
        self.signed_in.emit(state)

    def _forget_one_time(self, _user_id: UUID | None = None) -> None:
        self._one_time = None

    def _refused(self, error: Exception, request: SignInRequest | None = None) -> None:
        if isinstance(error, OwnPasswordNeeded):
            assert request is not None
            self._one_time = request.password
            self.page.ask_for_first_password()
        elif isinstance(error, WrongPassword):
            self.page.refuse(str(error))
        elif request is not None and request.server_name is not None and not isinstance(error, InvalidInput):
            self.page.refuse(error_in_words(error))  # the server's refusal, under the password: type it again
        elif isinstance(error, InvalidInput):
            self.page.show_problems(error.problems)
        else:
            self.page.show_problems([Problem("", error_in_words(error))])

    # The throw-away demo ------------------------------------------------------------------------------------
    def _open_demo_caseload(self) -> None:
        opener = self._open_demo
        assert opener is not None
        self.page.set_busy(True)
        self._runner.run(lambda: StartState.open(opener), self.opened.emit,
                         lambda error: self.page.show_problems([Problem("", error_in_words(error))]))

    # The first account --------------------------------------------------------------------------------------
    def welcome(self, backend: Backend) -> None:
        from .dialogs.welcome_dialog import WelcomeDialog  # needs the domain models: only once the backend is in

        self.dialog = WelcomeDialog(self._window)
        self.dialog.demo_button.setVisible(self._open_demo is not None and not backend.throwaway)
        self.dialog.submitted.connect(lambda choice: self._welcome_choice(backend, choice))
        self.dialog.open()

    def _welcome_choice(self, backend: Backend, choice: WelcomeChoice) -> None:
        from .dialogs.welcome_dialog import WelcomeAction

        dialog = self.dialog
        assert dialog is not None

        def failed(error: Exception) -> None:
            if isinstance(error, InvalidInput):
                dialog.show_problems(error.problems)
            else:
                dialog.set_busy(False)
                self.problem.emit(error)

        if choice.action is WelcomeAction.DEMO:
            opener = self._open_demo
            assert opener is not None
            self._runner.run(lambda: StartState.open(opener), lambda state: (dialog.accept(), self.opened.emit(state)),
                             failed)
            return
        today = self._today

        def create_and_sign_in() -> StartState:
            user = backend.users().create(choice.name, choice.role, password=choice.password)
            return sign_in(backend, user.id, choice.password, today)

        self._runner.run(create_and_sign_in, lambda state: (dialog.accept(), self.signed_in.emit(state)), failed)


def _demo_accounts() -> list:
    from ..demo.accounts import DEMO_ACCOUNTS

    return list(DEMO_ACCOUNTS)
