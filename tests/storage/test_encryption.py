"""Encrypting an existing plain database in place: every row kept, a failed or interrupted run leaves one whole
database, plain backups encrypted too, and the plain bytes gone from the folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from datetime import date

import pytest
from plain_folder import open_plain_backend
from sqlalchemy import text

from gcp_desk.domain.errors import DatabaseUnavailable
from gcp_desk.paths import AppPaths
from gcp_desk.demo.caseload import DemoCaseload
from gcp_desk.storage import cipher, encryption
from gcp_desk.storage.backup import backup_sqlite
from gcp_desk.storage.db import Database
from gcp_desk.storage.encryption import (
    EncryptionFailed,
    compare_databases,
    encrypt_in_place,
    encrypt_plain_backups,
    is_plain_sqlite,
    plain_backups,
    rekey_in_place,
    remove_leftovers,
    remove_leftovers_in,
)
from gcp_desk.storage.migrate import SCHEMA_HEAD, prepare

pytestmark = pytest.mark.sqlite_only

KEY = os.urandom(32)


def files_beside(database):
    """The files in the database's folder, but the settings (which say a database has been kept there)."""
    return sorted(p.name for p in database.parent.iterdir() if p.is_file() and p.name != "settings.json")


def file_hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    """A plain data folder made by the real app: the demo caseload of 12 children, closed."""
    folder = tmp_path_factory.mktemp("plain-demo") / "data"
    backend = open_plain_backend(AppPaths.at(folder))
    DemoCaseload(backend.db, today=date(2026, 11, 1)).write(12)
    backend.close()
    return folder


@pytest.fixture
def plain(demo_folder, tmp_path):
    """A private copy of the demo folder and a reference copy of its database, both plain."""
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    shutil.copyfile(folder / "gcp-desk.db", tmp_path / "reference.db")
    return folder / "gcp-desk.db"


def demo_words(path):
    """The children's names and the households' addresses, read from the plain reference."""
    with closing(sqlite3.connect(path)) as reader:
        names = [word for row in reader.execute("SELECT given_name, family_name FROM children") for word in row]
        addresses = [row[0] for row in reader.execute("SELECT address FROM households WHERE address != ''")]
    assert len(names) == 24 and addresses
    return [word.encode() for word in names + addresses]


def test_a_plain_demo_database_is_encrypted_in_place_keeping_every_row(plain, tmp_path):
    steps = []
    report = encrypt_in_place(plain, KEY, progress=lambda step, of, words: steps.append((step, of)))

    assert not is_plain_sqlite(plain) and is_plain_sqlite(tmp_path / "reference.db")
    assert compare_databases(tmp_path / "reference.db", None, plain, KEY) == []
    with closing(sqlite3.connect(tmp_path / "reference.db")) as reader:
        for table, rows in report.rows.items():
            assert reader.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == rows
    assert report.rows["children"] == 12 and report.rows["item_grades"] > 100
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]
    # Nothing of the plain database is left beside it, and nothing in the folder reads as a child's name.
    assert files_beside(plain) == ["gcp-desk.db"]
    everything = b"".join(p.read_bytes() for p in plain.parent.rglob("*") if p.is_file())
    assert not [word for word in demo_words(tmp_path / "reference.db") if word in everything]
    if os.name == "posix":
        assert plain.stat().st_mode & 0o777 == 0o600
    # The app opens it with the key, at the schema it had, and reads the same caseload.
    db = Database.for_file(plain, key=KEY, create=False)
    assert prepare(db, plain.parent / "backups").previous == SCHEMA_HEAD
    with db.transaction() as uow:
        assert uow.session.execute(text("SELECT count(*) FROM children")).scalar() == 12
    db.dispose()


def test_the_row_comparison_finds_a_single_changed_value(plain, tmp_path):
    encrypt_in_place(plain, KEY)
    with closing(cipher.connect(plain, key=KEY)) as connection:
        connection.execute("UPDATE children SET given_name = 'Changed' WHERE rowid = (SELECT min(rowid) FROM "
                           "children)")
    differences = compare_databases(tmp_path / "reference.db", None, plain, KEY)
    assert len(differences) == 1 and differences[0].startswith("children: row")


