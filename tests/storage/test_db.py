"""Opening the database: pragmas, transactions, time zones, and a database that has gone missing."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from gcp_desk.domain.errors import DatabaseUnavailable
from gcp_desk.domain.people import Household, User
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare


def pragma(db: Database, name: str) -> object:
    with db.transaction() as uow:
        return uow.session.execute(text(f"PRAGMA {name}")).scalar()


@pytest.mark.sqlite_only
def test_every_connection_uses_wal_foreign_keys_normal_sync_and_a_busy_timeout(db):
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "synchronous") == 1  # NORMAL
    assert pragma(db, "busy_timeout") == 30000  # a writer waits for another rather than failing


@pytest.mark.sqlite_only
def test_describes_itself(db, db_path):
    assert db.is_sqlite
    assert db.path == db_path.resolve()
    assert db.url.startswith("sqlite:///") and db.url.endswith("gcp-desk.db")


def test_a_server_database_describes_itself_without_its_password():
    db = Database("postgresql+psycopg://practitioner:s3cret@db.example.org:5432/gcp_desk")
    assert not db.is_sqlite and db.path is None
    assert "s3cret" not in db.url and "s3cret" not in db.describe()
    assert db.describe() == "db.example.org:5432/gcp_desk"  # where it is, for messages: no login, no options


def test_only_the_statements_of_a_unit_that_reads_call_before_read(db):
    calls = []
    db.before_read = lambda: calls.append("read")
    household = Household(name="Smith household")
    with db.transaction() as uow:
        uow.households.add(household)
    assert calls == [], "a unit that writes never waits"
    with db.read() as uow:
        assert uow.households.get(household.id) == household
    assert calls, "a read-only unit's statements call it"


def test_a_transaction_commits_when_the_block_ends(db):
    household = Household(name="Smith household")
    with db.transaction() as uow:
        uow.households.add(household)
    with db.transaction() as uow:
        assert uow.households.get(household.id) == household


def test_a_transaction_rolls_back_everything_when_the_block_raises(db):
    household = Household(name="Smith household")
    with pytest.raises(RuntimeError, match="power cut"):
        with db.transaction() as uow:
            uow.households.add(household)
            raise RuntimeError("power cut")
    with db.transaction() as uow:
        assert uow.households.all() == []


def test_reads_in_one_transaction_see_one_snapshot(db):
    """Another writer's commit must not appear halfway through a unit of work (sqlite3's legacy mode would allow it)."""
    with db.read() as uow:  # a reading unit: a writer goes ahead meanwhile (a write unit would make it wait)
        assert uow.households.all() == []
        with db.transaction() as other:
            other.households.add(Household(name="Arrived meanwhile"))
        assert uow.households.all() == []
    with db.transaction() as uow:
        assert [h.name for h in uow.households.all()] == ["Arrived meanwhile"]


def test_timestamps_come_back_as_the_same_instant_in_utc(db):
    summer_evening = datetime(2024, 7, 1, 23, 30, 0, 123456, tzinfo=timezone(timedelta(hours=1)))
    user = User(name="Sam Lee", created_at=summer_evening)
    with db.transaction() as uow:
        uow.users.add(user)
    with db.transaction() as uow:
        stored = uow.users.get(user.id).created_at
    assert stored == summer_evening
    assert stored.tzinfo is UTC
    assert (stored.hour, stored.microsecond) == (22, 123456)


def test_a_timestamp_without_a_time_zone_is_refused(db):
    with pytest.raises(StatementError, match="without a time zone"):
        with db.transaction() as uow:
            uow.users.add(User(name="Sam Lee", created_at=datetime(2024, 7, 1, 9, 0)))
    with db.transaction() as uow:
        assert uow.users.all() == []


def test_a_new_file_is_created_on_first_use_when_allowed(tmp_path):
    path = tmp_path / "first-run.db"
    db = Database.for_file(path)
    outcome = prepare(db, backups_dir=None)
    db.dispose()
    assert outcome.created and path.is_file()


def test_a_missing_file_is_reported_not_created_when_creation_is_not_allowed(tmp_path):
    path = tmp_path / "gone.db"
    db = Database.for_file(path, create=False)
    with pytest.raises(DatabaseUnavailable, match="cannot be found"):
        with db.transaction() as uow:
            uow.users.all()
    assert not path.exists()


@pytest.mark.sqlite_only
def test_a_deleted_database_file_is_reported_and_not_replaced_by_an_empty_one(db, db_path):
    with db.transaction() as uow:  # leaves a pooled connection open on the file, as the running app would
        uow.households.add(Household(name="Before the stick was pulled"))
    for leftover in db_path.parent.glob("gcp-desk.db*"):
        leftover.unlink()

    with pytest.raises(DatabaseUnavailable, match="cannot be found") as raised:
        with db.transaction() as uow:
            uow.households.add(Household(name="After"))
    assert str(db_path) in str(raised.value)
    assert not db_path.exists()


@pytest.mark.sqlite_only
def test_a_removed_folder_is_reported_and_not_recreated(db, db_path):
    with db.transaction() as uow:
        uow.households.all()
    shutil.rmtree(db_path.parent)

    with pytest.raises(DatabaseUnavailable):
        with db.transaction() as uow:
            uow.households.all()
    assert not db_path.parent.exists()


@pytest.mark.sqlite_only
def test_a_database_that_vanished_after_opening_is_not_recreated_by_a_new_connection(db, db_path):
    """Even with no pooled connection left, the file is opened read-write only, never created again."""
    with db.transaction() as uow:
        uow.households.all()
    db.dispose()
    db_path.unlink()
    with pytest.raises(sqlite3.OperationalError, match="unable to open"):
        db.engine.raw_connection()  # the pool's own way in, past the presence check in transaction()
    assert not db_path.exists()


def test_a_file_that_is_not_a_database_is_reported_in_plain_words(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are not the records you are looking for." * 100)
    db = Database.for_file(path, create=False)
    with pytest.raises(DatabaseUnavailable, match="cannot be read as a GCP Desk database"):
        with db.transaction() as uow:
            uow.users.all()


def test_an_in_memory_database_is_shared_by_every_thread():
    """For tools and other layers' tests: ``Database("sqlite://")`` migrates and is one database, not one per thread."""
    import threading

    db = Database("sqlite://")
    prepare(db, backups_dir=None)
    household = Household(name="In memory")
    with db.transaction() as uow:
        uow.households.add(household)
    seen = []

    def read() -> None:
        with db.transaction() as uow:
            seen.append(uow.households.get(household.id))

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()
    assert seen == [household] and db.path is None
    db.dispose()


@pytest.mark.sqlite_only
def test_a_write_unit_takes_the_write_lock_as_it_begins_and_a_read_unit_does_not(db):
    from sqlalchemy import event

    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):
        seen.append(sql)

    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        with db.transaction() as uow:
            uow.session.execute(text("SELECT 1"))
        with db.read() as uow:
            uow.session.execute(text("SELECT 1"))
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    assert [sql for sql in seen if sql.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN"]
