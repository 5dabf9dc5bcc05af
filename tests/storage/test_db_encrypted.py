"""An encrypted (SQLCipher 4) database: what it writes is unreadable without the key, a wrong key is refused in
words that say so, and the key never shows in a URL, a description, a log or a message."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import text

from gcp_desk.domain.errors import DatabaseUnavailable, WrongDatabaseKey
from gcp_desk.domain.people import Household
from gcp_desk.storage import cipher
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare

pytestmark = pytest.mark.sqlite_only

KEY = os.urandom(32)
SECRET_NAME = "Zanzibarova household"
SECRET_ADDRESS = "17 Quillithorpe Mews"


def file_hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def every_byte(folder):
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


@pytest.fixture
def encrypted(tmp_path):
    db = Database.for_file(tmp_path / "data" / "gcp-desk.db", key=KEY)
    (tmp_path / "data").mkdir()
    prepare(db, backups_dir=None)
    yield db
    db.dispose()


def add_household(db, name=SECRET_NAME):
    household = Household(name=name, address=SECRET_ADDRESS)
    with db.transaction() as uow:
        uow.households.add(household)
    return household


def test_every_connection_is_sqlcipher_4_with_wal_foreign_keys_and_temporary_data_in_memory(encrypted):
    with encrypted.transaction() as uow:
        values = {name: uow.session.execute(text(f"PRAGMA {name}")).scalar()
                  for name in ("cipher_version", "journal_mode", "foreign_keys", "temp_store", "busy_timeout")}
    assert values["cipher_version"].startswith("4.")
    assert (values["journal_mode"], values["foreign_keys"], values["temp_store"], values["busy_timeout"]) == (
        "wal", 1, 2, 30000)  # temp_store 2 = MEMORY


def test_what_is_written_is_in_no_file_in_readable_form_but_reads_back_with_the_key(encrypted, tmp_path):
    household = add_household(encrypted)
    # The app is still open: the change sits in the WAL, which must be encrypted as well.
    assert encrypted.path.with_name("gcp-desk.db-wal").stat().st_size > 0
    everything = every_byte(tmp_path / "data")
    assert SECRET_NAME.encode() not in everything and SECRET_ADDRESS.encode() not in everything
    assert not cipher.is_plain_sqlite(encrypted.path)
    with encrypted.transaction() as uow:
        assert uow.households.get(household.id) == household
    # The same check finds the words in a plain database, so it would catch a database left unencrypted.
    plain = Database.for_file(tmp_path / "plain" / "gcp-desk.db")
    (tmp_path / "plain").mkdir()
    prepare(plain, backups_dir=None)
    add_household(plain)
    assert SECRET_NAME.encode() in every_byte(tmp_path / "plain")
    plain.dispose()


def test_plain_sqlite_cannot_read_it(encrypted):
    add_household(encrypted)
    encrypted.dispose()
    with closing(sqlite3.connect(encrypted.path)) as reader, pytest.raises(sqlite3.DatabaseError,
                                                                           match="not a database"):
        reader.execute("SELECT * FROM households").fetchall()


def test_a_wrong_key_is_refused_in_words_and_the_file_is_left_exactly_as_it_was(encrypted):
    add_household(encrypted)
    encrypted.dispose()
    before = file_hash(encrypted.path)
    wrong = Database.for_file(encrypted.path, key=os.urandom(32), create=False)
    with pytest.raises(WrongDatabaseKey) as refused:
        with wrong.transaction() as uow:
            uow.households.all()
    assert "does not open with this key" in str(refused.value)
    assert isinstance(refused.value, DatabaseUnavailable)  # shown like any database that cannot be used
    with pytest.raises(WrongDatabaseKey):
        prepare(wrong, backups_dir=None)
    wrong.dispose()
    assert file_hash(encrypted.path) == before


def test_a_plain_database_given_a_key_is_refused_as_not_encrypted_and_left_unchanged(tmp_path):
    plain = Database.for_file(tmp_path / "plain.db")
    prepare(plain, backups_dir=None)
    plain.dispose()
    before = file_hash(tmp_path / "plain.db")
    keyed = Database.for_file(tmp_path / "plain.db", key=KEY, create=False)
    with pytest.raises(DatabaseUnavailable, match="not encrypted yet") as refused:
        prepare(keyed, backups_dir=None)
    assert not isinstance(refused.value, WrongDatabaseKey)
    keyed.dispose()
    assert file_hash(tmp_path / "plain.db") == before


def test_the_key_is_in_no_url_description_message_or_log(encrypted, caplog, tmp_path):
    secret = KEY.hex()
    shown = [encrypted.url, encrypted.describe(), repr(encrypted), repr(encrypted.engine), str(encrypted.engine.url)]
    assert not any(secret in text_ or secret.upper() in text_ for text_ in shown)
    assert encrypted.url.startswith("sqlite+pysqlcipher:///") and encrypted.is_encrypted

    echoing = Database.for_file(encrypted.path, key=KEY, echo=True)
    with caplog.at_level(logging.DEBUG):
        add_household(echoing, "Logged household")
        with pytest.raises(WrongDatabaseKey) as refused:
            with Database.for_file(encrypted.path, key=bytes(32)).transaction() as uow:
                uow.households.all()
    echoing.dispose()
    logged = caplog.text + str(refused.value) + repr(refused.value)
    assert "INSERT INTO households" in caplog.text  # the log was really captured (values are never logged)
    assert secret not in logged.lower() and bytes(32).hex() not in logged.lower()


def test_a_key_must_be_32_bytes_and_a_server_database_takes_none():
    with pytest.raises(ValueError, match="32 random bytes"):
        Database.for_file("x.db", key=b"too short")
    with pytest.raises(ValueError, match="SQLite file only"):
        Database("postgresql+psycopg://someone@localhost/db", key=KEY)


def test_a_missing_encrypted_file_is_reported_not_created(tmp_path):
    db = Database.for_file(tmp_path / "gone.db", key=KEY, create=False)
    with pytest.raises(DatabaseUnavailable, match="cannot be found"):
        with db.transaction() as uow:
            uow.households.all()
    assert not (tmp_path / "gone.db").exists()


def test_a_vanished_encrypted_file_is_not_recreated_by_a_new_connection(encrypted):
    add_household(encrypted)
    encrypted.dispose()
    for leftover in encrypted.path.parent.glob("gcp-desk.db*"):
        leftover.unlink()
    with pytest.raises(DatabaseUnavailable, match="cannot be found"):
        with encrypted.transaction() as uow:
            uow.households.all()
    with pytest.raises(Exception, match="unable to open"):
        encrypted.engine.raw_connection()
    assert not encrypted.path.exists()


def test_a_library_without_sqlcipher_is_caught_before_anything_is_written_in_plain(tmp_path):
    """A plain SQLite library ignores PRAGMA key and would write readable pages; it must be refused at open."""
    with closing(sqlite3.connect(tmp_path / "x.db")) as plain_library:
        with pytest.raises(DatabaseUnavailable, match="cannot open encrypted databases"):
            cipher.check_opened(plain_library, tmp_path / "x.db")


def test_what_the_schema_refuses_is_still_said_in_words_on_an_encrypted_database(encrypted):
    """sqlcipher3 reports constraint failures without SQLite's extended codes; the words must not depend on them."""
    from uuid import uuid4

    from sqlalchemy.exc import IntegrityError

    from gcp_desk.domain.errors import InvalidInput, NotFound

    with pytest.raises(InvalidInput, match="either a grade or the reason") as refused:
        with encrypted.transaction() as uow:
            uow.session.execute(text("INSERT INTO item_grades (assessment_id, item_id, grade, not_assessed_reason, "
                                     "updated_at) VALUES (:a, 'x', NULL, NULL, '2024-01-01 00:00:00.000000')"),
                                {"a": uuid4().hex})
    assert isinstance(refused.value.__cause__, IntegrityError)
    with pytest.raises(NotFound, match="not in the database"):
        with encrypted.transaction() as uow:
            uow.session.execute(text("INSERT INTO item_grades (assessment_id, item_id, grade, not_assessed_reason, "
                                     "updated_at) VALUES (:a, 'x', 3, NULL, '2024-01-01 00:00:00.000000')"),
                                {"a": uuid4().hex})


def test_the_connection_given_back_last_is_the_next_one_used_so_its_page_cache_is_warm(encrypted):
    engine = encrypted.engine
    first, second = engine.connect(), engine.connect()  # the worker and the reading thread, at once
    first_raw, second_raw = first.connection.dbapi_connection, second.connection.dbapi_connection
    first.close()
    second.close()
    for _ in range(3):
        with encrypted.read() as uow:
            uow.session.execute(text("SELECT 1"))
            assert uow.session.connection().connection.dbapi_connection is second_raw
    assert first_raw is not second_raw