def test_a_copy_that_does_not_match_is_refused_and_the_original_is_untouched(plain, monkeypatch):
    before = file_hash(plain)
    real_export = encryption._export

    def export_missing_a_row(path, copy, source_key, key):
        counts = real_export(path, copy, source_key, key)
        with closing(cipher.connect(copy, key=key)) as connection:
            connection.execute("DELETE FROM item_grades WHERE (assessment_id, item_id) IN "
                               "(SELECT assessment_id, item_id FROM item_grades LIMIT 1)")
        return counts

    monkeypatch.setattr(encryption, "_export", export_missing_a_row)
    with pytest.raises(EncryptionFailed, match="table item_grades has .* rows but its copy has") as refused:
        encrypt_in_place(plain, KEY)
    assert "has not been changed" in str(refused.value)
    assert file_hash(plain) == before and is_plain_sqlite(plain)
    assert files_beside(plain) == ["gcp-desk.db"]


@pytest.mark.parametrize("moment", ["before the swap", "after the link", "after the swap"])
def test_an_interrupted_run_leaves_one_whole_database_and_the_next_start_tidies_up(plain, tmp_path, monkeypatch,
                                                                                    moment):
    class Killed(BaseException):
        pass

    before = file_hash(plain)
    if moment == "before the swap":
        monkeypatch.setattr(encryption.cipher, "fsync_file", lambda path: (_ for _ in ()).throw(Killed()))
    elif moment == "after the link":
        monkeypatch.setattr(encryption.os, "replace", lambda *args: (_ for _ in ()).throw(Killed()))
    else:
        monkeypatch.setattr(encryption, "erase_file", lambda path: (_ for _ in ()).throw(Killed()))
    with pytest.raises(Killed):
        encrypt_in_place(plain, KEY)
    monkeypatch.undo()

    remove_leftovers(plain)  # what the app does at every start
    assert files_beside(plain) == ["gcp-desk.db"]
    if moment == "after the swap":
        assert compare_databases(tmp_path / "reference.db", None, plain, KEY) == []
    else:
        assert file_hash(plain) == before  # the plain database, whole, never wiped through its second name
        assert encrypt_in_place(plain, KEY).rows["children"] == 12


def test_a_real_kill_at_any_moment_leaves_either_database_whole(plain, tmp_path):
    """The process is killed (SIGKILL) at random moments while it encrypts; after each kill the next start's
    tidying leaves exactly one database, plain or encrypted, holding every row."""
    import random
    import signal
    import subprocess
    import sys
    import time

    with closing(sqlite3.connect(plain)) as connection:  # about 24 MB more, so a run lasts long enough to hit
        connection.execute("CREATE TABLE padding (n INTEGER, filler BLOB)")
        connection.execute("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 6000) "
                           "INSERT INTO padding SELECT n, randomblob(4000) FROM k")
        connection.commit()
    shutil.copyfile(plain, tmp_path / "reference.db")
    shutil.copyfile(plain, tmp_path / "timing.db")
    started = time.perf_counter()
    encrypt_in_place(tmp_path / "timing.db", KEY)
    duration = time.perf_counter() - started

    script = ("import sys; from pathlib import Path; from gcp_desk.storage.encryption import encrypt_in_place; "
              "print('start', flush=True); encrypt_in_place(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))")
    rnd = random.Random(7)
    outcomes = []
    for _ in range(6):
        process = subprocess.Popen([sys.executable, "-c", script, str(plain), KEY.hex()], stdout=subprocess.PIPE,
                                   text=True)
        assert process.stdout.readline().strip() == "start"
        time.sleep(rnd.uniform(0, duration * 1.5 + 0.1))  # import of sqlcipher3 included
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        remove_leftovers(plain)
        key = None if is_plain_sqlite(plain) else KEY
        outcomes.append("plain" if key is None else "encrypted")
        left = set(files_beside(plain))
        # A killed plain connection leaves its (checkpointed) -wal and -shm, which SQLite reads back as usual.
        assert left - {"gcp-desk.db-wal", "gcp-desk.db-shm"} == {"gcp-desk.db"}
        assert key is None or left == {"gcp-desk.db"}
        assert compare_databases(tmp_path / "reference.db", None, plain, key) == []
        if key is not None:
            break
    assert "plain" in outcomes  # at least one kill landed before the swap (the seed gives a mix)


