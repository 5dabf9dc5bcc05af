"""A child's record says when someone else has the child offline on their laptop (as the team server said at the
last online sign-in or sync), and says nothing when nobody else does."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from gcp_desk.domain.enums import Sex
from gcp_desk.server.holds import Hold
from gcp_desk.ui.views.child_record_view import ChildRecordView


def test_a_child_held_offline_by_someone_else_says_by_whom_and_since_when(qtbot, runner, session, screenshot):
    child = session.children.create_child(given_name="Robin", family_name="Testcase", date_of_birth=date(2019, 5, 3),
                                          sex=Sex.MALE)
    other = session.children.create_child(given_name="Kit", family_name="Testcase", date_of_birth=date(2020, 1, 9),
                                          sex=Sex.FEMALE)
    since = datetime(2026, 12, 3, 9, 14, tzinfo=UTC)
    session.backend.server_holds = {
        child.id: Hold(child.id, uuid4(), "Nia North", "NIA-LAPTOP-07", since),
        other.id: Hold(other.id, session.user.id, session.user.name, "THIS-LAPTOP", since),
    }
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1100, 560)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)

    view.open_child(child.id)
    qtbot.waitUntil(lambda: view.heading.text() == "Robin Testcase")
    assert view.held_offline.isVisible()
    assert view.held_offline.text() == "Held offline by Nia North since 3 December 2026"
    assert "NIA-LAPTOP-07" in view.held_offline.toolTip() and "09:14 UTC" in view.held_offline.toolTip()
    assert view.held_offline.accessibleName() == view.held_offline.text()
    screenshot(view, "child-record-held-offline")

    view.open_child(other.id)  # held by the person signed in here: nothing to warn about
    qtbot.waitUntil(lambda: view.heading.text() == "Kit Testcase")
    assert not view.held_offline.isVisible()

    session.backend.server_holds = {}
    view.open_child(child.id)
    qtbot.waitUntil(lambda: view.heading.text() == "Robin Testcase")
    assert not view.held_offline.isVisible()


def test_the_caseload_names_who_holds_a_child_offline_in_the_names_tooltip(session):
    from PySide6.QtCore import Qt

    from gcp_desk.domain.caseload_window import CaseloadRequest
    from gcp_desk.ui.models.caseload_model import CaseloadModel, Column, ServiceSource

    child = session.children.create_child(given_name="Robin", family_name="Testcase", date_of_birth=date(2019, 5, 3),
                                          sex=Sex.MALE)
    session.backend.server_holds = {
        child.id: Hold(child.id, uuid4(), "Nia North", "NIA-LAPTOP-07", datetime(2026, 12, 3, 9, 14, tzinfo=UTC))}
    model = CaseloadModel(today=session.today)
    model.held_offline = session.held_offline
    request = CaseloadRequest(user_id=session.user.id)
    model.set_source(ServiceSource(session.children),
                     first=(session.children.caseload_page(request), session.children.caseload_counts(request)))
    tip = model.data(model.index(0, Column.NAME), Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("; held offline by Nia North since 3 Dec 2026"), tip
    session.backend.server_holds = {}
    assert "held offline" not in model.data(model.index(0, Column.NAME), Qt.ItemDataRole.ToolTipRole)
