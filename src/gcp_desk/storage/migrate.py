"""Bring a database to the schema this app knows: create it, back it up and upgrade it, or refuse it if newer.

An up-to-date database costs one small query here; alembic (slow to import) is loaded only when there is work.
Revision ids are zero-padded numbers ("0001", "0002", ...) so that "older" and "newer" can be decided without
alembic and without knowing the newer app's scripts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, inspect, select

from .. import __version__
from ..domain.errors import DatabaseTooNew, DatabaseUnavailable
from . import orm
from .db import Database
from .file_health import file_problem
from .schema_version import SCHEMA_HEAD, VERSION_TABLE  # defined apart so the quick start read needs no SQLAlchemy

MIGRATIONS_DIR = Path(str(files(__package__ or "gcp_desk.storage").joinpath("migrations")))
"""Shipped as files inside the package (wheel and frozen build alike): alembic reads the scripts from the folder."""
APP_VERSION_KEY = "last_migrated_by_app_version"
"""app_meta key: the GCP Desk version that last created or upgraded the schema, named when a database is refused."""


@dataclass(frozen=True)
class MigrationOutcome:
    previous: str | None
    """The schema version found; ``None`` for an empty database."""
    current: str
    backup: Path | None = None
    """The copy taken before upgrading, if one was."""

    @property
    def created(self) -> bool:
        return self.previous is None

    @property
    def upgraded(self) -> bool:
        return self.previous is not None and self.previous != self.current

    @property
    def changed(self) -> bool:
        return self.previous != self.current


def schema_version(db: Database) -> str | None:
    """The database's schema revision, or ``None`` for an empty database.

    A database with tables but no revision is not one of ours; it is refused rather than written over.
    """
    db.check_present()
    with db.translate_errors(), db.engine.connect() as connection:
        return _read_version(connection, db)


class ServerSchemaMismatch(DatabaseUnavailable):
    """A team server whose schema is not this app's: older (an upgrade is waiting) or not set up. Only
    ``gcp-desk server upgrade`` (or ``server init``) changes a shared server's schema, never a client opening it."""


def prepare(db: Database, backups_dir: Path | None, *, empty_file_is_new: bool = False,
            server_upgrade: bool = False) -> MigrationOutcome:
    """Make ``db`` ready for this app and say what was done.

    - empty: the schema is created at ``SCHEMA_HEAD``;
    - older: an SQLite file is first copied to ``backups_dir`` (skipped when ``None``), then upgraded in one
      transaction, so a failed upgrade leaves the database as it was;
    - newer or unknown: ``DatabaseTooNew`` is raised and nothing is written.

    An SQLite file that is accepted is also put in WAL mode (``Database.ensure_wal``). A foreign file is refused,
    never initialised (``file_health``); so is an empty (0-byte) one, unless ``db`` made it or the caller knows
    no database was ever there (``empty_file_is_new``: a first start that stopped before the schema was made).

    A team server (PostgreSQL) is never created or upgraded here unless ``server_upgrade`` says this is the
    explicit step that does it (``server init``, ``server upgrade``, test set-up): a client that finds it older
    raises ``ServerSchemaMismatch`` naming both versions, and writes nothing.
    """
    if db.path is not None:
        problem = file_problem(db.path, encrypted=db.is_encrypted)
        empty = db.path.exists() and db.path.stat().st_size == 0
        if problem and not (empty and (empty_file_is_new or not db.existed_at_open)):
            raise DatabaseUnavailable(problem)
    found = schema_version(db)
    if found is not None and found != SCHEMA_HEAD and not _is_older(found):
        raise DatabaseTooNew(_too_new_message(db, found))
    if found != SCHEMA_HEAD and not db.is_sqlite and not server_upgrade:
        raise ServerSchemaMismatch(_server_not_ready_message(db, found))
    db.ensure_wal()
    if found == SCHEMA_HEAD:
        return MigrationOutcome(previous=found, current=found)
    config = _alembic_config()
    if found is not None:
        _require_known(config, found)
    backup = None
    if found is not None and backups_dir is not None and db.path is not None:
        backup = db.backup(backups_dir, f"before-{found}-to-{SCHEMA_HEAD}")  # encrypted like the database
    _upgrade(db, config)
    return MigrationOutcome(previous=found, current=SCHEMA_HEAD, backup=backup)


