"""The open assessment read against the child's earlier ones (``scoring.change_over_time``), kept for the header and
the domain summary. Read again off the UI thread when something it depends on changes: the visits (the date) or a
domain's effective grade; an item grade that leaves every domain grade as it was costs nothing."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ....domain.assessment import Assessment
from ....scoring.change_over_time import ChangeOverTime
from ....scoring.suggest import effective_domain_grade


class ChangeState(QObject):
    changed = Signal(object)
    """The ``ChangeOverTime`` of the open assessment (``None`` while it cannot be read)."""

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self._key: tuple | None = None
        self.current: ChangeOverTime | None = None
        session.loaded.connect(self._forget)
        session.changed.connect(self._maybe_read)

    def _forget(self, _assessment: Assessment) -> None:
        self._key = None
        self.current = None
        self.changed.emit(None)

    def _maybe_read(self, assessment: Assessment) -> None:
        instrument = self._session.instrument
        key = (assessment.id, tuple(sorted(visit.date for visit in assessment.visits)), assessment.age_band,
               tuple(effective_domain_grade(instrument, assessment, domain.id) for domain in instrument.domains))
        if key == self._key:
            return
        self._key = key
        services, assessment_id = self._session.services, assessment.id

        def shown(change: ChangeOverTime) -> None:
            if self._session.is_open and self._session.assessment.id == change.assessment_id:
                self.current = change
                self.changed.emit(change)

        self._session.runner.run(lambda: services.change_over_time(assessment_id), shown, lambda _error: None)
