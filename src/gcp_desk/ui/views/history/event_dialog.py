"""Add or edit a significant event on a child's chronology: when, what kind, what happened, and who told us.

Every problem is shown under its field, in words, and the dialog stays open with what was typed; nothing is saved
until everything is right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from ....domain.enums import EventKind
from ....domain.errors import Problem
from ....domain.events import SignificantEvent
from ....domain.labels import EVENT_KIND
from ....scoring.age import format_date
from ...widgets.checked_form import CheckedForm
from ...dialogs.draft_dialog import DraftDialog
from ...widgets.date_field import DateField, DateProblem

AGENCY_EXAMPLES = "for example Police, School, Health visitor"


@dataclass(frozen=True)
class EventDraft:
    """What the dialog returns: checked, not yet saved."""

    date: date
    kind: EventKind
    what_happened: str
    source_agency: str

    def arguments(self) -> dict:
        return dict(self.__dict__)

    def applied_to(self, event: SignificantEvent) -> SignificantEvent:
        return event.model_copy(update=self.arguments())


class EventDialog(DraftDialog):
    """An ``EventDraft`` that passed every check here; the caller saves it, then ``accept()``s or
    ``show_problems()``."""

    def __init__(self, parent=None, *, child_name: str, event: SignificantEvent | None = None,
                 today: Callable[[], date] = date.today):
        super().__init__(parent)
        self._today = today
        self.setWindowTitle("Edit significant event" if event else f"Add a significant event for {child_name}")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.form = CheckedForm.inside(layout)
        self.date = self.form.add("date", "&Date", DateField(), aliases=("When",))
        self.kind = self.form.add("kind", "&Kind of event", QComboBox(), aliases=("Kind",))
        for value, words in EVENT_KIND.items():
            self.kind.addItem(words, value)
        self.what_happened = self.form.add("what_happened", "&What happened", QPlainTextEdit())
        self.what_happened.setTabChangesFocus(True)
        self.what_happened.setPlaceholderText("In a sentence or two, as it was reported")
        self.source_agency = self.form.add("source_agency", "&Source agency", QLineEdit(),
                                           aliases=("Source", "Agency"))
        self.source_agency.setPlaceholderText(AGENCY_EXAMPLES)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if event is not None:
            self.date.set_date(event.date)
            self.kind.setCurrentIndex(self.kind.findData(event.kind))
            self.what_happened.setPlainText(event.what_happened)
            self.source_agency.setText(event.source_agency)
        self.date.setFocus()

    def draft(self) -> tuple[EventDraft | None, list[Problem]]:
        problems: list[Problem] = []
        when = None
        try:
            when = self.date.date()
        except DateProblem as problem:
            problems.append(Problem("date", str(problem)))
        else:
            if when is None:
                problems.append(Problem("date", "enter the date of the event, as day/month/year"))
            elif when > self._today():
                problems.append(Problem("date", f"{format_date(when)} is in the future; record an event once it "
                                                "has happened"))
        what = self.what_happened.toPlainText().strip()
        if not what:
            problems.append(Problem("what_happened", "say what happened, in a sentence or two"))
        if problems:
            return None, problems
        return EventDraft(date=when, kind=EventKind(self.kind.currentData()), what_happened=what,
                          source_agency=self.source_agency.text().strip()), []



class RemoveEventDialog(QDialog):
    """Taking an event off the chronology needs a reason: the audit trail keeps the event with it."""

    submitted = Signal(str)
    """The reason, not empty."""

    def __init__(self, parent=None, *, event: SignificantEvent):
        super().__init__(parent)
        self.setWindowTitle("Remove significant event")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        what = QLabel(f"Remove “{EVENT_KIND[event.kind]}” of {format_date(event.date)} from the chronology? "
                      "It stays in the audit trail with your reason.")
        what.setWordWrap(True)
        layout.addWidget(what)
        self.form = CheckedForm.inside(layout)
        self.reason = self.form.add("reason", "&Why remove it", QLineEdit(), aliases=("Reason",))
        self.reason.setPlaceholderText("for example Recorded on the wrong child")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = self.buttons.addButton("&Remove event", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def _check_and_submit(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.form.show([Problem("reason", "say why the event is being removed")])
            return
        self.form.clear()
        self.remove_button.setEnabled(False)
        self.submitted.emit(reason)

    def show_problems(self, problems: list[Problem]) -> None:
        self.remove_button.setEnabled(True)
        self.form.show(problems)
