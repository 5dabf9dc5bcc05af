"""Encrypting a plain SQLite database in place, and its plain backups, so that nothing is lost and a kill at any
moment leaves one whole database: the plain one or the encrypted one, never neither.

    if is_plain_sqlite(paths.database):
        report = encrypt_in_place(paths.database, data_key)        # before the app opens the database
        for backup in plain_backups(paths.backups_dir): ...         # say so, then
        encrypt_plain_backups(paths.backups_dir, data_key)

How: the plain file is copied into a new encrypted file beside it (``<name>.encrypting``, owner-only) with
SQLCipher's ``sqlcipher_export``, inside one transaction that keeps writers out, so the copy is one snapshot. The
copy is then opened afresh with the key and checked (``quick_check``, the same tables, indexes and triggers, the
same number of rows in every table); any difference stops here, the copy is removed and the original is untouched.
Only then is the copy put on disk (fsync) and given the database's name in one step (``os.replace``). The plain file
is first linked as ``<name>.plain-old`` and, once the encrypted file has its name, overwritten with zeros and removed
(best effort: an SSD or a copy-on-write file system may keep old blocks, which only full-disk encryption covers).

The database must not be open anywhere else while this runs (the app does it at start, before opening it): a plain
-wal file still present after our own connection closed means another program has it open, and the swap is refused.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from ..domain.errors import DatabaseUnavailable
from ..files import erase_file
from . import cipher
from .cipher import is_plain_sqlite

__all__ = [
    "EncryptionFailed", "EncryptionReport", "compare_databases", "encrypt_in_place", "encrypt_plain_backups",
    "is_plain_sqlite", "plain_backups", "rekey_in_place", "remove_leftovers", "remove_leftovers_in",
]

ENCRYPTING_SUFFIX = ".encrypting"
PLAIN_OLD_SUFFIX = ".plain-old"
Progress = Callable[[int, int, str], None]
"""``progress(step, of, words)``: step 1..of, and what is being done, in words a person can be shown."""
_STEPS = 4


class EncryptionFailed(DatabaseUnavailable):
    """The encrypted copy did not match the plain database, or could not be made; the plain one is untouched."""


@dataclass(frozen=True)
class EncryptionReport:
    path: Path
    rows: dict[str, int]
    """Rows in each table, the same in the plain original and the encrypted copy."""
    plain_bytes: int
    encrypted_bytes: int
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def encrypt_in_place(path: Path, key: bytes, *, progress: Progress | None = None) -> EncryptionReport:
    """Replace the plain SQLite database at ``path`` by an SQLCipher 4 copy encrypted with ``key``.

    Raises ``DatabaseUnavailable`` (nothing done) if the file is missing, already encrypted or open elsewhere,
    and ``EncryptionFailed`` (original untouched, copy removed) if the copy differs in any table.
    """
    started = time.perf_counter()
    path = Path(path).resolve()
    cipher.check_key(key)
    tell = progress or (lambda step, of, words: None)
    if not path.is_file():
        raise DatabaseUnavailable(f"There is no database at {path} to encrypt.")
    remove_leftovers(path)
    if not is_plain_sqlite(path):
        raise DatabaseUnavailable(f"The database at {path} is already encrypted, or is not an SQLite database. "
                                  "It has not been changed.")
    return _replace_with_copy(path, None, key, tell, started)


def rekey_in_place(path: Path, old_key: bytes, new_key: bytes, *,
                   progress: Progress | None = None) -> EncryptionReport:
    """Re-encrypt the database at ``path`` from ``old_key`` to ``new_key`` the same way (copy, check, swap), so a
    kill at any moment leaves it whole under one key or the other (``KeyFile.rekey`` keeps both until then).
    Backups already made stay encrypted with the old key."""
    started = time.perf_counter()
    path = Path(path).resolve()
    cipher.check_key(old_key)
    cipher.check_key(new_key)
    if not path.is_file():
        raise DatabaseUnavailable(f"There is no database at {path} to re-key.")
    remove_leftovers(path)
    if is_plain_sqlite(path):
        raise DatabaseUnavailable(f"The database at {path} is not encrypted, so it cannot be re-keyed. "
                                  "It has not been changed.")
    return _replace_with_copy(path, old_key, new_key, progress or (lambda step, of, words: None), started)


def _replace_with_copy(path: Path, source_key: bytes | None, key: bytes, tell: Progress,
                       started: float) -> EncryptionReport:
    copy = path.with_name(path.name + ENCRYPTING_SUFFIX)
    plain_bytes = path.stat().st_size
    try:
        tell(1, _STEPS, "Copying the records into an encrypted file")
        expected = _export(path, copy, source_key, key)
        tell(2, _STEPS, "Checking that every table was copied whole")
        _check_copy(path, copy, source_key, key, expected)
        cipher.fsync_file(copy)
        if _open_elsewhere(path):
            raise DatabaseUnavailable(
                f"The database at {path} is open in another program (is GCP Desk running twice?). Close it and try "
                "again. Nothing was changed.")
    except BaseException:
        _remove_copy(copy)
        raise
    tell(3, _STEPS, "Putting the encrypted database in place")
    _swap(path, copy)
    tell(4, _STEPS, "Erasing the old copy")
    remove_leftovers(path)
    return EncryptionReport(path=path, rows=expected, plain_bytes=plain_bytes,
                            encrypted_bytes=path.stat().st_size, seconds=time.perf_counter() - started)


def plain_backups(backups_dir: Path) -> list[Path]:
    """The backups in ``backups_dir`` still in plain form (to tell the user before ``encrypt_plain_backups``)."""
    folder = Path(backups_dir)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.db") if path.is_file() and is_plain_sqlite(path))


def encrypt_plain_backups(backups_dir: Path, key: bytes, *,
                          progress: Callable[[int, int, Path], None] | None = None) -> list[EncryptionReport]:
    """Encrypt every plain backup in ``backups_dir`` in place, each as ``encrypt_in_place`` does, and say how each
    went; ``progress(done, of, backup)`` before each. A backup that fails stops the run with its error, leaving it
    and the ones not yet reached plain, and the ones done encrypted."""
    remove_leftovers_in(backups_dir)
    backups = plain_backups(backups_dir)
    reports = []
    for number, backup in enumerate(backups, start=1):
        if progress is not None:
            progress(number, len(backups), backup)
        reports.append(encrypt_in_place(backup, key))
    return reports


def remove_leftovers(path: Path) -> list[Path]:
    """Remove what an interrupted encryption of ``path`` left beside it: an unfinished encrypted copy, and a plain
    copy (overwritten with zeros first). Safe to call at every start; returns what was removed."""
    path = Path(path)
    removed = []
    copy = path.with_name(path.name + ENCRYPTING_SUFFIX)
    if copy.exists() or copy.with_name(copy.name + "-journal").exists():
        _remove_copy(copy)
        removed.append(copy)
    old = path.with_name(path.name + PLAIN_OLD_SUFFIX)
    if old.exists():
        if not path.exists():
            os.replace(old, path)  # the only copy left (the database was removed by hand): put it back, never erase
            return removed
        if os.path.samefile(old, path):
            old.unlink()  # killed before the swap: only a second name of the live plain database, never wiped
        else:
            erase_file(old)
        removed.append(old)
    return removed


def remove_leftovers_in(folder: Path) -> list[Path]:
    """``remove_leftovers`` for every database in ``folder`` an interrupted run left something beside (the backups
    folder: a backup killed mid-encryption, or after its swap with its plain copy not yet erased)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    bases = set()
    for entry in folder.iterdir():
        for suffix in (PLAIN_OLD_SUFFIX, ENCRYPTING_SUFFIX, ENCRYPTING_SUFFIX + "-journal"):
            if entry.name.endswith(suffix):
                bases.add(entry.with_name(entry.name[: -len(suffix)]))
    return [removed for base in sorted(bases) for removed in remove_leftovers(base)]


