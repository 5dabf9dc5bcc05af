"""UI tests run offscreen on real, migrated SQLite files: templates built once per session, copied per test.

Fixtures for every UI test module: ``runner`` (a synchronous TaskRunner), ``backend`` (empty database),
``demo_backend`` (an invented caseload of 30 children on ``TODAY``; its accounts' passwords are the demo's),
``practitioner`` (password ``TEST_PASSWORD``), ``session``, ``make_window`` (a started MainWindow on a data folder,
signed in on its sign-in screen when given a user), ``screenshot`` and ``reading_order``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from gcp_desk.app import Backend, open_backend  # noqa: E402
from gcp_desk.domain.enums import Role  # noqa: E402
from gcp_desk.domain.people import User  # noqa: E402
from gcp_desk.paths import AppPaths  # noqa: E402
from gcp_desk.ui import pyside_workarounds  # noqa: E402

# As the app does at start (gcp_desk.ui.launch).
pyside_workarounds.apply()

from shell_support import (  # noqa: E402,F401
    DEMO_CHILDREN,
    DEMO_SEED,
    TEST_PASSWORD,
    TODAY,
    demo_user,
    fixed_today,
    make_user,
    sign_in_as,
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"


@pytest.fixture(autouse=True)
def _no_modal_dialog_left_open():
    """A dialog one test leaves open would stand in front of every later test's windows: close what is left."""
    yield
    app = QApplication.instance()
    for _ in range(10):
        left = app.activeModalWidget() if app is not None else None
        if left is None:
            break
        left.close()
        app.processEvents()


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("empty-template")
    open_backend(AppPaths.at(folder)).close()
    return folder


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from gcp_desk.demo.caseload import DemoCaseload

    from gcp_desk.app import give_demo_passwords

    folder = tmp_path_factory.mktemp("demo-template")
    backend = open_backend(AppPaths.at(folder))
    demo = DemoCaseload(backend.db, seed=DEMO_SEED, today=TODAY)
    demo.write(DEMO_CHILDREN)
    give_demo_passwords(backend, demo.users)
    backend.close()
    return folder


def _copy(template: Path, tmp_path: Path, name: str) -> AppPaths:
    folder = tmp_path / name
    shutil.copytree(template, folder)
    return AppPaths.at(folder)


@pytest.fixture
def empty_paths(empty_template: Path, tmp_path: Path) -> AppPaths:
    return _copy(empty_template, tmp_path, "empty")


@pytest.fixture
def demo_paths(demo_template: Path, tmp_path: Path) -> AppPaths:
    return _copy(demo_template, tmp_path, "demo")


@pytest.fixture
def backend(empty_paths: AppPaths) -> Backend:
    opened = open_backend(empty_paths)
    yield opened
    opened.close()


@pytest.fixture
def demo_backend(demo_paths: AppPaths) -> Backend:
    """The demo folder opened beside the window's own, unlocked with the first demo account's password."""
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS

    opened = open_backend(demo_paths)
    first = next(account for account in opened.accounts() if account.name == DEMO_ACCOUNTS[0].name)
    opened.unlock(first.id, DEMO_ACCOUNTS[0].password)
    yield opened
    opened.close()


@pytest.fixture
def runner(qapp):
    from gcp_desk.ui.tasks import TaskRunner

    return TaskRunner(synchronous=True)


@pytest.fixture
def practitioner(backend: Backend) -> User:
    return make_user(backend, "Test Practitioner", Role.PRACTITIONER)


@pytest.fixture
def session(backend: Backend, practitioner: User):
    from gcp_desk.ui.session import Session

    return Session(backend, practitioner, fixed_today)


@pytest.fixture
def make_window(qtbot, runner) -> Callable:
    """A MainWindow on ``paths``, shown and started. Given ``user``, that account is the last one to have used
    the laptop, and signs in on the sign-in screen with its password (``password_of`` it by default)."""
    from gcp_desk.ui.main_window import MainWindow

    def make(paths: AppPaths, user: User | None = None, open_demo=None, password: str | None = None, **options):
        if user is not None:
            from gcp_desk.settings import Settings

            settings = Settings.load(paths.settings_file)
            settings.last_user_id = str(user.id)
            settings.save(paths.settings_file)
        window = MainWindow(runner, open_backend=lambda: open_backend(paths), open_demo=open_demo,
                            today=options.pop("today", fixed_today), **options)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.start()
        if user is not None:
            sign_in_as(qtbot, window, user, password)
            assert window.session is not None, window.sign_in_page.form.problem_text("current")
        return window

    return make


@pytest.fixture
def screenshot() -> Callable[[QWidget, str], QImage]:
    """Save a PNG of ``widget`` to test-artefacts/screenshots and fail if it is blank."""

    def take(widget: QWidget, name: str) -> QImage:
        QApplication.processEvents()
        image = widget.grab().toImage()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert image.save(str(SCREENSHOTS / f"{name}.png"))
        assert distinct_colours(image) > 12, f"screenshot {name} looks blank"
        return image

    return take


def distinct_colours(image: QImage, step: int = 4) -> int:
    colours = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return len(colours)


@pytest.fixture
def reading_order() -> Callable[[QWidget, list[QWidget]], list[str]]:
    """Check that Tab visits ``widgets`` in the order given, which the test lists in reading order, and that
    each one is below (or level with) the one before it unless it starts a new column to its right.

    Returns the problems found (empty when Tab goes through them in that order, skipping nothing of them)."""

    def check(root: QWidget, widgets: list[QWidget]) -> list[str]:
        wanted = [w for w in widgets if w.isVisibleTo(root) and w.isEnabled()]
        chain: list[QWidget] = []
        start = wanted[0]
        current = start
        for _ in range(500):
            if current in wanted and current not in chain:
                chain.append(current)
            current = current.nextInFocusChain()
            if current is start:
                break
        problems = []
        if chain != wanted:
            names = lambda ws: [w.accessibleName() or w.objectName() or type(w).__name__ for w in ws]  # noqa: E731
            problems.append(f"Tab order {names(chain)} differs from reading order {names(wanted)}")
        for before, after in zip(chain, chain[1:]):
            a = before.mapTo(root, QPoint(0, 0))
            b = after.mapTo(root, QPoint(0, 0))
            new_column = b.x() >= a.x() + before.width()
            if b.y() + after.height() <= a.y() and not new_column:  # wholly above, in the same column
                problems.append(f"{after.accessibleName()!r} is above {before.accessibleName()!r} but comes after it")
        return problems

    return check
