"""One database, by URL: an SQLite file by default, PostgreSQL for a team. Opening, pragmas and transactions.

An SQLite file opened with a key is SQLCipher 4 (``sqlite+pysqlcipher``): every page of the file, its WAL and its
journal is encrypted (AES-256), and temporary tables stay in memory. The key is never part of ``url``, ``describe()``
or any message (see ``cipher``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DatabaseError, DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool, StaticPool
from sqlcipher3 import dbapi2 as sqlcipher

from ..domain.errors import DatabaseUnavailable
from . import cipher
from .checkpoints import Checkpointer
from .integrity import readable_integrity_error
from .unit_of_work import AttentionKeeper, UnitOfWork

BUSY_TIMEOUT_MS = 30000
"""How long a write waits for another writer to finish before it is refused: a write unit is a few milliseconds,
so only a stuck process makes anyone wait this long."""
WRITES = "gcp_desk_writes"
"""Execution option: the unit of work writes, so it takes the write lock as it begins (see ``transaction``)."""
CHAIN_LOCK = 0x6763_7064_6573_6B
"""PostgreSQL advisory lock key held by every write unit, so audit events are appended one writer at a time."""
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA wal_autocheckpoint=0",  # the log is copied back on a thread of its own (``checkpoints``)
)
_PLAIN_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}


class Database:
    """The engine and its sessions. Use ``transaction()`` for every read and write."""

    def __init__(self, url: str | URL, *, create: bool = True, echo: bool = False, key: bytes | None = None):
        """``create=False`` refuses to create a missing SQLite file, so a lost file is reported, not replaced.

        ``key`` (32 bytes) opens an SQLite file as SQLCipher 4; see ``for_file``.
        """
        self._url = make_url(url)
        self._path = _sqlite_file(self._url)
        self._key = cipher.check_key(key) if key is not None else None
        if self._key is not None and (self._path is None or self._url.drivername != "sqlite+pysqlcipher"):
            raise ValueError("a key opens an SQLite file only, by a sqlite+pysqlcipher URL")
        self.existed_at_open = self._path is not None and self._path.exists()
        """The SQLite file was there before this object was made (an empty file made by it is a new database)."""
        self._must_exist = not create or self.existed_at_open
        self._engine = self._create_engine(echo)
        self._checkpoints: Checkpointer | None = None
        if self._path is not None:
            self._checkpoints = Checkpointer(self._checkpoint)
            event.listen(self._engine, "commit", lambda _connection: self._checkpoints.committed())
        self._sessions = sessionmaker(self._engine, expire_on_commit=False, autoflush=False)
        self.keep_attention: AttentionKeeper | None = None
        """Set by the services: works out the stored attention of the children a transaction changed."""
        self.before_read: Callable[[], None] | None = None
        """Called before each statement of a unit that only reads (``read()``). Set by the window: a read that
        fills in part of a screen, on a thread of its own, waits there while a keypress's grade is being stored."""
        event.listen(self._engine, "before_cursor_execute", self._before_statement)

    @classmethod
    def for_file(cls, path: Path, *, key: bytes | None = None, create: bool = True, echo: bool = False) -> Database:
        """The SQLite file at ``path``; encrypted with SQLCipher 4 when ``key`` (32 random bytes) is given.

        A file that does not open with the key raises ``WrongDatabaseKey`` at first use; a plain file given a key
        raises ``DatabaseUnavailable`` saying it is not encrypted yet (see ``storage.encryption``).
        """
        path = Path(path).expanduser().resolve()
        driver = "sqlite" if key is None else "sqlite+pysqlcipher"
        return cls(URL.create(driver, database=str(path)), create=create, echo=echo, key=key)

    @property
    def url(self) -> str:
        """The URL with any password hidden, fit for a log or an error message."""
        return self._url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self._url.get_backend_name() == "sqlite"

    @property
    def is_encrypted(self) -> bool:
        return self._key is not None

    @property
    def path(self) -> Path | None:
        """The SQLite file, or ``None`` for an in-memory or server database."""
        return self._path

    @property
    def engine(self) -> Engine:
        """For storage's own use (migrations, bulk writes); services use ``transaction()``."""
        return self._engine

    def describe(self) -> str:
        """The SQLite file, or a server's host, port and database (no login, no options): for messages."""
        if self._path is not None:
            return str(self._path)
        if not self.is_sqlite and self._url.host:
            port = f":{self._url.port}" if self._url.port else ""
            return f"{self._url.host}{port}/{self._url.database}"
        return self.url

    def backup(self, dest_dir: Path, label: str, progress: Callable[[int, int], None] | None = None) -> Path:
        """A whole copy of this SQLite file in ``dest_dir``, encrypted with the same key if this one is
        (``backup.backup_sqlite``); the key never leaves this object."""
        from .backup import backup_sqlite

        if self._path is None:
            raise DatabaseUnavailable(f"Only an SQLite file can be backed up here, not {self.describe()}.")
        return backup_sqlite(self._path, dest_dir, label, key=self._key, progress=progress)

    def backup_checked(self, dest_dir: Path, label: str, progress: Callable[[int, int], None] | None = None,
                       before_naming=None):
        """``backup``, returning what the copy was checked to hold (``backup.CheckedCopy``)."""
        from .backup import checked_backup

        if self._path is None:
            raise DatabaseUnavailable("Only an SQLite database file can be backed up this way.")
        self.check_present()
        return checked_backup(self._path, dest_dir, label, key=self._key, progress=progress,
                              before_naming=before_naming)

    def __repr__(self) -> str:
        return f"Database({self.describe()!r}{', encrypted' if self._key is not None else ''})"

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[UnitOfWork]:
        """A unit of work in one transaction: committed if the block ends normally, rolled back if it raises.

        A unit writes unless it says otherwise (``write=False``, or ``read()``): it takes the write lock as it
        begins (SQLite ``BEGIN IMMEDIATE``; on PostgreSQL the audit chain's advisory lock), so it waits for another
        writer rather than failing half-way when it comes to write, and it reads the audit chain's head only
        once no one else can append. A read-only unit begins deferred and never waits for a writer.
        """
        self.check_present()
        session = self._sessions()
        unit = UnitOfWork(session, self.keep_attention)
        try:
            with self.translate_errors():
                options: dict[str, Any] = {WRITES: write}
                if write and not self.is_sqlite:
                    # Writers take turns on the advisory lock. REPEATABLE READ would fix this unit's snapshot as
                    # the lock is asked for, before the writer ahead commits; READ COMMITTED reads after the wait,
                    # and no other writer can commit while the lock is held, so the unit still sees one state.
                    options["isolation_level"] = "READ COMMITTED"
                session.connection(execution_options=options)
                if write and not self.is_sqlite:
                    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
                yield unit
                unit.finish()
                # On Linux a pooled connection keeps writing to a file that was deleted under it; refuse to
                # "save" into a file nobody will ever open again.
                self.check_present()
                session.commit()
        except BaseException:
            # A failed rollback (say, the drive is gone) must not hide the error that caused it.
            with suppress(Exception):
                session.rollback()
            session.close()
            for keep in unit.kept_on_failure:
                with suppress(Exception):
                    keep()
            raise
        finally:
            session.close()

    def read(self):
        """A unit of work that only reads (``transaction(write=False)``)."""
        return self.transaction(write=False)

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Turn a lost, locked or unreadable database into ``DatabaseUnavailable`` with words a user can act on, and
        a value the schema refuses into ``InvalidInput`` (see ``integrity``)."""
        try:
            yield
        except (OperationalError, DisconnectionError, sqlite3.OperationalError, sqlcipher.OperationalError) as error:
            # sqlite3's own error arrives unwrapped when our creator fails to open the file.
            if self._key is not None and _looks_unreadable(error) and self._path is not None:
                raise cipher.unopened(self._path) from None
            raise DatabaseUnavailable(self._explain(error)) from error
        except IntegrityError as error:
            readable = readable_integrity_error(error)
            if readable is None:
                raise
            raise readable from error
        except (DatabaseError, sqlite3.DatabaseError, sqlcipher.DatabaseError) as error:
            if self._key is not None and self._path is not None and "not a database" in _reason(error).lower():
                # SQLCipher's words for a wrong key (or a damaged first page); say which error it is, keyless.
                raise cipher.unopened(self._path) from None
            if _looks_unreadable(error):
                raise DatabaseUnavailable(self._explain(error)) from error
            raise

    def check_present(self) -> None:
        if self._path is None or not self._must_exist:
            return
        if not self._path.exists():
            # Drop pooled connections to the vanished file so that, if the drive comes back, we reconnect to it.
            self._engine.dispose()
            raise DatabaseUnavailable(
                f"The GCP Desk database cannot be found at {self._path}. If it is on a removable drive or a "
                "network folder, reconnect it and try again. The last change was not saved."
            )

    def ensure_wal(self) -> None:
        """Put an SQLite file in write-ahead-log mode: readers never wait for the writer, and a commit is one append.

        WAL is a lasting property of the file, so this is done once the file is known to be ours (by
        ``migrate.prepare``) rather than on every connection, which would rewrite the header of any file opened by
        mistake, or of a newer app's database that must be left exactly as it is.
        """
        if not self.is_sqlite or self._path is None:
            return
        self.check_present()
        with self.translate_errors(), self._engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            mode = raw.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DatabaseUnavailable(
                f"The database at {self.describe()} cannot use write-ahead logging (journal mode {mode}); "
                "it may be on a network drive or read-only media."
            )

    def page_check(self) -> list[str]:
        """SQLCipher's page check (when encrypted) and SQLite's quick check, as the problems they name."""
        problems: list[str] = []
        with self.translate_errors(), self._engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            if self._key is not None:
                problems += [str(row[0]) for row in raw.execute("PRAGMA cipher_integrity_check").fetchall()]
            found = [str(row[0]) for row in raw.execute("PRAGMA quick_check(10)").fetchall()]
            problems += [] if found == ["ok"] else found
        return problems

    def _before_statement(self, connection: Connection, *_statement: Any) -> None:
        hold = self.before_read
        if hold is not None and not connection.get_execution_options().get(WRITES, False):
            hold()

    def dispose(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.close()
        self._engine.dispose()

    def _checkpoint(self) -> None:
        """A passive checkpoint of the write-ahead log (``checkpoints``): copies what no reader still needs."""
        if self._path is None or not self._path.exists():
            return
        raw = self._engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            raw.close()

    def _explain(self, error: Exception) -> str:
        reason = str(getattr(error, "orig", None) or error).strip()
        lowered = reason.lower()
        where = self.describe()
        if not self.is_sqlite:
            from .server_problems import explain

            refused = explain(reason, where, self._url.username)
            if refused is not None:
                return str(refused)
        if "could not serialize" in lowered or "deadlock" in lowered:
            return (
                f"Someone else changed the same record in the GCP Desk database at {where} at the same moment. "
                "Try again. The last change was not saved."
            )
        if "locked" in lowered or "busy" in lowered:
            return (
                f"The GCP Desk database at {where} is busy with another task. Wait a moment and try again. "
                "The last change was not saved."
            )
        if "disk i/o" in lowered:
            return (
                f"The GCP Desk database at {where} could not be read or written: the drive may have been removed "
                "or be failing. Reconnect it and try again. The last change was not saved."
            )
        if "not a database" in lowered or "malformed" in lowered:
            return (
                f"The file at {where} cannot be read as a GCP Desk database: it is damaged, or it is not one. "
                "Restore it from a backup. Nothing was changed."
            )
        if self._path is not None and not self._path.exists():
            return (
                f"The GCP Desk database cannot be found at {where}. If it is on a removable drive or a network "
                "folder, reconnect it and try again. The last change was not saved."
            )
        return f"The GCP Desk database at {where} cannot be used just now ({reason}). The last change was not saved."

    def _create_engine(self, echo: bool) -> Engine:
        # No value of a statement ever reaches an error message or the log: they may be names and case notes.
        options: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        # The connection returned last is taken first: each keeps its own page cache warm, and the window's worker
        # and its reading thread took turns between two connections, each finding its cache cold.
        options["pool_use_lifo"] = True
        if not self.is_sqlite:
            # A team server's connections can be dropped by the network; test each one as it leaves the pool.
            options["pool_pre_ping"] = True
            # A unit of work sees one snapshot, as on SQLite; and of two transactions that change the same row at
            # once, the second fails (and is reported as "changed at the same moment") rather than overwriting the
            # first on the strength of what it read before, which could leave a caseload summary stale.
            options["isolation_level"] = "REPEATABLE READ"
        elif self._url.database in (None, "", ":memory:"):
            # One shared in-memory database for every thread of this process (tests and tools only).
            options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
            del options["pool_use_lifo"]  # one connection: nothing to choose
        elif self._path is not None and self._url.drivername in _PLAIN_SQLITE_DRIVERS:
            options["creator"] = self._open_sqlite_file
        elif self._key is not None:
            # The dialect keys each new connection with the URL's "password", here the raw key literal, which
            # SQLCipher takes as the key itself (no passphrase derivation). That URL lives in the engine only;
            # SQLAlchemy never prints a URL's password. Pooled like plain files (the dialect's default pool would
            # share one connection between the units of work of a thread).
            options.update(creator=self._open_sqlcipher_file, poolclass=QueuePool)
            engine = create_engine(self._url.set(password=cipher.key_literal(self._key)), **options)
            event.listen(engine, "connect", self._check_keyed_connection)
            event.listen(engine, "connect", _prepare_sqlite_connection)
            event.listen(engine, "begin", _begin_sqlite_transaction)
            return engine
        engine = create_engine(self._url, **options)
        if self.is_sqlite:
            event.listen(engine, "connect", _prepare_sqlite_connection)
            event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine

    def _open_sqlcipher_file(self) -> Any:
        """As ``_open_sqlite_file``, with sqlcipher3; the dialect then gives the key (``PRAGMA key``)."""
        assert self._path is not None
        mode = "rw" if self._must_exist else "rwc"
        connection = sqlcipher.connect(f"{self._path.as_uri()}?mode={mode}", uri=True, check_same_thread=False)
        self._must_exist = True
        return connection

    def _check_keyed_connection(self, dbapi_connection: Any, connection_record: Any) -> None:
        assert self._path is not None
        cipher.check_opened(dbapi_connection, self._path)

    def _open_sqlite_file(self) -> sqlite3.Connection:
        """Open the file by URI so that, once it has existed, a missing file is an error and not a new empty one."""
        assert self._path is not None
        mode = "rw" if self._must_exist else "rwc"
        connection = sqlite3.connect(f"{self._path.as_uri()}?mode={mode}", uri=True, check_same_thread=False)
        self._must_exist = True
        return connection


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def _prepare_sqlite_connection(dbapi_connection: Any, connection_record: Any) -> None:
    # Python's sqlite3 (before 3.12) only opens a transaction before INSERT/UPDATE/DELETE, so SELECTs of one unit of
    # work could see different snapshots and DDL in a migration would commit statement by statement. Take over:
    # sqlite3 stays out of it and ``_begin_sqlite_transaction`` emits BEGIN (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    # A unit that writes holds the write lock from its first statement: started deferred, a unit that read first
    # could not upgrade to writing while another connection wrote, and SQLite would refuse it ("busy") at once.
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _reason(error: Exception) -> str:
    return str(getattr(error, "orig", None) or error)


def _looks_unreadable(error: Exception) -> bool:
    message = _reason(error).lower()
    return "not a database" in message or "malformed" in message or "disk i/o" in message
