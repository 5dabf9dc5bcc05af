"""The quick first read at start: plain sqlite3, read-only, and only when everything is as expected.

It must give exactly the rows the ordinary caseload query gives, and say ``None`` (so the app opens the database the
ordinary way, which explains problems in words) whenever anything differs.
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

from gcp_desk.app import open_backend
from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.paths import AppPaths, instruments_dir
from gcp_desk.storage.quick_start import QuickUser, domain_titles_in, read_quick_start
from gcp_desk.storage.schema_version import SCHEMA_HEAD

TODAY = date(2026, 11, 2)
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="session")
def caseload_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with an invented caseload (drafts, countersigned, concerns, unborn children) and a child not
    yet assessed, last used by its first practitioner."""
    from gcp_desk.services.demo import DemoCaseload

    folder = tmp_path_factory.mktemp("quick-template")
    backend = open_backend(AppPaths.at(folder))
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
    return read_quick_start(paths.database, paths.settings_file, (paths.instruments_dir, instruments_dir()))


def edit_settings(paths: AppPaths, **changes) -> None:
    values = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    values.update(changes)
    paths.settings_file.write_text(json.dumps(values), encoding="utf-8")


def set_schema_version(paths: AppPaths, version: str) -> None:
    with sqlite3.connect(paths.database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (version,))
    connection.close()


def test_the_quick_read_gives_exactly_the_caseload_the_ordinary_query_gives(paths):
    found = quick(paths)
    backend = open_backend(paths)
    try:
        user = next(u for u in backend.users().all() if str(u.id) == backend.settings.last_user_id)
        expected = backend.children(user).caseload()
        with backend.db.transaction() as uow:
            assert uow.caseload.rows() == expected
    finally:
        backend.close()
    assert found is not None
    assert found.rows == expected
    assert len(found.rows) == 41
    # The demo caseload has the variety the comparison needs to mean something.
    assert {row.latest_status for row in found.rows} >= {None, AssessmentStatus.DRAFT, AssessmentStatus.COUNTERSIGNED}
    assert any(row.concern_domains for row in found.rows) and any(row.date_of_birth is None for row in found.rows)
    assert found.user == QuickUser(user.id, user.name, user.role)


def test_an_sqlite_without_json_functions_reads_the_same_caseload_row_by_row(paths, monkeypatch):
    from gcp_desk.storage import quick_start

    as_one_text = quick(paths).rows
    monkeypatch.setattr(quick_start, "CASELOAD_AS_ONE_TEXT", "SELECT no_such_function(1)")
    assert quick(paths).rows == as_one_text


def test_the_chips_are_named_from_the_instrument_files(paths):
    found = quick(paths)
    assert found.domain_titles["supervision"] == "Supervision and guidance"
    assert len(found.domain_titles) == 6


def test_the_built_in_profile_names_its_own_domains_and_an_organisations_file_adds_its_own(tmp_path):
    organisation = tmp_path / "instruments"
    organisation.mkdir()
    builtin = json.loads(next(instruments_dir().glob("*.json")).read_text(encoding="utf-8"))
    builtin["domains"] = [{"id": "supervision", "title": "Renamed"}, {"id": "housing", "title": "Housing"}]
    (organisation / "local.json").write_text(json.dumps(builtin), encoding="utf-8")
    (organisation / "broken.json").write_text("{ not json", encoding="utf-8")
    titles = domain_titles_in((organisation, instruments_dir()))
    assert titles["supervision"] == "Supervision and guidance"
    assert titles["housing"] == "Housing"


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
        "print(len(found.rows), sorted(m for m in ('pydantic', 'sqlalchemy') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "41 []"
