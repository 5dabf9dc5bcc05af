"""Consistent copies of an SQLite database file, taken with SQLite's online backup API.

A plain file copy of a database in WAL mode can miss committed pages still in the -wal file, or catch a page half
written; the backup API copies what a reader sees in one snapshot (one step, so one read transaction: writers go on
meanwhile and none of their changes is half in the copy).

An encrypted database is copied the same way between two SQLCipher connections keyed alike, so the copy is
encrypted with the same key, page by page, and never exists in plain form, not even in a temporary file. (Measured
against ``ATTACH ... KEY`` with ``sqlcipher_export``: as fast, and consistent without an explicit transaction.)
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.errors import DatabaseUnavailable
from . import cipher

BACKUP_PREFIX = "gcp-desk-"
_SQLCIPHER_ERROR = cipher.sqlcipher_error()


def backup_sqlite(source: Path, dest_dir: Path, label: str, *, key: bytes | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy ``source`` to ``dest_dir/gcp-desk-<label>-<UTC time>.db`` and return the copy's path.

    With ``key`` the source is opened as SQLCipher and the copy is encrypted with the same key. The copy is written
    under a temporary name (owner-only) and renamed when complete, so a copy that exists is a whole one; a failure
    removes the temporary file. It is left in rollback-journal mode: one self-contained file that can be opened
    from anywhere, read-only media included.
    """
    source = Path(source)
    if not source.is_file():
        raise DatabaseUnavailable(f"There is no database at {source} to back up.")
    dest_dir = Path(dest_dir)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(f"The backup folder {dest_dir} cannot be created: {error.strerror}.") from error
    destination = _free_name(dest_dir, f"{BACKUP_PREFIX}{label}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    partial = destination.with_name(destination.name + ".partial")
    try:
        partial.unlink(missing_ok=True)  # left by a copy that was killed
        cipher.create_private(partial)
        # mode=ro: a backup must never create or change its source.
        with closing(_open(source, key, "ro")) as reader, closing(_open(partial, key, "rw")) as writer:
            if progress is None:
                reader.backup(writer)
            else:  # a few megabytes at a time, saying how far it has got (pages copied, of all)
                reader.backup(writer, pages=1024,
                              progress=lambda _status, remaining, total: progress(total - remaining, total))
            writer.execute("PRAGMA journal_mode=DELETE")
        cipher.fsync_file(partial)
        os.replace(partial, destination)
        cipher.fsync_folder(dest_dir)
    except DatabaseUnavailable:
        _remove(partial)
        raise
    except (sqlite3.Error, OSError, _SQLCIPHER_ERROR) as error:
        _remove(partial)
        raise DatabaseUnavailable(f"The database at {source} could not be backed up to {dest_dir}: {error}.") from error
    except BaseException:
        _remove(partial)
        raise
    return destination


def _open(path: Path, key: bytes | None, mode: str) -> Any:
    if key is None:
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True)
    return cipher.connect(path, key=key, mode=mode)


def _remove(partial: Path) -> None:
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)


def _free_name(folder: Path, stem: str) -> Path:
    """``stem.db``, or ``stem-2.db`` and so on if two backups fall in the same second."""
    candidate = folder / f"{stem}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.db"
        number += 1
    return candidate
