"""The open assessment read against the child's earlier ones (``scoring.change_over_time``), kept for the header and
the domain summary. Read again off the UI thread when something it depends on changes: the visits (the date) or a
domain's effective grade; an item grade that leaves every domain grade as it was costs nothing. While grades are
being typed, it is read once they pause (``SETTLE_MS``), so a keypress never waits behind a history read."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ....domain.assessment import Assessment
from ....scoring.change_over_time import ChangeOverTime
from ....scoring.suggest import effective_domain_grade

SETTLE_MS = 600
"""How long grading must pause before the history is read again."""


class ChangeState(QObject):
    changed = Signal(object)
    """The ``ChangeOverTime`` of the open assessment (``None`` while it cannot be read)."""

    def __init__(self, session, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self._key: tuple | None = None
        self.current: ChangeOverTime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._read)
        session.loaded.connect(self._forget)
        session.changed.connect(self._maybe_read)

    def _forget(self, _assessment: Assessment) -> None:
        self._timer.stop()
        self._key = None
        self.current = None
        self.changed.emit(None)

    def _maybe_read(self, assessment: Assessment) -> None:
        instrument = self._session.instrument
        key = (assessment.id, tuple(sorted(visit.date for visit in assessment.visits)), assessment.age_band,
               tuple(effective_domain_grade(instrument, assessment, domain.id) for domain in instrument.domains))
        if key == self._key:
            return
        first = self._key is None or self._key[0] != assessment.id
        self._key = key
        if first:
            self._read()  # on opening, at once
        else:
            self._timer.start()  # while grading, once the keys pause

    def _read(self) -> None:
        if not self._session.is_open:
            return
        services, assessment_id = self._session.services, self._session.assessment.id

        def shown(change: ChangeOverTime) -> None:
            if self._session.is_open and self._session.assessment.id == change.assessment_id:
                self.current = change
                self.changed.emit(change)

        self._session.runner.run(lambda: services.change_over_time(assessment_id), shown, lambda _error: None,
                                 background=True)  # read as stored when it runs: a grade may pass it
