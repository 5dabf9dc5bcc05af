"""What covers the window while it is locked: whose session it is, a password box, and a way for someone else to
sign in. It shows nothing from any record. ``window_lock`` decides when it shows and checks the password."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.errors import Problem
from ...domain.labels import roles_in_words
from ..widgets.checked_form import CheckedForm
from .card import centred_card
from .new_password import password_field

AFTER_IDLE = "It locked itself after {minutes} without use."
ON_REQUEST = "It was locked on request."
GO_ON = "Only {name} can open it again, with their password. Everything is kept as it was left."
CHECKING = "Checking the password…"


def minutes_in_words(minutes: int) -> str:
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class LockScreen(QWidget):
    unlock_requested = Signal(str)
    """The password typed to unlock."""
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("GCP Desk is locked")
        column, self.heading = centred_card(self, "GCP Desk is locked", width=560)
        self.who = QLabel()
        self.who.setWordWrap(True)
        column.addWidget(self.who)
        general = QLabel()
        column.addWidget(general)
        layout = QFormLayout()
        column.addLayout(layout)
        self.form = CheckedForm(layout, general)
        self.password = self.form.add("password", "&Password", password_field(), aliases=("Password",))
        self.password.returnPressed.connect(self._unlock)
        self.busy_label = QLabel(CHECKING)
        self.busy_label.hide()
        self.switch_user_button = QPushButton("Sign in as &someone else")
        self.switch_user_button.setAutoDefault(False)
        self.switch_user_button.clicked.connect(self.switch_user_requested)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        row = QHBoxLayout()
        row.addWidget(self.busy_label)
        row.addStretch(1)
        row.addWidget(self.switch_user_button)
        row.addWidget(self.unlock_button)
        column.addLayout(row)

    def show_for(self, user: Any, *, idle_minutes: int | None) -> None:
        """``idle_minutes`` is the quiet spell that locked it; ``None`` when the person locked it themselves."""
        why = AFTER_IDLE.format(minutes=minutes_in_words(idle_minutes)) if idle_minutes else ON_REQUEST
        self.who.setText(f"Signed in as {user.name} ({roles_in_words(user.roles).lower()}). {why} "
                         + GO_ON.format(name=user.name))
        self.who.setAccessibleName(self.who.text())
        self.password.clear()
        self.form.clear()
        self.set_busy(False)
        self.password.setFocus()

    def refuse(self, message: str) -> None:
        """A wrong password: said in words under the box, which is emptied for another try."""
        self.set_busy(False)
        self.password.clear()
        self.form.show([Problem("password", message)])
        self.password.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.busy_label.setVisible(busy)

    def _unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        if not self.password.text():
            self.form.show([Problem("password", "type your password")])
            return
        self.form.clear()
        self.set_busy(True)
        self.unlock_requested.emit(self.password.text())
