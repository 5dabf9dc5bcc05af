"""The main window. It composes panels and wires their signals; it holds no logic of its own.

Start-up (``start_up``) opens the database and shows the sign-in screen; a session exists only after a right
password, and only then are the caseload and records built. The window locks after a quiet spell (``lock``).

This module and what it imports at the top are light on purpose (no pydantic, no SQLAlchemy): the window is shown
while the worker thread imports the backend, and two threads importing the same packages at once can deadlock or
see a half-imported module. The views, which need the domain models, are built (empty) once the backend is in,
while the first password is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from ..domain.clock import utc_now
from .account_actions import AccountActions
from .rekey import Rekey
from .records_actions import RecordsActions
from .idle_collector import IdleCollector
from .integrity_watch import IntegrityWatch
from .lock.lock_screen import LockScreen
from .lock.sign_in_page import SignInPage
from .lock.window_lock import WindowLock
from .sign_in import SignIn
from .start_up import LOADING, StartUp
from .supervision import Supervision
from .sync.status_bar import SyncStatusBar
from .tasks import TaskRunner
from .widgets.message_bar import MessageBar
from .widgets.navigation_bar import NavigationBar
from .widgets.status_page import StatusPage

if TYPE_CHECKING:
    from ..app import Backend
    from ..domain.assessment import Assessment
    from ..domain.people import ChildRecord
    from ..storage.quick_start import QuickStart
    from .session import Session
    from .start_state import StartState
    from .views.caseload_view import CaseloadView
    from .views.child_record_view import ChildRecordView

WORKSPACE_MODULE = "gcp_desk.ui.views.assessment.workspace"


def workspace_available() -> bool:
    try:
        return find_spec(WORKSPACE_MODULE) is not None
    except ModuleNotFoundError:
        return False


class MainWindow(QMainWindow):
    caseload_ready = Signal()
    """The caseload is on screen (emitted each time it is filled)."""
    sign_in_shown = Signal()
    """The sign-in screen is on screen, waiting for a password."""
    first_account_needed = Signal()
    """The database has no account yet: the welcome dialog asks for the first one."""
    start_refused = Signal(object)
    """The database could not be opened; the error is shown on the page."""

    def __init__(self, runner: TaskRunner, *, open_backend: Callable[[], Backend],
                 open_demo: Callable[[], Backend] | None = None, today: Callable[[], date] = date.today,
                 clock: Callable[[], datetime] = utc_now):
        """``clock`` is the idle lock's (tests move it on instead of waiting ten minutes)."""
        super().__init__()
        self.setWindowTitle("GCP Desk")
        self.resize(1280, 800)
        self._runner, self._today = runner, today
        self.backend: Backend | None = None
        self.session: Session | None = None
        self.workspace: Any = None
        self._stale_caseload = False
        runner.failed.connect(self.show_problem)
        self.idle_collector = IdleCollector(runner, self)
        self.navigation = NavigationBar()
        self.navigation.back_requested.connect(self.back)
        self.navigation.caseload_requested.connect(self.show_caseload)
        self.navigation.switch_user_requested.connect(self.switch_user)
        self.addToolBar(self.navigation)
        self.back_action, self.caseload_action = self.navigation.back_action, self.navigation.caseload_action
        self.breadcrumb, self.user_label = self.navigation.breadcrumb, self.navigation.user_label
        self.switch_user_button = self.navigation.switch_user_button
        self.account_actions = AccountActions(self.navigation, self, runner, lock=lambda: self.lock.lock(),
                                              session=lambda: self.session)
        self.records_actions = RecordsActions(self.navigation, self, runner, session=lambda: self.session,
                                              open_record=self._open_record)
        self.records_actions.imported.connect(self._mark_caseload_stale)
        self.records_actions.deleted.connect(self._record_deleted)
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
        self.sign_in_page, self.lock_screen = SignInPage(), LockScreen()
        for page in (self.status, self.sign_in_page, self.lock_screen):
            self.pages.addWidget(page)
        self.sign_in = SignIn(runner, self.sign_in_page, open_demo, self, today)
        self.sign_in.asking.connect(self._show_sign_in_page)
        self.sign_in.checking.connect(self._build_views)
        self.sign_in.signed_in.connect(self.start_with)
        self.sign_in.opened.connect(self.start_with)
        self.sign_in.problem.connect(self.show_problem)
        self.lock = WindowLock(runner, self, self.pages, self.lock_screen, clock=clock,
                               hide_while_locked=[self.navigation, self.message_bar], save_work=self.leave_workspace)
        self.lock.changed.connect(lambda _locked: self.update_navigation())
        self.lock.switch_user_requested.connect(self.switch_user)
        self.start_up = StartUp(self, runner, open_backend)
        self.supervision = Supervision(self, runner)
        self.records_actions.imported.connect(self.supervision.records_changed)
        self.records_actions.deleted.connect(self.supervision.records_changed)
        self.integrity_watch = IntegrityWatch(self, runner)
        self.sync_status = SyncStatusBar.attach(self, runner, lambda: self.session)
        self.rekey = Rekey(self, runner, sign_out=self.start_up.sign_out, sign_in_again=self.switch_user,
                           show_status=self.show_status, show_problem=self.show_problem)
        self.account_actions.rekey_requested.connect(self.rekey.ask)
        self.caseload: CaseloadView | None = None
        self.child_record: ChildRecordView | None = None
        self._views_importing = False
        self._after_import: Callable[[], None] | None = None
        self._status_action_kind = ""
        self.start_up.sign_out()
        self.show_status(LOADING)

    def prepare_views(self) -> None:
        """Once the database is open behind the sign-in screen: the views' modules imported on the worker while
        the password is typed (half a second of the first sign-in otherwise). The views are built from them on
        this thread, never while the worker imports: two threads importing at once can deadlock."""
        if self.caseload is not None or self._views_importing:
            return
        self._views_importing = True
        self._runner.run(_import_views, self._views_imported, self._views_imported)

    def _views_imported(self, _result: object = None) -> None:
        self._views_importing = False
        waiting, self._after_import = self._after_import, None
        if waiting is not None:
            waiting()

    def _build_views(self) -> None:
        """Built, empty, while the first password is checked on the worker, or else at the first sign-in: only once
        the backend (and so every import the views need) is in, as two threads importing at once can deadlock."""
        if self.caseload is not None or self.backend is None:
            return
        if self._views_importing:
            self._after_import = self._after_import or self._build_views  # as soon as the worker has them
            return
        from .views.caseload_view import CaseloadView
        from .views.child_record_view import ChildRecordView

        self.caseload = CaseloadView(self._runner)
        self.caseload.child_opened.connect(self.open_child)
        self.caseload.rows_shown.connect(self._caseload_shown)
        self.caseload.problem.connect(self.show_problem)
        self.child_record = ChildRecordView(self._runner)
        self.child_record.back_requested.connect(self.back)
        self.child_record.assessment_opened.connect(self.open_assessment)
        self.child_record.child_changed.connect(self._mark_caseload_stale)
        self.child_record.record_shown.connect(lambda _record: self.update_navigation())
        self.child_record.problem.connect(self.show_problem)
        self.pages.addWidget(self.caseload)
        self.pages.addWidget(self.child_record)
        self.supervision.build()

    # Start-up, signing in and out (``start_up`` and ``sign_in`` do the work) -----------------------------------
    def start(self) -> None:
        self.start_up.start()

    def start_at_once(self, quick: QuickStart | None) -> None:
        self.start_up.start_at_once(quick)

    def start_with(self, state: StartState) -> None:
        """A state from the worker: signed in (with a session), or a database opened with nobody signed in yet."""
        if state.session is None:
            return self.start_up.opened(state)
        self.backend = state.backend
        if state.backend.db is not None:
            state.backend.db.before_read = self._runner.hold_background_read
        if self._views_importing:  # a password typed while the database opened: signed in before the import
            self._after_import = lambda: self.start_with(state)
            return
        self._build_views()
        self.start_up.signed_in(state)

    def start_failed(self, error: Exception) -> None:
        self.start_up.failed(error)

    def switch_user(self) -> None:
        self.start_up.switch_user()

    def _show_sign_in_page(self) -> None:
        self.navigation.hide()
        self.pages.setCurrentWidget(self.sign_in_page)
        self.sign_in_page.focus_password()
        self.sign_in_shown.emit()

    def show_status(self, title: str, text: str = "", action: str = "", *, kind: str = "") -> None:
        self._status_action_kind = kind
        self.status.show_message(title, text, action)
        self.pages.setCurrentWidget(self.status)
        self.update_navigation()

    def _status_action(self) -> None:
        if self._status_action_kind == "retry":
            self.start()
        elif self._status_action_kind == "restore":
            self.start_up.offer_restore()
        elif self._status_action_kind == "welcome" and self.backend is not None:
            self.sign_in.welcome(self.backend)

    # Navigation ------------------------------------------------------------------------------------------------
    def show_caseload(self) -> None:
        if self.session is None or self.lock.is_locked:
            return
        self.leave_workspace()
        self.pages.setCurrentWidget(self.caseload)
        if self._stale_caseload:
            self._stale_caseload = False
            self.caseload.reload()
        self.update_navigation()
        self.caseload.table.setFocus()

    def open_child(self, child_id: UUID) -> None:
        if self.session is None or self.lock.is_locked:
            return
        self.leave_workspace()
        self.child_record.open_child(child_id)
        self.pages.setCurrentWidget(self.child_record)
        self.update_navigation()
        self.child_record.focus_first()

    def open_assessment(self, assessment: Assessment, record: ChildRecord) -> None:
        workspace = self._workspace()
        if workspace is None:
            self.message_bar.show_info("The assessment workspace is not part of this build yet.")
            return
        workspace.open(assessment, record)
        self.pages.setCurrentWidget(workspace)
        self.update_navigation()

    def open_plan(self, child_id: UUID) -> None:
        """The child record's Plan tab, where the outcome plan is written and the previous one reviewed."""
        self.child_record.tabs.show_page_of(child_id, self.child_record.tabs.plan)
        self.open_child(child_id)

    def back(self) -> None:
        current = self.pages.currentWidget()
        if self.workspace is not None and current is self.workspace:
            self.leave_workspace()
            self.pages.setCurrentWidget(self.child_record)
            self.child_record.refresh()
            self.update_navigation()
        elif self.child_record is not None and current is self.child_record:
            self.show_caseload()

    def update_navigation(self) -> None:
        current = self.pages.currentWidget()
        on_workspace = self.workspace is not None and current is self.workspace
        on_record = self.child_record is not None and current is self.child_record
        on_caseload = self.caseload is not None and current is self.caseload
        trail = [self.supervision.title_of(current)] if self.supervision.is_showing(current) else []
        if on_caseload or on_record or on_workspace:
            trail.append("Caseload")
        if on_record or on_workspace:
            record = self.child_record.record
            trail.append(record.child.full_name if record else "Loading…")
        if on_workspace:
            trail.append("Assessment")
        signed_in = self.session is not None and not self.lock.is_locked
        self.navigation.show_trail(trail, can_go_back=on_record or on_workspace, signed_in=signed_in)
        self.account_actions.set_enabled(signed_in)
        self.records_actions.show_for(self.session.user if self.session else None, enabled=signed_in)
        self.supervision.set_enabled(signed_in)

    def _caseload_shown(self, _count: int) -> None:
        if self.pages.currentWidget() is self.caseload:
            self.caseload_ready.emit()

    def _mark_caseload_stale(self, *_args) -> None:
        self._stale_caseload = True

    def _open_record(self) -> ChildRecord | None:
        """The child whose record (or assessment) is on screen, if any."""
        current = self.pages.currentWidget()
        on_child = self.child_record is not None and current in (self.child_record, self.workspace)
        return self.child_record.record if on_child else None

    def records_synced(self, removed=()) -> None:
        """A sync changed records here: the caseload is read again, and a child's record it took off this laptop
        (returned to the team server) gives way to the caseload."""
        self._stale_caseload = True
        shown = self._open_record()
        if self.pages.currentWidget() is self.caseload or (shown is not None and shown.child.id in set(removed)):
            self.show_caseload()

    def _record_deleted(self) -> None:
        """A record was deleted: nothing on screen may still show it."""
        self._stale_caseload = True
        if self.caseload is not None and self.pages.currentWidget() in (self.caseload, self.child_record,
                                                                        self.workspace):
            self.show_caseload()

    # The assessment workspace (built by its own module, created when first needed) --------------------------
    def _workspace(self):
        if self.workspace is None and self.session is not None and workspace_available():
            from .views.assessment.workspace import AssessmentWorkspace

            self.workspace = AssessmentWorkspace(self.session.assessments, self._runner, self,
                                                 review=self.session.review, user=self.session.user)
            self.workspace.back_requested.connect(self.back)
            self.workspace.assessment_changed.connect(self._mark_caseload_stale)
            self.workspace.plan_requested.connect(self.open_plan)
            self.supervision.connect_workspace(self.workspace)
            self.pages.addWidget(self.workspace)
        return self.workspace

    def leave_workspace(self) -> None:
        """Store any text still waiting to be saved before the workspace leaves the screen (or is locked away)."""
        if self.workspace is not None and self.pages.currentWidget() is self.workspace:
            self.workspace.flush()

    def drop_workspace(self) -> None:
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
        self.lock.end()
        self.integrity_watch.stop()
        self._runner.wait(10_000)
        self.supervision.preview.close()  # the report worker ends with the window
        self.start_up.stop()
        self.integrity_watch.closing(self.backend)
        if self.backend is not None:
            self.backend.close()
            self.backend = None
        self.session = None
        super().closeEvent(event)


def _import_views() -> None:
    """Runs on the worker: the modules of the views built at sign-in."""
    from .views import caseload_view, child_record_view  # noqa: F401
    from .views.review import queue_view  # noqa: F401
