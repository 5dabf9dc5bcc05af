"""First run: make the first account (name, role, password typed twice), or open the throw-away demo.

Only an empty database shows this; afterwards people sign in on the sign-in screen, and an administrator adds
colleagues' accounts (``accounts_dialog``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from ...domain.enums import Role
from ...domain.errors import Problem
from ...domain.labels import ROLE
from ..lock.new_password import NewPasswordFields
from ..widgets.checked_form import CheckedForm


class WelcomeAction(Enum):
    NEW_ACCOUNT = "new-account"
    DEMO = "demo"


@dataclass(frozen=True)
class WelcomeChoice:
    action: WelcomeAction
    name: str = ""
    role: Role = Role.PRACTITIONER
    password: str = ""


INTRO = (
    "GCP Desk helps you grade the care a child receives across six areas of need, and see over time whether it "
    "is changing. It works without a network: everything is kept on this computer."
)
ROLE_ADVICE = (
    "The first account is this computer's administrator, who adds colleagues' accounts later, and works on cases "
    "as a practitioner. Choose Supervisor if you also review colleagues' work."
)
DEMO_TEXT = (
    "The demo caseload is made up: invented children and families, for trying things out. It opens in a separate "
    "throw-away folder, so it never mixes with real records, and it is deleted when you close GCP Desk."
)
ROLES_IN_ORDER = (Role.PRACTITIONER, Role.SUPERVISOR)


class WelcomeDialog(QDialog):
    submitted = Signal(object)
    """A ``WelcomeChoice``. The caller acts on it, then ``accept()``s or ``show_problems()``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to GCP Desk")
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
        layout.addWidget(self._new_account_box())
        layout.addWidget(self._demo_box())
        layout.setSpacing(12)
        self.name.setFocus()
        # Word-wrapped labels make Qt's first guess at the height too generous; ask for the height at our width.
        width = self.minimumWidth()
        self.resize(width, layout.totalHeightForWidth(width))
        self._buttons = [self.create_button, self.demo_button]

    def _new_account_box(self) -> QGroupBox:
        box = QGroupBox("Create your account")
        inner = QVBoxLayout(box)
        self.form = CheckedForm.inside(inner)
        self.name = self.form.add("name", "Your &name", QLineEdit(), aliases=("Name",))
        self.role = self.form.add("role", "Your &role", QComboBox())
        for role in ROLES_IN_ORDER:
            self.role.addItem(ROLE[role], role)
        advice = QLabel(ROLE_ADVICE)
        advice.setWordWrap(True)
        self.form.layout.addRow("", advice)
        self.passwords = NewPasswordFields(self.form)
        self.create_button = QPushButton("Create account and &start")
        self.create_button.setDefault(True)
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
        # Enter anywhere in the account's details creates it, whichever button has the focus.
        fields = (self.name, self.role, self.passwords.password, self.passwords.again)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() in fields:
            self._create()
            return
        super().keyPressEvent(event)

    def _create(self) -> None:
        name = self.name.text().strip()
        problems = [] if name else [Problem("name", "enter your name as colleagues know it, e.g. Sam Whitfield")]
        problems += self.passwords.problems()
        if problems:
            self.form.show(problems)
            return
        self.form.clear()
        self._submit(WelcomeChoice(WelcomeAction.NEW_ACCOUNT, name=name, role=Role(self.role.currentData()),
                                   password=self.passwords.text))

    def _submit(self, choice: WelcomeChoice) -> None:
        self.set_busy(True)
        self.submitted.emit(choice)

    def set_busy(self, busy: bool) -> None:
        for button in self._buttons:
            button.setEnabled(not busy)

    def show_problems(self, problems: list[Problem]) -> None:
        self.set_busy(False)
        self.form.show(problems)
