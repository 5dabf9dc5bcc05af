"""The assessment being worked on, shared by every part of the workspace.

Parts never change the assessment themselves: they ask the service (through the task runner) and every part redraws
from the assessment the service returns, so the screen always shows what is really stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QObject, Signal

from ....domain.assessment import Assessment
from ....domain.instrument import Domain, Instrument, Item
from ....domain.people import ChildRecord
from ....scoring.age import band_of
from ...tasks import TaskRunner
from .change_state import ChangeState
from .review_state import ReviewState

if TYPE_CHECKING:
    from ....services.assessments import AssessmentService
    from ....services.review import ReviewService

Change = Callable[["AssessmentService", UUID], Assessment]
"""One service call, given the service and the assessment's id; runs on the worker thread."""


@dataclass(frozen=True, slots=True)
class ItemPlace:
    """Where an item sits: its domain, and its position among the domain's items for this child's age band."""

    domain: Domain
    item: Item
    index: int
    count: int


class AssessmentSession(QObject):
    changed = Signal(object)
    """The assessment as stored, after every change (and once on ``load``)."""
    loaded = Signal(object)
    """A different assessment was opened."""

    def __init__(self, services: AssessmentService, runner: TaskRunner, parent: QObject | None = None, *,
                 review: ReviewService | None = None, user: Any = None):
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.review_state = ReviewState(review, runner, user, self)
        """The review of the open assessment, read again as its status changes."""
        self._assessment: Assessment | None = None
        self._record: ChildRecord | None = None
        self._instrument: Instrument | None = None
        self._places: list[ItemPlace] = []
        self.changed.connect(self.review_state.assessment_changed)
        self.over_time = ChangeState(self, self)
        """The assessment read against the child's earlier ones, for the header and the domain summary."""

    # Opening -------------------------------------------------------------------------------------------------
    def load(self, assessment: Assessment, record: ChildRecord) -> None:
        """Raises ``NotFound`` (in words) when the instrument it was graded with is not installed."""
        self._instrument = self.services.instrument_for(assessment)
        self._record = record
        self._assessment = assessment
        self._places = self._item_places(assessment)
        self.review_state.forget()
        self.loaded.emit(assessment)
        self.changed.emit(assessment)
        self.review_state.opened(assessment)  # after every part has reset itself for the new assessment

    # What parts read -----------------------------------------------------------------------------------------
    @property
    def assessment(self) -> Assessment:
        assert self._assessment is not None, "open an assessment first"
        return self._assessment

    @property
    def is_open(self) -> bool:
        return self._assessment is not None

    @property
    def record(self) -> ChildRecord:
        assert self._record is not None
        return self._record

    @property
    def instrument(self) -> Instrument:
        assert self._instrument is not None
        return self._instrument

    @property
    def band_id(self) -> str | None:
        band = band_of(self.instrument, self.assessment)
        return band.id if band else None

    @property
    def read_only(self) -> bool:
        return not self.assessment.status.is_editable or not self.is_authors

    @property
    def is_authors(self) -> bool:
        """The person signed in started this assessment, so may change it (the service checks the same)."""
        author = self.assessment.created_by
        viewer = getattr(self.review_state.user, "id", None)
        return author is None or viewer is None or author == viewer

    @property
    def places(self) -> list[ItemPlace]:
        """Every item that applies to this child, domain by domain, in the order the screen steps through them."""
        return self._places

    def place_of(self, item_id: str) -> ItemPlace | None:
        return next((place for place in self._places if place.item.id == item_id), None)

    def domain_state(self, assessment: Assessment, domain_id: str) -> tuple:
        """What a domain's progress and suggestion are drawn from (the band and its items' grades): equal states
        draw the same, so a part redraws a domain only when its state moved (a keypress moves one domain)."""
        band = assessment.age_band
        items = self.instrument.items_for(domain_id, band) if band is not None else ()
        return band, tuple(assessment.item_grades.get(item.id) for item in items)

    def first_place_in(self, domain_id: str) -> ItemPlace | None:
        return next((place for place in self._places if place.domain.id == domain_id), None)

    # Changing ------------------------------------------------------------------------------------------------
    def edit(self, change: Change, *, on_done: Callable[[Assessment], None] | None = None,
             on_error: Callable[[Exception], None] | None = None) -> None:
        """Run one service call off the UI thread; every part redraws from what it returns."""

        def done(assessment: Assessment) -> None:
            self.accept(assessment)
            if on_done is not None:
                on_done(assessment)

        self.runner.run(self.op(change), done, on_error)

    def op(self, change: Change) -> Callable[[], Assessment]:
        """The work for ``change``, bound to the assessment open now (for savers that run it themselves)."""
        services, assessment_id = self.services, self.assessment.id
        return lambda: change(services, assessment_id)

    def accept(self, value: Any) -> None:
        """Take an assessment a service returned as the one on screen (results for one no longer open are ignored)."""
        if not isinstance(value, Assessment) or self._assessment is None or value.id != self._assessment.id:
            return
        band_changed = value.age_band != self._assessment.age_band
        self._assessment = value
        if band_changed:
            self._places = self._item_places(value)
        self.changed.emit(value)

    def _item_places(self, assessment: Assessment) -> list[ItemPlace]:
        instrument = self._instrument
        assert instrument is not None
        band = band_of(instrument, assessment)
        if band is None:
            return []
        places = []
        for domain in instrument.domains:
            items = instrument.items_for(domain.id, band.id)
            places += [ItemPlace(domain, item, index, len(items)) for index, item in enumerate(items)]
        return places
