"""First run and start of day: say who is working (the last user first), create an account, or open the demo."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ...domain.enums import Role
from ...domain.errors import Problem
from ...domain.labels import ROLE
from ...domain.people import User
from ..widgets.checked_form import CheckedForm


class WelcomeAction(Enum):
    EXISTING = "existing"
    NEW_ACCOUNT = "new-account"
    DEMO = "demo"


@dataclass(frozen=True)
class WelcomeChoice:
    action: WelcomeAction
    user: User | None = None
    name: str = ""
    role: Role = Role.PRACTITIONER


INTRO = (
    "GCP Desk helps you grade the care a child receives across six areas of need, and see over time whether it "
    "is changing. It works without a network: everything is kept on this computer."
)
DEMO_TEXT = (
    "The demo caseload is made up: invented children and families, for trying things out. It opens in a separate "
    "throw-away folder, so it never mixes with real records, and it is deleted when you close GCP Desk."
)


class WelcomeDialog(QDialog):
    submitted = Signal(object)
    """A ``WelcomeChoice``. The caller acts on it, then ``accept()``s or ``show_problems()``."""

    def __init__(self, parent=None, *, users: list[User], last_user_id: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to GCP Desk" if not users else "Who is working?")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = QLabel(self.windowTitle())
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self._users = users
        self.accounts: QListWidget | None = None
        self.continue_button: QPushButton | None = None
        if users:
            layout.addWidget(self._accounts_box(users, last_user_id))
        layout.addWidget(self._new_account_box(first=not users))
        layout.addWidget(self._demo_box())
        layout.setSpacing(12)
        (self.accounts or self.name).setFocus()
        # Word-wrapped labels make Qt's first guess at the height too generous; ask for the height at our width.
        width = self.minimumWidth()
        self.resize(width, layout.totalHeightForWidth(width))
        self._buttons = [b for b in (self.continue_button, self.create_button, self.demo_button) if b]

    def _accounts_box(self, users: list[User], last_user_id: str | None) -> QGroupBox:
        box = QGroupBox("Choose your account")
        inner = QVBoxLayout(box)
        self.accounts = QListWidget()
        self.accounts.setAccessibleName("Accounts on this computer")
        for user in users:
            item = QListWidgetItem(f"{user.name} ({ROLE[user.role].lower()})")
            item.setData(Qt.ItemDataRole.UserRole, user.id)
            self.accounts.addItem(item)
        last = next((i for i, u in enumerate(users) if str(u.id) == last_user_id), 0)
        self.accounts.setCurrentRow(last)
        self.accounts.setMaximumHeight(self.accounts.sizeHintForRow(0) * min(len(users), 6) + 8)
        self.accounts.itemActivated.connect(lambda _item: self._continue())
        inner.addWidget(self.accounts)
        self.continue_button = QPushButton("&Continue")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)
        self.accounts.currentRowChanged.connect(self._name_continue)
        self._name_continue(last)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.continue_button)
        inner.addLayout(row)
        return box

    def _new_account_box(self, *, first: bool) -> QGroupBox:
        box = QGroupBox("Create your account" if first else "Or create a new account")
        inner = QVBoxLayout(box)
        general = QLabel()
        inner.addWidget(general)
        form_layout = QFormLayout()
        inner.addLayout(form_layout)
        self.form = CheckedForm(form_layout, general)
        self.name = self.form.add("name", "Your &name", QLineEdit(), aliases=("Name",))
        self.role = self.form.add("role", "Your &role", QComboBox())
        for value, words in ROLE.items():
            self.role.addItem(words, value)
        self.create_button = QPushButton("Create account and &start")
        self.create_button.setDefault(first)
        self.create_button.clicked.connect(self._create)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        inner.addLayout(row)
        return box

    def _demo_box(self) -> QGroupBox:
        box = QGroupBox("Just looking?")
        inner = QVBoxLayout(box)
        text = QLabel(DEMO_TEXT)
        text.setWordWrap(True)
        inner.addWidget(text)
        self.demo_button = QPushButton("Open the &demo caseload")
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(lambda: self._submit(WelcomeChoice(WelcomeAction.DEMO)))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.demo_button)
        inner.addLayout(row)
        return box

    def keyPressEvent(self, event) -> None:
        # Enter while typing a new account's details creates it, whichever button is the dialog's default.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in (self.name, self.role):
            self._create()
            return
        super().keyPressEvent(event)

    def _name_continue(self, row: int) -> None:
        if self.continue_button is not None and 0 <= row < len(self._users):
            self.continue_button.setText(f"&Continue as {self._users[row].name}")

    def _continue(self) -> None:
        assert self.accounts is not None
        row = self.accounts.currentRow()
        if 0 <= row < len(self._users):
            self._submit(WelcomeChoice(WelcomeAction.EXISTING, user=self._users[row]))

    def _create(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.form.show([Problem("name", "enter your name as colleagues know it, e.g. Sam Whitfield")])
            return
        self.form.clear()
        self._submit(WelcomeChoice(WelcomeAction.NEW_ACCOUNT, name=name, role=Role(self.role.currentData())))

    def _submit(self, choice: WelcomeChoice) -> None:
        self.set_busy(True)
        self.submitted.emit(choice)

    def set_busy(self, busy: bool) -> None:
        for button in self._buttons:
            button.setEnabled(not busy)

    def show_problems(self, problems: list[Problem]) -> None:
        self.set_busy(False)
        self.form.show(problems)

    @property
    def selected_user_id(self) -> UUID | None:
        if self.accounts is None or self.accounts.currentItem() is None:
            return None
        return self.accounts.currentItem().data(Qt.ItemDataRole.UserRole)
