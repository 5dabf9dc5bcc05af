"""Add or edit a significant adult: who they are, how they stand to the child, and their relevant history.

Adding offers the adults already recorded in the child's household and linked households first: choosing one links
that same person to this child with this child's relationship, so nobody is recorded twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
)

from ...domain.enums import Relationship, Sex
from ...domain.errors import Problem
from ...domain.labels import RELATIONSHIP, SEX
from ...domain.people import SignificantAdult
from ...scoring.age import format_date
from ..widgets.checked_form import CheckedForm
from ..widgets.date_field import DateField, DateProblem
from .draft_dialog import DraftDialog

if TYPE_CHECKING:
    from ...services.households import KnownAdult

SOMEONE_NEW = "Someone not recorded yet"
KNOWN_ROLE = Qt.ItemDataRole.UserRole + 1
KNOWN_TO_SERVICES = {None: "Not asked yet", True: "Known to services before", False: "Not known to services"}


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
    part_time: bool = False
    known_to_services: bool | None = None
    adult_id: UUID | None = None
    """An adult already recorded, chosen from those the family knows: linked, not made again."""

    def add_arguments(self) -> dict:
        values = dict(self.__dict__)
        del values["adult_id"]
        return values

    def link_arguments(self) -> dict:
        return {name: getattr(self, name) for name in ("parental_responsibility", "lives_with_child", "part_time")}


class AdultDialog(DraftDialog):
    """An ``AdultDraft`` that passed every check here."""

    def __init__(self, parent=None, *, child_name: str, adult: SignificantAdult | None = None,
                 relationship: Relationship | None = None, sex: Sex | None = None,
                 today: Callable[[], date] = date.today, known: list[KnownAdult] | None = None):
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
        self.known = QListWidget()
        self.known.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if adult is None and known:
            self.form.add("known", "&Who", self.known)
            self._fill_known(known)
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
        self.part_time = self.form.add("part_time", "Par&t of the time",
                                       QCheckBox(f"Lives with {child_name} part of the time (e.g. alternate weeks)"))
        self.known_to_services = self.form.add("known_to_services", "&Known to services", QComboBox())
        for value, words in KNOWN_TO_SERVICES.items():
            self.known_to_services.addItem(words, value)
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
        self.known.currentItemChanged.connect(lambda _item, _old: self._known_chosen())
        (self.known if self.known.count() else self.given_name).setFocus()

    # Adults already recorded --------------------------------------------------------------------------------
    def _fill_known(self, known: list[KnownAdult]) -> None:
        self.known.addItem(QListWidgetItem(SOMEONE_NEW))
        for entry in known:
            where = "in this household" if entry.in_childs_household else f"{entry.household.name}, linked"
            item = QListWidgetItem(f"{entry.adult.full_name} ({where})")
            item.setData(KNOWN_ROLE, entry.adult)
            self.known.addItem(item)
        self.known.setCurrentRow(0)
        self.known.setMaximumHeight(self.fontMetrics().height() * (min(len(known), 5) + 2))

    def chosen_adult(self):
        item = self.known.currentItem()
        return item.data(KNOWN_ROLE) if item is not None else None

    def known_names(self) -> list[str]:
        return [self.known.item(row).text() for row in range(self.known.count())]

    def _known_chosen(self) -> None:
        """A person already recorded: their own details are theirs and shown as recorded (Edit adult changes them
        for every child); only how they stand to this child is asked."""
        adult = self.chosen_adult()
        person = (self.given_name, self.family_name, self.sex, self.date_of_birth, self.relevant_history,
                  self.known_to_services)
        for widget in person:
            widget.setEnabled(adult is None)
        if adult is None:
            for widget in (self.given_name, self.family_name, self.relevant_history):
                widget.clear()
            self.date_of_birth.set_date(None)
            return
        self.given_name.setText(adult.given_name)
        self.family_name.setText(adult.family_name)
        self.sex.setCurrentIndex(self.sex.findData(adult.sex))
        self.date_of_birth.set_date(adult.date_of_birth)
        self.relevant_history.setPlainText(adult.relevant_history)
        self.known_to_services.setCurrentIndex(self.known_to_services.findData(adult.known_to_services))

    def _fill(self, significant: SignificantAdult) -> None:
        adult, link = significant.adult, significant.link
        self.given_name.setText(adult.given_name)
        self.family_name.setText(adult.family_name)
        self.relationship.setCurrentIndex(self.relationship.findData(link.relationship))
        self.sex.setCurrentIndex(self.sex.findData(adult.sex))
        self.date_of_birth.set_date(adult.date_of_birth)
        self.parental_responsibility.setChecked(link.parental_responsibility)
        self.lives_with_child.setChecked(link.lives_with_child)
        self.part_time.setChecked(link.part_time)
        self.known_to_services.setCurrentIndex(self.known_to_services.findData(adult.known_to_services))
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
            part_time=self.part_time.isChecked(),
            known_to_services=self.known_to_services.currentData(),
            adult_id=chosen.id if (chosen := self.chosen_adult()) is not None else None,
        ), []

