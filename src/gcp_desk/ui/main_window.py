"""The main window. It composes panels and wires their signals; it holds no logic of its own.

This module and what it imports at the top are light on purpose (no pydantic, no SQLAlchemy): the window is shown
while the worker thread imports the backend, and two threads importing the same packages at once can deadlock or
see a half-imported module. The caseload view needs neither (``start_at_once`` fills it from a quick first read);
the child record, which needs the domain models, is built once the backend is open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib.util import find_spec
from threading import Event
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from ..domain.labels import ROLE
from .sign_in import SignIn
from .start_state import StartState
from .tasks import TaskRunner
from .widgets.message_bar import MessageBar, error_in_words
from .widgets.navigation_bar import NavigationBar
from .widgets.status_page import StatusPage

if TYPE_CHECKING:
    from ..app import Backend
    from .views.caseload_view import CaseloadView
    from .views.child_record_view import ChildRecordView
    from ..domain.assessment import Assessment
    from ..domain.people import ChildRecord
    from ..storage.quick_start import QuickStart
    from .session import Session

WORKSPACE_MODULE = "gcp_desk.ui.views.assessment.workspace"
LOADING = "Loading caseload…"


def workspace_available() -> bool:
    try:
        return find_spec(WORKSPACE_MODULE) is not None
    except ModuleNotFoundError:
        return False


class MainWindow(QMainWindow):
    caseload_ready = Signal()
    """The caseload is on screen (emitted each time it is filled)."""
    sign_in_needed = Signal()
    start_refused = Signal(object)
    """The database could not be opened; the error is shown on the page."""

    def __init__(self, runner: TaskRunner, *, open_backend: Callable[[], Backend],
                 open_demo: Callable[[], Backend] | None = None, today: Callable[[], date] = date.today):
        super().__init__()
        self.setWindowTitle("GCP Desk")
        self.resize(1280, 800)
        self._runner, self._open_backend, self._today = runner, open_backend, today
        self.backend: Backend | None = None
        self.session: Session | None = None
        self.workspace: Any = None
        self._stale_caseload = False
        self.sign_in = SignIn(runner, open_demo, self, today)
        self.sign_in.signed_in.connect(self.start_with)
        self.sign_in.problem.connect(self.show_problem)
        runner.failed.connect(self.show_problem)
        self.navigation = NavigationBar()
        self.navigation.back_requested.connect(self.back)
        self.navigation.caseload_requested.connect(self.show_caseload)
        self.navigation.switch_user_requested.connect(self.switch_user)
        self.addToolBar(self.navigation)
        self.back_action, self.caseload_action = self.navigation.back_action, self.navigation.caseload_action
        self.breadcrumb, self.user_label = self.navigation.breadcrumb, self.navigation.user_label
        self.switch_user_button = self.navigation.switch_user_button
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 4, 8, 8)
        self.message_bar = MessageBar()
        layout.addWidget(self.message_bar)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.status = StatusPage()
        self.status.action_requested.connect(self._status_action)
        self.pages.addWidget(self.status)
        self.caseload: CaseloadView | None = None
        self.child_record: ChildRecordView | None = None
        self._status_action_kind = ""
        self.show_status(LOADING)

    def prepare_caseload(self) -> None:
        """Build the caseload view ahead of its rows (it needs no backend), e.g. while a quick first read runs."""
        if self.caseload is not None:
            return
        from .views.caseload_view import CaseloadView  # light: no pydantic, no SQLAlchemy

        self.caseload = CaseloadView(self._runner)
        self.caseload.child_opened.connect(self.open_child)
        self.caseload.rows_shown.connect(self._caseload_shown)
        self.caseload.problem.connect(self.show_problem)
        self.pages.addWidget(self.caseload)

    def _build_child_record(self) -> None:
        """Built when the backend (and so every import the record needs) is in."""
        from .views.child_record_view import ChildRecordView

        self.child_record = ChildRecordView(self._runner)
        self.child_record.back_requested.connect(self.back)
        self.child_record.assessment_opened.connect(self.open_assessment)
        self.child_record.child_changed.connect(self._mark_caseload_stale)
        self.child_record.record_shown.connect(lambda _record: self._update_navigation())
        self.child_record.problem.connect(self.show_problem)
        self.pages.addWidget(self.child_record)

    # Start-up and signing in -------------------------------------------------------------------------------
    def start(self) -> None:
        """Open the database in the background (also "Try again" after it could not be opened)."""
        self.show_status(LOADING)
        opener, today = self._open_backend, self._today
        self._runner.run(lambda: StartState.open(opener, today), self.start_with, self.start_failed)

    def start_at_once(self, quick: QuickStart | None) -> None:
        """A returning user's caseload from a quick first read (``storage.quick_start``), then the backend opened
        behind it on the worker; with none (first run, another schema, a server database…), the ordinary start."""
        if quick is None:
            return self.start()
        state = StartState.at_once(quick, self._today)
        session, opener, titles, drawn = state.session, self._open_backend, state.titles, Event()
        if self._runner.synchronous:
            drawn.set()  # the op runs within run(), before there is anything to draw
        self.session = session
        # Queued before what the views queue as they fill (which needs the backend); it waits for the first frame,
        # which the backend's imports would slow: each of the paint's calls into Python waits for the worker.
        self._runner.run(lambda: StartState.finish(session, opener, after=drawn),
                         lambda opened: self._backend_opened(session, opened, titles), self.start_failed)
        try:
            if self.session is session:  # not already refused (at once, with a synchronous runner)
                self._show_session(state)
                self.repaint()
        finally:
            drawn.set()

    def _backend_opened(self, session: Session, state: StartState, titles_shown: dict[str, str] | None) -> None:
        if session is not self.session:
            return  # the window was closed meanwhile (and closed the backend)
        if state.session is None:
            return self.start_with(state)  # the account has gone: ask who is working
        self.backend = state.backend
        if self.child_record is None:
            self._build_child_record()
        self.child_record.set_session(session)
        if state.titles != titles_shown and self.caseload is not None and self.caseload.model.rowCount():
            self.caseload.show_rows(self.caseload.model.rows(), state.titles or {})  # the checked instruments' words

    def start_with(self, state: StartState) -> None:
        if self.backend is not None and state.backend is not self.backend:
            self._drop_workspace()
            self.backend.close()
        self.backend = state.backend
        self.message_bar.clear()
        if state.session is None:
            self.session = None
            self.show_status("Choose who you are to start", "", "Choose account…", kind="sign-in")
            self.sign_in.ask(state)
            self.sign_in_needed.emit()
            return
        self._show_session(state)

    def _show_session(self, state: StartState) -> None:
        self._drop_workspace()
        self.prepare_caseload()
        if self.child_record is None and state.backend is not None:
            self._build_child_record()
        self.session = state.session
        demo = " (demo caseload: invented data)" if self.session.is_demo else ""
        self.setWindowTitle(f"GCP Desk{demo}")
        user = self.session.user
        self.navigation.show_user(f"Working as {user.name} ({ROLE[user.role].lower()}){demo}")
        self.caseload.set_session(self.session)
        if self.child_record is not None:
            self.child_record.set_session(self.session)
        self.pages.setCurrentWidget(self.caseload)
        if state.rows is not None:
            titles = self.session.domain_titles() if self.session.is_open else state.titles
            self.caseload.show_rows(state.rows, titles or {})
        else:
            self.caseload.show_loading()
            self.caseload.reload()
        self._update_navigation()
        self.caseload.table.setFocus()

    def start_failed(self, error: Exception) -> None:
        if self.backend is None:
            self.session = None  # a session from a quick first read, whose backend could not be opened
        self.show_status("GCP Desk cannot open its database", error_in_words(error), "Try again", kind="retry")
        self.start_refused.emit(error)

    def switch_user(self) -> None:
        if self._after_opening(self.switch_user) or self.backend is None:
            return
        self._leave_workspace()
        backend = self.backend
        self._runner.run(lambda: StartState(backend, backend.users().all()), self.sign_in.ask, self.show_problem)

    def show_status(self, title: str, text: str = "", action: str = "", *, kind: str = "") -> None:
        self._status_action_kind = kind
        self.status.show_message(title, text, action)
        self.pages.setCurrentWidget(self.status)
        self._update_navigation()

    def _status_action(self) -> None:
        if self._status_action_kind == "retry":
            self.start()
        elif self._status_action_kind == "sign-in" and self.backend is not None:
            self.switch_user()

    # Navigation ------------------------------------------------------------------------------------------------
    def show_caseload(self) -> None:
        if self.session is None:
            return
        self._leave_workspace()
        self.pages.setCurrentWidget(self.caseload)
        if self._stale_caseload:
            self._stale_caseload = False
            self.caseload.reload()
        self._update_navigation()
        self.caseload.table.setFocus()

    def open_child(self, child_id: UUID) -> None:
        if self._after_opening(lambda: self.open_child(child_id)):
            return
        self._leave_workspace()
        self.child_record.open_child(child_id)
        self.pages.setCurrentWidget(self.child_record)
        self._update_navigation()
        self.child_record.focus_first()

    def open_assessment(self, assessment: Assessment, record: ChildRecord) -> None:
        workspace = self._workspace()
        if workspace is None:
            self.message_bar.show_info("The assessment workspace is not part of this build yet.")
            return
        workspace.open(assessment, record)
        self.pages.setCurrentWidget(workspace)
        self._update_navigation()

    def back(self) -> None:
        current = self.pages.currentWidget()
        if self.workspace is not None and current is self.workspace:
            self._leave_workspace()
            self.pages.setCurrentWidget(self.child_record)
            self.child_record.refresh()
            self._update_navigation()
        elif self.child_record is not None and current is self.child_record:
            self.show_caseload()

    def _update_navigation(self) -> None:
        current = self.pages.currentWidget()
        on_workspace = self.workspace is not None and current is self.workspace
        on_record = self.child_record is not None and current is self.child_record
        on_caseload = self.caseload is not None and current is self.caseload
        trail = []
        if on_caseload or on_record or on_workspace:
            trail.append("Caseload")
        if on_record or on_workspace:
            record = self.child_record.record
            trail.append(record.child.full_name if record else "Loading…")
        if on_workspace:
            trail.append("Assessment")
        self.navigation.show_trail(trail, can_go_back=on_record or on_workspace, signed_in=self.session is not None)

    def _after_opening(self, then: Callable[[], None]) -> bool:
        """While the backend opens behind a quick first read, do ``then`` once it is open (ops run in order)."""
        if self.session is None or self.backend is not None:
            return False
        self._runner.run(lambda: None, lambda _: then() if self.backend is not None else None)
        return True

    def _caseload_shown(self, _count: int) -> None:
        if self.pages.currentWidget() is self.caseload:
            self.caseload_ready.emit()

    def _mark_caseload_stale(self, *_args) -> None:
        self._stale_caseload = True

    # The assessment workspace (built by its own module, created when first needed) --------------------------
    def _workspace(self):
        if self.workspace is None and self.session is not None and workspace_available():
            from .views.assessment.workspace import AssessmentWorkspace

            self.workspace = AssessmentWorkspace(self.session.assessments, self._runner, self)
            self.workspace.back_requested.connect(self.back)
            self.workspace.assessment_changed.connect(self._mark_caseload_stale)
            self.pages.addWidget(self.workspace)
        return self.workspace

    def _leave_workspace(self) -> None:
        """Store any text still waiting to be saved before the workspace leaves the screen."""
        if self.workspace is not None and self.pages.currentWidget() is self.workspace:
            self.workspace.flush()

    def _drop_workspace(self) -> None:
        if self.workspace is not None:
            self.workspace.flush()
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None

    # Problems and closing --------------------------------------------------------------------------------------
    def show_problem(self, error: BaseException) -> None:
        self.message_bar.show_error(error)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None:
            self.workspace.flush()
        self._runner.wait(10_000)
        if self.backend is None and self.session is not None and self.session.is_open:
            self.backend = self.session.backend  # opened behind a quick first read, not yet handed over
        if self.backend is not None:
            self.backend.close()
            self.backend = None
        self.session = None
        super().closeEvent(event)
