"""At the top of a returned assessment: who sent it back, their reasons, and their comments domain by domain, so
the practitioner sees what to change before anything else."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..review.review_words import comments_by_domain, time_words
from .review_state import ReviewView
from .session import AssessmentSession

STYLE = ("QFrame#returnedNotice { background-color: #fdeee0; border: 1px solid #b45309; border-radius: 4px;"
         " margin: 0px 6px; }"
         " QLabel { color: #3d1f00; }")


def returned_html(view: ReviewView, titles: dict[str, str], domain_order: list[str]) -> str:
    """The latest return and the comments of its round; empty when there is none."""
    history = view.history
    if not history.returns:
        return ""
    returned = max(history.returns, key=lambda r: r.round)
    parts = [f"<p><b>Returned for changes by {escape(returned.returned_by_name)} on "
             f"{escape(time_words(returned.returned_at))}.</b><br><b>Reasons:</b> {escape(returned.reasons)}</p>"]
    comments = [c for c in history.comments if c.round == returned.round]
    if comments:
        parts.append("<b>Comments by domain:</b><ul style=\"margin-top: 2px; margin-bottom: 2px\">")
        for place, in_place in comments_by_domain(comments, domain_order, titles):
            for comment in in_place:
                parts.append(f"<li><b>{escape(place)}</b> ({escape(comment.author_name)}): {escape(comment.text)}</li>")
        parts.append("</ul>")
    parts.append("Make the changes, then submit it again from \u201cCompleteness and submit\u201d.")
    return "".join(parts)


class ReturnedNotice(QScrollArea):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frame = QFrame()
        frame.setObjectName("returnedNotice")
        frame.setStyleSheet(STYLE)
        self.text = QLabel(frame)
        self.text.setObjectName("returnedReasons")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(frame)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.text)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(frame)
        self._most = self.fontMetrics().lineSpacing() * 11  # long reasons scroll rather than push the work away
        self.hide()
        session.loaded.connect(lambda _assessment: self.hide())
        session.review_state.changed.connect(self.show_review)

    def show_review(self, view: ReviewView) -> None:
        session = self._session
        html = ""
        if view.status.is_editable:  # returned, and not yet submitted again
            titles = {domain.id: domain.title for domain in session.instrument.domains}
            html = returned_html(view, titles, list(titles))
        self.text.setText(html)
        self.setAccessibleName("Why the assessment was returned" if html else "")
        self.setAccessibleDescription(self.text.text() if html else "")
        self.setVisible(bool(html))
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the words need at this width, up to a limit."""
        needed = self.widget().heightForWidth(self.viewport().width())
        if needed > 0:
            height = min(self._most, needed + 2)
            if height != self.height():
                self.setFixedHeight(height)
