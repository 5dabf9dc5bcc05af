"""Fixtures for the assessment workspace tests: a real migrated database per test, real services, a synchronous
runner, and a workspace shown at the size of a small laptop screen.

Test modules use them with ``from workspace_fixtures import *``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from gcp_desk.app import Backend, open_backend
from gcp_desk.domain.assessment import Assessment
from gcp_desk.domain.enums import Relationship, Role, Sex
from gcp_desk.domain.people import Child, User
from gcp_desk.paths import AppPaths
from gcp_desk.security.passwords import hash_password
from gcp_desk.services.assessments import AssessmentService
from gcp_desk.services.children import ChildService
from gcp_desk.services.review import ReviewService
from gcp_desk.ui.tasks import TaskRunner
from gcp_desk.ui.views.assessment import AssessmentWorkspace

TODAY = date.today()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"

PASSWORD = "kestrel-morning-41"
"""Every test account's password; its argon2 hash is made once per session, since hashing is slow on purpose."""

__all__ = [
    "TODAY", "SCREENSHOTS", "PASSWORD", "ws_template_dir", "ws_backend", "ws_user", "ws_services", "ws_children",
    "ws_child", "ws_runner", "workspace", "fresh", "ready", "press", "type_text", "focused", "save_screenshot",
    "distinct_colours", "years_ago", "wait_for_dialog", "fill_all_but", "password_hash", "add_account",
    "ws_supervisor", "ws_review", "make_workspace", "submitted_assessment", "sign_with", "open_in",
]


def years_ago(years: int, days: int = 0) -> date:
    return date(TODAY.year - years, TODAY.month, min(TODAY.day, 28)) - timedelta(days=days)


@pytest.fixture(scope="session")
def ws_template_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workspace-template")
    open_backend(AppPaths.at(folder)).close()
    return folder


@pytest.fixture
def ws_backend(ws_template_dir: Path, tmp_path: Path) -> Backend:
    folder = tmp_path / "data"
    shutil.copytree(ws_template_dir, folder)
    backend = open_backend(AppPaths.at(folder))
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


def add_account(backend: Backend, name: str, role: Role, password_hash: str) -> User:
    """An account whose password is ``PASSWORD``, stored straight away (accounts are not what these tests test)."""
    user = User(name=name, role=role)
    with backend.db.transaction() as uow:
        uow.users.add(user, password_hash=password_hash)
    return user


@pytest.fixture
def ws_user(ws_backend: Backend, password_hash: str) -> User:
    return add_account(ws_backend, "Sam Whitfield", Role.PRACTITIONER, password_hash)


@pytest.fixture
def ws_supervisor(ws_backend: Backend, password_hash: str) -> User:
    """Neither she nor the practitioner is in a team, so she may review his work."""
    return add_account(ws_backend, "Grace Mensah", Role.SUPERVISOR, password_hash)


@pytest.fixture
def ws_review(ws_backend: Backend) -> Callable[[User], ReviewService]:
    """The review service as ``user`` sees it."""
    return lambda user: ReviewService(replace(ws_backend.context(user), today=lambda: TODAY))


@pytest.fixture
def ws_services(ws_backend: Backend, ws_user: User) -> AssessmentService:
    return AssessmentService(replace(ws_backend.context(ws_user), today=lambda: TODAY))


@pytest.fixture
def ws_children(ws_backend: Backend, ws_user: User) -> ChildService:
    return ChildService(replace(ws_backend.context(ws_user), today=lambda: TODAY))


@pytest.fixture
def ws_child(ws_children: ChildService) -> Child:
    """A seven-year-old living with his mother; no father or male carer is recorded."""
    child = ws_children.create_child(given_name="Robin", family_name="Ashworth", date_of_birth=years_ago(7),
                                     sex=Sex.MALE)
    ws_children.add_adult(child.id, given_name="Alex", family_name="Ashworth", relationship=Relationship.MOTHER,
                          sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    return child


@pytest.fixture
def ws_runner() -> TaskRunner:
    return TaskRunner(synchronous=True)


@pytest.fixture
def make_workspace(qtbot, ws_backend: Backend, ws_runner: TaskRunner,
                   ws_review) -> Callable[[User], AssessmentWorkspace]:
    """A workspace shown at 1280 x 800, as ``user`` signed in sees it, supervision included."""

    def make(user: User) -> AssessmentWorkspace:
        services = AssessmentService(replace(ws_backend.context(user), today=lambda: TODAY))
        widget = AssessmentWorkspace(services, ws_runner, review=ws_review(user), user=user)
        qtbot.addWidget(widget)
        widget.resize(1280, 800)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow, timeout=2000)
        return widget

    return make