def test_a_database_open_in_another_program_is_not_swapped(plain):
    import subprocess
    import sys

    holder = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM children'); "
              "print('open', flush=True); sys.stdin.readline()")
    other = subprocess.Popen([sys.executable, "-c", holder, str(plain)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "open"
        before = file_hash(plain)
        with pytest.raises(DatabaseUnavailable, match="open in another program"):
            encrypt_in_place(plain, KEY)
    finally:
        other.communicate("done\n")
    assert is_plain_sqlite(plain) and file_hash(plain) == before
    assert not plain.with_name("gcp-desk.db.encrypting").exists()


def test_an_encrypted_or_missing_database_is_refused(plain, tmp_path):
    encrypt_in_place(plain, KEY)
    before = file_hash(plain)
    with pytest.raises(DatabaseUnavailable, match="already encrypted"):
        encrypt_in_place(plain, KEY)
    assert file_hash(plain) == before
    with pytest.raises(DatabaseUnavailable, match="no database"):
        encrypt_in_place(tmp_path / "missing.db", KEY)
    assert not (tmp_path / "missing.db").exists()


def test_plain_backups_are_listed_then_encrypted_in_place(plain, tmp_path):
    backups = plain.parent / "backups"
    first = backup_sqlite(plain, backups, "manual")
    second = backup_sqlite(plain, backups, "before-0001-to-0002")
    (backups / "notes.txt").write_text("not a backup")
    assert plain_backups(backups) == sorted([first, second])

    seen = []
    reports = encrypt_plain_backups(backups, KEY, progress=lambda done, of, path: seen.append((done, of, path)))

    assert [report.path for report in reports] == sorted([first, second])
    assert seen == [(1, 2, min(first, second)), (2, 2, max(first, second))]
    assert plain_backups(backups) == []
    for backup in (first, second):
        assert compare_databases(tmp_path / "reference.db", None, backup, KEY) == []
    assert sorted(p.name for p in backups.iterdir()) == sorted([first.name, second.name, "notes.txt"])
    assert plain_backups(tmp_path / "no-such-folder") == []


def test_rekeying_re_encrypts_every_row_under_the_new_key_only(plain, tmp_path):
    encrypt_in_place(plain, KEY)
    new_key = os.urandom(32)
    with pytest.raises(DatabaseUnavailable, match="does not open with this key"):
        rekey_in_place(plain, os.urandom(32), new_key)
    report = rekey_in_place(plain, KEY, new_key)
    assert report.rows["children"] == 12
    assert compare_databases(tmp_path / "reference.db", None, plain, new_key) == []
    with pytest.raises(DatabaseUnavailable, match="does not open with this key"):
        cipher.connect(plain, key=KEY, mode="ro")
    assert files_beside(plain) == ["gcp-desk.db"]
    with pytest.raises(DatabaseUnavailable, match="not encrypted"):
        rekey_in_place(tmp_path / "reference.db", KEY, new_key)


def test_a_backup_interrupted_after_its_swap_has_its_plain_copy_erased_before_the_next_run(plain, tmp_path,
                                                                                           monkeypatch):
    backups = plain.parent / "backups"
    first = backup_sqlite(plain, backups, "manual")
    monkeypatch.setattr(encryption, "erase_file", lambda path: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        encrypt_plain_backups(backups, KEY)
    monkeypatch.undo()
    leftover = first.with_name(first.name + ".plain-old")
    assert leftover.exists() and plain_backups(backups) == []  # the backup itself is encrypted already

    assert remove_leftovers_in(backups) == [leftover]
    assert sorted(p.name for p in backups.iterdir()) == [first.name]
    assert compare_databases(tmp_path / "reference.db", None, first, KEY) == []


def test_a_plain_copy_left_alone_is_put_back_never_erased(plain, tmp_path):
    os.link(plain, plain.with_name("gcp-desk.db.plain-old"))
    plain.unlink()  # as if the database had been removed by hand after a run was stopped before its swap
    assert remove_leftovers(plain) == []
    assert compare_databases(tmp_path / "reference.db", None, plain, None) == []
