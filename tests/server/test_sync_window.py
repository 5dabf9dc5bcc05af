"""The window's sync status against a real team server: online, "Sync now" run off the UI thread with its
progress, and the status after it."""

from __future__ import annotations

from pathlib import Path

from laptops import laptop, new_child, server_text, sync_service
from server_support import PASSWORD

SCREENSHOTS = Path(__file__).parents[2] / "build" / "screenshots"


def test_sync_now_from_the_window_runs_off_the_ui_thread_and_shows_the_result(north, qtbot):
    from gcp_desk.ui.session import Session
    from gcp_desk.ui.sync.status_bar import SyncStatusBar
    from gcp_desk.ui.tasks import TaskRunner

    nia = north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _ = new_child(backend, user, "Windowsync")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
        kept = backend.children(user).get(child.id)
        backend.children(user).update_child(kept.model_copy(update={"ethnicity": "Not stated"}))
        session = Session(backend, user)
        runner = TaskRunner()  # a real worker thread
        seen = []
        bar = SyncStatusBar(runner, lambda: session, ask_password=lambda: PASSWORD)
        bar._carrier.moved.connect(lambda step, done, total: seen.append(step))
        qtbot.addWidget(bar)
        bar.resize(760, 36)
        bar.refresh()
        qtbot.waitUntil(lambda: bar.state.text() == "● Online", timeout=20000)
        assert bar.waiting.text() == "1 change waiting, 1 child held here"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        bar.grab().save(str(SCREENSHOTS / "sync-status-online.png"))
        with qtbot.waitSignal(bar.synced, timeout=60000):
            bar.sync_now()  # the stored address, and the login she last gave
            assert not bar.progress.isHidden()  # shown while the worker syncs
        qtbot.waitUntil(lambda: bar.waiting.text() == "0 changes waiting", timeout=20000)
        assert "send" in seen and bar.progress.isHidden()
        assert bar.toolTip().startswith("Synced: 1 sent")
