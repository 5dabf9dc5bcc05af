"""Backups: a whole, consistent copy, even of a database mid-way through its write-ahead log."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import text

from gcp_desk.domain.errors import DatabaseUnavailable
from gcp_desk.domain.people import Household
from gcp_desk.storage.backup import backup_sqlite
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare

pytestmark = pytest.mark.sqlite_only  # backups copy the SQLite file; a team server is backed up by its owners


def test_a_backup_holds_changes_still_in_the_write_ahead_log(db, db_path, tmp_path):
    with db.transaction() as uow:
        uow.households.add(Household(name="Committed but not yet checkpointed"))
        # The app is still running: its connection keeps the change in gcp-desk.db-wal, not in the main file (no
        # commit copies the log back; a thread does once writes pause, ``storage.checkpoints``).
        assert uow.session.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
    assert db_path.with_name("gcp-desk.db-wal").stat().st_size > 0

    copy = backup_sqlite(db_path, tmp_path / "backups", "manual")

    with closing(sqlite3.connect(copy)) as backup:
        assert backup.execute("SELECT name FROM households").fetchall() == [("Committed but not yet checkpointed",)]
        assert backup.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
        assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not copy.with_name(copy.name + "-wal").exists()


def test_backups_are_named_by_label_and_utc_time_and_never_overwrite_each_other(db_path, tmp_path):
    first = backup_sqlite(db_path, tmp_path / "backups", "manual")
    second = backup_sqlite(db_path, tmp_path / "backups", "manual")
    assert re.fullmatch(r"gcp-desk-manual-\d{8}T\d{6}Z(-\d+)?\.db", first.name)
    assert first != second and first.is_file() and second.is_file()
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == sorted([first.name, second.name])


def test_backing_up_a_missing_database_is_reported_and_creates_nothing(tmp_path):
    missing = tmp_path / "gone.db"
    with pytest.raises(DatabaseUnavailable, match="no database"):
        backup_sqlite(missing, tmp_path / "backups", "manual")
    assert not missing.exists()


def test_a_restored_backup_opens_and_returns_to_wal_mode(db, db_path, tmp_path):
    household = Household(name="Restored")
    with db.transaction() as uow:
        uow.households.add(household)
    copy = backup_sqlite(db_path, tmp_path / "backups", "manual")

    restored = Database.for_file(copy, create=False)
    outcome = prepare(restored, backups_dir=None)
    with restored.transaction() as uow:
        assert uow.households.get(household.id) == household
        assert uow.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    restored.dispose()
    assert not outcome.changed
