"""Add or edit a significant adult: who they are, how they stand to the child, and their relevant history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit, QVBoxLayout

from ...domain.enums import Relationship, Sex
from ...domain.errors import Problem
from ...domain.labels import RELATIONSHIP, SEX
from ...domain.people import SignificantAdult
from ...scoring.age import format_date
from ..widgets.checked_form import CheckedForm
from ..widgets.date_field import DateField, DateProblem
from .draft_dialog import DraftDialog


@dataclass(frozen=True)
class AdultDraft:
    given_name: str
    family_name: str
    relationship: Relationship
    sex: Sex
    date_of_birth: date | None
    parental_responsibility: bool
    lives_with_child: bool
    relevant_history: str

    def add_arguments(self) -> dict:
        return dict(self.__dict__)


class AdultDialog(DraftDialog):
    """An ``AdultDraft`` that passed every check here."""

    def __init__(self, parent=None, *, child_name: str, adult: SignificantAdult | None = None,
                 relationship: Relationship | None = None, sex: Sex | None = None,
                 today: Callable[[], date] = date.today):
        super().__init__(parent)
        self._today = today
        if adult is not None:
            self.setWindowTitle(f"Edit {adult.adult.full_name}")
        else:
            self.setWindowTitle(f"Add an adult in {child_name}'s life")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.form = CheckedForm.inside(layout)
        self.given_name = self.form.add("given_name", "&First name", QLineEdit())
        self.family_name = self.form.add("family_name", "F&amily name", QLineEdit())
        self.relationship = self.form.add("relationship", f"&Relationship to {child_name}", QComboBox())
        for value, words in RELATIONSHIP.items():
            self.relationship.addItem(words, value)
        self.sex = self.form.add("sex", "&Sex", QComboBox())
        for value, words in SEX.items():
            self.sex.addItem(words, value)
        self.date_of_birth = self.form.add("date_of_birth", "&Date of birth (if known)", DateField(),
                                           aliases=("Date of birth",))
        self.parental_responsibility = self.form.add(
            "parental_responsibility", "Parental res&ponsibility", QCheckBox("Has parental responsibility"))
        self.lives_with_child = self.form.add(
            "lives_with_child", "&Lives with the child", QCheckBox(f"Lives with {child_name}"))
        history = QPlainTextEdit()
        history.setTabChangesFocus(True)
        history.setPlaceholderText("Their own history and vulnerabilities that bear on the care they give")
        self.relevant_history = self.form.add("relevant_history", "Relevant &history", history)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if adult is not None:
            self._fill(adult)
        else:
            self.relationship.setCurrentIndex(self.relationship.findData(relationship or Relationship.MOTHER))
            self.sex.setCurrentIndex(self.sex.findData(sex or Sex.NOT_KNOWN))
        self.given_name.setFocus()

    def _fill(self, significant: SignificantAdult) -> None:
        adult, link = significant.adult, significant.link
        self.given_name.setText(adult.given_name)
        self.family_name.setText(adult.family_name)
        self.relationship.setCurrentIndex(self.relationship.findData(link.relationship))
        self.sex.setCurrentIndex(self.sex.findData(adult.sex))
        self.date_of_birth.set_date(adult.date_of_birth)
        self.parental_responsibility.setChecked(link.parental_responsibility)
        self.lives_with_child.setChecked(link.lives_with_child)
        self.relevant_history.setPlainText(adult.relevant_history)

    def draft(self) -> tuple[AdultDraft | None, list[Problem]]:
        problems: list[Problem] = []
        given, family = self.given_name.text().strip(), self.family_name.text().strip()
        if not given:
            problems.append(Problem("given_name", "enter their first name (or 'Not known' if it is not known yet)"))
        if not family:
            problems.append(Problem("family_name", "enter their family name (or 'Not known')"))
        born = None
        try:
            born = self.date_of_birth.date()
        except DateProblem as problem:
            problems.append(Problem("date_of_birth", str(problem)))
        if born is not None and born > self._today():
            problems.append(Problem("date_of_birth", f"{format_date(born)} is in the future"))
        if problems:
            return None, problems
        return AdultDraft(
            given_name=given,
            family_name=family,
            relationship=Relationship(self.relationship.currentData()),
            sex=Sex(self.sex.currentData()),
            date_of_birth=born,
            parental_responsibility=self.parental_responsibility.isChecked(),
            lives_with_child=self.lives_with_child.isChecked(),
            relevant_history=self.relevant_history.toPlainText().strip(),
        ), []

