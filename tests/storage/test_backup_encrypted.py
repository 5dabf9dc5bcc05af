"""Backups of an encrypted database: encrypted with the same key, whole and consistent while others write, and
never left half-written or in plain form."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing

import pytest

from gcp_desk.domain.errors import DatabaseUnavailable, WrongDatabaseKey
from gcp_desk.domain.people import Household
from gcp_desk.storage import backup as backup_module
from gcp_desk.storage import cipher
from gcp_desk.storage.backup import backup_sqlite
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare

pytestmark = pytest.mark.sqlite_only

KEY = os.urandom(32)
SECRET = "Vondrakowski household"


@pytest.fixture
def encrypted(tmp_path):
    db = Database.for_file(tmp_path / "gcp-desk.db", key=KEY)
    prepare(db, backups_dir=None)
    yield db
    db.dispose()


def test_a_backup_is_encrypted_with_the_same_key_and_holds_changes_still_in_the_wal(encrypted, tmp_path):
    with encrypted.transaction() as uow:
        uow.households.add(Household(name=SECRET))
    assert encrypted.path.with_name("gcp-desk.db-wal").stat().st_size > 0

    copy = backup_sqlite(encrypted.path, tmp_path / "backups", "manual", key=KEY)

    assert SECRET.encode() not in copy.read_bytes() and not cipher.is_plain_sqlite(copy)
    with closing(cipher.connect(copy, key=KEY, mode="ro")) as reader:
        assert reader.execute("SELECT name FROM households").fetchall() == [(SECRET,)]
        assert reader.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with closing(sqlite3.connect(copy)) as plain, pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM households").fetchall()
    with pytest.raises(WrongDatabaseKey):
        cipher.connect(copy, key=os.urandom(32), mode="ro")
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [copy.name]  # no temporary file left


def test_the_database_takes_its_own_encrypted_backup_and_it_restores(encrypted, tmp_path):
    with encrypted.transaction() as uow:
        uow.households.add(Household(name=SECRET))
    copy = encrypted.backup(tmp_path / "backups", "manual")
    restored = Database.for_file(copy, key=KEY, create=False)
    prepare(restored, backups_dir=None)
    with restored.transaction() as uow:
        assert [h.name for h in uow.households.all()] == [SECRET]
    restored.dispose()


def test_a_backup_file_is_readable_by_its_owner_only(encrypted, tmp_path):
    old = os.umask(0o022)
    try:
        copy = encrypted.backup(tmp_path / "backups", "manual")
    finally:
        os.umask(old)
    if os.name == "posix":
        assert copy.stat().st_mode & 0o777 == 0o600


def test_a_failed_backup_leaves_no_file_behind(encrypted, tmp_path, monkeypatch):
    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module.os, "replace", disk_full)
    with pytest.raises(DatabaseUnavailable, match="could not be backed up"):
        encrypted.backup(tmp_path / "backups", "manual")
    assert list((tmp_path / "backups").iterdir()) == []


def test_backing_up_with_the_wrong_key_is_refused_and_leaves_nothing(encrypted, tmp_path):
    with pytest.raises(WrongDatabaseKey):
        backup_sqlite(encrypted.path, tmp_path / "backups", "manual", key=os.urandom(32))
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_backup_taken_while_another_connection_writes_is_one_consistent_snapshot(encrypted, tmp_path):
    """Each write adds one row to two tables in one transaction; every copy must hold as many rows in both."""
    setup = cipher.connect(encrypted.path, key=KEY)
    setup.execute("CREATE TABLE pair_a (n INTEGER, filler BLOB)")
    setup.execute("CREATE TABLE pair_b (n INTEGER)")
    setup.execute("BEGIN")
    setup.executemany("INSERT INTO pair_a VALUES (?, randomblob(400))", [(n,) for n in range(20_000)])
    setup.executemany("INSERT INTO pair_b VALUES (?)", [(n,) for n in range(20_000)])
    setup.execute("COMMIT")
    setup.close()
    stop = threading.Event()
    written = []

    def writer() -> None:
        connection = cipher.connect(encrypted.path, key=KEY)
        connection.execute("PRAGMA busy_timeout = 5000")
        n = 20_000
        while not stop.is_set():
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO pair_a VALUES (?, randomblob(400))", (n,))
            connection.execute("INSERT INTO pair_b VALUES (?)", (n,))
            connection.execute("COMMIT")
            n += 1
        written.append(n - 20_000)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [encrypted.backup(tmp_path / "backups", "manual") for _ in range(3)]
    finally:
        stop.set()
        thread.join()
    assert written[0] > 0
    for copy in copies:
        with closing(cipher.connect(copy, key=KEY, mode="ro")) as reader:
            a, b = reader.execute("SELECT (SELECT count(*) FROM pair_a), (SELECT count(*) FROM pair_b)").fetchone()
            assert a == b >= 20_000
