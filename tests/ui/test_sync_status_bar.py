"""The window's sync status: offline when the server does not answer, the last sync and the changes waiting, and a
conflict settled side by side, field by field, through the sync service."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pydantic_core import to_jsonable_python

SCREENSHOTS = Path(__file__).parents[2] / "build" / "screenshots"


def a_synced_laptop_with_a_conflict(session):
    """A laptop that synced with a team server (now out of reach) and found a child changed in both places."""
    from gcp_desk.storage import orm
    from gcp_desk.sync import local
    from gcp_desk.sync.plan_model import Conflict
    from gcp_desk.sync.records import read_files

    child = session.children.create_child(given_name="Invented", family_name="Laptopname",
                                          date_of_birth=date(2019, 3, 1))
    db = session.backend.db
    with db.transaction() as uow:
        connection = uow.session.connection()
        local.set_state(connection, server="postgresql+psycopg://127.0.0.1:1/gcp_desk?sslmode=verify-full",
                        last_sync_at=datetime(2026, 12, 4, 16, 30, tzinfo=UTC))
        mine = read_files(connection, [child.id]).rows["child"][(child.id,)]
        theirs = {**mine, "family_name": "Officename", "ethnicity": "Not stated", "version": mine["version"] + 1}
        local.keep_conflicts(connection, [Conflict("child", child.id, child.id, mine["version"] - 1,
                                                   theirs["version"], mine, theirs)], [])
        connection.execute(orm.sync_base.insert(), [{"kind": "child", "record_id": child.id, "version": 0}])
    return child


def test_the_status_shows_offline_last_sync_changes_waiting_and_conflicts(qtbot, runner, session):
    from gcp_desk.ui.sync.status_bar import SyncStatusBar

    a_synced_laptop_with_a_conflict(session)
    bar = SyncStatusBar(runner, lambda: session)
    qtbot.addWidget(bar)
    bar.refresh()
    assert bar.isVisible() or not bar.isHidden()
    assert bar.state.text() == "○ Offline"
    assert bar.last.text() == "Last sync 4 December 2026 16:30 UTC"
    assert bar.waiting.text() == "1 change waiting"
    assert bar.conflicts_button.text() == "1 conflict to settle…" and not bar.conflicts_button.isHidden()
    assert not bar.sync_button.isEnabled()  # offline: nothing to sync with
    bar.resize(720, 36)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bar.grab().save(str(SCREENSHOTS / "sync-status-offline.png"))


def test_the_status_is_hidden_on_a_laptop_that_never_synced(qtbot, runner, session):
    from gcp_desk.ui.sync.status_bar import SyncStatusBar

    bar = SyncStatusBar(runner, lambda: session)
    qtbot.addWidget(bar)
    bar.refresh()
    assert bar.isHidden()


def test_conflict_settled_side_by_side_field_by_field(qtbot, runner, session):
    from gcp_desk.ui.sync.conflict_dialog import ConflictDialog
    from gcp_desk.ui.sync.status_bar import SyncStatusBar

    child = a_synced_laptop_with_a_conflict(session)
    shown = []

    def choose(dialog: ConflictDialog) -> bool:
        shown.append({name: (mine.text(), theirs.text()) for name, (mine, theirs) in dialog.choices.items()})
        dialog.resize(640, 220)
        dialog.grab().save(str(SCREENSHOTS / "sync-conflict.png"))
        dialog.choices["family_name"][1].setChecked(True)  # theirs
        return True  # ethnicity stays mine

    bar = SyncStatusBar(runner, lambda: session, open_dialog=choose)
    qtbot.addWidget(bar)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    bar.settle_conflicts()
    assert shown == [{"family_name": ("Laptopname", "Officename"), "ethnicity": ("(not recorded)", "Not stated")}]
    settled = session.children.get(child.id)
    assert (settled.family_name, settled.ethnicity) == ("Officename", "")
    bar.refresh()
    assert bar.conflicts_button.isHidden()
    assert to_jsonable_python(settled.id) == str(child.id)


def test_a_copy_holding_children_offline_for_too_long_does_not_open_in_the_window(session):
    import pytest
    from shell_support import password_of


    from gcp_desk.sync import local
    from gcp_desk.sync.limit import OfflineTooLong
    from gcp_desk.ui.start_state import sign_in

    from datetime import timedelta

    from gcp_desk.domain.clock import utc_now

    child = a_synced_laptop_with_a_conflict(session)
    backend = session.backend
    with backend.db.transaction() as uow:  # held offline, last synced twenty days ago
        local.set_children(uow.session.connection(), [child.id], held=True)
        local.set_state(uow.session.connection(), last_sync_at=utc_now() - timedelta(days=20))
    with pytest.raises(OfflineTooLong, match="was last synced on .*, more than 14 days ago") as refused:
        sign_in(backend, session.user.id, password_of(session.user))
    assert "gcp-desk sync now" in str(refused.value)


def test_the_window_shows_the_status_at_its_foot_only_on_a_laptop_that_syncs(qtbot, runner, session):
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLabel, QMainWindow

    from gcp_desk.ui.sync.status_bar import SyncStatusBar

    class Window(QMainWindow):
        caseload_ready = Signal()

    window = Window()
    window.setCentralWidget(QLabel("The caseload"))
    qtbot.addWidget(window)
    current = {"session": None}
    bar = SyncStatusBar.attach(window, runner, lambda: current["session"])
    window.resize(900, 300)
    window.show()
    window.caseload_ready.emit()
    assert window.statusBar().isHidden()  # nobody signed in, or never synced: no strip at the foot
    current["session"] = session
    a_synced_laptop_with_a_conflict(session)
    window.caseload_ready.emit()
    assert not window.statusBar().isHidden() and bar.state.text() == "○ Offline"
    window.grab().save(str(SCREENSHOTS / "sync-status-window.png"))


def test_a_refused_sync_is_said_with_its_reason_until_a_sync_ends(qtbot, runner, session):
    from uuid import uuid4

    from gcp_desk.sync import local
    from gcp_desk.ui.sync.status_bar import SyncStatusBar

    a_synced_laptop_with_a_conflict(session)
    why = ("This laptop was withdrawn from the team server on 5 December 2026, so it can no longer take children "
           "offline or sync.")
    sync_id = uuid4()
    with session.backend.db.transaction() as uow:  # the journal as a refused sync leaves it
        for step, state, detail in (("connect", "started", "the server"), ("stopped", "refused", why)):
            local.journal(uow.session.connection(), sync_id, step, state, detail)
    bar = SyncStatusBar(runner, lambda: session)
    qtbot.addWidget(bar)
    bar.refresh()
    assert bar.stopped.text() == "⚠ Last sync refused" and not bar.stopped.isHidden()
    assert bar.stopped.toolTip() == why
    bar.resize(820, 36)
    bar.grab().save(str(SCREENSHOTS / "sync-status-refused.png"))
    with session.backend.db.transaction() as uow:  # the next sync ends
        next_sync = uuid4()
        for step in ("connect", "done"):
            local.journal(uow.session.connection(), next_sync, step, "ended")
    bar.refresh()
    assert bar.stopped.isHidden()
