"""The assessment workspace: the parts of an assessment on the left, the part being worked on in the middle.

It composes the parts and moves between them; each part draws itself from the shared session and stores its own
changes through the service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ....domain.assessment import Assessment
from ....domain.errors import GcpDeskError
from ....domain.people import ChildRecord
from ....scoring.completeness import Gap, GapKind, Section
from ...tasks import TaskRunner
from .adults_panel import AdultsPanel
from .amending import start_amendment
from .completeness_panel import CompletenessPage
from .context_panel import ContextPanel
from .domain_summary import DomainSummaryPage
from .family_part_page import FamilyPartPage
from .header import WorkspaceHeader
from .how_seen_panel import HowSeenPanel
from .item_page import ItemPage
from .navigator import Navigator, Page, domain_entry, page_entry, parse_entry
from .page_frame import PageFrame
from .returned_notice import ReturnedNotice
from .review_panel import ReviewPanel
from .session import AssessmentSession, ItemPlace
from .visits_panel import VisitsPanel
from .written_section import SECTIONS, WrittenSectionPage

if TYPE_CHECKING:
    from ....services.assessments import AssessmentService
    from ....services.review import ReviewService

SECTION_PAGES = {
    Section.VISITS: Page.VISITS, Section.HOW_SEEN: Page.VISITS, Section.ADULTS: Page.PEOPLE,
    Section.CONTEXT: Page.PEOPLE, Section.CHILD_VOICE: Page.CHILD_VOICE, Section.CARERS_VIEWS: Page.CARERS_VIEWS,
    Section.ANALYSIS: Page.ANALYSIS, Section.STRENGTHS: Page.STRENGTHS,
}


class AssessmentWorkspace(QWidget):
    back_requested = Signal()
    assessment_changed = Signal(object)
    """The assessment as stored, after every change (and a new amendment draft, once it is opened)."""
    print_report = Signal(object)
    """The id (UUID) of the assessment on screen, whose report to print or save."""
    print_family_summary = Signal(object)
    """The id (UUID) of the assessment on screen, whose one-page family summary to print or save."""
    plan_requested = Signal(object)
    """The child's id: a gap in the outcome plan was chosen, and the plan lives on the child record's Plan tab."""

    def __init__(self, services: AssessmentService, runner: TaskRunner, parent: QWidget | None = None, *,
                 review: ReviewService | None = None, user=None):
        """``review`` and ``user`` (the person signed in) bring supervision in: without them the workspace still
        grades and submits, but shows no review rounds and cannot name the signer."""
        super().__init__(parent)
        self.session = session = AssessmentSession(services, runner, self, review=review, user=user)
        self.header = WorkspaceHeader(session)
        self.returned = ReturnedNotice(session)
        self.review = ReviewPanel(session)
        self.amend_dialog = None
        self.navigator = Navigator(session)
        self.items = ItemPage(session)
        self.visits = VisitsPanel(session)
        self.how_seen = HowSeenPanel(session)
        self.adults = AdultsPanel(session)
        self.context = ContextPanel(session)
        self.sections = {section.key: WrittenSectionPage(session, section) for section in SECTIONS}
        self.summary = DomainSummaryPage(session)
        self.completeness = CompletenessPage(session)
        self.family_part = FamilyPartPage(session)

        visits_page = PageFrame("Visits and how the child was seen",
                                "The first visit's date sets the child's age band, and so which items apply.")
        visits_page.add(self.visits)
        visits_page.add(self.how_seen)
        visits_page.focus_target = self.visits.focus_main
        people_page = PageFrame("Adults and context")
        people_page.add(self.adults)
        people_page.add(self.context)
        people_page.focus_target = self.adults.focus_main
        self.pages = QStackedWidget()
        self._page_widgets: dict[Page, QWidget] = {
            Page.VISITS: visits_page, Page.PEOPLE: people_page,
            Page.CHILD_VOICE: self.sections["child_voice"], Page.CARERS_VIEWS: self.sections["carers_views"],
            Page.FAMILY: self.family_part, Page.STRENGTHS: self.sections["strengths"],
            Page.ANALYSIS: self.sections["analysis"],
            Page.SUMMARY: self.summary, Page.COMPLETENESS: self.completeness,
        }
        self.pages.addWidget(self.items)
        for widget in self._page_widgets.values():
            self.pages.addWidget(widget)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.review)
        splitter.setStretchFactor(1, 1)
        chars = self.fontMetrics().averageCharWidth()
        splitter.setSizes([chars * 38, 900, chars * 44])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.returned)
        layout.addWidget(splitter, 1)

        self.header.back_requested.connect(self._back)
        self.header.amend_requested.connect(self.amend)
        self.header.print_requested.connect(lambda: self.print_report.emit(self.session.assessment.id))
        self.header.family_summary_requested.connect(
            lambda: self.print_family_summary.emit(self.session.assessment.id))
        self.navigator.entry_chosen.connect(self._entry_chosen)
        self.navigator.itemActivated.connect(lambda _row: self.pages.currentWidget().focus_main())
        self.items.item.move_requested.connect(self.move)
        self.items.visits_requested.connect(lambda: self.show_page(Page.VISITS))
        self.completeness.gap_chosen.connect(self.go_to_gap)
        session.changed.connect(self._changed)
        self._opening = False
        self._shortcuts()

    def _shortcuts(self) -> None:
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence(Qt.Key.Key_F6), self, self._switch_pane, context=within)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self._step(1), context=within)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self._step(-1), context=within)

    # The contract with the main window -----------------------------------------------------------------------
    def open(self, assessment: Assessment, record: ChildRecord) -> None:
        self.flush()
        self._opening = True
        try:
            self.session.load(assessment, record)
        except GcpDeskError as error:
            self.header.child.setText(f"Assessment: {record.child.full_name}")
            self.header.show_banner(f"This assessment cannot be opened. {error}", error=True)
            self.review.hide()
            self.returned.hide()
            self.navigator.setEnabled(False)
            self.pages.setEnabled(False)
            return
        finally:
            self._opening = False
        self.navigator.setEnabled(True)
        self.pages.setEnabled(True)
        if not assessment.visits:
            self.show_page(Page.VISITS)
        else:
            ungraded = next((p for p in self.session.places if p.item.id not in assessment.item_grades), None)
            self.show_place(ungraded or (self.session.places[0] if self.session.places else None))

    def flush(self) -> None:
        """Store any typed text now, without waiting for the pause in typing."""
        if not self.session.is_open:
            return
        self.items.flush()
        self.how_seen.flush()
        self.context.flush()
        for page in self.sections.values():
            page.flush()
        self.family_part.flush()
        self.summary.flush()

    # Moving about --------------------------------------------------------------------------------------------
    def show_page(self, page: Page, *, focus: bool = True) -> None:
        widget = self._page_widgets[page]
        self.pages.setCurrentWidget(widget)
        self.navigator.select(page_entry(page))
        if focus:
            widget.focus_main()

    def show_place(self, place: ItemPlace | None, *, focus: str = "grades") -> None:
        self.pages.setCurrentWidget(self.items)
        self.items.show_place(place)
        if place is not None:
            self.navigator.select(domain_entry(place.domain.id))
            self.review.follow(place.domain.id)
        if focus == "evidence" and place is not None:
            self.items.evidence.focus_editor()
        else:
            self.items.focus_main()

    def show_item(self, item_id: str, *, focus: str = "grades") -> None:
        self.show_place(self.session.place_of(item_id), focus=focus)

    def move(self, by: int) -> None:
        """Step to the next or previous item, across domains; past the last item comes the domain grades page."""
        place = self.items.item.place
        places = self.session.places
        if place is None or place not in places:
            return
        index = places.index(place) + by
        if index >= len(places):
            self.show_page(Page.SUMMARY)
        elif index >= 0:
            self.show_place(places[index])

    def go_to_gap(self, gap: Gap) -> None:
        target = gap.target
        if target.item_id and self.session.place_of(target.item_id):
            self.show_item(target.item_id, focus="evidence" if gap.kind is GapKind.NO_EVIDENCE else "grades")
        elif target.section is Section.DOMAINS:
            self.show_page(Page.SUMMARY, focus=False)
            self.summary.focus_domain(target.domain_id)
        elif target.section in (Section.PLAN, Section.PLAN_REVIEW):
            self.flush()
            self.plan_requested.emit(self.session.assessment.child_id)
        else:
            self.show_page(SECTION_PAGES.get(target.section, Page.COMPLETENESS), focus=False)
            self._focus_section(target.section)

    def _focus_section(self, section: Section) -> None:
        focus = {
            Section.VISITS: self.visits.focus_main, Section.HOW_SEEN: self.how_seen.focus_main,
            Section.ADULTS: self.adults.focus_main, Section.CONTEXT: self.context.focus_main,
        }.get(section)
        if focus is not None:
            focus()
        else:
            self.pages.currentWidget().focus_main()

    def _entry_chosen(self, entry: str) -> None:
        kind, key = parse_entry(entry)
        if kind == "page":
            self.show_page(Page(key), focus=False)
            return
        self.review.follow(key)
        assessment = self.session.assessment
        in_domain = [p for p in self.session.places if p.domain.id == key]
        ungraded = next((p for p in in_domain if p.item.id not in assessment.item_grades), None)
        self.pages.setCurrentWidget(self.items)
        band = self.session.band_id
        if not in_domain and band is not None:
            self.items.show_no_items(self.session.instrument.domain(key).title,
                                     self.session.instrument.band(band).label)
            return
        self.items.show_place(ungraded or (in_domain[0] if in_domain else None))

    def _step(self, by: int) -> None:
        """Ctrl+Page Down / Up: the next or previous part, with the keyboard in it."""
        self.navigator.step(by)
        self.pages.currentWidget().focus_main()

    def _switch_pane(self) -> None:
        if self.navigator.hasFocus():
            self.pages.currentWidget().focus_main()
        else:
            self.navigator.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _back(self) -> None:
        self.flush()
        self.back_requested.emit()

    def amend(self) -> None:
        """Ask why, then open the new draft that corrects the countersigned assessment on screen."""
        if not self.session.review_state.available or (self.amend_dialog and self.amend_dialog.isVisible()):
            return
        record = self.session.record

        def opened(draft: Assessment) -> None:
            self.open(draft, record)
            self.assessment_changed.emit(draft)

        self.amend_dialog = start_amendment(self.session, opened, self)

    # Keeping the window in step ------------------------------------------------------------------------------
    def _changed(self, assessment: Assessment) -> None:
        if not self._opening:
            self.assessment_changed.emit(assessment)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the workspace by any route (another screen, closing the window) must not strand typed text.
        self.flush()
        super().hideEvent(event)
