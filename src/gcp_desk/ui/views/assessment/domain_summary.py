"""The domain summary page: for every domain, the suggestion with its explanation beside the chosen grade."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ....domain.assessment import Assessment
from ....scoring.change_over_time import ChangeOverTime
from .domain_grade_row import DomainGradeRow
from .page_frame import PageFrame
from .session import AssessmentSession

PURPOSE = ("Each domain's suggestion is the worst grade among its graded items; nothing is averaged. Choose the grade "
           "you judge right. If it differs from the suggestion, write why: your supervisor will read it.")


class DomainSummaryPage(PageFrame):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__("Domain grades", PURPOSE, parent)
        self._session = session
        self.rows: list[DomainGradeRow] = []
        self._stale = True
        session.loaded.connect(self._build)
        session.changed.connect(self.refresh)
        session.over_time.changed.connect(self.show_over_time)

    def _build(self, assessment: Assessment) -> None:
        if [row.domain.id for row in self.rows] != [d.id for d in self._session.instrument.domains]:
            for row in self.rows:
                row.deleteLater()
            self.rows = [self.add(DomainGradeRow(self._session, domain))
                         for domain in self._session.instrument.domains]
            self.show_over_time(self._session.over_time.current)
        for row in self.rows:
            row.reset(assessment)

    def refresh(self, assessment: Assessment) -> None:
        # Redrawing six rows costs more than a keypress should: only do it when the page can be seen.
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        for row in self.rows:
            row.refresh(assessment)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self._session.is_open:
            self.refresh(self._session.assessment)

    def show_over_time(self, change: ChangeOverTime | None) -> None:
        for row in self.rows:
            row.show_trend(change.trend(row.domain.id) if change else None, change)

    def row_for(self, domain_id: str) -> DomainGradeRow | None:
        return next((row for row in self.rows if row.domain.id == domain_id), None)

    def focus_domain(self, domain_id: str | None) -> None:
        row = self.row_for(domain_id) if domain_id else (self.rows[0] if self.rows else None)
        if row is not None:
            self.ensureWidgetVisible(row)
            row.focus_main()

    def focus_main(self) -> None:
        self.focus_domain(None)

    def flush(self) -> None:
        for row in self.rows:
            row.flush()
