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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..domain.errors import DatabaseUnavailable, WrongDatabaseKey
from . import cipher
from .audit_chain import ChainHead

BACKUP_PREFIX = "gcp-desk-"
PARTIAL_SUFFIX = ".partial"
HEAD_SUFFIX = ".head.json"
"""The signed audit-chain head kept beside each backup (``<backup>.head.json``)."""
_SQLCIPHER_ERROR = cipher.sqlcipher_error()


@dataclass(frozen=True)
class CheckedCopy:
    """What the copy was found to hold when it was checked after writing."""

    path: Path
    rows: dict[str, int]
    """Rows per table, counted in the source's snapshot and found again in the copy."""
    head: ChainHead
    """The last link of the audit chain the copy holds."""


def backup_sqlite(source: Path, dest_dir: Path, label: str, *, key: bytes | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """``checked_backup``, returning only the copy's path."""
    return checked_backup(source, dest_dir, label, key=key, progress=progress).path


def checked_backup(source: Path, dest_dir: Path, label: str, *, key: bytes | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   before_naming: Callable[[Path, ChainHead], None] | None = None) -> CheckedCopy:
    """Copy ``source`` to ``dest_dir/gcp-desk-<label>-<UTC time>.db`` and return the copy's path.

    With ``key`` the source is opened as SQLCipher and the copy is encrypted with the same key. The copy is written
    under a temporary name (owner-only) and renamed when complete, so a copy that exists is a whole one; a failure
    removes the temporary file. It is left in rollback-journal mode: one self-contained file that can be opened
    from anywhere, read-only media included.

    The copy is checked before it takes its name: it opens with the key, SQLite's quick check passes (a damaged
    page in the source is copied as it is, so damage is found here and nothing is kept), and every table holds the
    rows counted in the source's snapshot. ``.partial`` files left in ``dest_dir`` by a copy that was killed are
    removed first. ``before_naming(final_path, head)`` runs once the copy has checked out and before it takes
    its name (the signed head file is written there, so a backup never exists without one).
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
    partial = destination.with_name(destination.name + PARTIAL_SUFFIX)
    try:
        remove_partials(dest_dir)  # left by copies that were killed
        cipher.create_private(partial)
        # mode=ro: a backup must never create or change its source.
        with closing(_open(source, key, "ro")) as reader, closing(_open(partial, key, "rw")) as writer:
            reader.execute("BEGIN")  # one snapshot for the counts and the copy
            try:
                rows = row_counts(reader)
                if progress is None:
                    reader.backup(writer)
                else:  # a few megabytes at a time, saying how far it has got (pages copied, of all)
                    reader.backup(writer, pages=1024,
                                  progress=lambda _status, remaining, total: progress(total - remaining, total))
            finally:
                reader.execute("COMMIT")
            writer.execute("PRAGMA journal_mode=DELETE")
        cipher.fsync_file(partial)
        head = check_copy(partial, key, rows, source=source)
        if before_naming is not None:
            before_naming(destination, head)
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
    return CheckedCopy(destination, rows, head)


def check_copy(path: Path, key: bytes | None, rows: dict[str, int] | None = None, *,
               source: Path | None = None, name: str | None = None, verdict: str = "so it was not kept") -> ChainHead:
    """Open ``path`` read-only with ``key``, run SQLite's quick check and compare its row counts with ``rows``;
    ``DatabaseUnavailable`` naming what is wrong (the copy called ``name``, ending "..., ``verdict``."), else the
    last link of the audit chain it holds."""
    what = f"The backup of {source}" if source is not None else f"The backup {name or path.name}"
    try:
        with closing(_open(path, key, "ro")) as copy:
            found = [str(row[0]) for row in copy.execute("PRAGMA quick_check(10)").fetchall()]
            if found != ["ok"]:
                raise DatabaseUnavailable(
                    f"{what} is damaged ({'; '.join(line.strip('* ') for line in found[:3])}), {verdict}. "
                    + ("Run 'gcp-desk db check': the database itself may be damaged." if source else ""))
            counted = row_counts(copy)
            if rows is not None and counted != rows:
                differing = sorted(table for table in set(rows) | set(counted) if rows.get(table) != counted.get(table))
                raise DatabaseUnavailable(f"{what} does not hold what was copied (tables {', '.join(differing)} "
                                          f"differ), {verdict}.")
            return chain_head_of(copy)
    except WrongDatabaseKey as error:
        raise DatabaseUnavailable(
            f"{what} does not open with this database's key: it is damaged, is not a GCP Desk backup, or was made "
            f"before the database was re-keyed (it then opens only with the old recovery key), {verdict}.") from error
    except DatabaseUnavailable:
        raise
    except (sqlite3.Error, _SQLCIPHER_ERROR) as error:
        raise DatabaseUnavailable(f"{what} cannot be read ({error}), {verdict}.") from error


def row_counts(connection: Any) -> dict[str, int]:
    tables = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in tables}


def chain_head_of(connection: Any) -> ChainHead:
    """The audit chain's last link in a raw connection's database (the empty chain's where it has none)."""
    try:
        row = connection.execute("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1").fetchone()
    except (sqlite3.Error, _SQLCIPHER_ERROR):
        return ChainHead.empty()  # older than the audit chain
    return ChainHead.empty() if row is None else ChainHead(int(row[0]), str(row[1]))


def remove_partials(folder: Path) -> list[Path]:
    """Remove every unfinished copy (``*.partial`` and its journal) a killed backup or restore left in ``folder``,
    and head files whose backup never took its name; what was removed. Safe at every start: a finished copy never
    has these names."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for entry in folder.iterdir():
        unfinished = any(entry.name.endswith(PARTIAL_SUFFIX + side) for side in ("", "-journal", "-wal", "-shm"))
        orphan_head = entry.name.endswith(HEAD_SUFFIX) and not entry.with_name(entry.name[:-len(HEAD_SUFFIX)]).exists()
        if unfinished or orphan_head:
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def _open(path: Path, key: bytes | None, mode: str) -> Any:
    if key is None:
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True)
    return cipher.connect(path, key=key, mode=mode)


def _remove(partial: Path) -> None:
    """The unfinished copy, its journal, and the head file signed for it if it got that far."""
    named = partial.with_name(partial.name[: -len(PARTIAL_SUFFIX)] + HEAD_SUFFIX)
    for leftover in (partial, partial.with_name(partial.name + "-journal"), named):
        leftover.unlink(missing_ok=True)


def _free_name(folder: Path, stem: str) -> Path:
    """``stem.db``, or ``stem-2.db`` and so on if two backups fall in the same second."""
    candidate = folder / f"{stem}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.db"
        number += 1
    return candidate
