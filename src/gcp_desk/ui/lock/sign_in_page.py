"""The sign-in screen: the last account chosen, the password box ready for typing, another account a click away.

It shows no record of any child. An account made before passwords existed chooses one here (typed twice). The
throw-away demo lists its invented accounts with their passwords, so anyone trying it out can sign in as each role.
The screen only collects what was typed; ``ui.sign_in`` checks it through the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import Problem
from ...domain.labels import roles_in_words
from ..widgets.checked_form import CheckedForm
from .card import centred_card
from .new_password import NewPasswordFields, password_field

INTRO = "Records about children open only with your own password."
FIRST_PASSWORD = ("The password you were given works only once, {name}. Choose your own now: you will type it "
                  "each time you sign in, and again when you sign an assessment.")
DEMO_INTRO = ("These accounts are invented, like everything in the demo. Choose one and press Enter to fill in its "
              "password.")
CHECKING = "Checking the password…"
LINKED = ("This laptop is linked to the team server at {where}. The first time you sign in here, choose \"{new}\" "
          "and sign in with your server login and password while online; after that, your own name works offline "
          "too.")
NEW_HERE = "New to this laptop"


@dataclass(frozen=True)
class SignInRequest:
    user_id: UUID | None
    password: str
    first_password: bool = False
    """The account has no password yet and ``password`` is the one it chose (typed twice)."""
    server_name: str | None = None
    """A person new to this linked laptop (``user_id`` is then ``None``): their name or server login."""


def account_words(account: Any) -> str:
    roles = getattr(account, "roles", ())
    return f"{account.name} ({roles_in_words(roles).lower()})" if roles else account.name


class SignInPage(QWidget):
    submitted = Signal(object)
    """A ``SignInRequest``."""
    account_chosen = Signal(object)
    """Another account was chosen (its id): is it one without a password yet?"""
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Sign in")
        self._first_password = False
        self._accounts: list[Any] = []
        self._linked = False
        column, self.heading = centred_card(self, "Sign in to GCP Desk")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.server_note = QLabel()
        self.server_note.setObjectName("linkedServer")
        self.server_note.setWordWrap(True)
        self.server_note.hide()
        column.addWidget(self.server_note)
        column.addWidget(self._sign_in_box())
        column.addWidget(self._demo_accounts_box())
        column.addWidget(self._demo_box())

    def _sign_in_box(self) -> QWidget:
        box = QFrame()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        general = QLabel()
        inner.addWidget(general)
        layout = QFormLayout()
        inner.addLayout(layout)
        self.form = CheckedForm(layout, general)
        self.account = self.form.add("account", "&Account", QComboBox(), aliases=("Name",))
        self.account.activated.connect(self._account_changed)
        self.server_name = self.form.add("server_name", "Name or &server login", QLineEdit(),
                                         aliases=("Server login",))
        self.server_name.returnPressed.connect(self._submit)
        self.first_password_note = QLabel()
        self.first_password_note.setWordWrap(True)
        layout.addRow(self.first_password_note)
        self.password = self.form.add("current", "&Password", password_field(), aliases=("Password",))
        self.new_password = NewPasswordFields(self.form, key="new", label="&New password",
                                              again="New password &again", aliases=("New password",))
        for field in (self.password, self.new_password.password, self.new_password.again):
            field.returnPressed.connect(self._submit)
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self._submit)
        self.busy_label = QLabel(CHECKING)
        self.busy_label.hide()
        row = QHBoxLayout()
        row.addWidget(self.busy_label)
        row.addStretch(1)
        row.addWidget(self.sign_in_button)
        inner.addLayout(row)
        self._show_first_password(False)
        return box

    def _demo_accounts_box(self) -> QGroupBox:
        self.demo_accounts_box = QGroupBox("Demo accounts")
        inner = QVBoxLayout(self.demo_accounts_box)
        text = QLabel(DEMO_INTRO)
        text.setWordWrap(True)
        inner.addWidget(text)
        self.demo_accounts = QTableWidget(0, 4)
        self.demo_accounts.setAccessibleName("Demo accounts and their passwords")
        self.demo_accounts.setHorizontalHeaderLabels(["Name", "Role", "Team", "Password"])
        self.demo_accounts.verticalHeader().hide()
        self.demo_accounts.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.demo_accounts.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.demo_accounts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.demo_accounts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.demo_accounts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.demo_accounts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.demo_accounts.horizontalHeader().setStretchLastSection(True)
        self.demo_accounts.activated.connect(lambda index: self.use_demo_account(index.row()))
        inner.addWidget(self.demo_accounts)
        self.demo_accounts_box.hide()
        return self.demo_accounts_box

    def _demo_box(self) -> QGroupBox:
        self.demo_box = QGroupBox("Just looking?")
        inner = QHBoxLayout(self.demo_box)
        text = QLabel("Try GCP Desk on an invented caseload, kept apart from real records.")
        text.setWordWrap(True)
        inner.addWidget(text, 1)
        self.demo_button = QPushButton("Open the &demo caseload")
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(self.demo_requested)
        inner.addWidget(self.demo_button)
        self.demo_box.hide()
        return self.demo_box

    # What the window tells the screen -------------------------------------------------------------------------
    def show_accounts(self, accounts: Sequence[Any], chosen: UUID | None) -> None:
        """``accounts`` are ``User``s (or, before the database is open, the last user as the quick read found it).
        The chosen one stays chosen when the full list arrives, and so does anything typed."""
        keep = self.chosen_user_id or chosen
        self.account.clear()
        self._accounts = list(accounts)
        for account in self._accounts:
            self.account.addItem(account_words(account))
        if self._linked:
            self.account.addItem(NEW_HERE)
        self.account.setCurrentIndex(max(self.index_of(keep), 0))
        self._show_server_name()

    def show_server(self, where: str | None) -> None:
        """A laptop linked to a team server says which, and offers a sign-in through it to someone new here."""
        was = self._linked
        self._linked = where is not None
        self.server_note.setText(LINKED.format(where=where, new=NEW_HERE) if where else "")
        self.server_note.setVisible(self._linked)
        if was != self._linked:
            self.show_accounts(self._accounts, self.chosen_user_id)

    @property
    def is_new_here(self) -> bool:
        return self._linked and self.account.currentIndex() == len(self._accounts)

    def ask_for_first_password(self) -> None:
        self.set_busy(False)
        self.form.clear()
        self._show_first_password(True)
        self.new_password.password.setFocus()

    def show_demo_accounts(self, accounts: Sequence[Any]) -> None:
        """The demo's accounts (``DemoAccount``s) with their passwords; none hides the list."""
        self.demo_accounts.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            for column, text in enumerate((account.name, roles_in_words(account.roles), account.team or "No team",
                                           account.password)):
                self.demo_accounts.setItem(row, column, QTableWidgetItem(text))
        rows = self.demo_accounts.verticalHeader().defaultSectionSize() * len(accounts)
        frame = 2 * self.demo_accounts.frameWidth()
        self.demo_accounts.setFixedHeight(self.demo_accounts.horizontalHeader().sizeHint().height() + rows + frame)
        self.demo_accounts_box.setVisible(bool(accounts))

    def offer_demo(self, offered: bool) -> None:
        self.demo_box.setVisible(offered)

    def use_demo_account(self, row: int) -> None:
        name = self.demo_accounts.item(row, 0).text()
        index = next((i for i, account in enumerate(self._accounts) if account.name == name), -1)
        if index < 0:
            return
        if index != self.account.currentIndex():
            self.account.setCurrentIndex(index)
            self._account_changed(index)
        self.password.setText(self.demo_accounts.item(row, 3).text())
        self.password.setFocus()

    def refuse(self, message: str) -> None:
        """A wrong password: say so under the box, empty it, keep the account, and let the person type again."""
        self.set_busy(False)
        self.password.clear()
        self.form.show([Problem("" if self._first_password else "current", message)])
        self.focus_password()

    def show_problems(self, problems: list[Problem]) -> None:
        self.set_busy(False)
        self.form.show(problems)

    def set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.busy_label.setVisible(busy)

    def focus_password(self) -> None:
        (self.new_password.password if self._first_password else self.password).setFocus()

    def reset(self) -> None:
        """Empty every password box and problem, e.g. after signing out."""
        self.password.clear()
        self.new_password.clear()
        self.server_name.clear()
        self.form.clear()
        self._show_first_password(False)
        self.set_busy(False)

    @property
    def chosen_user_id(self) -> UUID | None:
        index = self.account.currentIndex()
        return self._accounts[index].id if 0 <= index < len(self._accounts) else None

    def index_of(self, user_id: UUID | None) -> int:
        return next((i for i, account in enumerate(self._accounts) if account.id == user_id), -1)

    @property
    def is_asking_for_first_password(self) -> bool:
        return self._first_password

    # Inside -------------------------------------------------------------------------------------------------
    def _show_server_name(self) -> None:
        row, _role = self.form.layout.getWidgetPosition(self.server_name)
        self.form.layout.setRowVisible(row, self.is_new_here)

    def _account_changed(self, _index: int) -> None:
        self._show_server_name()
        self.password.clear()
        self.new_password.clear()
        self.form.clear()
        self._show_first_password(False)
        if self.chosen_user_id is not None:
            self.account_chosen.emit(self.chosen_user_id)

    def _show_first_password(self, first: bool) -> None:
        self._first_password = first
        index = self.account.currentIndex()
        name = self._accounts[index].name if 0 <= index < len(self._accounts) else ""
        self.first_password_note.setText(FIRST_PASSWORD.format(name=name) if first else "")
        layout = self.form.layout
        for widget in (self.first_password_note, self.password):
            row, _role = layout.getWidgetPosition(widget)
            layout.setRowVisible(row, (widget is self.first_password_note) == first)
        self.new_password.set_visible(first)
        self.sign_in_button.setText("Choose password and &sign in" if first else "&Sign in")

    def _submit(self) -> None:
        user_id = self.chosen_user_id
        if self.is_new_here and self.sign_in_button.isEnabled():
            problems = [Problem(key, words) for key, words, empty in (
                ("server_name", "type your name or your login on the team server", not self.server_name.text()),
                ("current", "type your password on the team server", not self.password.text())) if empty]
            if problems:
                self.form.show(problems)
                return
            self.form.clear()
            self.set_busy(True)
            self.submitted.emit(SignInRequest(None, self.password.text(), server_name=self.server_name.text()))
            return
        if user_id is None or not self.sign_in_button.isEnabled():
            return
        if self._first_password:
            problems = self.new_password.problems()
            if problems:
                self.form.show(problems)
                return
            request = SignInRequest(user_id, self.new_password.text, first_password=True)
        else:
            if not self.password.text():
                self.form.show([Problem("current", "type your password")])
                return
            request = SignInRequest(user_id, self.password.text())
        self.form.clear()
        self.set_busy(True)
        self.submitted.emit(request)
