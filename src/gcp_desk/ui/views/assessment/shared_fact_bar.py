"""A household fact that came from a brother's or sister's assessment on the same visits, shown where it is
recorded (the visits, how the home was seen, a home item) with one button to confirm it for this child."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ....domain.assessment import Assessment, SharedFact
from ...widgets.autosave_text import QUIET, describe_failure, not_saved
from ...widgets.state_style import set_style_sheet
from .session import AssessmentSession

PROMPT_STYLE = "background-color: #fff4d6; color: #3a2a00; padding: 6px; border: 1px solid #f1c232; border-radius: 4px;"
FROM_SIBLING = ("{what} came from a brother's or sister's assessment on the same visits: not yet confirmed for "
                "this child.")
CONFIRMED = "{what} came from a brother's or sister's assessment; confirmed for this child."

Facts = Callable[[Assessment], list[SharedFact]]
"""The shared facts this bar is about, read from the assessment on screen."""
Detail = Callable[[Assessment, list[SharedFact]], str]
"""A sentence more about the facts (e.g. the grade a sibling's change replaced), or empty."""


class SharedFactBar(QWidget):
    def __init__(self, session: AssessmentSession, what: str, facts: Facts, parent: QWidget | None = None, *,
                 detail: Detail | None = None):
        super().__init__(parent)
        self._session = session
        self._detail = detail
        self._what = what
        self._facts = facts
        self.words = QLabel(self)
        self.words.setWordWrap(True)
        self.confirm = QPushButton("Confirm for this child", self)
        self.confirm.setAccessibleName(f"Confirm for this child: {what.lower()}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.confirm)
        self.confirm.clicked.connect(self.confirm_all)
        self.hide()

    def set_what(self, what: str) -> None:
        self._what = what

    def refresh(self, assessment: Assessment) -> None:
        facts = self._facts(assessment)
        if not facts:
            self.hide()
            return
        waiting = [fact for fact in facts if not fact.confirmed]
        words = (FROM_SIBLING if waiting else CONFIRMED).format(what=self._what)
        more = self._detail(assessment, facts) if self._detail is not None else ""
        self.words.setText(f"{words} {more}" if more else words)
        set_style_sheet(self.words, PROMPT_STYLE if waiting else QUIET)
        self.confirm.setVisible(bool(waiting) and not self._session.read_only)
        self.show()

    def confirm_all(self) -> None:
        if self._session.read_only:
            return
        for fact in self._facts(self._session.assessment):
            if not fact.confirmed:
                self._session.edit(lambda services, aid, kind=fact.kind, key=fact.key:
                                   services.confirm_shared_fact(aid, kind, key), on_error=self._failed)

    def _failed(self, error: Exception) -> None:
        self.words.setText(not_saved(describe_failure(error)))
