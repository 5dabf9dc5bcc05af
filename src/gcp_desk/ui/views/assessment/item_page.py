"""The page for grading: the current item on the left, its evidence on the right.

Before any visit is recorded the child's age band, and so the items, are not known; the page says so and offers
the way to the visits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .evidence_panel import EvidencePanel
from .item_panel import ItemPanel
from .session import AssessmentSession, ItemPlace

NO_BAND = ("No visit is recorded yet, so the child's age band, and so which items apply, is not known. "
           "Record the first visit to start grading.")


class ItemPage(QStackedWidget):
    visits_requested = Signal()

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = ItemPanel(session)
        self.evidence = EvidencePanel(session)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.item)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grading = QWidget()
        row = QHBoxLayout(grading)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(scroll, 3)
        row.addWidget(self.evidence, 2)

        waiting = QWidget()
        self.message = message = QLabel(NO_BAND)
        message.setWordWrap(True)
        self.to_visits = QPushButton("Go to visits")
        column = QVBoxLayout(waiting)
        column.addWidget(message)
        column.addWidget(self.to_visits, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

        self._grading = self.addWidget(grading)
        self._waiting = self.addWidget(waiting)
        self.to_visits.clicked.connect(self.visits_requested)
        self.evidence.back_to_grades.connect(self.item.focus_grades)

    def show_place(self, place: ItemPlace | None) -> None:
        if place is None:
            self.message.setText(NO_BAND)
            self.to_visits.show()
            self.setCurrentIndex(self._waiting)
            return
        self.setCurrentIndex(self._grading)
        self.item.show_place(place)
        self.evidence.show_item(place.item.id, place.item.title)

    def show_no_items(self, domain_title: str, band_label: str) -> None:
        """A domain with nothing to grade at the child's age (before birth, say): not a missing visit."""
        self.message.setText(f"No item of {domain_title} applies at this age ({band_label}), so there is nothing to "
                             "grade here. Move on to the next part.")
        self.to_visits.hide()
        self.setCurrentIndex(self._waiting)

    def focus_main(self) -> None:
        if self.currentIndex() == self._waiting:
            (self.to_visits if self.to_visits.isVisible() else self.message).setFocus()
        else:
            self.item.focus_grades()

    def flush(self) -> None:
        self.evidence.flush()
