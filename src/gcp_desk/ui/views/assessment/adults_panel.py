"""Every significant adult and how they took part. Adults carried over from the last assessment must be confirmed,
so nobody is copied forward unseen; a missing father or male carer is named, never silently skipped."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....domain.assessment import Assessment, AssessmentAdult
from ....domain.enums import Involvement
from ....domain.labels import INVOLVEMENT, RELATIONSHIP
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import describe_failure, not_saved
from ...widgets.state_style import set_style_sheet
from .page_frame import heading_label

CARRIED_OVER = "Carried over \u2014 confirm"
FROM_SIBLING = "From a brother's or sister's assessment \u2014 confirm"
CONFIRMED = "Confirmed for this assessment"
NO_FATHER = ("No birth father is recorded for this child, nor why he is not known. Ask about him, and about any "
             "man who spends time with the child; add him on the child record, then bring him in here.")
NO_ADULTS = "No significant adult is listed. Add adults on the child record, then bring them in here."
PROMPT_STYLE = "background-color: #fff4d6; color: #3a2a00; padding: 6px; border: 1px solid #f1c232; border-radius: 4px;"


class _AdultRow:
    def __init__(self, panel: AdultsPanel, grid: QGridLayout, row: int, adult: AssessmentAdult):
        self.adult_id = adult.adult_id
        who = f"{adult.name} ({RELATIONSHIP[adult.relationship].lower()})"
        self.name = QLabel(who)
        self.involvement = QComboBox()
        for value in Involvement:
            self.involvement.addItem(INVOLVEMENT[value], value)
        self.involvement.setAccessibleName(f"How {adult.name} took part")
        self.state = QLabel()
        self.confirm = QPushButton("Confirm")
        self.confirm.setAccessibleName(f"Confirm {adult.name} for this assessment")
        for column, widget in enumerate((self.name, self.involvement, self.state, self.confirm)):
            grid.addWidget(widget, row, column)
        # activated comes only from the person choosing, never from a redraw.
        self.involvement.activated.connect(lambda _index: panel.set_involvement(self.adult_id, self.chosen()))
        self.confirm.clicked.connect(lambda: panel.set_involvement(self.adult_id, self.chosen()))

    def chosen(self) -> Involvement:
        return Involvement(self.involvement.currentData())

    def show(self, adult: AssessmentAdult, read_only: bool, from_sibling: bool = False) -> None:
        self.involvement.setCurrentIndex(self.involvement.findData(adult.involvement))
        self.state.setText(CONFIRMED if adult.confirmed else (FROM_SIBLING if from_sibling else CARRIED_OVER))
        set_style_sheet(self.state, "" if adult.confirmed else PROMPT_STYLE)
        self.confirm.setVisible(not adult.confirmed)
        self.involvement.setEnabled(not read_only)
        self.confirm.setEnabled(not read_only)

    def widgets(self) -> list[QWidget]:
        return [self.name, self.involvement, self.state, self.confirm]


class AdultsPanel(QWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._rows: list[_AdultRow] = []
        self.heading = heading_label("Significant adults", self, 1.0)
        self.father_prompt = QLabel(NO_FATHER, self)
        self.father_prompt.setObjectName("fatherPrompt")
        self.father_prompt.setWordWrap(True)
        self.father_prompt.setStyleSheet(PROMPT_STYLE)
        self.empty = QLabel(NO_ADULTS, self)
        self.empty.setWordWrap(True)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(4, 1)
        self.bring_in = QPushButton("Bring in adults added to the child record", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.father_prompt, self.empty, self.grid_host):
            layout.addWidget(widget)
        layout.addWidget(self.bring_in, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        self.bring_in.clicked.connect(self.bring_in_adults)
        session.changed.connect(self.refresh)

    def refresh(self, assessment: Assessment) -> None:
        read_only = self._session.read_only
        self.father_prompt.setVisible(not self._session.record.father_accounted_for)
        self.empty.setVisible(not assessment.adults)
        if [row.adult_id for row in self._rows] != [adult.adult_id for adult in assessment.adults]:
            self._rebuild(assessment.adults)
        for row, adult in zip(self._rows, assessment.adults, strict=True):
            row.show(adult, read_only, assessment.from_sibling(adult))
        self.bring_in.setEnabled(not read_only)

    def focus_main(self) -> None:
        (self._rows[0].involvement if self._rows else self.bring_in).setFocus()

    def set_involvement(self, adult_id: UUID, involvement: Involvement) -> None:
        self.message.clear()
        self._session.edit(lambda services, aid: services.set_adult_involvement(aid, adult_id, involvement),
                           on_error=self._failed)

    def bring_in_adults(self) -> None:
        self.message.clear()
        self._session.edit(lambda services, aid: services.refresh_adults(aid), on_error=self._failed)

    def _rebuild(self, adults: list[AssessmentAdult]) -> None:
        for row in self._rows:
            for widget in row.widgets():
                widget.deleteLater()
        self._rows = [_AdultRow(self, self.grid, index, adult) for index, adult in enumerate(adults)]
        # Rows made now would come last in the window's tab order; put them where they are on screen, just before
        # "Bring in adults", each adult's choice then its confirm button. (Qt links only focusable widgets.)
        previous = self.bring_in.previousInFocusChain()
        while previous is not self.bring_in and not previous.focusPolicy() & Qt.FocusPolicy.TabFocus:
            previous = previous.previousInFocusChain()
        for row in self._rows:
            for widget in (row.involvement, row.confirm):
                QWidget.setTabOrder(previous, widget)
                previous = widget
        QWidget.setTabOrder(previous, self.bring_in)

    def _failed(self, error: Exception) -> None:
        self.message.setText(not_saved(describe_failure(error)))