def compare_databases(first: Path, first_key: bytes | None, second: Path, second_key: bytes | None) -> list[str]:
    """Every difference between two databases, table by table and row by row, in words; ``[]`` when they hold
    exactly the same schema objects and rows. Each key is ``None`` for a plain file."""
    differences = []
    with closing(cipher.connect(first, key=first_key, mode="ro")) as one, \
            closing(cipher.connect(second, key=second_key, mode="ro")) as other:
        first_objects, second_objects = _schema(one), _schema(other)
        if first_objects != second_objects:
            differences.append(f"schema differs: only in the first {sorted(first_objects - second_objects)}, "
                               f"only in the second {sorted(second_objects - first_objects)}")
        for table in _tables(one):
            if table not in _tables(other):
                continue
            for number, (left, right) in enumerate(zip_longest(_rows(one, table), _rows(other, table)), start=1):
                if left != right:
                    differences.append(f"{table}: row {number} differs ({left!r} against {right!r})")
                    break
    return differences


def _export(path: Path, copy: Path, source_key: bytes | None, key: bytes) -> dict[str, int]:
    """Copy ``path`` into the new encrypted file ``copy`` in one transaction; return the rows counted in it."""
    with closing(cipher.connect(path, key=source_key, mode="rw")) as plain:
        plain.execute("PRAGMA busy_timeout = 2000")
        busy = plain.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy and busy[0]:
            raise DatabaseUnavailable(f"The database at {path} is in use by another program. Close it and try "
                                      "again. Nothing was changed.")
        cipher.create_private(copy)
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"{cipher.key_literal(key)}\"", (str(copy),))
        try:
            plain.execute("BEGIN IMMEDIATE")  # writers wait until the copy is made and counted
            try:
                plain.execute("SELECT sqlcipher_export('encrypted')").fetchall()
                for pragma in ("user_version", "application_id"):  # sqlcipher_export leaves these out
                    value = int(plain.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                    plain.execute(f"PRAGMA encrypted.{pragma} = {value}")
                counts = {table: _count(plain, table) for table in _tables(plain)}
                plain.execute("COMMIT")
            except BaseException:
                plain.execute("ROLLBACK")
                raise
        except cipher.sqlcipher_error() as error:
            raise EncryptionFailed(f"The database at {path} could not be copied into an encrypted file ({error}). "
                                   "It has not been changed.") from error
        finally:
            plain.execute("DETACH DATABASE encrypted")
        return counts


def _check_copy(path: Path, copy: Path, source_key: bytes | None, key: bytes, expected: dict[str, int]) -> None:
    # Read-write, though it only reads: a read-only connection would leave the -wal file behind when it closes.
    with closing(cipher.connect(path, key=source_key, mode="rw")) as plain, \
            closing(cipher.connect(copy, key=key, mode="ro")) as encrypted:
        problems = []
        if encrypted.execute("PRAGMA quick_check").fetchone() != ("ok",):
            problems.append("the encrypted copy fails SQLite's own check")
        if _schema(plain) != _schema(encrypted):
            problems.append("the tables, indexes or triggers differ")
        for table, rows in expected.items():
            copied = _count(encrypted, table) if table in _tables(encrypted) else None
            if copied != rows:
                problems.append(f"table {table} has {rows} rows but its copy has {copied}")
    if problems:
        raise EncryptionFailed(
            f"The database at {path} was not encrypted because the encrypted copy did not match it: "
            + "; ".join(problems) + ". The database has not been changed.")


def _open_elsewhere(path: Path) -> bool:
    """Our connection is closed, so SQLite removed the -wal file unless another connection still has it."""
    return path.with_name(path.name + "-wal").exists()


def _swap(path: Path, copy: Path) -> None:
    old = path.with_name(path.name + PLAIN_OLD_SUFFIX)
    try:
        os.link(path, old)  # keeps the plain bytes reachable for erasing after the swap
    except OSError:
        old = None  # a file system without hard links: the swap alone still holds
    try:
        os.replace(copy, path)
        cipher.fsync_folder(path.parent)
    except BaseException:
        if old is not None:
            old.unlink(missing_ok=True)
        _remove_copy(copy)
        raise
    for stale in (path.with_name(path.name + "-shm"), path.with_name(path.name + "-journal")):
        stale.unlink(missing_ok=True)  # the plain file's, meaningless to the encrypted one


def _remove_copy(copy: Path) -> None:
    for leftover in (copy, copy.with_name(copy.name + "-journal")):
        leftover.unlink(missing_ok=True)


def _tables(connection: Any) -> list[str]:
    return [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _schema(connection: Any) -> set[tuple[str, str]]:
    return {(kind, name) for kind, name in connection.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}


def _count(connection: Any, table: str) -> int:
    return int(connection.execute(f'SELECT count(*) FROM "{_quoted(table)}"').fetchone()[0])


def _rows(connection: Any, table: str) -> Iterator[tuple]:
    columns = len(connection.execute(f'SELECT * FROM "{_quoted(table)}" LIMIT 0').description)
    order = ", ".join(str(number) for number in range(1, columns + 1))
    yield from connection.execute(f'SELECT * FROM "{_quoted(table)}" ORDER BY {order}')


def _quoted(name: str) -> str:
    return name.replace('"', '""')
