"""A new password typed twice, in a small dialog of its own: changing your own password (the current one first), or
an administrator setting a new one for a colleague who has forgotten theirs.

The dialog checks only what needs no account: something typed, the two new ones the same. The services check the
current password and the rules for a new one; their problems are shown under the field they are about, and nothing
is changed. The call goes through the task runner (argon2 takes a moment, on purpose). Once the password is stored
the dialog says so in place of the form, and Close (or Enter) closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget
from shiboken6 import isValid

from ...domain.errors import InvalidInput, Problem
from ..lock.new_password import NewPasswordFields, password_field
from ..tasks import TaskRunner
from ..widgets.checked_form import CheckedForm
from ..widgets.message_bar import error_in_words

if TYPE_CHECKING:
    from ...domain.people import User
    from ...services.users import UserService

CHANGED_OWN = "Your password has been changed."
TYPE_CURRENT = "type the password you use now"
SAME_AS_CURRENT = "the new password is the same as your current one. Choose a different one"


@dataclass(frozen=True)
class PasswordSet:
    """What the dialog did: whose password was changed, and whether it was the signed-in person's own."""

    account_name: str
    own: bool


class _NewPasswordDialog(QDialog):
    """The shape both dialogs share. A subclass adds its own rows before the new password (``_add_rows``), checks
    them (``_problems``) and says how to store the password (``_operation``, run on the task runner)."""

    own = False
    """True when the password is the signed-in person's own."""

    def __init__(self, account: User, runner: TaskRunner, parent: QWidget | None, *, title: str, intro: str,
                 action: str):
        super().__init__(parent)
        self.account, self._runner = account, runner
        self.outcome: PasswordSet | None = None
        self._busy = False
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)  # relative, so the system font size is respected
        font.setBold(True)
        heading.setFont(font)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)

        self.form_area = QWidget()
        form_box = QVBoxLayout(self.form_area)
        form_box.setContentsMargins(0, 0, 0, 0)
        self.form = CheckedForm.inside(form_box)
        self._add_rows(self.form)
        self.passwords = NewPasswordFields(self.form, key="new", label="&New password", again="New password &again",
                                           aliases=("New password", "Password"))

        self.done_note = QLabel()
        self.done_note.setWordWrap(True)
        self.done_note.hide()

        self.buttons = QDialogButtonBox()
        self.action_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        for button in (self.action_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter in a field sends (``eventFilter``); a clicked button stays passive
        self.action_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        for field in self._fields():
            field.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addWidget(self.form_area)
        layout.addWidget(self.done_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)

    # For subclasses -----------------------------------------------------------------------------------------
    def _add_rows(self, form: CheckedForm) -> None:
        """Rows above the new password (none by default)."""

    def _problems(self) -> list[Problem]:
        return self.passwords.problems()

    def _operation(self, new: str) -> Callable[[], object]:
        """The service call that stores ``new``, made from what is typed now (it runs off the UI thread, where no
        widget may be read)."""
        raise NotImplementedError

    def _confirmation(self) -> str:
        raise NotImplementedError

    def _fields(self) -> list[QLineEdit]:
        return [self.passwords.password, self.passwords.again]

    # Acting -------------------------------------------------------------------------------------------------
    @property
    def changed(self) -> bool:
        return self.outcome is not None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.activateWindow()
        target = self.close_button if self.changed else self._fields()[0]
        target.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in a field sends, and goes no further: were it passed on to the dialog, the same key press could
        also press Close on the confirmation that has just replaced the form."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and watched in self._fields():
            self._submit()
            return True
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        if self._busy:  # the password is being stored; closing now would hide whether it was
            return
        super().reject()

    def _submit(self) -> None:
        if self._busy or self.changed:
            return
        problems = self._problems()
        if problems:
            self._show_problems(problems)
            return
        self.form.clear()
        self._set_busy(True)
        self._runner.run(self._operation(self.passwords.text), self._stored, self._refused)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.action_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        for field in self._fields():
            field.setReadOnly(busy)

    def _stored(self, _result: object) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        for field in self._fields():
            field.clear()  # no password stays in a widget longer than needed
        self.outcome = PasswordSet(self.account.name, own=self.own)
        words = self._confirmation()
        self.form_area.hide()
        self.intro.hide()
        self.done_note.setText(words)
        self.done_note.setAccessibleName(words)
        self.done_note.show()
        self.action_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self._fit_height_soon()

    def _refused(self, error: Exception) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        self._show_problems(error.problems if isinstance(error, InvalidInput) else [Problem("", error_in_words(error))])

    def _show_problems(self, problems: list[Problem]) -> None:
        self.form.show(problems)
        self._fit_height_soon()

    def _fit_height_soon(self) -> None:
        """As tall as the wrapped words need at the present width: room for a problem rather than clip it, and no
        empty space once the form gives way to the confirmation. Measured once the rows just shown or hidden have
        been laid out (Qt does that from its event queue); ``adjustSize`` would measure wrapped words at another
        width and clip them."""
        QTimer.singleShot(0, self, self._fit_height)

    def _fit_height(self) -> None:
        layout = self.layout()
        layout.activate()
        height = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.resize(self.width(), max(height, self.minimumSizeHint().height()))


class ChangePasswordDialog(_NewPasswordDialog):
    """The signed-in person changes their own password; the current one proves it is really them."""

    own = True

    def __init__(self, users: UserService, me: User, runner: TaskRunner, parent: QWidget | None = None):
        self._users = users
        super().__init__(me, runner, parent, title="Change my password", action="&Change password",
                         intro=f"Signed in as {me.name}. Type the password you use now, then choose a new one and "
                               "type it twice.")

    def _add_rows(self, form: CheckedForm) -> None:
        self.current: QLineEdit = form.add("current", "&Current password", password_field(),
                                           aliases=("Current password",))

    def _fields(self) -> list[QLineEdit]:
        return [self.current, *super()._fields()]

    def _problems(self) -> list[Problem]:
        problems = [] if self.current.text() else [Problem("current", TYPE_CURRENT)]
        problems += self.passwords.problems()
        if not problems and self.passwords.text == self.current.text():
            problems.append(Problem("new", SAME_AS_CURRENT))
        return problems

    def _operation(self, new: str) -> Callable[[], object]:
        users, user_id, current = self._users, self.account.id, self.current.text()
        return lambda: users.change_password(user_id, current, new)

    def _refused(self, error: Exception) -> None:
        super()._refused(error)
        if isValid(self) and self.form.problem_text("current"):
            self.current.selectAll()  # retyping replaces it; the new password typed twice is kept

    def _confirmation(self) -> str:
        return (f"{CHANGED_OWN} Use the new one from now on: to sign in, to unlock GCP Desk and to sign "
                "assessments.")


class SetPasswordDialog(_NewPasswordDialog):
    """An administrator sets a new password for a colleague who has forgotten theirs (the services refuse anyone
    else). The colleague's old password stops working at once."""

    def __init__(self, users: UserService, account: User, runner: TaskRunner, parent: QWidget | None = None):
        self._users = users
        super().__init__(account, runner, parent, title=f"Set a new password for {account.name}",
                         action="&Set new password",
                         intro=f"For {account.name}, who has forgotten their password. Their old password stops "
                               "working as soon as you set this one.")

    def _operation(self, new: str) -> Callable[[], object]:
        users, user_id = self._users, self.account.id
        return lambda: users.reset_password(user_id, new)

    def _confirmation(self) -> str:
        return (f"{self.account.name}'s password has been changed. Give {self.account.name} the new password in "
                "person, never by email, and ask them to choose one only they know with \"Change my password…\" "
                "once they have signed in.")
