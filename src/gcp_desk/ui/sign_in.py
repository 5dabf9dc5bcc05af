"""From an opened database to a signed-in session: the last user straight away, otherwise the welcome dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..domain.errors import InvalidInput
from .start_state import StartState, remember_user
from .tasks import TaskRunner

if TYPE_CHECKING:
    from ..app import Backend
    from .dialogs.welcome_dialog import WelcomeChoice, WelcomeDialog


class SignIn(QObject):
    """Runs the welcome dialog and its choices. Emits ``signed_in`` with a ready ``StartState``."""

    signed_in = Signal(object)
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, open_demo: Callable[[], Backend] | None, parent: QWidget,
                 today: Callable[[], date] = date.today):
        super().__init__(parent)
        self._today = today
        self._runner = runner
        self._open_demo = open_demo
        self._window = parent
        self.dialog: WelcomeDialog | None = None

    def ask(self, state: StartState) -> None:
        from .dialogs.welcome_dialog import WelcomeDialog  # needs the domain models: only once the backend is in

        backend = state.backend
        self.dialog = WelcomeDialog(self._window, users=state.users, last_user_id=backend.settings.last_user_id)
        self.dialog.demo_button.setVisible(self._open_demo is not None and not getattr(backend, "throwaway", False))
        self.dialog.submitted.connect(lambda choice: self._choose(backend, choice))
        self.dialog.open()

    def _choose(self, backend: Backend, choice: WelcomeChoice) -> None:
        from .dialogs.welcome_dialog import WelcomeAction

        dialog = self.dialog
        assert dialog is not None

        def done(state: StartState) -> None:
            dialog.accept()
            self.signed_in.emit(state)

        def failed(error: Exception) -> None:
            if isinstance(error, InvalidInput):
                dialog.show_problems(error.problems)
            else:
                dialog.set_busy(False)
                self.problem.emit(error)

        if choice.action is WelcomeAction.DEMO:
            assert self._open_demo is not None
            self._runner.run(lambda: StartState.of(self._open_demo(), self._today), done, failed)
            return

        def sign_in() -> StartState:
            user = choice.user
            if choice.action is WelcomeAction.NEW_ACCOUNT:
                user = backend.users().create(choice.name, choice.role)
            assert user is not None
            remember_user(backend, user)
            return StartState.of(backend, self._today)

        self._runner.run(sign_in, done, failed)
