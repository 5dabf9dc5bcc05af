"""New child, or edit a child's details. Every problem is shown next to its field and the dialog stays open;
nothing is saved until everything is right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QVBoxLayout

from ...domain.enums import PlanType, Sex
from ...domain.errors import Problem
from ...domain.labels import PLAN_TYPE, SEX
from ...scoring.age import format_date
from ..widgets.checked_form import CheckedForm
from ..widgets.date_field import DateField, DateProblem
from ..widgets.household_chooser import HouseholdChooser
from .draft_dialog import DraftDialog

if TYPE_CHECKING:  # annotations only: the caseload (and its New child button) is on screen before pydantic loads
    from ...domain.people import Child, Household
    from ...services.households import HouseholdSearch

OLDEST_YEARS = 25
"""Care leavers are supported to 25; an older date of birth is almost certainly a typing slip."""
LONGEST_PREGNANCY_DAYS = 300
IDENTIFIER_EXAMPLE = "for example LCS: 123456, NHS: 943 476 5919"


@dataclass(frozen=True)
class ChildDraft:
    """What the dialog returns: checked, but not yet saved."""

    given_name: str
    family_name: str
    date_of_birth: date | None
    expected_date_of_delivery: date | None
    sex: Sex = Sex.NOT_KNOWN
    ethnicity: str = ""
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    plan_type: PlanType = PlanType.NONE
    household_id: UUID | None = None
    """An existing household chosen."""
    new_household: tuple[str, str] | None = None
    """The name and address of a new household to make, when no existing one is chosen."""
    moved_on: date | None = None
    """When editing: the day the child moved into the household chosen, if it is not the one they lived in."""

    def create_arguments(self) -> dict:
        values = dict(self.__dict__)
        del values["moved_on"]
        return values

    def applied_to(self, child: Child) -> Child:
        """The child's own details; a change of household is a move, stored as its own step."""
        from ...domain.people import LocalIdentifier

        values = self.create_arguments()
        del values["household_id"], values["new_household"]
        values["identifiers"] = [LocalIdentifier(scheme=s, value=v) for s, v in self.identifiers]
        return child.model_copy(update=values)


def parse_identifiers(text: str) -> list[tuple[str, str]]:
    found = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        scheme, colon, value = part.partition(":")
        if not colon or not scheme.strip() or not value.strip():
            raise ValueError(f"write each identifier as type: number, separated by commas ({IDENTIFIER_EXAMPLE})")
        found.append((scheme.strip(), value.strip()))
    return found


def identifiers_text(child: Child) -> str:
    return ", ".join(f"{i.scheme}: {i.value}" for i in child.identifiers)


