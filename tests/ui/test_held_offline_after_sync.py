"""The line saying who else holds a child offline is drawn again as soon as a sync ends (the sync brings the
server's holds here), on the child's record on screen and in the caseload names' tooltips, without the record being
opened again; a sync that fails after reading the holds redraws them too."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt

from gcp_desk.server.holds import Hold
from gcp_desk.sync.engine import SyncOutcome
from gcp_desk.sync.release import Removal
from shell_support import demo_user

SINCE = datetime(2026, 12, 4, 8, 45, tzinfo=UTC)


class ServerSays:
    """Stands in for the team server at the end of a sync: the holds it gives are put where a sync puts them
    (``Backend.server_holds``, as ``server.online_sign_in.at_sync`` does), then the sync ends well or not."""

    def __init__(self, backend, holds: dict, *, fails: bool = False, removed=()):
        self._backend, self._holds, self._fails, self._removed = backend, holds, fails, list(removed)

    def sync_now(self, _password, progress=None):
        self._backend.server_holds = self._holds
        if self._fails:
            raise ConnectionError("The connection to the team server was lost during the sync.")
        return SyncOutcome(sent=1, received=2, returned=len(self._removed), removal=Removal(self._removed))


@pytest.fixture
def window(make_window, demo_paths, demo_backend):
    return make_window(demo_paths, demo_user(demo_backend, "Sam Whitfield"))


def sync_with(window, service) -> None:
    bar = window.sync_status
    bar._service = lambda: service
    bar._ask_password = lambda: "the person's password"
    bar.sync_now()


def name_tip(window, child_id) -> str:
    model = window.caseload.model
    row = next(row for row in range(model.rowCount()) if _child_of(model, row) == child_id)
    return model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) or ""


def _child_of(model, row):
    from gcp_desk.ui.models.caseload_model import CHILD_ID_ROLE

    return model.data(model.index(row, 0), CHILD_ID_ROLE)


def test_the_held_by_line_is_redrawn_when_a_sync_ends(window, qtbot, screenshot):
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 0)
    child_id = _child_of(window.caseload.model, 0)
    window.open_child(child_id)
    record = window.child_record
    qtbot.waitUntil(lambda: record.record is not None and record.record.child.id == child_id)
    assert record.held_offline.isHidden()
    assert "held offline" not in name_tip(window, child_id)
    changed = []
    window.caseload.model.dataChanged.connect(lambda *args: changed.append(args))

    held = Hold(child_id, uuid4(), "Nia North", "NIA-LAPTOP-07", SINCE)
    sync_with(window, ServerSays(window.backend, {child_id: held}))
    assert not record.held_offline.isHidden()
    assert record.held_offline.text() == "Held offline by Nia North since 4 December 2026"
    assert "NIA-LAPTOP-07" in record.held_offline.toolTip()
    assert name_tip(window, child_id).endswith("; held offline by Nia North since 4 Dec 2026")
    assert changed, "the caseload's views were told the names' tooltips changed"
    window.resize(1200, 720)
    screenshot(window, "held-offline-after-sync")

    # Nia synced her laptop, then this sync lost its connection after reading the holds: the line goes at once.
    sync_with(window, ServerSays(window.backend, {}, fails=True))
    assert record.held_offline.isHidden()
    assert "held offline" not in name_tip(window, child_id)
    assert window.sync_status.state.text() == "○ Not synced"


def test_a_child_on_screen_that_a_sync_took_off_this_laptop_gives_way_to_the_caseload(window, qtbot):
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 1)
    shown, other = (_child_of(window.caseload.model, row) for row in (0, 1))
    window.open_child(other)
    qtbot.waitUntil(lambda: window.child_record.record is not None)
    sync_with(window, ServerSays(window.backend, {}, removed=[shown]))  # another child left: this one stays
    assert window.pages.currentWidget() is window.child_record
    sync_with(window, ServerSays(window.backend, {}, removed=[other]))
    assert window.pages.currentWidget() is window.caseload
    assert "Taken off this laptop: 1 child given back to the team server" in window.sync_status.toolTip()
