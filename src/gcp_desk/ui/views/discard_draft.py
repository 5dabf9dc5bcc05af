"""The child record's "Discard draft…": the author takes away a draft that will never be finished, giving the
reason. Asks with ``ReasonDialog`` and lets the service decide (it refuses anything but the author's own
never-submitted draft)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ...domain.assessment import Assessment
from ...domain.enums import AssessmentStatus
from ...domain.errors import GcpDeskError
from ...scoring.age import format_date
from ..tasks import TaskRunner

if TYPE_CHECKING:
    from ..dialogs.amend_dialog import ReasonDialog
    from ..session import Session


class DiscardDraft(QObject):
    discarded = Signal(object)
    """The id of the draft discarded."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget):
        super().__init__(parent)
        self._runner, self._parent = runner, parent
        self.dialog: ReasonDialog | None = None

    def ask(self, session: Session, assessment: Assessment) -> None:
        if assessment.status is not AssessmentStatus.DRAFT:
            self.problem.emit(GcpDeskError("Only a draft that was never submitted can be discarded."))
            return
        from ..dialogs.amend_dialog import ReasonDialog

        started = format_date(assessment.created_at.date())
        dialog = ReasonDialog(
            title="Discard this draft",
            intro=(f"The draft started on {started} and everything in it will be erased; this cannot be undone. "
                   "The record keeps that it was discarded, by you, and why. Why is it being discarded?"),
            field_name="Reason for discarding the draft",
            action="Discard draft",
            empty_words="Write why the draft is being discarded: the record keeps the reason.",
            placeholder="For example: started on the wrong child",
            parent=self._parent,
        )
        self.dialog = dialog

        def done(_result) -> None:
            dialog.accept()
            self.discarded.emit(assessment.id)

        def refused(error: Exception) -> None:
            if isinstance(error, GcpDeskError):
                dialog.show_problem(str(error))
            else:
                dialog.reject()
                self.problem.emit(error)

        dialog.submitted.connect(lambda reason: self._runner.run(
            lambda: session.assessments.discard_draft(assessment.id, reason), done, refused))
        dialog.open()
