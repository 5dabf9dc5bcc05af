"""A new password typed twice, on a CheckedForm: the first account, an account's first password, a colleague's
account. The two must match before anything is sent; the service then applies the password rules."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from ...domain.errors import Problem
from ..widgets.checked_form import CheckedForm

NOT_THE_SAME = "the two passwords are not the same. Type the password again in both boxes"
EMPTY = "choose a password"


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def password_advice() -> str:
    # Imported here: the rules' module loads argon2, which the sign-in screen must not wait for at start.
    from ...security.passwords import MIN_LENGTH

    return (f"At least {MIN_LENGTH} characters. Three or four unrelated words are easy to remember and hard to "
            "guess. Do not use your name.")


class NewPasswordFields:
    """Adds "Password" and "Password again" rows (with a line of advice) to ``form``."""

    def __init__(self, form: CheckedForm, *, key: str = "password", label: str = "&Password",
                 again: str = "Password &again", aliases: tuple[str, ...] = ("Password", "New password")):
        """``aliases`` are the field names the services use in their problems (``Problem.location``)."""
        self._layout = form.layout
        self._key = key
        self.password: QLineEdit = form.add(key, label, password_field(), aliases=aliases)
        self.again: QLineEdit = form.add(f"{key}-again", again, password_field())
        self.advice = QLabel(password_advice())
        self.advice.setWordWrap(True)
        form.layout.addRow("", self.advice)

    @property
    def text(self) -> str:
        return self.password.text()

    def problems(self) -> list[Problem]:
        if not self.password.text():
            return [Problem(self._key, EMPTY)]
        if self.again.text() != self.password.text():
            return [Problem(f"{self._key}-again", NOT_THE_SAME)]
        return []

    def clear(self) -> None:
        self.password.clear()
        self.again.clear()

    def set_visible(self, visible: bool) -> None:
        """Show or hide both rows with their labels (a QFormLayout row is hidden as a whole)."""
        for widget in (self.password, self.again, self.advice):
            row, _role = self._layout.getWidgetPosition(widget)
            self._layout.setRowVisible(row, visible)
