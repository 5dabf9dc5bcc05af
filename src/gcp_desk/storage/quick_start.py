"""A quick first read at start, so the window can show a returning user's caseload before SQLAlchemy, pydantic and
the services are imported (about 0.4 s): the standard library's sqlite3 and json only.

It only answers when everything is as expected: the SQLite file in the data folder (no database URL in the
settings), already at the schema this app knows (so opening it properly will change nothing), a last user who is in
it. Anything else, or any error at all, answers ``None``, and the app opens the database the ordinary way, which
creates, upgrades or refuses it, and explains any problem in words.

The file is opened read-only by URI: this read never creates, changes or locks out a database.
"""

from __future__ import annotations

import encodings.utf_8_sig  # noqa: F401 - the codec read_text() looks up below: loaded here, not on the worker
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from ..domain.caseload import CaseloadRow
from ..domain.enums import Role
from .caseload_sql import CASELOAD_COLUMNS, CASELOAD_SQL, caseload_rows
from .schema_version import SCHEMA_HEAD, VERSION_TABLE

CASELOAD_AS_ONE_TEXT = f"SELECT json_group_array(json_array({', '.join(CASELOAD_COLUMNS)})) FROM ({CASELOAD_SQL})"
"""The same caseload query, its rows handed over as one JSON text.

This read runs on a worker while the UI thread imports Qt. sqlite3 lets go of the interpreter's lock around each
row SQLite reads, and then waits for the busy UI thread to hand it back: row by row, that took 120-900 ms instead of
30-70 (measured on 10,000 children). As one text there is one wait, and ``json.loads`` is quick C code.
"""


@dataclass(frozen=True, slots=True)
class QuickUser:
    """The account that used the app last, as stored: enough to say "Working as …" until the services are open."""

    id: UUID
    name: str
    role: Role


@dataclass(frozen=True)
class QuickStart:
    user: QuickUser
    rows: list[CaseloadRow]
    """The whole caseload, exactly as ``CaseloadQuery.rows()`` reads it."""
    domain_titles: dict[str, str]
    """Domain id -> title, read from the instrument files before they are checked (see ``domain_titles_in``)."""


def read_quick_start(database: Path, settings_file: Path, instrument_folders: Iterable[Path] = ()) -> QuickStart | None:
    """The returning user and their caseload, or ``None`` when the ordinary way of opening must decide."""
    try:
        settings = _settings_values(settings_file)
        if settings is None or settings.get("database_url") is not None:
            return None
        last_user = settings.get("last_user_id")
        if not isinstance(last_user, str) or not database.is_file():
            return None
        found = _read(database, UUID(last_user))
        if found is None:
            return None
        user, rows = found
        return QuickStart(user, rows, domain_titles_in(instrument_folders))
    except Exception:  # noqa: BLE001 - any surprise is for the ordinary way of opening to report, in words
        return None


def _settings_values(settings_file: Path) -> dict[str, Any] | None:
    """The settings file as plain JSON (``Settings`` checks it properly later); ``None`` when there is none."""
    if not settings_file.is_file():
        return None
    values = json.loads(settings_file.read_text(encoding="utf-8"))
    return values if isinstance(values, dict) else None


def _read(database: Path, user_id: UUID) -> tuple[QuickUser, list[CaseloadRow]] | None:
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        connection.execute("BEGIN")  # one snapshot for the version, the user and the caseload
        versions = [version for (version,) in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")]
        if versions != [SCHEMA_HEAD]:
            return None
        user = connection.execute("SELECT id, name, role FROM users WHERE id = ?", (user_id.hex,)).fetchone()
        if user is None:
            return None
        rows = caseload_rows(lambda: _caseload_values(connection))
        return QuickUser(user_id, user[1], Role(user[2])), rows
    finally:
        connection.close()


def _caseload_values(connection: sqlite3.Connection) -> list:
    try:
        (text,) = connection.execute(CASELOAD_AS_ONE_TEXT).fetchone()
    except sqlite3.OperationalError:  # an SQLite built without its JSON functions: row by row, then
        return connection.execute(CASELOAD_SQL).fetchall()
    return json.loads(text)


def domain_titles_in(folders: Iterable[Path]) -> dict[str, str]:
    """Domain id -> title from the instrument files in ``folders``, read as plain JSON; a later folder's titles win.

    These name the domains on the caseload's chips until the instrument library (which checks every file, with
    pydantic) is open; the window then takes the library's titles if they differ. A file that cannot be read here
    is skipped: the library reports it.
    """
    titles: dict[str, str] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")) if Path(folder).is_dir() else ():
            try:
                domains = json.loads(path.read_text(encoding="utf-8-sig")).get("domains", [])
                titles.update({d["id"]: d["title"] for d in domains if isinstance(d.get("id"), str)
                               and isinstance(d.get("title"), str)})
            except (OSError, ValueError, AttributeError, TypeError):
                continue
    return titles
