"""The app, pointed at a team server whose schema is not its own, says so in its window and changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from server_support import connect
from gcp_desk.storage.schema_version import SCHEMA_HEAD
from test_server_upgrade import OLDER, client_folder, downgrade, schema_of

SCREENSHOTS = Path(__file__).parents[2] / "build" / "screenshots"


def open_window(qtbot, paths):
    from gcp_desk.app import open_backend
    from gcp_desk.ui.main_window import MainWindow
    from gcp_desk.ui.tasks import TaskRunner

    window = MainWindow(TaskRunner(synchronous=True), open_backend=lambda: open_backend(paths))
    qtbot.addWidget(window)
    window.resize(900, 560)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    return window


def test_never_migrates_the_window_says_an_upgrade_is_waiting(team_server, tmp_path, qtbot):
    downgrade(team_server)
    window = open_window(qtbot, client_folder(tmp_path, team_server.administrator.url))
    assert window.pages.currentWidget() is window.status
    assert window.status.title.text() == "GCP Desk cannot open its database"
    words = window.status.text.text()
    assert f"schema version {OLDER}" in words and SCHEMA_HEAD in words and "server upgrade" in words
    assert window.status.button.text() == "Try again"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "server-upgrade-waiting.png"))
    assert schema_of(team_server) == OLDER


def test_never_migrates_the_window_says_the_server_is_newer(team_server, tmp_path, qtbot):
    with connect(team_server.url) as su:
        su.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    window = open_window(qtbot, client_folder(tmp_path, team_server.administrator.url))
    words = window.status.text.text()
    assert "0099" in words and SCHEMA_HEAD in words and "Install the newer GCP Desk" in words
    window.grab().save(str(SCREENSHOTS / "server-newer.png"))
