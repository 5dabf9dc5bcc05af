"""The window's supervision and printing parts: the review queue (a page, and a tool-bar action for supervisors)
and the print preview of reports from the child record and the workspace. The main window only calls in here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from ..domain.enums import Role
from .report_preview import ReportPreview
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .session import Session
    from .views.review.queue_view import ReviewQueueView

QUEUE_TITLE = "Review queue"


def _may_see_team_view(user: Any) -> bool:
    from ..services.team_view import may_see_team_view

    return may_see_team_view(user)


class Supervision(QObject):
    def __init__(self, window: Any, runner: TaskRunner):
        super().__init__(window)
        self._window, self._runner = window, runner
        self.queue: ReviewQueueView | None = None
        self.queue_action = QAction("Review &queue", window)
        self.queue_action.setToolTip("Assessments waiting for your review (Ctrl+R)")
        self.queue_action.setShortcut(QKeySequence("Ctrl+R"))
        self.queue_action.triggered.connect(self.show_queue)
        window.navigation.addAction(self.queue_action)
        window.navigation.widgetForAction(self.queue_action).setAccessibleName(QUEUE_TITLE)
        self.queue_action.setVisible(False)
        self.team: Any = None
        self.team_action = QAction("Team &view", window)
        self.team_action.setToolTip("Your team's children: worst first, drift, overdue, over six months (Ctrl+T)")
        self.team_action.setShortcut(QKeySequence("Ctrl+T"))
        self.team_action.triggered.connect(self.show_team)
        window.navigation.addAction(self.team_action)
        window.navigation.widgetForAction(self.team_action).setAccessibleName("Team view")
        self.team_action.setVisible(False)
        from .server_signing import ServerSigning

        self.server_signing = ServerSigning(self._sign_on_server, self)
        self.preview = ReportPreview(runner, lambda: window.session.reports, parent=window,
                                     server_signing=self.server_signing, offer=self._server_may_sign)
        self.preview.problem.connect(window.show_problem)

    def _server_may_sign(self, assessment_id) -> str | None:
        """On the worker: the signer's name when the team server can sign this report (a linked laptop, a
        supervisor, a countersigned assessment)."""
        from ..server.report_on_server import may_sign_on_server

        session = self._window.session
        return session.user.name if may_sign_on_server(session.backend, session.user, assessment_id) else None

    def _sign_on_server(self, assessment_id, password: str, cancelled) -> tuple[bytes, str]:
        from ..server.report_on_server import report_signed_on_server

        session = self._window.session
        return report_signed_on_server(session.backend, session.user, assessment_id, password, cancelled=cancelled)

    def build(self) -> None:
        """With the other views, once the backend is in."""
        from .views.review.queue_view import ReviewQueueView

        window = self._window
        self.queue = ReviewQueueView(self._runner)
        self.queue.assessment_ready.connect(self._open_from_queue)
        self.queue.problem.connect(window.show_problem)
        window.pages.addWidget(self.queue)
        from .views.team.team_view import TeamView

        self.team = TeamView(self._runner)
        self.team.child_chosen.connect(window.open_child)
        self.team.problem.connect(window.show_problem)
        window.pages.addWidget(self.team)
        window.child_record.print_report.connect(lambda aid: self.preview.open(aid, False))
        window.child_record.print_family_summary.connect(lambda aid: self.preview.open(aid, True))
        window.child_record.assessment_chosen.connect(self.preview.build_ahead)

    def connect_workspace(self, workspace: Any) -> None:
        workspace.print_report.connect(lambda aid: self.preview.open(aid, False))
        workspace.print_family_summary.connect(lambda aid: self.preview.open(aid, True))
        workspace.assessment_changed.connect(lambda *_: self._queue_stale())

    def signed_in(self, session: Session) -> None:
        is_supervisor = session.user.has_role(Role.SUPERVISOR)
        self.queue_action.setVisible(is_supervisor)
        self.team_action.setVisible(_may_see_team_view(session.user))
        if self.queue is not None:
            self.queue.set_session(session)
        if self.team is not None:
            self.team.set_session(session)

    def sign_out(self) -> None:
        self.preview.signed_out()
        self.queue_action.setVisible(False)
        self.team_action.setVisible(False)
        if self.team is not None:
            self.team.model.set_children(())
        if self.queue is not None:
            self.queue.model.set_rows([])

    def set_enabled(self, enabled: bool) -> None:
        self.queue_action.setEnabled(enabled)
        self.team_action.setEnabled(enabled)

    def is_showing(self, page: Any) -> bool:
        return (self.queue is not None and page is self.queue) or (self.team is not None and page is self.team)

    def title_of(self, page: Any) -> str:
        return "Team view" if self.team is not None and page is self.team else QUEUE_TITLE

    def show_team(self) -> None:
        window = self._window
        if window.session is None or window.lock.is_locked or self.team is None \
                or not _may_see_team_view(window.session.user):
            return
        window.leave_workspace()
        window.pages.setCurrentWidget(self.team)
        self.team.reload()
        window.update_navigation()
        self.team.table.setFocus()

    def show_queue(self) -> None:
        window = self._window
        if window.session is None or window.lock.is_locked or self.queue is None \
                or not window.session.user.has_role(Role.SUPERVISOR):
            return
        window.leave_workspace()
        window.pages.setCurrentWidget(self.queue)
        self.queue.reload()
        window.update_navigation()
        self.queue.focus_first()

    def records_changed(self) -> None:
        """Records were deleted or imported: the queue and the team view are read again, shown or not, so that
        neither still shows a child who is gone (or misses one who came)."""
        session = self._window.session
        if session is None:
            return
        if self.queue is not None and session.user.has_role(Role.SUPERVISOR):
            self.queue.reload()
        if self.team is not None and _may_see_team_view(session.user):
            self.team.reload()

    def _open_from_queue(self, assessment: Any, record: Any) -> None:
        # The child record is opened behind the workspace, so Back leads to this child's record.
        self._window.child_record.open_child(record.child.id)
        self._window.open_assessment(assessment, record)

    def _queue_stale(self) -> None:
        if self.queue is not None and self._window.session is not None \
                and self._window.session.user.has_role(Role.SUPERVISOR):
            self.queue.reload()
