"""The left-hand list: the six domains with their progress and suggested grade, and the other parts of the
assessment, in the order a practitioner works through them."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ....domain.assessment import Assessment, PlanAction
from ....scoring.age import applicable_items
from ....scoring.completeness import find_gaps
from ....scoring.suggest import suggest_domain_grade
from .grade_chip import grade_icon, grade_text
from .session import AssessmentSession

ENTRY = Qt.ItemDataRole.UserRole


class Page(StrEnum):
    """The parts of the workspace that are not a domain's items."""

    VISITS = "visits"
    PEOPLE = "people"
    CHILD_VOICE = "child_voice"
    CARERS_VIEWS = "carers_views"
    FAMILY = "family"
    STRENGTHS = "strengths"
    ANALYSIS = "analysis"
    SUMMARY = "summary"
    COMPLETENESS = "completeness"


PAGE_TITLES = {
    Page.VISITS: "Visits and how the child was seen",
    Page.PEOPLE: "Adults and context",
    Page.CHILD_VOICE: "Child's voice and lived experience",
    Page.CARERS_VIEWS: "Carers' views",
    Page.FAMILY: "The family's part",
    Page.STRENGTHS: "Strengths",
    Page.ANALYSIS: "Analysis",
    Page.SUMMARY: "Domain grades",
    Page.COMPLETENESS: "Completeness and submit",
}
BEFORE_DOMAINS = (Page.VISITS, Page.PEOPLE)
AFTER_DOMAINS = (Page.CHILD_VOICE, Page.CARERS_VIEWS, Page.FAMILY, Page.STRENGTHS, Page.ANALYSIS, Page.SUMMARY,
                 Page.COMPLETENESS)

Entry = str
"""``"page:<Page value>"`` or ``"domain:<domain id>"``: plain strings, so they pass through Qt's item data unchanged."""


def page_entry(page: Page) -> Entry:
    return f"page:{page.value}"


def domain_entry(domain_id: str) -> Entry:
    return f"domain:{domain_id}"


def parse_entry(entry: Entry) -> tuple[str, str]:
    kind, _, key = entry.partition(":")
    return kind, key


class Navigator(QListWidget):
    entry_chosen = Signal(object)
    """An ``Entry`` the person chose (never emitted when the workspace moves the selection itself)."""

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._texts: dict[Entry, str] = {}
        self._states: dict[Entry, tuple] = {}
        self._plan: tuple[object, list[PlanAction]] | None = None
        """The open assessment's id and the previous plan it must review, read on the worker when it opens."""
        self.setAccessibleName("Parts of the assessment")
        self.setAccessibleDescription(
            "Choose a domain or a part of the assessment; F6 moves between this list and the page")
        self.setIconSize(QSize(14, 14))
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSpacing(2)
        # Wide enough for the longest domain title on one line at any system font size.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("Educational care and stimulation") + 48)
        self.currentItemChanged.connect(self._changed)
        session.loaded.connect(self._build)
        session.changed.connect(self.refresh)

    def _build(self, _assessment: Assessment) -> None:
        self.blockSignals(True)
        self.clear()
        self._texts.clear()
        self._states.clear()
        entries = [page_entry(page) for page in BEFORE_DOMAINS]
        entries += [domain_entry(domain.id) for domain in self._session.instrument.domains]
        entries += [page_entry(page) for page in AFTER_DOMAINS]
        for entry in entries:
            row = QListWidgetItem(self._title(entry))
            row.setData(ENTRY, entry)
            self.addItem(row)
        self.blockSignals(False)
        self._read_plan(_assessment)

    def _read_plan(self, assessment: Assessment) -> None:
        """The gaps count once the previous plan is known: every later change counts the gaps from the assessment
        the service returned, with no read of the database on the UI thread."""
        self._plan = None
        assessment_id, services = assessment.id, self._session.services

        def read(plan: list[PlanAction]) -> None:
            if self._session.is_open and self._session.assessment.id == assessment_id:
                self._plan = (assessment_id, plan)
                self.refresh(self._session.assessment)

        # The previous assessment's plan: no change to this one alters it, so a grade may pass the read.
        self._session.runner.run(lambda: services.plan_to_review(assessment_id), read, background=True)

    def refresh(self, assessment: Assessment) -> None:
        """Cheap enough for every keypress: each row's text is set only when it changed."""
        for index in range(self.count()):
            row = self.item(index)
            entry = row.data(ENTRY)
            kind, key = parse_entry(entry)
            if kind == "domain":
                state = self._session.domain_state(assessment, key)
                if self._states.get(entry) == state and entry in self._texts:
                    continue  # its items' grades as they were: the same words
                self._states[entry] = state
                text, grade = self._domain_text(assessment, key)
                if self._texts.get(entry) != text:
                    row.setIcon(grade_icon(grade))
            elif key == Page.COMPLETENESS:
                text = self._completeness_text(entry, assessment)
            else:
                text = self._title(entry)
            if self._texts.get(entry) != text:
                self._texts[entry] = text
                row.setText(text)
                row.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ": "))

    def _completeness_text(self, entry: Entry, assessment: Assessment) -> str:
        if self._plan is None or self._plan[0] != assessment.id:
            return self._title(entry)  # until the previous plan is read, a moment after opening
        gaps = len(find_gaps(self._session.instrument, assessment, previous_plan=self._plan[1]))
        return f"{self._title(entry)}\n" + ("nothing missing" if not gaps else "1 gap" if gaps == 1 else f"{gaps} gaps")

    def _domain_text(self, assessment: Assessment, domain_id: str) -> tuple[str, int | None]:
        instrument = self._session.instrument
        title = instrument.domain(domain_id).title
        items = applicable_items(instrument, assessment, domain_id)
        if not items:
            if assessment.age_band is not None:
                return f"{title}\nnothing to grade at this age", None
            return f"{title}\nadd a visit first", None
        grades = [assessment.item_grades.get(item.id) for item in items]
        graded = sum(1 for g in grades if g is not None and g.grade is not None)
        skipped = sum(1 for g in grades if g is not None and g.grade is None)
        progress = f"{graded} of {len(items)} graded" + (f", {skipped} not assessed" if skipped else "")
        suggestion = suggest_domain_grade(instrument, assessment, domain_id)
        if suggestion is None:
            return f"{title}\n{progress}", None
        return f"{title}\n{progress}\nsuggests {grade_text(instrument, suggestion.grade)}", suggestion.grade

    def _title(self, entry: Entry) -> str:
        kind, key = parse_entry(entry)
        if kind == "domain":
            return self._session.instrument.domain(key).title
        return PAGE_TITLES[Page(key)]

    # Selection -----------------------------------------------------------------------------------------------
    def select(self, entry: Entry) -> None:
        """Show ``entry`` as current without announcing it as the person's choice."""
        for index in range(self.count()):
            if self.item(index).data(ENTRY) == entry:
                self.blockSignals(True)
                self.setCurrentRow(index)
                self.blockSignals(False)
                return

    def step(self, by: int) -> None:
        """Choose the next (+1) or previous (-1) entry, as Ctrl+Page Down / Ctrl+Page Up do."""
        index = min(max(self.currentRow() + by, 0), self.count() - 1)
        self.setCurrentRow(index)

    def _changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.entry_chosen.emit(current.data(ENTRY))
