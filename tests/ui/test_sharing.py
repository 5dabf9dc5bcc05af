"""Sharing a child's record with another team from the child record: a supervisor chooses the team and says why;
the record then says who it is shared with, the other team can open it, and stopping the share takes it away again.
A practitioner sees the line but is not offered the button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gcp_desk.domain.errors import PermissionDenied
from gcp_desk.ui.session import Session
from gcp_desk.ui.views.child_record_view import ChildRecordView

from accessibility import unnamed_controls
from shell_support import demo_user, fixed_today


def record_view(qtbot, backend, runner, name: str) -> ChildRecordView:
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.set_session(Session(backend, demo_user(backend, name), fixed_today))
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def northgate_child(demo_backend):
    dee = demo_user(demo_backend, "Dee Okafor")
    return demo_backend.children(dee).caseload()[0]


def riverside_sees(backend, child_id) -> bool:
    try:
        backend.children(demo_user(backend, "Jo Macintyre")).record(child_id)
    except PermissionDenied:
        return False
    return True


def test_a_supervisor_shares_a_record_with_a_reason_and_stops_sharing_it(qtbot, demo_backend, runner,
                                                                        northgate_child, screenshot):
    view = record_view(qtbot, demo_backend, runner, "Dee Okafor")
    view.open_child(northgate_child.child_id)
    bar = view.sharing
    assert bar.isVisible() and bar.button.isVisible() and bar.words.text() == ""
    assert not riverside_sees(demo_backend, northgate_child.child_id)

    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    dialog = bar.dialog
    qtbot.waitExposed(dialog)
    assert [dialog.team.itemText(i) for i in range(dialog.team.count())] == ["Riverside team"]  # not its own
    assert unnamed_controls(dialog) == []
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)  # no reason given
    assert "say why the other team needs to see" in dialog.problem.text()
    assert not riverside_sees(demo_backend, northgate_child.child_id)

    dialog.reason.setPlainText("The family is staying with relatives in Riverside's area for the summer.")
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert dialog.shares.item(0).text().startswith("Riverside team, since ")
    assert dialog.shares.item(0).text().endswith("staying with relatives in Riverside's area for the summer.")
    assert dialog.team.count() == 0 and not dialog.share_button.isEnabled()  # nothing left to share with
    assert bar.words.text() == "Shared with Riverside team: they can see and work on this record."
    assert riverside_sees(demo_backend, northgate_child.child_id)
    screenshot(dialog, "share-dialog")
    screenshot(view, "child-record-shared")

    dialog.shares.setCurrentRow(0)
    dialog.stop_reason.setPlainText("The family is back home.")
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert dialog.shares.item(0).text() == "Not shared with any other team."
    assert not dialog.stop_button.isEnabled()
    assert bar.words.text() == ""
    assert not riverside_sees(demo_backend, northgate_child.child_id)
    with demo_backend.db.transaction() as uow:
        actions = [event.action for event in uow.audit.for_entity(northgate_child.child_id)]
    assert "child.share" in actions and "child.share-revoke" in actions


def test_a_practitioner_sees_who_the_record_is_shared_with_but_is_not_offered_sharing(
        qtbot, demo_backend, runner, northgate_child):
    dee = demo_user(demo_backend, "Dee Okafor")
    riverside = next(team for team in demo_backend.users(dee).teams() if team.name == "Riverside team")
    demo_backend.sharing(dee).share(northgate_child.child_id, riverside.id, "Known to Riverside through a sibling.")

    view = record_view(qtbot, demo_backend, runner, "Sam Whitfield")
    view.open_child(northgate_child.child_id)
    assert view.sharing.isVisible() and not view.sharing.button.isVisible()
    assert view.sharing.words.text() == "Shared with Riverside team: they can see and work on this record."

    view.sharing.open_dialog()  # even asked directly, no dialog for a practitioner
    assert view.sharing.dialog is None


def test_a_practitioner_sees_no_sharing_line_when_the_record_is_not_shared(qtbot, demo_backend, runner,
                                                                         northgate_child):
    view = record_view(qtbot, demo_backend, runner, "Sam Whitfield")
    view.open_child(northgate_child.child_id)
    assert not view.sharing.isVisible()
