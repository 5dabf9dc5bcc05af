"""Accounts and teams, for administrators: who can sign in, with which role, in which team; add an account (its
password typed twice) or a team, move someone to another team, and set a new password for someone who has forgotten
theirs (in a dialog of its own, ``SetPasswordDialog``).

The services decide who may do this (an administrator only) and which passwords are acceptable; their problems are
shown under the field they are about. Every call goes through the task runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.enums import Role, SignIn
from ...domain.errors import InvalidInput, Problem
from ...domain.labels import ROLE, roles_in_words
from ..lock.new_password import NewPasswordFields
from .change_password_dialog import SetPasswordDialog
from .sign_in_words import sign_in_in_words
from ..tasks import TaskRunner
from ..widgets.checked_form import CheckedForm
from ..widgets.message_bar import error_in_words

if TYPE_CHECKING:
    from ...domain.people import AccountState, Team, User
    from ...services.users import UserService

NO_TEAM = "No team"
SET_PASSWORD = "&Set a new password…"
SET_PASSWORD_FOR = "&Set a new password for {name}…"
ROLES_IN_ORDER = (Role.PRACTITIONER, Role.SUPERVISOR, Role.ADMINISTRATOR)


class AccountsDialog(QDialog):
    rekey_requested = Signal()
    """"Re-key the database…": whoever opened the dialog asks for the password and does it."""

    def __init__(self, users: UserService, runner: TaskRunner, parent=None, *, can_rekey: bool = False):
        super().__init__(parent)
        self._can_rekey = can_rekey
        self.setWindowTitle("Accounts and teams")
        self.setAccessibleName(self.windowTitle())
        self._users, self._runner = users, runner
        self.accounts: list[User] = []
        self.teams: list[Team] = []
        self.states: dict[UUID, AccountState] = {}
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        columns = QHBoxLayout()
        columns.addWidget(self._accounts_box(), 3)
        right = QVBoxLayout()
        right.addWidget(self._new_account_box())
        right.addWidget(self._new_team_box())
        right.addStretch(1)
        columns.addLayout(right, 2)
        layout.addLayout(columns, 1)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.rekey_button = buttons.addButton("&Re-key the database…", QDialogButtonBox.ButtonRole.ActionRole)
        self.rekey_button.setAutoDefault(False)
        self.rekey_button.setToolTip("After someone has left who could have kept a copy of the key file: a new key "
                                     "for the records; everyone else then needs a one-time password.")
        self.rekey_button.clicked.connect(self.rekey_requested)
        self.rekey_button.setVisible(can_rekey)
        layout.addWidget(buttons)
        self.resize(1000, 560)
        self.reload()

    # Building -----------------------------------------------------------------------------------------------
    def _accounts_box(self) -> QGroupBox:
        box = QGroupBox("Accounts on this computer")
        inner = QVBoxLayout(box)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Accounts, with role, team and whether they can sign in")
        self.table.setHorizontalHeaderLabels(["Name", "Role", "Team", "Can sign in"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        inner.addWidget(self.table, 1)
        self.move_form = CheckedForm.inside(inner)
        self.move_team = self.move_form.add("team", "Their &team", QComboBox(), aliases=("Team",))
        self.move_button = QPushButton("&Change team")
        self.move_button.setAutoDefault(False)
        self.move_button.clicked.connect(self._move)
        self.reset_button = QPushButton(SET_PASSWORD)
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.set_password)
        self.password_dialog: SetPasswordDialog | None = None
        self.lift_button = QPushButton("Let them try again &now")
        self.lift_button.setAutoDefault(False)
        self.lift_button.setToolTip("After five wrong passwords each try must wait longer; this lifts the wait.")
        self.lift_button.clicked.connect(self._lift_lockout)
        self.disable_button = QPushButton("&Disable account")
        self.disable_button.setAutoDefault(False)
        self.disable_button.setToolTip("For someone who has left: they can no longer sign in; their name stays on "
                                       "what they signed. A one-time password lets them in again.")
        self.disable_button.clicked.connect(self._disable)
        row = QHBoxLayout()
        row.addWidget(self.reset_button)
        row.addWidget(self.lift_button)
        row.addWidget(self.disable_button)
        row.addStretch(1)
        row.addWidget(self.move_button)
        inner.addLayout(row)
        return box

    def _new_account_box(self) -> QGroupBox:
        box = QGroupBox("Add an account")
        inner = QVBoxLayout(box)
        self.form = CheckedForm.inside(inner)
        self.name = self.form.add("name", "&Name", QLineEdit(), aliases=("Name",))
        self.role = self.form.add("role", "&Role", QComboBox(), aliases=("Role",))
        for role in ROLES_IN_ORDER:
            self.role.addItem(ROLE[role], role)
        self.team = self.form.add("team", "T&eam", QComboBox(), aliases=("Team",))
        self.passwords = NewPasswordFields(self.form)
        self.add_button = QPushButton("&Add account")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_account)
        for field in (self.name, self.passwords.password, self.passwords.again):
            field.returnPressed.connect(self._add_account)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_button)
        inner.addLayout(row)
        return box

    def _new_team_box(self) -> QGroupBox:
        box = QGroupBox("Add a team")
        inner = QVBoxLayout(box)
        self.team_form = CheckedForm.inside(inner)
        self.team_name = self.team_form.add("name", "Team na&me", QLineEdit(), aliases=("Name", "Team name"))
        self.team_name.returnPressed.connect(self._add_team)
        self.add_team_button = QPushButton("Add &team")
        self.add_team_button.setAutoDefault(False)
        self.add_team_button.clicked.connect(self._add_team)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_team_button)
        inner.addLayout(row)
        return box

    # Showing ------------------------------------------------------------------------------------------------
    def reload(self, then_select: UUID | None = None) -> None:
        users = self._users
        self._runner.run(lambda: (users.all(), users.teams(), users.account_states()),
                         lambda found: self.show_accounts(*found, select=then_select), self._failed)

    def show_accounts(self, accounts: list[User], teams: list[Team], states: dict[UUID, AccountState] | None = None,
                      select: UUID | None = None) -> None:
        self.states = states or {}
        self.accounts = sorted(accounts, key=lambda user: user.name.casefold())
        self.teams = sorted(teams, key=lambda team: team.name.casefold())
        names = {team.id: team.name for team in self.teams}
        chosen = select or self.chosen_account_id
        self.table.setRowCount(len(self.accounts))
        for row, user in enumerate(self.accounts):
            state = self.states.get(user.id)
            cells = (user.name, roles_in_words(user.roles), names.get(user.team_id, NO_TEAM), sign_in_in_words(state))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.id)
                if state is not None and state.sign_in is SignIn.DISABLED:
                    item.setForeground(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
                self.table.setItem(row, column, item)
        for combo in (self.team, self.move_team):
            current = combo.currentData()
            combo.clear()
            combo.addItem(NO_TEAM, "")
            for team in self.teams:  # ids as text: a combo box finds Python objects by identity, not by value
                combo.addItem(team.name, str(team.id))
            combo.setCurrentIndex(max(combo.findData(current), 0))
        row = next((i for i, user in enumerate(self.accounts) if user.id == chosen), 0 if self.accounts else -1)
        self.table.selectRow(row)
        self._selection_changed()

    @property
    def chosen_account_id(self) -> UUID | None:
        row = self.table.currentRow()
        return self.accounts[row].id if 0 <= row < len(self.accounts) else None

    def _selection_changed(self) -> None:
        chosen = next((user for user in self.accounts if user.id == self.chosen_account_id), None)
        self.move_button.setEnabled(chosen is not None)
        own = chosen is not None and chosen.id == self._users.actor_id
        self.reset_button.setEnabled(chosen is not None and not own)  # your own: "Change my password"
        # The button names the person, so nobody sets a password for the wrong colleague.
        self.reset_button.setText(SET_PASSWORD_FOR.format(name=chosen.name) if chosen else SET_PASSWORD)
        self.reset_button.setAccessibleName(self.reset_button.text().replace("&", ""))
        state = self.states.get(chosen.id) if chosen is not None else None
        self.lift_button.setEnabled(chosen is not None and not own and (state is None or state.wait_seconds > 0))
        self.disable_button.setEnabled(chosen is not None and not own and
                                       (state is None or state.sign_in is not SignIn.DISABLED))
        if chosen is not None:
            self.move_team.setCurrentIndex(max(self.move_team.findData(str(chosen.team_id or "")), 0))
        self.move_form.clear()

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setAccessibleName(text)
        self.note.setVisible(bool(text))

    # Acting -------------------------------------------------------------------------------------------------
    def _add_account(self) -> None:
        name = self.name.text().strip()
        problems = [] if name else [Problem("name", "enter the person's name as colleagues know it")]
        problems += self.passwords.problems()
        if problems:
            self.form.show(problems)
            return
        self.form.clear()
        self._say("")
        role, team_id, password, users = Role(self.role.currentData()), _team_id(self.team), \
            self.passwords.text, self._users
        self.add_button.setEnabled(False)

        def added(user: User) -> None:
            self.add_button.setEnabled(True)
            self.name.clear()
            self.passwords.clear()
            self._say(f"Account added for {user.name} ({ROLE[user.role].lower()}). Give them the password in "
                      "person, never by email.")
            self.reload(then_select=user.id)
            self.name.setFocus()

        self._runner.run(lambda: users.create(name, role, password=password, team_id=team_id), added,
                         lambda error: self._refused(self.form, self.add_button, error))

    def _add_team(self) -> None:
        name = self.team_name.text().strip()
        if not name:
            self.team_form.show([Problem("name", "enter the team's name, e.g. Northgate team")])
            return
        self.team_form.clear()
        self._say("")
        users = self._users
        self.add_team_button.setEnabled(False)

        def added(team: Team) -> None:
            self.add_team_button.setEnabled(True)
            self.team_name.clear()
            self._say(f"Team added: {team.name}. Choose it for the accounts that belong to it.")
            self.reload()

        self._runner.run(lambda: users.create_team(name), added,
                         lambda error: self._refused(self.team_form, self.add_team_button, error))

    def _move(self) -> None:
        user_id, team_id, users = self.chosen_account_id, _team_id(self.move_team), self._users
        if user_id is None:
            return
        self.move_form.clear()
        self.move_button.setEnabled(False)

        def moved(user: User) -> None:
            self.move_button.setEnabled(True)
            team = next((t.name for t in self.teams if t.id == user.team_id), None)
            self._say(f"{user.name} is now in {team}." if team else f"{user.name} is no longer in a team.")
            self.reload(then_select=user.id)

        self._runner.run(lambda: users.set_team(user_id, team_id), moved,
                         lambda error: self._refused(self.move_form, self.move_button, error))

    def set_password(self) -> None:
        """A new password for the chosen account, typed twice in a dialog of its own."""
        chosen = next((user for user in self.accounts if user.id == self.chosen_account_id), None)
        if chosen is None:
            return
        self._say("")
        self.password_dialog = SetPasswordDialog(self._users, chosen, self._runner, self)
        self.password_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.password_dialog.finished.connect(lambda _code, dialog=self.password_dialog: self._password_set(dialog))
        self.password_dialog.destroyed.connect(lambda: setattr(self, "password_dialog", None))
        self.password_dialog.open()

    def _password_set(self, dialog: SetPasswordDialog) -> None:
        if dialog.outcome is not None:
            name = dialog.outcome.account_name
            self._say(f"One-time password set for {name}. Their old password no longer works; give {name} the new "
                      "one in person. They choose their own when they first sign in with it.")

    def _disable(self) -> None:
        chosen = next((user for user in self.accounts if user.id == self.chosen_account_id), None)
        if chosen is None:
            return
        users = self._users

        def disabled(user: User) -> None:
            rekey = ("Re-key the database… below" if self._can_rekey
                     else "gcp-desk db rekey --as \"YOUR NAME\"")
            self._say(f"{user.name} can no longer sign in. If they could have kept a copy of this computer's key "
                      f"file, re-key the database too: {rekey}.")
            self.reload(then_select=user.id)

        self._runner.run(lambda: users.disable(chosen.id), disabled, self._failed)

    def _lift_lockout(self) -> None:
        chosen = next((user for user in self.accounts if user.id == self.chosen_account_id), None)
        if chosen is None:
            return
        users = self._users
        self._runner.run(lambda: users.lift_lockout(chosen.id),
                         lambda _done: self._lifted(chosen), self._failed)

    def _lifted(self, chosen: User) -> None:
        self._say(f"{chosen.name} can try their password again now.")
        self.reload(then_select=chosen.id)

    def _refused(self, form: CheckedForm, button: QPushButton, error: Exception) -> None:
        button.setEnabled(True)
        if isinstance(error, InvalidInput):
            form.show(error.problems)
        else:
            form.show([Problem("", error_in_words(error))])

    def _failed(self, error: Exception) -> None:
        self._say(error_in_words(error))


def _team_id(combo: QComboBox) -> UUID | None:
    chosen = combo.currentData()
    return UUID(chosen) if chosen else None
