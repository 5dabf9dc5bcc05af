"""The top of the workspace: the way back, whose assessment this is, its state, and a banner when it is read-only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....domain.assessment import Assessment
from ....domain.enums import AssessmentStatus
from ....domain.labels import STATUS
from ....scoring.age import format_date
from .page_frame import heading_label
from .session import AssessmentSession

BANNER_STYLE = "background-color: #fff4d6; color: #3a2a00; border: 1px solid #f1c232; border-radius: 4px; padding: 6px;"
ERROR_STYLE = "background-color: #fbe3e6; color: #5c0a16; border: 1px solid #a3142b; border-radius: 4px; padding: 6px;"


def read_only_words(assessment: Assessment) -> str:
    status = assessment.status
    if status is AssessmentStatus.SUBMITTED:
        when = f" on {format_date(assessment.submitted_at.date())}" if assessment.submitted_at else ""
        return (f"Submitted{when} and waiting for supervisor review: this assessment is read-only. It can be changed "
                "again only if your supervisor returns it.")
    if status is AssessmentStatus.COUNTERSIGNED:
        return "Countersigned: this assessment is locked and read-only. A correction must be made as an amendment."
    if status is AssessmentStatus.AMENDED:
        return "Replaced by an amendment: this is the earlier, countersigned version, shown read-only."
    return ""


class WorkspaceHeader(QWidget):
    back_requested = Signal()

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.back = QPushButton("\u25c0 Back to child record", self)
        self.back.setAccessibleName("Back to the child record")
        self.child = heading_label("", self, 1.3)
        self.child.setObjectName("childName")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("assessmentStatus")
        self.banner = QLabel(self)
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()

        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.child)
        who.addWidget(self.details)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addSpacing(12)
        top.addLayout(who, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        self.back.clicked.connect(self.back_requested)
        session.changed.connect(self.refresh)

    def refresh(self, assessment: Assessment) -> None:
        session = self._session
        child = session.record.child
        self.child.setText(f"Assessment: {child.full_name}")
        if child.date_of_birth:
            born = f"Born {format_date(child.date_of_birth)}"
        elif child.expected_date_of_delivery:
            born = f"Unborn, expected {format_date(child.expected_date_of_delivery)}"
        else:
            born = ""
        band = session.band_id
        if band and assessment.first_visit_date:
            age = (f"age band {session.instrument.band(band).label.lower()}, from the first visit on "
                   f"{format_date(assessment.first_visit_date)}")
        else:
            age = "age band set by the first visit"
        self.details.setText(" \u00b7 ".join(part for part in (born, age, session.instrument.title) if part))
        self.status.setText(f"Status: {STATUS[assessment.status]}")
        words = read_only_words(assessment)
        self.show_banner(words)

    def show_banner(self, words: str, *, error: bool = False) -> None:
        self.banner.setText(words)
        self.banner.setStyleSheet(ERROR_STYLE if error else BANNER_STYLE)
        self.banner.setVisible(bool(words))
