"""The supervision column beside the assessment: every review round so far, newest first, and for a supervisor
reviewing a submitted assessment, the ways to comment on a domain, return it with reasons, or countersign it.

The buttons show only to someone who may use them, but the services decide: whatever they refuse is said here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ....domain.assessment import Assessment
from ....domain.enums import AssessmentStatus
from ....domain.errors import InvalidInput
from ....domain.review import SignatureKind
from ...dialogs.password_dialog import PasswordDialog
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import describe_failure
from ..review.return_dialog import ReturnDialog
from ...models.round_words import look_words
from ..review.review_words import WHOLE_ASSESSMENT, history_html
from ..review.signing import AskPassword, countersign_request, sign_with_password
from .page_frame import heading_label
from .review_state import ReviewView
from .session import AssessmentSession

DONE_STYLE = "color: #1b5e20; font-weight: bold;"
EMPTY_COMMENT = "Write the comment first: nothing was added."


class ReviewPanel(QFrame):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._view: ReviewView | None = None
        self.ask_password: AskPassword = lambda request: PasswordDialog(request, self)
        """Seam for tests: builds the password dialog, which is opened without blocking."""
        self.dialog: Any = None
        self.setObjectName("reviewPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)

        self.title = heading_label("Supervision", self, 1.15)
        self.state = QLabel(self)
        self.state.setObjectName("reviewState")
        self.state.setWordWrap(True)
        self.actions = self._build_actions()
        self.result = QLabel(self)
        self.result.setObjectName("reviewResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName("What happened with your last review step")
        self.changes_label = QLabel("Changed since it was returned", self)
        bold = self.changes_label.font()
        bold.setBold(True)
        self.changes_label.setFont(bold)
        self.changes = QTextBrowser(self)
        self.changes.setObjectName("changesSinceReturn")
        self.changes.setAccessibleName("What changed since the assessment was returned")
        self.changes_label.setBuddy(self.changes)
        history_label = QLabel("Review rounds, newest first", self)
        font = history_label.font()
        font.setBold(True)
        history_label.setFont(font)
        self.history = QTextBrowser(self)
        self.history.setObjectName("reviewHistory")
        self.history.setAccessibleName("Review rounds, newest first")
        self.history.setOpenLinks(False)
        self.history.document().setIndentWidth(self.fontMetrics().averageCharWidth() * 2)  # room for the words

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.actions)
        layout.addWidget(self.result)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes, 1)
        layout.addWidget(history_label)
        layout.addWidget(self.history, 1)
        self.hide()

        session.loaded.connect(self._opened)
        session.review_state.changed.connect(self.show_review)
        session.review_state.failed.connect(
            lambda error: self._say(f"The review history could not be read: {describe_failure(error)}", error=True))

    def _build_actions(self) -> QWidget:
        box = QWidget(self)
        about_label = QLabel("Comment &on:", box)
        self.about = QComboBox(box)
        self.about.setAccessibleName("Which part the comment is about")
        about_label.setBuddy(self.about)
        self.comment = QPlainTextEdit(box)
        self.comment.setAccessibleName("Your comment")
        self.comment.setPlaceholderText("What should the practitioner look at again?")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.comment_button = QPushButton("Add comment", box)
        self.return_button = QPushButton("Return for changes…", box)
        self.return_button.setAccessibleName("Return for changes, with your reasons")
        self.countersign_button = QPushButton("Countersign…", box)
        self.countersign_button.setAccessibleName("Countersign with your password")
        decide = QHBoxLayout()
        decide.setContentsMargins(0, 6, 0, 0)
        decide.addWidget(self.return_button)
        decide.addWidget(self.countersign_button)
        decide.addStretch(1)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(about_label)
        column.addWidget(self.about)
        column.addWidget(self.comment)
        column.addWidget(self.comment_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(decide)
        self.comment_button.clicked.connect(self.add_comment)
        self.return_button.clicked.connect(self.return_for_changes)
        self.countersign_button.clicked.connect(self.countersign)
        return box

    # Showing -------------------------------------------------------------------------------------------------
    def _opened(self, _assessment: Assessment) -> None:
        self._view = None
        self.hide()
        self._say("")
        self.comment.clear()
        self.about.clear()
        self.about.addItem(WHOLE_ASSESSMENT, None)
        for domain in self._session.instrument.domains:
            self.about.addItem(domain.title, domain.id)

    def show_review(self, view: ReviewView) -> None:
        self._view = view
        reviewing = view.can_review and view.status is AssessmentStatus.SUBMITTED
        self.actions.setVisible(reviewing)
        self.title.setText("Your review" if reviewing else "Supervision")
        state = self._state_words(view, reviewing)
        self.state.setText(state)
        self.state.setVisible(bool(state))
        domains = self._session.instrument.domains
        titles = {domain.id: domain.title for domain in domains}
        self.history.setHtml(history_html(view.history, view.status, titles, list(titles)))
        self._show_changes(view)
        self.setVisible(reviewing or view.has_any)

    def _show_changes(self, view: ReviewView) -> None:
        """For a second look, what the practitioner changed after the return, item by item."""
        shown = view.changes_since_return is not None and view.status is AssessmentStatus.SUBMITTED
        self.changes_label.setVisible(shown)
        self.changes.setVisible(shown)
        if not shown:
            return
        lines = view.changes_since_return
        if not lines:
            self.changes.setPlainText("Nothing was changed since it was returned.")
        else:
            self.changes.setPlainText("\n".join(f"\u2022 {line}" for line in lines))

    def _state_words(self, view: ReviewView, reviewing: bool) -> str:
        submission = view.history.signature(SignatureKind.SUBMITTED_BY)
        who = submission.name if submission else "the practitioner"
        look = look_words(view.history.round, self._session.assessment.amends_id is not None)
        if reviewing:
            return (f"Submitted by {who}: {look}. Comment on any part, then return it with your reasons or "
                    "countersign it.")
        if view.status is AssessmentStatus.SUBMITTED:
            return f"Submitted by {who} ({look}), waiting for a supervisor's review."
        return ""

    def follow(self, domain_id: str | None) -> None:
        """Point the comment at the domain on screen, unless a comment is already being written."""
        if self.comment.toPlainText().strip():
            return
        index = self.about.findData(domain_id)
        if index >= 0:
            self.about.setCurrentIndex(index)

    def _say(self, words: str, *, error: bool = False) -> None:
        self.result.setStyleSheet(PROBLEM_STYLE if error else DONE_STYLE)
        self.result.setText(words)
        self.result.setVisible(bool(words))

    def _drop_dialog(self) -> None:
        """The dialog of the last step, closed by now, goes before the next one is made."""
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    @property
    def _practitioner(self) -> str:
        submission = self._view.history.signature(SignatureKind.SUBMITTED_BY) if self._view else None
        return submission.name if submission else ""

    # Acting --------------------------------------------------------------------------------------------------
    def add_comment(self) -> None:
        text = self.comment.toPlainText().strip()
        if not text:
            self._say(EMPTY_COMMENT, error=True)
            self.comment.setFocus()
            return
        state, aid = self._session.review_state, self._session.assessment.id
        domain_id, place = self.about.currentData(), self.about.currentText()

        def added(_comment) -> None:
            self.comment.clear()
            self._say(f"Comment added on {place}.")
            state.reload()

        def refused(error: Exception) -> None:
            self._say(f"The comment was not added: {describe_failure(error)}", error=True)

        self._session.runner.run(lambda: state.service.comment(aid, domain_id, text), added, refused)

    def return_for_changes(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        session, service = self._session, self._session.review_state.service
        aid, name = session.assessment.id, self._practitioner
        self._drop_dialog()
        self.dialog = dialog = ReturnDialog(name, self)

        def returned(assessment: Assessment) -> None:
            dialog.accept()
            session.accept(assessment)
            to = f" to {name}" if name else ""
            self._say(f"Returned{to} with your reasons. It can be edited again and resubmitted.")

        def refused(error: Exception) -> None:
            words = "; ".join(p.message for p in error.problems) if isinstance(error, InvalidInput) else \
                describe_failure(error)
            dialog.show_problem(f"Not returned: {words}")

        dialog.submitted.connect(lambda reasons: session.runner.run(
            lambda: service.return_for_changes(aid, reasons), returned, refused))
        dialog.open()

    def countersign(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        session = self._session
        state, aid = session.review_state, session.assessment.id

        def signed(assessment: Assessment) -> None:
            session.accept(assessment)
            self._say("Countersigned. The assessment is now read-only; a correction would be an amendment.")

        def refused(error: Exception) -> None:
            self._say(f"Not countersigned: {describe_failure(error)}", error=True)

        self._drop_dialog()
        self.dialog = sign_with_password(self.ask_password, countersign_request(state.signer_name), session.runner,
                                         lambda password: state.service.countersign(aid, password), signed, refused)
