"""SQLCipher 4 connections opened with a raw 256-bit key, and telling a plain SQLite file from an encrypted one.

The key goes to SQLCipher as a blob literal (``PRAGMA key = "x'…'"``), so there is no passphrase and no second key
derivation per connection: opening a connection costs what it costs without encryption. The key is never put in a
message, a log or a URL that anyone prints.

SQLCipher cannot tell a wrong key from a damaged file (both fail its check of the first page), so a file that does
not open with the key is refused with words that say both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..domain.errors import DatabaseUnavailable, WrongDatabaseKey

KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every plain SQLite file; an SQLCipher file starts with 16 random bytes (its salt)."""
FILE_MODE = 0o600


def check_key(key: bytes) -> bytes:
    """``key`` if it is 32 bytes, else ``ValueError`` (which never shows the key)."""
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ValueError(f"a database key is {KEY_BYTES} random bytes")
    return bytes(key)


def key_literal(key: bytes) -> str:
    """The raw key as SQLCipher reads it: ``x'<64 hex digits>'``. Pass it only to SQLCipher."""
    return f"x'{check_key(key).hex()}'"


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"{key_literal(key)}\""


def is_plain_sqlite(path: Path) -> bool:
    """True when ``path`` starts with the plain SQLite header. An empty file is neither plain nor encrypted."""
    try:
        with open(path, "rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def connect(path: Path, *, key: bytes | None, mode: str = "rw") -> Any:
    """A raw sqlcipher3 connection to ``path`` opened by URI with ``mode`` (``ro``, ``rw`` or ``rwc``), keyed and
    checked when ``key`` is given (see ``check_opened``), in autocommit mode (the caller says BEGIN)."""
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True, check_same_thread=False,
                                isolation_level=None)
    try:
        if key is not None:
            quiet(connection)
            connection.execute(key_pragma(key))
            check_opened(connection, Path(path))
    except BaseException:
        connection.close()
        raise
    return connection


def sqlcipher_error() -> type[Exception]:
    """The base class of sqlcipher3's errors (it is not ``sqlite3.Error``)."""
    from sqlcipher3 import dbapi2

    return dbapi2.Error


def check_opened(connection: Any, path: Path) -> None:
    """Prove that the connection really is SQLCipher 4 and that the key opens the file.

    A plain SQLite library would ignore ``PRAGMA key`` and go on to write readable pages; it is caught here because
    it does not answer ``PRAGMA cipher_version``.
    """
    quiet(connection)
    answer = connection.execute("PRAGMA cipher_version").fetchone()
    version = str(answer[0]) if answer and answer[0] else ""
    if not version.split(".")[0] == "4":
        raise DatabaseUnavailable(
            "This copy of GCP Desk cannot open encrypted databases: its SQLCipher 4 library is missing or is "
            f"another version ({version or 'none found'}). Reinstall GCP Desk. Nothing was changed.")
    connection.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never touch the disk
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as error:  # noqa: BLE001 - sqlcipher3's own DatabaseError; its words are replaced below
        if "not a database" not in str(error).lower():
            raise
        raise unopened(path) from None


def quiet(connection: Any) -> None:
    """Keep SQLCipher's own log off standard error: a wrong key is reported once, in words, by ``unopened``."""
    connection.execute("PRAGMA cipher_log_level = NONE")


def unopened(path: Path) -> DatabaseUnavailable:
    """The error for a file that does not open with the key it was given, saying which case it is."""
    if is_plain_sqlite(path):
        return DatabaseUnavailable(
            f"The database at {path} is not encrypted yet, so it cannot be opened as an encrypted one. "
            "It has not been changed.")
    return WrongDatabaseKey(
        f"The database at {path} does not open with this key: the key file belongs to another database, or the "
        "database file is damaged. The database has not been changed; restore it from a backup that opens.")


def create_private(path: Path) -> None:
    """Make an empty file at ``path`` readable by its owner only, before SQLite fills it (SQLite gives its journal
    and WAL files the same mode). ``FileExistsError`` if something is already there."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def fsync_file(path: Path) -> None:
    with open(path, "rb") as stream:
        os.fsync(stream.fileno())


def fsync_folder(folder: Path) -> None:
    """Put a rename in ``folder`` on disk (POSIX; Windows has no folder handles and needs none)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
