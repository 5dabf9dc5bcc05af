"""The current item: where it sits, what to look at, its five descriptors, and the grade chosen for it."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....domain.assessment import Assessment
from ...dialogs.not_assessed_dialog import NotAssessedDialog
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import describe_failure, not_saved
from .grade_area import GradeArea
from .grade_chip import grade_text
from ....domain.enums import SharedFactKind
from ...widgets.autosave_text import QUIET
from .session import AssessmentSession, ItemPlace
from .shared_fact_bar import SharedFactBar
from .sibling_grid import SiblingGrid

READ_ONLY = "This assessment is read-only: its grades cannot be changed here."
HOME_ITEM = ("A home item: it describes the home rather than the child, so its grade and notes are entered once for "
             "brothers and sisters assessed on the same visits, and confirmed for each child.")


class ItemPanel(QWidget):
    move_requested = Signal(int)

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._place: ItemPlace | None = None
        self._shown: tuple | None = None

        self.position = QLabel(self)
        self.position.setObjectName("itemPosition")
        self.title = QLabel(self)
        self.title.setObjectName("itemTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.guidance = QLabel(self)
        self.guidance.setWordWrap(True)
        self.not_assessed = QLabel(self)
        self.not_assessed.setObjectName("notAssessedBanner")
        self.not_assessed.setWordWrap(True)
        self.not_assessed.setStyleSheet("background-color: #d9d9d9; color: #222222; padding: 4px; border-radius: 4px;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.hide()
        self.grades = GradeArea(self)
        self.siblings = SiblingGrid(self)
        self.home_item = QLabel(HOME_ITEM, self)
        self.home_item.setObjectName("homeItem")
        self.home_item.setWordWrap(True)
        self.home_item.setStyleSheet(QUIET)
        self.home_item.hide()
        self.shared = SharedFactBar(session, "This home item's grade and notes", self._shared_item, self,
                                    detail=self._replaced_words)
        self.siblings.loaded.connect(lambda: self._session.is_open and self.shared.refresh(self._session.assessment))

        self.previous_button = QPushButton("\u25c0 Previous item", self)
        self.not_assessed_button = QPushButton("Not assessed\u2026 (N)", self)
        self.not_assessed_button.setAccessibleName("Mark this item not assessed, with the reason")
        self.clear_button = QPushButton("Clear grade", self)
        self.next_button = QPushButton("Next item \u25b6", self)
        buttons = QHBoxLayout()
        for button in (self.previous_button, self.not_assessed_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.position)
        layout.addWidget(self.title)
        layout.addWidget(self.guidance)
        layout.addWidget(self.home_item)
        layout.addWidget(self.shared)
        layout.addWidget(self.not_assessed)
        layout.addWidget(self.message)
        layout.addWidget(self.grades)
        layout.addWidget(self.siblings)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.grades.graded.connect(self.grade)
        self.grades.not_assessed_requested.connect(self.ask_not_assessed)
        self.grades.clear_requested.connect(self.clear)
        self.grades.move_requested.connect(self.move_requested)
        self.previous_button.clicked.connect(lambda: self.move_requested.emit(-1))
        self.next_button.clicked.connect(lambda: self.move_requested.emit(1))
        self.not_assessed_button.clicked.connect(self.ask_not_assessed)
        self.clear_button.clicked.connect(self.clear)
        session.changed.connect(self.refresh)

    # Showing -------------------------------------------------------------------------------------------------
    @property
    def place(self) -> ItemPlace | None:
        return self._place

    def show_place(self, place: ItemPlace) -> None:
        session = self._session
        self._place = place
        self._shown = None
        band = session.instrument.band(session.band_id) if session.band_id else None
        band_words = f" \u00b7 descriptors for age {band.label.lower()}" if band else ""
        self.position.setText(f"Item {place.index + 1} of {place.count} in {place.domain.title}{band_words}")
        self.title.setText(place.item.title)
        self.guidance.setText(place.item.guidance)
        self.guidance.setVisible(bool(place.item.guidance))
        self.home_item.setVisible(place.item.household)
        self.grades.show_item(session.instrument, place.item.id, place.item.title, session.band_id or "")
        self.message.hide()
        self.refresh(session.assessment)
        self._lay_out_now()
        assessment_id, item_id, services = session.assessment.id, place.item.id, session.services
        # Read as stored when it runs (this child's cell is kept by ``refresh``): the next grade may pass it.
        self.siblings.load(lambda: services.sibling_grades(assessment_id, item_id),
                           functools.partial(session.runner.run, background=True))

    def _lay_out_now(self) -> None:
        """Lay the new item's words out once, innermost first. Left to the event loop, each card's layout, then the
        grade area's, then this panel's would each take a turn, and the panel would be laid out and painted twice
        (measured: 10 ms of moving to the next item, 7.5 ms this way)."""
        for widget in (*self.grades.cards, self.grades, self):
            QCoreApplication.sendPostedEvents(widget, QEvent.Type.LayoutRequest)

    def refresh(self, assessment: Assessment) -> None:
        """Redraw only the chosen grade and the not-assessed note: called after every keypress, so keep it small."""
        if self._place is None:
            return
        item_grade = assessment.item_grades.get(self._place.item.id)
        grade = item_grade.grade if item_grade else None
        reason = item_grade.not_assessed_reason if item_grade else None
        read_only = self._session.read_only
        self.shared.refresh(assessment)
        shown = (grade, reason, read_only)
        if shown == self._shown:
            return
        self._shown = shown
        self.siblings.update_own(assessment.id, grade)
        if grade is not None:
            summary = f"graded {grade_text(self._session.instrument, grade)}"
        elif reason:
            summary = f"not assessed: {reason}"
        else:
            summary = "not graded yet"
        self.grades.show_choice(grade, summary)
        self.not_assessed.setText(f"Not assessed. Reason: {reason}" if reason else "")
        self.not_assessed.setVisible(bool(reason))
        for button in (self.not_assessed_button, self.clear_button):
            button.setEnabled(not read_only)

    def _shared_item(self, assessment: Assessment) -> list:
        if self._place is None:
            return []
        fact = assessment.shared_fact(SharedFactKind.HOME_ITEM, self._place.item.id)
        return [fact] if fact is not None else []

    def _replaced_words(self, assessment: Assessment, facts: list) -> str:
        """What the sibling's change replaced, e.g. "It was 3 for this child before Ivy's assessment changed it
        to 4.", while it waits to be confirmed."""
        fact = facts[0] if facts else None
        if fact is None or fact.confirmed or fact.replaced_grade is None:
            return ""
        now = assessment.item_grades.get(fact.key)
        if now is not None and now.grade == fact.replaced_grade:
            return ""
        changed = f"changed it to {now.grade}" if now is not None and now.grade is not None else \
            "marked it not assessed"
        who = self.siblings.name_of(fact.from_assessment_id)
        whose = f"{who}'s assessment" if who else "a brother's or sister's assessment"
        return f"It was {fact.replaced_grade} for this child before {whose} {changed}."

    def focus_grades(self) -> None:
        self.grades.setFocus(Qt.FocusReason.OtherFocusReason)

    # Acting --------------------------------------------------------------------------------------------------
    def grade(self, grade: int) -> None:
        if not self._may_change():
            return
        item_id = self._place.item.id
        self.message.hide()
        self._session.edit(lambda services, aid: services.grade_item(aid, item_id, grade), on_error=self._failed)

    def clear(self) -> None:
        if not self._may_change():
            return
        item_id = self._place.item.id
        self.message.hide()
        self._session.edit(lambda services, aid: services.clear_item(aid, item_id), on_error=self._failed)

    def ask_not_assessed(self) -> None:
        if not self._may_change():
            return
        item = self._place.item
        current = self._session.assessment.item_grades.get(item.id)
        dialog = NotAssessedDialog(item.id, item.title, (current.not_assessed_reason or "") if current else "", self)
        dialog.accepted.connect(lambda: self._mark_not_assessed(dialog))
        dialog.finished.connect(lambda _result: (dialog.deleteLater(), self._back_from_dialog()))
        dialog.open()

    def _back_from_dialog(self) -> None:
        self.window().activateWindow()
        self.focus_grades()

    def _mark_not_assessed(self, dialog: NotAssessedDialog) -> None:
        choice = dialog.choice
        if choice is None:
            return
        self._session.edit(
            lambda services, aid: services.mark_not_assessed(aid, choice.item_id, choice.reason),
            on_error=self._failed,
        )

    def _may_change(self) -> bool:
        if self._place is None:
            return False
        if self._session.read_only:
            self._show_message(READ_ONLY)
            return False
        return True

    def _failed(self, error: Exception) -> None:
        self._show_message(not_saved(describe_failure(error)))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