def _read_version(connection: Connection, db: Database) -> str | None:
    inspector = inspect(connection)
    if not inspector.has_table(VERSION_TABLE):
        tables = [name for name in inspector.get_table_names() if not name.startswith("sqlite_")]
        if tables:
            raise DatabaseUnavailable(
                f"The database at {db.describe()} is not a GCP Desk database (it has tables but no schema version). "
                "It has not been changed."
            )
        return None
    versions = list(connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars())
    connection.rollback()
    if not versions:
        return None
    return max(versions, key=_order_key)


def _order_key(version: str) -> tuple[int, int | str]:
    """Numbered revisions in numeric order; anything else sorts after them all, as "unknown, so newer"."""
    return (0, int(version)) if version.isdigit() else (1, version)


def _is_older(version: str) -> bool:
    return _order_key(version) < _order_key(SCHEMA_HEAD)


def _too_new_message(db: Database, found: str) -> str:
    last_app = _last_app_version(db)
    by_whom = f" It was last updated by GCP Desk {last_app}." if last_app else ""
    if not db.is_sqlite:
        return (f"The team server at {db.describe()} uses schema version {found}, which is newer than this copy of "
                f"GCP Desk understands ({SCHEMA_HEAD}).{by_whom} Install the newer GCP Desk to use it; the server has "
                "not been changed.")
    return (
        f"This database uses schema version {found}, which is newer than this copy of GCP Desk understands "
        f"({SCHEMA_HEAD}).{by_whom} Install the newer GCP Desk; the database has not been changed."
    )


def _server_not_ready_message(db: Database, found: str | None) -> str:
    if found is None:
        return (f"The team server at {db.describe()} has no GCP Desk records yet: an IT officer sets it up with "
                "'gcp-desk server init'. Nothing was changed.")
    return (f"The team server at {db.describe()} uses schema version {found}; this copy of GCP Desk uses "
            f"{SCHEMA_HEAD}, so an upgrade of the server is waiting. An administrator runs 'gcp-desk server upgrade' "
            "(it backs the server up first); until then this copy cannot use it. Nothing was changed.")


def _last_app_version(db: Database) -> str | None:
    try:
        with db.engine.connect() as connection:
            if not inspect(connection).has_table(orm.app_meta.name):
                return None
            statement = select(orm.app_meta.c.value).where(orm.app_meta.c.key == APP_VERSION_KEY)
            return connection.execute(statement).scalar()
    except Exception:  # noqa: BLE001 - a newer schema may have changed app_meta; the refusal matters, not this detail
        return None


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    # The option is read through ConfigParser, which treats "%" as interpolation.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    return config


def _require_known(config: Any, found: str) -> None:
    from alembic.script import ScriptDirectory

    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if found not in known:
        raise DatabaseUnavailable(
            f"This database uses schema version {found}, which this copy of GCP Desk does not recognise "
            f"(it knows {', '.join(sorted(known))}). The database has not been changed."
        )


def _upgrade(db: Database, config: Any) -> None:
    with db.translate_errors(), db.engine.connect() as connection:
        with _foreign_keys_off(connection, db.is_sqlite):
            with connection.begin():
                migrate_in(connection, config)
                if db.is_sqlite:
                    _check_foreign_keys(connection)


def migrate_in(connection: Connection, config: Any = None) -> None:
    """Bring the schema to ``SCHEMA_HEAD`` inside the caller's transaction on ``connection`` (a team server's
    ``server init`` and ``server upgrade`` do this as the owner role, with their own steps in the same transaction)."""
    from alembic import command

    config = config if config is not None else _alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, SCHEMA_HEAD)
    connection.execute(delete(orm.app_meta).where(orm.app_meta.c.key == APP_VERSION_KEY))
    connection.execute(insert(orm.app_meta), [{"key": APP_VERSION_KEY, "value": __version__}])


def require_known(found: str) -> None:
    """Refuse a schema version this app has no migration from (``DatabaseUnavailable``)."""
    _require_known(_alembic_config(), found)


def order_key(version: str) -> tuple[int, int | str]:
    """Numbered revisions in numeric order; anything else after them all."""
    return _order_key(version)


@contextmanager
def _foreign_keys_off(connection: Connection, is_sqlite: bool) -> Iterator[None]:
    """SQLite batch migrations rebuild a table by copy, drop and rename; with foreign keys on, dropping the old
    assessments table would cascade-delete every grade. The pragma only takes effect outside a transaction, so it is
    set on the raw connection before BEGIN; ``_check_foreign_keys`` then proves the result is consistent."""
    if not is_sqlite:
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise DatabaseUnavailable(
            f"The upgrade would leave records pointing at nothing (in {', '.join(tables)}); it was undone and the "
            "database has not been changed."
        )
