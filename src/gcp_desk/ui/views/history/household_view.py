"""The household side by side: each child's latest profile in a column, domain by domain, so a pattern across
siblings shows at once. Each child keeps their own assessment; a column opens that child's own record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....domain.assessment import Assessment
from ....domain.instrument import Instrument
from ....domain.labels import STATUS
from ....domain.people import Child
from ....scoring.drift import assessment_date
from ....scoring.suggest import effective_domain_grade
from ...models.age_text import age_in_words, short_date
from ...theme import grade_background, grade_foreground
from .change_words import grade_words

NO_SIBLINGS = ("No brothers or sisters are recorded in {name}'s household. Children are linked as siblings when "
               "they share a household.")
NOT_YET = "No assessment yet"
NO_GRADE = "Not graded"


@dataclass(frozen=True)
class HouseholdMember:
    child: Child
    latest: tuple[Assessment, Instrument] | None
    """The child's latest current assessment with a visit, or ``None``."""


def latest_of(history: list[tuple[Assessment, Instrument]]) -> tuple[Assessment, Instrument] | None:
    from ....domain.enums import AssessmentStatus

    dated = [(a, i) for a, i in history if a.status is not AssessmentStatus.AMENDED and assessment_date(a)]
    return max(dated, key=lambda pair: assessment_date(pair[0]), default=None)


class HouseholdView(QWidget):
    child_requested = Signal(object)
    """The id of a sibling whose own record to open."""
    together_requested = Signal(object)
    """The household's children (``Child``), to assess together."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Household")
        self.members: list[HouseholdMember] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget()
        self.table.setAccessibleName("Latest profile of each child in the household")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() * 2)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(lambda item: self._open(item.column()))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open this child's &record")
        self.open_button.setToolTip("Open the record of the child whose column is selected")
        self.open_button.clicked.connect(lambda: self._open(self.table.currentColumn()))
        row.addWidget(self.open_button)
        self.together_button = QPushButton("Assess &together…")
        self.together_button.setToolTip("Start an assessment for each chosen child on the same visit, with what "
                                        "belongs to the household entered once")
        self.together_button.clicked.connect(
            lambda: self.together_requested.emit([member.child for member in self.members]))
        row.addWidget(self.together_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_members(self, members: list[HouseholdMember], today: date) -> None:
        """``members`` starts with the child whose record this is, then their siblings."""
        self.members = list(members)
        first = members[0].child
        siblings = len(members) - 1
        if siblings == 0:
            self.intro.setText(NO_SIBLINGS.format(name=first.given_name))
        else:
            others = "sibling" if siblings == 1 else "siblings"
            self.intro.setText(f"{first.given_name} and {siblings} {others}: each child's latest assessment, side "
                               "by side. Each child keeps their own assessment, also when assessed together.")
        domains = _domains(members)
        self.table.clear()
        self.table.setColumnCount(len(members))
        self.table.setRowCount(len(domains) + 1)
        self.table.setHorizontalHeaderLabels([_heading(member, today) for member in members])
        self.table.setVerticalHeaderLabels(["Latest assessment", *[title for _, title in domains]])
        for column, member in enumerate(members):
            self.table.setItem(0, column, _plain(_when(member)))
            for row, (domain_id, title) in enumerate(domains, start=1):
                self.table.setItem(row, column, _grade_item(member, domain_id, title))
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(0, 1 if siblings else 0)
        self.open_button.setEnabled(siblings > 0)
        self.together_button.setEnabled(siblings > 0)

    def grade_shown(self, child_id: UUID, domain_title: str) -> str:
        column = next(i for i, m in enumerate(self.members) if m.child.id == child_id)
        row = next(r for r in range(self.table.rowCount())
                   if self.table.verticalHeaderItem(r).text() == domain_title)
        return self.table.item(row, column).text()

    def _open(self, column: int) -> None:
        if 0 < column < len(self.members):  # column 0 is this child, whose record is open already
            self.child_requested.emit(self.members[column].child.id)


def _domains(members: list[HouseholdMember]) -> list[tuple[str, str]]:
    titles: dict[str, str] = {}
    for member in members:
        if member.latest is not None:
            for domain in member.latest[1].domains:
                titles.setdefault(domain.id, domain.title)
    return list(titles.items())


def _heading(member: HouseholdMember, today: date) -> str:
    child = member.child
    return f"{child.full_name}\n{age_in_words(child.date_of_birth, child.expected_date_of_delivery, today)}"


def _when(member: HouseholdMember) -> str:
    if member.latest is None:
        return NOT_YET
    assessment = member.latest[0]
    on = assessment_date(assessment)
    if on is None:
        return f"Started {short_date(assessment.created_at.date())}, no visit yet ({STATUS[assessment.status]})"
    return f"{short_date(on)} ({STATUS[assessment.status]})"


def _plain(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    font = QFont()
    font.setBold(True)
    item.setFont(font)
    return item


def _grade_item(member: HouseholdMember, domain_id: str, title: str) -> QTableWidgetItem:
    if member.latest is None:
        item = QTableWidgetItem("–")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{member.child.given_name}, {title}: {NOT_YET.lower()}")
        return item
    assessment, instrument = member.latest
    has_domain = any(domain.id == domain_id for domain in instrument.domains)
    grade = effective_domain_grade(instrument, assessment, domain_id) if has_domain else None
    text = grade_words(instrument, grade, empty=NO_GRADE)
    item = QTableWidgetItem(text)
    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{member.child.given_name}, {title}: {text}")
    if grade is not None:
        item.setBackground(QBrush(grade_background(grade)))
        item.setForeground(QBrush(grade_foreground(grade)))
    return item