@pytest.fixture
def workspace(make_workspace, ws_user: User) -> AssessmentWorkspace:
    return make_workspace(ws_user)


@pytest.fixture
def submitted_assessment(ws_services: AssessmentService, ws_child: Child) -> Assessment:
    """A complete assessment of Robin, submitted by Sam Whitfield with his password."""
    assessment = ws_services.start(ws_child.id)
    ws_services.add_visit(assessment.id, on=TODAY - timedelta(days=3), visitors=["Sam Whitfield"])
    fill_all_but(ws_services, assessment.id)
    return ws_services.submit(assessment.id, PASSWORD)


@pytest.fixture
def fresh(workspace, ws_services, ws_children, ws_child) -> tuple[AssessmentWorkspace, Assessment]:
    """A just-started assessment, no visit yet, open in the workspace."""
    assessment = ws_services.start(ws_child.id)
    workspace.open(assessment, ws_children.record(ws_child.id))
    return workspace, assessment


@pytest.fixture
def ready(workspace, ws_services, ws_children, ws_child) -> AssessmentWorkspace:
    """An assessment with one visit three days ago, open on its first item, ready to grade."""
    assessment = ws_services.start(ws_child.id)
    assessment = ws_services.add_visit(assessment.id, on=TODAY - timedelta(days=3), visitors=["Sam Whitfield"])
    workspace.open(assessment, ws_children.record(ws_child.id))
    return workspace


# Acting as a person does: keys go wherever the keyboard focus is ----------------------------------------------
def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


# Pictures -----------------------------------------------------------------------------------------------------
def distinct_colours(image: QImage, step: int = 7) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


def save_screenshot(widget: QWidget, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    for _ in range(3):  # let the layouts settle, as they would on screen
        QApplication.processEvents()
    image = widget.grab().toImage()
    assert image.save(str(path)), f"could not write {path}"
    assert distinct_colours(image) > 20, f"{name} looks blank"
    return path


def wait_for_dialog(qtbot, kind):
    """The modal dialog of type ``kind`` once it is open and has the keyboard."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=2000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=2000)
    return dialog


def fill_all_but(services: AssessmentService, assessment_id, *leave_out: str) -> Assessment:
    """Fill everything a submit needs through the services, except the parts named in ``leave_out``
    ("grades", "domain-grades", "how-seen", "adults", "child_voice", "carers_views", "analysis")."""
    from gcp_desk.domain.assessment import HowSeen
    from gcp_desk.domain.enums import Involvement

    assessment = services.get(assessment_id)
    instrument = services.instrument_for(assessment)
    if "grades" not in leave_out:
        for item_id in instrument.applicable_item_ids(assessment.age_band):
            services.grade_item(assessment_id, item_id, 2)
    if "domain-grades" not in leave_out:
        for domain in instrument.domains:
            services.choose_domain_grade(assessment_id, domain.id, 2)
    if "how-seen" not in leave_out:
        services.set_how_seen(assessment_id, HowSeen(child_seen=True, child_seen_alone=True, rooms_seen=["Kitchen"]))
    if "adults" not in leave_out:
        for adult in assessment.adults:
            services.set_adult_involvement(assessment_id, adult.adult_id, Involvement.SEEN_AND_SPOKEN_WITH)
    for section in ("child_voice", "carers_views", "analysis"):
        if section not in leave_out:
            services.set_text(assessment_id, section, f"Written {section}")
    return services.get(assessment_id)


def sign_with(qtbot, password: str):
    """Type ``password`` into the password dialog that has just opened, and press Enter. Returns the dialog."""
    from gcp_desk.ui.dialogs.password_dialog import PasswordDialog

    dialog = wait_for_dialog(qtbot, PasswordDialog)
    type_text(qtbot, password)
    press(qtbot, Qt.Key.Key_Return)
    return dialog


def open_in(workspace: AssessmentWorkspace, services: AssessmentService, children: ChildService,
            assessment_id) -> AssessmentWorkspace:
    """Open the assessment as stored now, as the child record would."""
    assessment = services.get(assessment_id)
    workspace.open(assessment, children.record(assessment.child_id))
    return workspace
