"""The child record's line about sharing: which other teams can see this record and why, for everyone who opens
it, and "Share with another team…" for supervisors (``ShareDialog``). The service decides; its refusals are shown
in the dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ...domain.enums import Role
from ...domain.errors import GcpDeskError
from ...domain.people import Child, Share, Team
from ..tasks import TaskRunner

if TYPE_CHECKING:
    from ..dialogs.share_dialog import ShareDialog
    from ..session import Session


def shared_in_words(shares: list[Share]) -> str:
    if not shares:
        return ""
    teams = ", ".join(share.team_name for share in shares)
    return f"Shared with {teams}: they can see and work on this record."


class SharingBar(QWidget):
    problem = Signal(object)
    changed = Signal()
    """A share was made or stopped."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._runner = runner
        self._session: Session | None = None
        self._child: Child | None = None
        self.shares: list[Share] = []
        self.dialog: ShareDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.words = QLabel(self)
        self.words.setWordWrap(True)
        self.button = QPushButton("Share with another &team…", self)
        self.button.setAccessibleName("Share this record with another team, or stop sharing it")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.open_dialog)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.button)
        self.hide()

    def set_session(self, session: Session) -> None:
        self._session = session
        self._child = None
        self.hide()

    @property
    def may_share(self) -> bool:
        return self._session is not None and self._session.user.has_role(Role.SUPERVISOR)

    def show_for(self, child: Child, shares: list[Share] | None = None) -> None:
        """The child's shares, as given (read with the record as it opened) or read in the background; the line
        shows only when there is something to say or do."""
        self._child = child
        if shares is not None:
            self._show(shares)
            return
        session = self._session
        assert session is not None
        self._runner.run(lambda: session.sharing.shares(child.id), self._show, self.problem.emit)

    def _show(self, shares: list[Share]) -> None:
        self.shares = shares
        words = shared_in_words(shares)
        self.words.setText(words)
        self.words.setAccessibleName(words or "Not shared with another team")
        self.button.setVisible(self.may_share)
        self.setVisible(bool(words) or self.may_share)
        if self.dialog is not None:
            self.dialog.show_shares(shares)

    def open_dialog(self) -> None:
        session, child = self._session, self._child
        if session is None or child is None or not self.may_share or self.dialog is not None:
            return
        self._runner.run(session.users.teams, lambda teams: self._open(session, child, teams), self.problem.emit)

    def _open(self, session: Session, child: Child, teams: list[Team]) -> None:
        from ..dialogs.share_dialog import ShareDialog

        dialog = ShareDialog(child_name=child.full_name, home_team_id=child.team_id, teams=teams, parent=self)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: setattr(self, "dialog", None))
        dialog.show_shares(self.shares)

        def refused(error: Exception) -> None:
            if isinstance(error, GcpDeskError):
                dialog.show_problem(str(error))
            else:
                dialog.reject()
                self.problem.emit(error)

        def done(_result: object) -> None:
            self.changed.emit()
            self.show_for(child)

        dialog.share_requested.connect(lambda team_id, reason: self._runner.run(
            lambda: session.sharing.share(child.id, team_id, reason), done, refused))
        dialog.stop_requested.connect(lambda share_id, reason: self._runner.run(
            lambda: session.sharing.revoke(share_id, reason), done, refused))
        dialog.open()

