"""What the workspace knows about the review of the open assessment: every round so far, whether the person
signed in may review it, and (for an amendment) when the version it corrects was countersigned.

It is read in the background when an assessment is opened and again whenever its status changes (a submit, a
return, a countersignature); the header, the returned notice and the review panel redraw from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QObject, Signal

from ....domain.assessment import Assessment
from ....domain.enums import AssessmentStatus
from ....domain.review import ReviewHistory
from ...tasks import TaskRunner

if TYPE_CHECKING:
    from ....services.review import ReviewService


@dataclass(frozen=True)
class ReviewView:
    assessment_id: UUID
    status: AssessmentStatus
    history: ReviewHistory
    can_review: bool
    """The person signed in is a supervisor who may comment on, return or countersign it now."""
    original: ReviewHistory | None = None
    """For an amendment: the review of the countersigned assessment it corrects."""
    changes_since_return: tuple[str, ...] | None = None
    """For a resubmitted assessment: what changed since the last return, one line each (``None`` when it was
    never returned, or the content at the return was not kept)."""

    @property
    def has_any(self) -> bool:
        history = self.history
        return bool(history.signatures or history.comments or history.returns)


class ReviewState(QObject):
    changed = Signal(object)
    """A new ``ReviewView`` for the open assessment."""
    failed = Signal(object)

    def __init__(self, service: ReviewService | None, runner: TaskRunner, user: Any = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.user = user
        """The person signed in (``name`` and ``role``), or ``None`` when the workspace was not told."""
        self._open: Assessment | None = None
        self._view: ReviewView | None = None

    @property
    def available(self) -> bool:
        return self.service is not None

    @property
    def signer_name(self) -> str:
        return getattr(self.user, "name", "") or ""

    def view_of(self, assessment: Assessment) -> ReviewView | None:
        """The review as last read, if it was read for this assessment."""
        view = self._view
        return view if view is not None and view.assessment_id == assessment.id else None

    def forget(self) -> None:
        """Another assessment is being opened: what was read belongs to the one before."""
        self._open = None
        self._view = None

    def opened(self, assessment: Assessment) -> None:
        self._open = assessment
        self.reload()

    def assessment_changed(self, assessment: Assessment) -> None:
        """Read again when the status moved (submitted, returned, countersigned): the rounds changed with it."""
        before = self._open
        if before is None or before.id != assessment.id:
            return  # still opening, or a result for another assessment
        self._open = assessment
        if before.status is not assessment.status:
            self.reload()

    def reload(self) -> None:
        service, assessment = self.service, self._open
        if service is None or assessment is None:
            return

        def read() -> ReviewView:
            original = service.history(assessment.amends_id) if assessment.amends_id else None
            history = service.history(assessment.id)
            changes = service.changes_since_return(assessment.id) if history.returns else None
            return ReviewView(assessment.id, assessment.status, history, service.can_review(assessment), original,
                              None if changes is None else tuple(changes))

        self.runner.run(read, self._read, self._failed, background=True)  # a grade leaves the review as it was

    def _read(self, view: ReviewView) -> None:
        if self._open is None or view.assessment_id != self._open.id or view.status is not self._open.status:
            return  # read for an assessment, or a state of it, no longer on screen
        self._view = view
        self.changed.emit(view)

    def _failed(self, error: Exception) -> None:
        self.failed.emit(error)
