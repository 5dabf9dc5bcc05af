"""The top of the workspace: the way back, whose assessment this is, its state, the ways to print it, and a
banner saying why it is read-only (with the way to amend a countersigned one) or that it is an amendment."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....domain.assessment import Assessment
from ....domain.enums import AssessmentStatus
from ....scoring.age import format_date
from ....scoring.change_over_time import ChangeOverTime
from ....scoring.signed_state import SIGNED_STATES, changed_since_signing, changed_words
from ...models.status_words import status_words
from ..review.review_words import banner_words
from .page_frame import heading_label
from .review_state import ReviewView
from .session import AssessmentSession

BANNER_STYLE = "background-color: #fff4d6; color: #3a2a00; border: 1px solid #f1c232; border-radius: 4px; padding: 6px;"
INFO_STYLE = "background-color: #e8f1fb; color: #14324f; border: 1px solid #2c5d8f; border-radius: 4px; padding: 6px;"
ERROR_STYLE = "background-color: #fbe3e6; color: #5c0a16; border: 1px solid #a3142b; border-radius: 4px; padding: 6px;"
NOT_YOURS = ("Read-only for you: only the practitioner who started this assessment can change or submit it. "
             "A supervisor comments on it or returns it instead.")


def over_time_words(change: ChangeOverTime | None) -> str:
    """What the history says at this assessment, one line each; empty when nothing is wrong."""
    if change is None:
        return ""
    lines = change.sentences()
    if change.new_baseline:
        lines.append(change.new_baseline)
    if not lines:
        return ""
    return "Over time: " + "\n".join(lines)


def read_only_words(assessment: Assessment, review: ReviewView | None = None) -> str:
    """The banner's words: why it is read-only, or what it amends; empty for an ordinary draft."""
    return banner_words(assessment, review.history if review else None, review.original if review else None)


class WorkspaceHeader(QWidget):
    back_requested = Signal()
    amend_requested = Signal()
    print_requested = Signal()
    family_summary_requested = Signal()

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
        self.print_button = QPushButton("Print report…", self)
        self.print_button.setAccessibleName("Print or save the assessment report")
        self.family_button = QPushButton("Family summary…", self)
        self.family_button.setAccessibleName("Print or save the one-page family summary")
        self.banner = QLabel(self)
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.amend_button = QPushButton("&Amend…", self)
        self.amend_button.setAccessibleName("Amend this countersigned assessment")
        self.amend_button.setToolTip("Start a corrected version, linked to this one, to be signed again")
        self.banner_row = QWidget(self)
        banner_layout = QHBoxLayout(self.banner_row)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        banner_layout.addWidget(self.banner, 1)
        banner_layout.addWidget(self.amend_button)
        self.banner_row.hide()
        self.over_time = QLabel(self)
        self.over_time.setObjectName("changeOverTime")
        self.over_time.setWordWrap(True)
        self.over_time.setStyleSheet(ERROR_STYLE)
        self.over_time.hide()

        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.child)
        who.addWidget(self.details)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addSpacing(12)
        top.addLayout(who, 1)
        top.addWidget(self.status)
        top.addSpacing(12)
        top.addWidget(self.print_button)
        top.addWidget(self.family_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.banner_row)
        layout.addWidget(self.over_time)
        self.back.clicked.connect(self.back_requested)
        self.amend_button.clicked.connect(self.amend_requested)
        self.print_button.clicked.connect(self.print_requested)
        self.family_button.clicked.connect(self.family_summary_requested)
        self._shown: tuple | None = None
        session.loaded.connect(self._forget)
        session.changed.connect(self.refresh)
        session.review_state.changed.connect(lambda _view: self.refresh(session.assessment))
        session.over_time.changed.connect(self.show_over_time)

    def _forget(self, _assessment: Assessment) -> None:
        self._shown = None

    def refresh(self, assessment: Assessment) -> None:
        """Redrawn only when something it shows changed: a grade keypress changes none of it."""
        session = self._session
        review = session.review_state.view_of(assessment)
        # A signed record is checked against its signature whenever it comes back; a draft's words hang on these.
        content = id(assessment) if assessment.status in SIGNED_STATES else None
        shown = (assessment.id, assessment.status, assessment.first_visit_date, assessment.age_band,
                 assessment.amends_id, assessment.amendment_reason, assessment.submitted_at, content,
                 session.is_authors, session.review_state.available, review, session.record)
        if shown == self._shown:
            return
        self._shown = shown
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
        self.status.setText(f"Status: {status_words(assessment)}")
        words = read_only_words(assessment, review)
        if assessment.status.is_editable and not session.is_authors:
            words = " ".join(part for part in (NOT_YOURS, words) if part)
        self.show_banner(words, info=assessment.status.is_editable and session.is_authors)
        self.amend_button.setVisible(assessment.status is AssessmentStatus.COUNTERSIGNED
                                     and session.review_state.available)
        broken = changed_since_signing(assessment, review.history.signatures) if review else None
        if broken is not None:  # altered outside GCP Desk: said in red, above all else
            self.show_banner(changed_words(broken), error=True)

    def show_over_time(self, change: ChangeOverTime | None) -> None:
        """Drift, worse than baseline and the previous plan's unmet targets at this assessment, in words."""
        words = over_time_words(change)
        if words == self.over_time.text() and self.over_time.isVisibleTo(self) == bool(words):
            return  # read again with nothing new to say: laying the header out again would cost a keypress
        self.over_time.setText(words)
        self.over_time.setAccessibleName(words)
        self.over_time.setVisible(bool(words))

    def show_banner(self, words: str, *, error: bool = False, info: bool = False) -> None:
        self.banner.setText(words)
        self.banner.setAccessibleName(words)
        style = ERROR_STYLE if error else INFO_STYLE if info else BANNER_STYLE
        if style != self.banner.styleSheet():  # setting it again restyles the banner all the same
            self.banner.setStyleSheet(style)
        self.banner_row.setVisible(bool(words))
        if error:
            self.amend_button.hide()
