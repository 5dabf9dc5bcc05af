"""Starting an amendment of a countersigned assessment: ask why, then let the service make the new draft.

The countersigned assessment itself never changes; the service copies it into a new draft linked to it, with the
reason, and the workspace opens that draft.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ....domain.assessment import Assessment
from ....domain.errors import InvalidInput
from ...dialogs.amend_dialog import AmendDialog
from ...widgets.autosave_text import describe_failure
from ..review.review_words import countersigned_on
from .session import AssessmentSession


def start_amendment(session: AssessmentSession, opened: Callable[[Assessment], None],
                    parent: QWidget | None = None) -> AmendDialog:
    """Open the reason dialog (without blocking); ``opened`` gets the new draft once the service made it."""
    state, aid = session.review_state, session.assessment.id
    view = state.view_of(session.assessment)
    dialog = AmendDialog(countersigned_on(view.history if view else None), parent)

    def amended(draft: Assessment) -> None:
        dialog.accept()
        opened(draft)

    def refused(error: Exception) -> None:
        words = "; ".join(p.message for p in error.problems) if isinstance(error, InvalidInput) else \
            describe_failure(error)
        dialog.show_problem(f"No amendment was started: {words}")

    dialog.submitted.connect(lambda reason: session.runner.run(lambda: state.service.amend(aid, reason),
                                                               amended, refused))
    dialog.open()
    return dialog
