"""Every gap in words, each a way to the place that fills it, and the Submit button, which says why it refuses."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from ....domain.assessment import Assessment
from ....domain.errors import IncompleteAssessment, RecordLocked
from ....scoring.age import format_date
from ....scoring.completeness import Gap
from ...dialogs.password_dialog import PasswordDialog
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import describe_failure
from ..review.signing import AskPassword, sign_with_password, submit_request
from .page_frame import PageFrame
from .session import AssessmentSession

PURPOSE = ("Everything still missing before the assessment can go to your supervisor, then the points to weigh "
           "(marked \u26a0), which do not stop you submitting. Choose a line (click it, or press Enter on it) to go "
           "to the place to fill it.")
WARNING_MARK = "\u26a0 To weigh: "
GAP = Qt.ItemDataRole.UserRole
DONE_STYLE = "color: #1b5e20; font-weight: bold;"
WARNING_TEXT = "#6b4a00"


def gap_count_words(count: int) -> str:
    if count == 0:
        return "Nothing is missing: the assessment can be submitted."
    return "1 thing is missing." if count == 1 else f"{count} things are missing."


def warning_count_words(count: int) -> str:
    if count == 0:
        return ""
    return (" 1 point to weigh, which does not stop you submitting." if count == 1 else
            f" {count} points to weigh, which do not stop you submitting.")


class CompletenessPage(PageFrame):
    gap_chosen = Signal(object)
    """A ``Gap`` the person wants to fill."""

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__("Completeness and submit", PURPOSE, parent)
        self._session = session
        self._stale = True
        self._shown: list[Gap] | None = None
        self.ask_password: AskPassword = lambda request: PasswordDialog(request, self)
        """Seam for tests: builds the password dialog, which is opened without blocking."""
        self.dialog: PasswordDialog | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("gapSummary")
        self.add(self.summary)
        self.gaps = QListWidget(self)
        self.gaps.setWordWrap(True)
        self.gaps.setSpacing(3)
        self.gaps.setAccessibleName("Gaps still to fill")
        self.gaps.setAccessibleDescription("Press Enter on a gap to go to it")
        self.add(self.gaps, 1)
        self.submit_button = QPushButton("Submit and sign…", self)
        self.submit_button.setAccessibleName("Submit for supervisor review, signing with your password")
        row = QWidget(self)
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        self.add(row)
        self.result = QLabel(self)
        self.result.setObjectName("submitResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName("What happened when you submitted")
        self.add(self.result)

        self.gaps.itemClicked.connect(self._chosen)
        self.gaps.itemActivated.connect(self._chosen)
        self.submit_button.clicked.connect(self.submit)
        session.loaded.connect(lambda _a: self.result.clear())
        session.changed.connect(self.refresh)

    # Showing -------------------------------------------------------------------------------------------------
    def refresh(self, assessment: Assessment) -> None:
        self.submit_button.setEnabled(not self._session.read_only)
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        services = self._session.services
        missing = services.gaps(assessment)
        warnings = services.warnings(assessment)
        gaps = missing + warnings
        self.summary.setText(gap_count_words(len(missing)) + warning_count_words(len(warnings))
                             if assessment.status.is_editable else
                             "Already submitted: this assessment is read-only.")
        if gaps == self._shown:
            return
        self._shown = gaps
        current = self.gaps.currentRow()
        self.gaps.clear()
        for gap in gaps:
            row = QListWidgetItem(WARNING_MARK + gap.message if gap.warning else gap.message)
            row.setData(GAP, gap)
            if gap.warning:
                row.setForeground(QBrush(QColor(WARNING_TEXT)))
            self.gaps.addItem(row)
        if gaps:
            self.gaps.setCurrentRow(min(max(current, 0), len(gaps) - 1))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self._session.is_open:
            self.refresh(self._session.assessment)

    def focus_main(self) -> None:
        missing = any(not self.gaps.item(row).data(GAP).warning for row in range(self.gaps.count()))
        (self.gaps if missing or not self.submit_button.isEnabled() else self.submit_button).setFocus()

    def _chosen(self, row: QListWidgetItem) -> None:
        gap = row.data(GAP)
        if gap is not None:
            self.gap_chosen.emit(gap)

    # Submitting ----------------------------------------------------------------------------------------------
    def submit(self) -> None:
        """Say what is missing without asking for a password; with nothing missing, sign with the password."""
        session = self._session
        if (self.dialog is not None and self.dialog.isVisible()) or session.read_only:
            return
        self.result.clear()
        services, assessment = session.services, session.assessment
        session.runner.run(lambda: services.gaps(assessment), self._sign_unless_gaps, self._refused)

    def _sign_unless_gaps(self, gaps: list[Gap]) -> None:
        if gaps:
            self._refused(IncompleteAssessment([gap.message for gap in gaps]))
            return
        session = self._session
        services, aid = session.services, session.assessment.id
        if self.dialog is not None:
            self.dialog.deleteLater()  # the last one, closed by now
        self.dialog = sign_with_password(
            self.ask_password, submit_request(session.review_state.signer_name), session.runner,
            lambda password: services.submit(aid, password), self._submitted, self._refused)

    def _submitted(self, assessment: Assessment) -> None:
        self._session.accept(assessment)
        when = assessment.submitted_at or datetime.now()
        self.result.setStyleSheet(DONE_STYLE)
        self.result.setText(f"Submitted for supervisor review on {format_date(when.date())}, signed by you. "
                            "It is now read-only unless your supervisor returns it.")

    def _refused(self, error: Exception) -> None:
        self.result.setStyleSheet(PROBLEM_STYLE)
        if isinstance(error, IncompleteAssessment):
            lines = "\n".join(f"\u2022 {gap}" for gap in error.gaps)
            self.result.setText(f"Not submitted: {gap_count_words(len(error.gaps)).lower()}\n{lines}")
        elif isinstance(error, RecordLocked):
            self.result.setText(f"Not submitted again. {error}")
        else:
            self.result.setText(f"Not submitted: {describe_failure(error)}")
