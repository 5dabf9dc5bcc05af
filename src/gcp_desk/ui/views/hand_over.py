"""The child record's "Hand over…": a supervisor or administrator gives an unfinished assessment to another
practitioner. Reads who it may go to, asks with ``HandOverDialog``, and lets the service decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ...domain.assessment import Assessment
from ...domain.enums import Role
from ...domain.errors import GcpDeskError
from ...domain.people import User
from ..tasks import TaskRunner

if TYPE_CHECKING:
    from ..dialogs.hand_over_dialog import HandOverDialog
    from ..session import Session

HANDS_OVER = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def may_hand_over(user: User) -> bool:
    return any(user.has_role(role) for role in HANDS_OVER)


def receivers(me: User, everyone: list[User], author_id) -> list[User]:
    """Who the assessment may go to: people who write assessments, not its author, and for a supervisor only
    their own team (or people in no team), as the service allows."""
    return [user for user in everyone
            if user.works_on_cases and user.id != author_id
            and (me.has_role(Role.ADMINISTRATOR) or user.team_id is None or user.team_id == me.team_id)]


class HandOver(QObject):
    handed_over = Signal(object)
    """The assessment as stored after the hand-over."""
    problem = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget):
        super().__init__(parent)
        self._runner, self._parent = runner, parent
        self.dialog: HandOverDialog | None = None

    def ask(self, session: Session, assessment: Assessment, child_name: str) -> None:
        if not assessment.status.is_editable:
            self.problem.emit(GcpDeskError("Only a draft or a returned assessment can be handed over."))
            return

        def read() -> tuple[str, list[User]]:
            everyone = session.users.all()
            author = next((u.name for u in everyone if u.id == assessment.created_by), "nobody")
            return author, receivers(session.user, everyone, assessment.created_by)

        self._runner.run(read, lambda found: self._show(session, assessment, child_name, *found), self.problem.emit)

    def _show(self, session: Session, assessment: Assessment, child_name: str, author: str,
              people: list[User]) -> None:
        from ..dialogs.hand_over_dialog import HandOverDialog

        dialog = HandOverDialog(child_name=child_name, author_name=author, people=people, parent=self._parent)
        self.dialog = dialog

        def stored(updated: Assessment) -> None:
            dialog.accept()
            self.handed_over.emit(updated)

        def refused(error: Exception) -> None:
            if isinstance(error, GcpDeskError):
                dialog.show_problem(str(error))
            else:
                dialog.reject()
                self.problem.emit(error)

        dialog.chosen.connect(lambda receiver: self._runner.run(
            lambda: session.review.hand_over(assessment.id, receiver), stored, refused))
        dialog.open()
