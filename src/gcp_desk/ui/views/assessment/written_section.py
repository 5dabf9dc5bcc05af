"""A written part of the assessment (child's voice, carers' views, strengths, analysis), stored as it is typed."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ....domain.assessment import Assessment
from ...widgets.autosave_text import AutosaveText
from .page_frame import PageFrame
from .session import AssessmentSession

PRE_VERBAL_BANDS = {"under-2"}
UNBORN_BANDS = {"unborn"}


@dataclass(frozen=True)
class SectionText:
    key: str
    """The assessment field, as ``AssessmentService.set_text`` names it."""
    title: str
    purpose: str
    placeholder: str


SECTIONS = (
    SectionText(
        "child_voice", "Child's voice and lived experience",
        "What the child said, in their words, and what a day in their life is like: who looks after them, what "
        "they eat, where they sleep, who they turn to. Say whether they were spoken to alone.",
        "In the child's own words where you can, and what you saw of their day",
    ),
    SectionText(
        "carers_views", "Carers' views",
        "What the parents or carers think of the care they give and of the worries raised, in their words. Note "
        "where their account differs from what you saw.",
        "What each parent or carer said",
    ),
    SectionText(
        "strengths", "Strengths",
        "What is going well, and who and what helps: family, friends, school, community.",
        "What is going well",
    ),
    SectionText(
        "analysis", "Analysis",
        "What the grades mean together for this child: how the domains affect one another, what has changed "
        "since the last assessment, and what must change now. Not a list of the grades.",
        "Your analysis of the child's care as a whole",
    ),
)
PRE_VERBAL_PROMPT = ("This child is too young to tell you much in words. Record what you observed of their day: how "
                     "they were held, fed and settled, how they responded to their carers and to you, and what their "
                     "room and belongings tell you.")
UNBORN_PROMPT = ("The baby is not yet born. Record what the expectant parents said about the baby and about becoming "
                 "parents, and what you saw of the preparations.")


class WrittenSectionPage(PageFrame):
    def __init__(self, session: AssessmentSession, section: SectionText, parent: QWidget | None = None):
        super().__init__(section.title, section.purpose, parent)
        self._session = session
        self.section = section
        self.prompt = QLabel(self)
        self.prompt.setObjectName("sectionPrompt")
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("background-color: #e8f1fb; color: #10243f; padding: 6px; border-radius: 4px;")
        self.prompt.hide()
        self.add(self.prompt)
        key = section.key
        self.text = AutosaveText(
            session.runner,
            lambda text: None if session.read_only else session.op(
                lambda services, aid: services.set_text(aid, key, text)),
            accessible_name=section.title, placeholder=section.placeholder, lines=14,
        )
        self.add(self.text, 1)
        self.text.stored.connect(session.accept)
        session.loaded.connect(lambda assessment: self.text.reset(getattr(assessment, key)))
        session.changed.connect(self.refresh)

    def refresh(self, assessment: Assessment) -> None:
        self.text.show_stored(getattr(assessment, self.section.key))
        self.text.set_read_only(self._session.read_only)
        if self.section.key == "child_voice":
            band = self._session.band_id
            prompt = PRE_VERBAL_PROMPT if band in PRE_VERBAL_BANDS else UNBORN_PROMPT if band in UNBORN_BANDS else ""
            self.prompt.setText(prompt)
            self.prompt.setVisible(bool(prompt))

    def flush(self) -> None:
        self.text.flush()

    def focus_main(self) -> None:
        self.text.editor.setFocus(Qt.FocusReason.OtherFocusReason)
