"""The visits the assessment draws on: when, announced or not, and who went.

The first visit's date fixes the child's age band and so which items apply. A date that cannot be (in the future,
before the child was born) is refused by the service; its words appear beside the date field.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....domain.assessment import Assessment, Visit
from ....domain.errors import InvalidInput
from ....scoring.age import format_date
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import describe_failure
from ...widgets.date_field import DateField, DateProblem
from ....domain.enums import SharedFactKind
from .session import AssessmentSession
from .shared_fact_bar import SharedFactBar

DATE_FIELDS = {"Visit date", "Date of birth", "Expected date of delivery"}
VISIT_ID = Qt.ItemDataRole.UserRole


def _shared_visits(assessment: Assessment) -> list:
    visits = {str(visit.id) for visit in assessment.visits}
    return [fact for fact in assessment.shared_facts if fact.kind is SharedFactKind.VISIT and fact.key in visits]


def visit_words(visit: Visit) -> str:
    words = [format_date(visit.date), "announced" if visit.announced else "unannounced"]
    if visit.visitors:
        words.append(", ".join(visit.visitors))
    if visit.back_dated:
        words.append(f"entered {format_date(visit.recorded_on)}")
    text = " \u00b7 ".join(words)
    return f"{text} \u2014 {visit.note}" if visit.note else text


class VisitsPanel(QWidget):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._editing: UUID | None = None
        self._shown: tuple | None = None

        heading = QLabel("Visits", self)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        self.visits = QListWidget(self)
        self.visits.setAccessibleName("Visits recorded")
        self.visits.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.edit_button = QPushButton("Edit visit", self)
        self.edit_button.setAccessibleName("Edit the selected visit")
        self.remove_button = QPushButton("Remove visit", self)
        self.remove_button.setAccessibleName("Remove the selected visit")

        self.date = DateField(self)
        self.date.set_date(date.today())
        self.date.setAccessibleName("Visit date")
        self.date.setMaximumWidth(self.date.fontMetrics().averageCharWidth() * 22)
        self.date_problem = QLabel(self)
        self.date_problem.setObjectName("dateProblem")
        self.date_problem.setWordWrap(True)
        self.date_problem.setStyleSheet(PROBLEM_STYLE)
        self.announced = QCheckBox("Announced visit", self)
        self.announced.setChecked(True)
        self.visitors = QLineEdit(self)
        self.visitors.setAccessibleName("Who visited")
        self.visitors.setPlaceholderText("Names and roles, separated by commas")
        self.note = QLineEdit(self)
        self.note.setAccessibleName("Visit note")
        self.add_button = QPushButton("Add visit", self)
        self.cancel_button = QPushButton("Cancel editing", self)
        self.cancel_button.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.shared = SharedFactBar(session, "A visit", _shared_visits, self)

        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.edit_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.date_problem, 1)
        form = QFormLayout()
        form.addRow("Visit date:", date_row)
        form.addRow("", self.announced)
        form.addRow("&Who visited:", self.visitors)
        form.addRow("&Note:", self.note)
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.add_button)
        form_buttons.addWidget(self.cancel_button)
        form_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.visits)
        layout.addWidget(self.shared)
        layout.addLayout(list_buttons)
        layout.addLayout(form)
        layout.addLayout(form_buttons)
        layout.addWidget(self.message)

        self.add_button.clicked.connect(self.store_visit)
        for field in (self.date, self.visitors, self.note):
            field.returnPressed.connect(self.store_visit)
        self.cancel_button.clicked.connect(self._clear_form)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.visits.itemActivated.connect(lambda _item: self.edit_selected())
        session.changed.connect(self.refresh)

    # Showing -------------------------------------------------------------------------------------------------
    def refresh(self, assessment: Assessment) -> None:
        read_only = self._session.read_only
        shown = (tuple(assessment.visits), tuple(assessment.shared_facts), read_only)
        if shown == self._shown:
            return
        self._shown = shown
        waiting = [v for v in assessment.visits if (f := assessment.shared_fact(SharedFactKind.VISIT, str(v.id)))
                   and not f.confirmed]
        self.shared.set_what("The visit on " + ", ".join(format_date(v.date) for v in waiting) if waiting
                             else "A visit")
        self.shared.refresh(assessment)
        self.visits.clear()
        for visit in assessment.visits:
            row = QListWidgetItem(visit_words(visit))
            row.setData(VISIT_ID, visit.id)
            self.visits.addItem(row)
        if not assessment.visits:
            empty = QListWidgetItem("No visit recorded yet.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.visits.addItem(empty)
        for widget in (self.date, self.announced, self.visitors, self.note, self.add_button):
            widget.setEnabled(not read_only)
        for widget in (self.edit_button, self.remove_button):
            widget.setEnabled(not read_only and bool(assessment.visits))

    def focus_main(self) -> None:
        self.date.setFocus(Qt.FocusReason.OtherFocusReason)
        self.date.selectAll()

    # Acting --------------------------------------------------------------------------------------------------
    def store_visit(self) -> None:
        if self._session.read_only:
            return
        self.date_problem.clear()
        self.message.clear()
        try:
            on = self.date.date()
        except DateProblem as problem:
            on, reason = None, str(problem)
        else:
            reason = "enter the date of the visit, for example 3/2/2026"
        if on is None:
            self.date_problem.setText(f"Not saved: {reason[:1].upper()}{reason[1:]}.")
            self.date.setFocus()
            return
        announced = self.announced.isChecked()
        visitors = [name.strip() for name in self.visitors.text().replace(";", ",").split(",") if name.strip()]
        note = self.note.text().strip()
        editing = self._editing
        if editing is None:
            change = lambda services, aid: services.add_visit(  # noqa: E731
                aid, on=on, announced=announced, visitors=visitors, note=note)
        else:
            visit = Visit(id=editing, date=on, announced=announced, visitors=visitors, note=note)
            change = lambda services, aid: services.update_visit(aid, visit)  # noqa: E731
        self._session.edit(change, on_done=lambda _a: self._clear_form(), on_error=self._refused)

    def edit_selected(self) -> None:
        visit = self._selected()
        if visit is None or self._session.read_only:
            return
        self._editing = visit.id
        self.date.set_date(visit.date)
        self.announced.setChecked(visit.announced)
        self.visitors.setText(", ".join(visit.visitors))
        self.note.setText(visit.note)
        self.add_button.setText("Save visit")
        self.cancel_button.show()
        self.date.setFocus()

    def remove_selected(self) -> None:
        visit = self._selected()
        if visit is None or self._session.read_only:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Remove visit", f"Remove the visit of {visit_words(visit)}?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self._session.edit(
            lambda services, aid: services.remove_visit(aid, visit.id), on_error=self._refused))
        box.finished.connect(
            lambda _result: (box.deleteLater(), self.window().activateWindow(), self.visits.setFocus()))
        box.open()

    def _selected(self) -> Visit | None:
        row = self.visits.currentItem()
        visit_id = row.data(VISIT_ID) if row is not None else None
        return next((v for v in self._session.assessment.visits if v.id == visit_id), None)

    def _clear_form(self) -> None:
        self._editing = None
        self.date.set_date(date.today())
        self.announced.setChecked(True)
        self.visitors.clear()
        self.note.clear()
        self.add_button.setText("Add visit")
        self.cancel_button.hide()
        self.date_problem.clear()

    def _refused(self, error: Exception) -> None:
        if isinstance(error, InvalidInput):
            about_date = [p.message for p in error.problems if p.location in DATE_FIELDS]
            other = [str(p) for p in error.problems if p.location not in DATE_FIELDS]
            if about_date:
                words = "; ".join(about_date)
                self.date_problem.setText(f"Not saved: {words[:1].upper()}{words[1:]}.")
            self.message.setText("; ".join(other))
        else:
            self.message.setText(f"Not saved: {describe_failure(error)}")
        self.date.setFocus()
