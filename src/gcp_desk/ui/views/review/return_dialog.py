"""The supervisor's reasons for sending an assessment back: required, because the practitioner must know what to
change before submitting it again."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...dialogs.amend_dialog import ReasonDialog

EMPTY_REASONS = ("Write the reasons for returning it: the practitioner needs to know what to change before "
                 "submitting again. Nothing has been returned.")


class ReturnDialog(ReasonDialog):
    def __init__(self, practitioner_name: str = "", parent: QWidget | None = None):
        to = f" to {practitioner_name}" if practitioner_name else ""
        super().__init__(
            title="Return for changes",
            intro=(f"The assessment goes back{to}, who can edit it again and then resubmit it. The reasons are kept "
                   "with the assessment's history. What needs to change?"),
            field_name="Reasons for returning the assessment",
            action="Return for changes",
            empty_words=EMPTY_REASONS,
            placeholder="For example: the evidence for the supervision domain does not support grade 2",
            parent=parent,
        )
