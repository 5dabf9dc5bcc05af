"""A quick first read at start, so the window can show the sign-in screen for the returning account before
SQLAlchemy, pydantic and the services are imported (about 0.4 s): the standard library's sqlite3 and json only.

It reads the account and nothing about any child: no record is read before a right password.

It only answers when everything is as expected: the SQLite file in the data folder (no database URL in the
settings), already at the schema this app knows (so opening it properly will change nothing), a last user who is in
it. Anything else, or any error at all, answers ``None``, and the app opens the database the ordinary way, which
creates, upgrades or refuses it, and explains any problem in words.

The file is opened read-only by URI: this read never creates, changes or locks out a database.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from ..domain.enums import Role
from .schema_version import SCHEMA_HEAD, VERSION_TABLE

KEY_FILE_NAME = "gcp-desk.keys"
"""``security.keyfile.FILE_NAME``, repeated so this quick read imports nothing it does not need."""


@dataclass(frozen=True, slots=True)
class QuickUser:
    """The account that used the app last, as stored: enough to offer it on the sign-in screen."""

    id: UUID
    name: str
    roles: tuple[Role, ...]

    @property
    def role(self) -> Role:
        return self.roles[0]


@dataclass(frozen=True)
class QuickStart:
    user: QuickUser


def read_quick_start(database: Path, settings_file: Path) -> QuickStart | None:
    """The returning account, or ``None`` when the ordinary way of opening must decide."""
    try:
        settings = _settings_values(settings_file)
        if settings is None or settings.get("database_url") is not None:
            return None
        last_user = settings.get("last_user_id")
        if not isinstance(last_user, str) or not database.is_file():
            return None
        key_file = database.with_name(KEY_FILE_NAME)
        if key_file.is_file():  # encrypted: the names are in the key file, and nothing else can be read yet
            user = _read_key_file(key_file, UUID(last_user))
        else:
            user = _read(database, UUID(last_user))
        return None if user is None else QuickStart(user)
    except Exception:  # noqa: BLE001 - any surprise is for the ordinary way of opening to report, in words
        return None


def _settings_values(settings_file: Path) -> dict[str, Any] | None:
    """The settings file as plain JSON (``Settings`` checks it properly later); ``None`` when there is none."""
    if not settings_file.is_file():
        return None
    values = json.loads(settings_file.read_text(encoding="utf-8"))
    return values if isinstance(values, dict) else None


def _read_key_file(path: Path, user_id: UUID) -> QuickUser | None:
    from ..security.key_file_format import read_document

    account = read_document(path)["accounts"].get(str(user_id))
    return None if account is None else QuickUser(user_id, account["name"], ())


def _read(database: Path, user_id: UUID) -> QuickUser | None:
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        connection.execute("BEGIN")  # one snapshot for the version and the account
        versions = [version for (version,) in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")]
        if versions != [SCHEMA_HEAD]:
            return None
        user = connection.execute("SELECT id, name, roles FROM users WHERE id = ?", (user_id.hex,)).fetchone()
        return None if user is None else QuickUser(user_id, user[1], tuple(Role(r) for r in user[2].split(",")))
    finally:
        connection.close()
