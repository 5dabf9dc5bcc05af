"""Consistent copies of an SQLite database file, taken with SQLite's online backup API.

A plain file copy of a database in WAL mode can miss committed pages still in the -wal file, or catch a page half
written; the backup API copies what a reader sees in one snapshot.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from ..domain.errors import DatabaseUnavailable

BACKUP_PREFIX = "gcp-desk-"


def backup_sqlite(source: Path, dest_dir: Path, label: str) -> Path:
    """Copy ``source`` to ``dest_dir/gcp-desk-<label>-<UTC time>.db`` and return the copy's path.

    The copy is written under a temporary name and renamed when complete, so a copy that exists is a whole one.
    It is left in rollback-journal mode: one self-contained file that can be opened from anywhere, read-only media
    included.
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
        # mode=ro: a backup must never create or change its source.
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as reader:
            with closing(sqlite3.connect(partial)) as writer:
                reader.backup(writer)
                writer.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, destination)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise DatabaseUnavailable(f"The database at {source} could not be backed up to {dest_dir}: {error}.") from error
    return destination


def _free_name(folder: Path, stem: str) -> Path:
    """``stem.db``, or ``stem-2.db`` and so on if two backups fall in the same second."""
    candidate = folder / f"{stem}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.db"
        number += 1
    return candidate
