"""A submitted assessment altered outside GCP Desk (the stock sqlite3 shell, triggers dropped and put back) is shown
as changed after signing: a red banner in the assessment, and marked in the supervisor's queue."""

from __future__ import annotations


import pytest
from insider import insider_connection
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gcp_desk.domain.palette import GRADE_COLOURS
from gcp_desk.ui.models.review_queue_model import Column
from gcp_desk.ui.session import Session

from workspace_fixtures import *  # noqa: F403
from workspace_fixtures import TODAY, open_in, save_screenshot


def alter_outside_the_app(backend, assessment_id) -> None:
    connection = insider_connection(backend.paths.database)
    with connection:
        connection.execute("UPDATE item_grades SET grade = 1 WHERE assessment_id = ? AND grade = 2",
                           (assessment_id.hex,))
    connection.close()


@pytest.fixture
def altered(ws_backend, submitted_assessment):
    alter_outside_the_app(ws_backend, submitted_assessment.id)
    return submitted_assessment


def test_the_assessment_shows_a_red_banner_saying_it_was_changed_after_signing(
        qtbot, make_workspace, ws_supervisor, ws_services, ws_children, altered):
    workspace = open_in(make_workspace(ws_supervisor), ws_services, ws_children, altered.id)
    workspace.resize(1280, 800)
    banner = workspace.header.banner
    qtbot.waitUntil(lambda: banner.text().startswith("Changed after signing"), timeout=5000)
    assert "Sam Whitfield signed" in banner.text() and banner.isVisible()
    assert GRADE_COLOURS[5][0].lower() in banner.styleSheet().lower() or "color" in banner.styleSheet()
    save_screenshot(workspace, "changed-after-signing")


def test_an_unaltered_assessment_has_no_such_banner(qtbot, make_workspace, ws_supervisor, ws_services, ws_children,
                                                    submitted_assessment):
    workspace = open_in(make_workspace(ws_supervisor), ws_services, ws_children, submitted_assessment.id)
    qtbot.wait(200)
    assert "Changed after signing" not in workspace.header.banner.text()


def test_the_queue_marks_it_in_red(qtbot, ws_backend, ws_runner, ws_supervisor, altered):
    from gcp_desk.ui.views.review.queue_view import ReviewQueueView

    view = ReviewQueueView(ws_runner)
    qtbot.addWidget(view)
    view.resize(1280, 500)
    view.set_session(Session(ws_backend, ws_supervisor, lambda: TODAY))
    view.show()
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert view.model.index(0, Column.ROUND).data() == "Changed after signing; 1st look"
    child = view.model.index(0, Column.CHILD)
    assert QColor(child.data(Qt.ItemDataRole.ForegroundRole)) == QColor(GRADE_COLOURS[5][0])
    view.table.clearSelection()
    save_screenshot(view, "queue-changed-after-signing")
