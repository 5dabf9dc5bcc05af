"""The quick first read at start: plain sqlite3, read-only, and only when everything is as expected.

It gives the returning account for the sign-in screen and reads nothing about any child; it says ``None`` (so the
app opens the database the ordinary way, which explains problems in words) whenever anything differs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from plain_folder import open_plain_backend

from gcp_desk.app import open_backend
from gcp_desk.paths import AppPaths
from gcp_desk.storage.quick_start import QuickStart, QuickUser, read_quick_start
from gcp_desk.storage.schema_version import SCHEMA_HEAD

TODAY = date(2026, 11, 2)
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="session")
def caseload_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with an invented caseload (drafts, countersigned, concerns, unborn children) and a child not
    yet assessed, last used by its first practitioner."""
    from gcp_desk.demo.caseload import DemoCaseload

    folder = tmp_path_factory.mktemp("quick-template")
    backend = open_plain_backend(AppPaths.at(folder))  # an older version's folder; the encrypted one is below
    demo = DemoCaseload(backend.db, seed=5, today=TODAY)
    demo.write(40)
    backend.children(demo.users[0]).create_child(given_name="Robin", family_name="Testcase",
                                                 date_of_birth=date(2019, 5, 3))  # no assessment yet
    backend.settings.last_user_id = str(demo.users[0].id)
    backend.settings.save(backend.paths.settings_file)
    backend.close()
    return folder


@pytest.fixture
def paths(caseload_template: Path, tmp_path: Path) -> AppPaths:
    shutil.copytree(caseload_template, tmp_path / "data")
    return AppPaths.at(tmp_path / "data")


def quick(paths: AppPaths):
    return read_quick_start(paths.database, paths.settings_file)


def edit_settings(paths: AppPaths, **changes) -> None:
    values = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    values.update(changes)
    paths.settings_file.write_text(json.dumps(values), encoding="utf-8")


def set_schema_version(paths: AppPaths, version: str) -> None:
    with sqlite3.connect(paths.database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (version,))
    connection.close()


def test_the_quick_read_gives_the_returning_account_as_stored(paths):
    found = quick(paths)
    backend = open_backend(paths)
    try:
        user = next(u for u in backend.users().accounts() if str(u.id) == backend.settings.last_user_id)
    finally:
        backend.close()
    assert found == QuickStart(QuickUser(user.id, user.name, user.roles))


def test_nothing_about_any_child_is_read_before_a_password(paths, monkeypatch):
    from gcp_desk.storage import quick_start

    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(quick_start.sqlite3, "connect", traced)
    assert quick(paths) is not None
    assert statements, "the read went through the traced connection"
    read = " ".join(statements).lower()
    for table in ("children", "assessments", "adults", "households", "item_grades", "evidence_notes"):
        assert table not in read


def test_a_database_at_another_schema_version_is_left_to_the_ordinary_way(paths):
    set_schema_version(paths, "9999")
    assert quick(paths) is None
    set_schema_version(paths, "0000")  # older: it must be backed up and upgraded first
    assert quick(paths) is None
    set_schema_version(paths, SCHEMA_HEAD)
    assert quick(paths) is not None


def test_a_missing_database_file_is_left_to_the_ordinary_way_and_not_created(paths):
    paths.database.unlink()
    for leftover in paths.data_dir.glob("gcp-desk.db-*"):
        leftover.unlink()
    assert quick(paths) is None
    assert not paths.database.exists()


def test_a_team_database_on_postgresql_is_left_to_the_ordinary_way(paths):
    edit_settings(paths, database_url="postgresql+psycopg://gcp@server.example/gcp_desk")
    assert quick(paths) is None


@pytest.mark.parametrize("change", ["no settings", "no last user", "unknown user", "not an id", "not json"])
def test_without_a_returning_user_the_ordinary_way_decides(paths, change):
    if change == "no settings":
        paths.settings_file.unlink()
    elif change == "no last user":
        edit_settings(paths, last_user_id=None)
    elif change == "unknown user":
        edit_settings(paths, last_user_id="4a01f137-3a6b-4397-811a-35912bb68bdf")
    elif change == "not an id":
        edit_settings(paths, last_user_id="Sam")
    else:
        paths.settings_file.write_text("{ this is not json", encoding="utf-8")
    assert quick(paths) is None


def test_a_damaged_database_file_is_left_to_the_ordinary_way(paths):
    paths.database.write_bytes(b"this is not a database at all " * 200)
    for leftover in paths.data_dir.glob("gcp-desk.db-*"):
        leftover.unlink()
    assert quick(paths) is None


def test_the_quick_read_changes_nothing_in_the_file(paths):
    before = paths.database.read_bytes()
    assert quick(paths) is not None
    assert paths.database.read_bytes() == before


def test_the_quick_read_imports_neither_sqlalchemy_nor_pydantic(paths):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from gcp_desk.storage.quick_start import read_quick_start\n"
        f"found = read_quick_start(Path({str(paths.database)!r}), Path({str(paths.settings_file)!r}))\n"
        "print(found.user.name, sorted(m for m in ('pydantic', 'sqlalchemy') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "Sam Whitfield []"


def test_on_an_encrypted_folder_the_name_comes_from_the_key_file_and_no_database_is_opened(tmp_path, monkeypatch):
    from gcp_desk.app import give_demo_passwords
    from gcp_desk.demo.caseload import DemoCaseload
    from gcp_desk.storage import quick_start

    backend = open_backend(AppPaths.at(tmp_path / "data"))
    demo = DemoCaseload(backend.db, seed=5, today=TODAY)
    demo.write(4)
    give_demo_passwords(backend, demo.users)
    backend.settings.last_user_id = str(demo.users[0].id)
    backend.settings.save(backend.paths.settings_file)
    paths = backend.paths
    backend.close()
    opened: list = []
    monkeypatch.setattr(quick_start.sqlite3, "connect", lambda *a, **k: opened.append(a))
    found = quick(paths)
    assert found == QuickStart(QuickUser(demo.users[0].id, demo.users[0].name, ()))
    assert opened == [], "the encrypted database is not touched before a password"
