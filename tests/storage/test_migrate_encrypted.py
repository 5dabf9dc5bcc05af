"""Every migration test, again on SQLCipher databases: create, refuse, back up (encrypted) and upgrade.

The tests of test_migrate.py and test_migrate_supervision.py are collected here a second time with the database
encrypted: ``Database.for_file`` opens every file with the test key, the template is an encrypted file, and the
tests' own raw SQL and backup checks go through SQLCipher with that key (so a backup that was not encrypted with the
database's key would fail them).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from contextlib import closing

import pytest
import test_migrate
import test_migrate_supervision
from test_migrate import *  # noqa: F403 - the tests themselves, collected again here
from test_migrate_supervision import *  # noqa: F403

from gcp_desk.storage import cipher
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare

# Its subprocess opens the file without the key; test_an_up_to_date_encrypted_database_... below does it with one.
del test_an_up_to_date_database_is_left_alone_and_opens_without_loading_alembic  # noqa: F821
# A team server is PostgreSQL: there is no encrypted file to run it on.
del test_never_migrates_a_team_server_a_client_opens  # noqa: F821

pytestmark = pytest.mark.sqlite_only  # encryption is about the SQLite file; test_migrate.py runs on PostgreSQL

KEY = bytes(range(32))
_plain_for_file = Database.for_file.__func__


@pytest.fixture(autouse=True)
def encrypted_databases(monkeypatch):
    def keyed_for_file(cls, path, *, key=KEY, **options):
        return _plain_for_file(cls, path, key=key, **options)

    def run_sql(path, *statements):
        with closing(cipher.connect(path, key=KEY, mode="rwc")) as connection:
            for statement in statements:
                connection.execute(statement)

    monkeypatch.setattr(Database, "for_file", classmethod(keyed_for_file))
    monkeypatch.setattr(test_migrate, "run_sql", run_sql)
    # The tests read backups with sqlite3.connect(path); here that must need the database's key.
    keyed_sqlite3 = types.SimpleNamespace(connect=lambda path: cipher.connect(path, key=KEY, mode="ro"))
    monkeypatch.setattr(test_migrate, "sqlite3", keyed_sqlite3)
    monkeypatch.setattr(test_migrate_supervision, "Database", Database)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("encrypted-template") / "gcp-desk.db"
    db = _plain_for_file(Database, path, key=KEY)
    prepare(db, backups_dir=None)
    db.dispose()
    assert not cipher.is_plain_sqlite(path) and path.stat().st_size > 0
    return path


def test_an_up_to_date_encrypted_database_opens_without_loading_alembic(db, db_path, tmp_path):
    db.dispose()
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from gcp_desk.storage.db import Database
        from gcp_desk.storage.migrate import prepare
        key = bytes.fromhex(sys.stdin.readline().strip())
        outcome = prepare(Database.for_file(Path({str(db_path)!r}), key=key), Path({str(tmp_path / 'backups')!r}))
        print(outcome.changed, "alembic" in sys.modules)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], input=KEY.hex() + "\n", capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "False"]


def test_the_database_and_its_backups_here_really_are_encrypted(db, db_path, tmp_path):
    assert db.is_encrypted and not cipher.is_plain_sqlite(db_path)
    copy = db.backup(tmp_path / "backups", "manual")
    assert not cipher.is_plain_sqlite(copy)
    with closing(cipher.connect(copy, key=KEY, mode="ro")) as reader:
        assert reader.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