class ChildDialog(DraftDialog):
    """A ``ChildDraft`` that passed every check here; the caller saves it, then ``accept()``s or ``show_problems()``."""

    def __init__(self, parent=None, *, child: Child | None = None, today: Callable[[], date] = date.today,
                 household_search: Callable[[str], HouseholdSearch] | None = None,
                 household: Household | None = None, run: Callable | None = None):
        super().__init__(parent)
        self._today = today
        self._editing = child is not None
        self._lived_in = household
        self.setWindowTitle(f"Edit {child.full_name}'s details" if child else "New child")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.form = CheckedForm.inside(layout)
        self.given_name = self.form.add("given_name", "&First name", QLineEdit())
        self.family_name = self.form.add("family_name", "F&amily name", QLineEdit())
        self.date_of_birth = self.form.add("date_of_birth", "&Date of birth", DateField())
        self.expected = self.form.add("expected_date_of_delivery", "&Expected date of delivery (before birth)",
                                      DateField(), aliases=("Expected date of delivery",))
        self.sex = self.form.add("sex", "&Sex", QComboBox())
        for value, words in SEX.items():
            self.sex.addItem(words, value)
        self.ethnicity = self.form.add("ethnicity", "E&thnicity", QLineEdit())
        self.identifiers = self.form.add("identifiers", "&Identifiers", QLineEdit(),
                                         aliases=("Identifier", "Identifier type"))
        self.identifiers.setPlaceholderText(IDENTIFIER_EXAMPLE.removeprefix("for example "))
        self.plan_type = self.form.add("plan_type", "&Plan", QComboBox())
        for value, words in PLAN_TYPE.items():
            self.plan_type.addItem(words, value)
        self.household = self.form.add("household", "Ho&usehold", HouseholdChooser(household_search,
                                                                                    current=household, run=run),
                                       aliases=("Name", "Address"))
        self.moved_on = self.form.add("moved_on", "&Moved there on", DateField(), aliases=("Date of the move",))
        self.form.set_row_visible("moved_on", False)
        self.household.changed.connect(self._household_changed)
        if not self._editing:
            self.family_name.textEdited.connect(self.household.suggest_name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if child is not None:
            self._fill(child)
        self.given_name.setFocus()

    def _fill(self, child: Child) -> None:
        self.given_name.setText(child.given_name)
        self.family_name.setText(child.family_name)
        self.date_of_birth.set_date(child.date_of_birth)
        self.expected.set_date(child.expected_date_of_delivery)
        self.sex.setCurrentIndex(self.sex.findData(child.sex))
        self.ethnicity.setText(child.ethnicity)
        self.identifiers.setText(identifiers_text(child))
        self.plan_type.setCurrentIndex(self.plan_type.findData(child.plan_type))

    # Checking -----------------------------------------------------------------------------------------------
    def draft(self) -> tuple[ChildDraft | None, list[Problem]]:
        problems: list[Problem] = []
        given, family = self.given_name.text().strip(), self.family_name.text().strip()
        if not given:
            problems.append(Problem("given_name", "enter the child's first name (before birth, 'Baby' will do)"))
        if not family:
            problems.append(Problem("family_name", "enter the child's family name"))
        born = self._date(self.date_of_birth, "date_of_birth", problems)
        due = self._date(self.expected, "expected_date_of_delivery", problems)
        today = self._today()
        unreadable = self._has_problem(problems, "date_of_birth", "expected_date_of_delivery")
        if born is None and due is None and not unreadable:
            problems.append(Problem("date_of_birth", "enter the date of birth or, before birth, the expected date "
                                                     "of delivery"))
        if born is not None:
            if born > today:
                problems.append(Problem("date_of_birth", f"{format_date(born)} is in the future; a child cannot be "
                                                         "born after today"))
            elif born < today - timedelta(days=365 * OLDEST_YEARS + 7):
                problems.append(Problem("date_of_birth", f"{format_date(born)} is more than {OLDEST_YEARS} years ago; "
                                                         "check the year"))
        if due is not None and born is None:
            if due < today:
                problems.append(Problem("expected_date_of_delivery",
                                        f"{format_date(due)} has passed; if the baby has been born, enter the date "
                                        "of birth instead"))
            elif due > today + timedelta(days=LONGEST_PREGNANCY_DAYS):
                problems.append(Problem("expected_date_of_delivery",
                                        f"{format_date(due)} is more than ten months away; check the year"))
        try:
            identifiers = parse_identifiers(self.identifiers.text())
        except ValueError as error:
            problems.append(Problem("identifiers", str(error)))
            identifiers = []
        household_id, new_household, moved_on = self._household_choice(problems, today)
        if problems:
            return None, problems
        return ChildDraft(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            expected_date_of_delivery=due,
            sex=Sex(self.sex.currentData()),
            ethnicity=self.ethnicity.text().strip(),
            identifiers=identifiers,
            plan_type=PlanType(self.plan_type.currentData()),
            household_id=household_id,
            new_household=new_household,
            moved_on=moved_on,
        ), []

    # Household ----------------------------------------------------------------------------------------------
    def _moving(self) -> bool:
        """Editing, and a household other than the one the child lives in is chosen (or a new one is named)."""
        if not self._editing:
            return False
        if self.household.is_new():
            return bool(self.household.new_name.text().strip())
        return self.household.chosen_id() != (self._lived_in.id if self._lived_in else None)

    def _household_changed(self) -> None:
        self.form.set_row_visible("moved_on", self._moving())

    def _household_choice(self, problems: list[Problem], today: date):
        chooser = self.household
        new_household = None
        if chooser.is_new():
            name = chooser.new_name.text().strip()
            if not name and not self._editing and self.family_name.text().strip():
                name = f"{self.family_name.text().strip()} household"  # every new child has a home on record
            if name:
                new_household = (name, chooser.new_address.text().strip())
        if not self._moving():
            return (None if self._editing else chooser.chosen_id()), (None if self._editing else new_household), None
        moved_on = self._date(self.moved_on, "moved_on", problems)
        if moved_on is None and not self._has_problem(problems, "moved_on"):
            problems.append(Problem("moved_on", "enter the day the child moved into this household"))
        elif moved_on is not None and moved_on > today:
            problems.append(Problem("moved_on", f"{format_date(moved_on)} is in the future; record the move once "
                                                "it has happened"))
        return chooser.chosen_id(), new_household, moved_on

    @staticmethod
    def _date(field_widget: DateField, key: str, problems: list[Problem]) -> date | None:
        try:
            return field_widget.date()
        except DateProblem as problem:
            problems.append(Problem(key, str(problem)))
            return None

    @staticmethod
    def _has_problem(problems: list[Problem], *keys: str) -> bool:
        return any(problem.location in keys for problem in problems)

