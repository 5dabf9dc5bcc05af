"""The file steps of a restore: a backup copied in beside the database and checked there, the live database's
write-ahead log folded in and cleared, and the swap.

The copy is made in the data folder under a ``.partial`` name (so a killed restore leaves nothing that the next
start does not remove) and renamed over the database in one step (``os.replace``): at any moment the folder holds
either the old database, whole, or the restored one, whole. The copy is in rollback-journal mode when it is put in
place, and the old database's ``-wal`` and ``-shm`` files are gone by then, so no old log is ever replayed into
the restored file.

    stage = stage_backup(backup, data_dir, key)         # a checked copy beside the database
    retire_live(database, key)                          # the old log folded in and removed
    swap_in(stage.path, database)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DatabaseUnavailable
from . import cipher
from .audit_chain import ChainHead
from .backup import PARTIAL_SUFFIX, check_copy
from .file_health import file_problem

STAGE_NAME = "gcp-desk-restoring.db" + PARTIAL_SUFFIX
_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Stage:
    path: Path
    head: ChainHead
    """The last link of the audit chain in the backup, as it was copied."""


def stage_backup(backup: Path, data_dir: Path, key: bytes | None) -> Stage:
    """Copy ``backup`` into ``data_dir`` under a temporary name and check the copy: it opens with ``key`` and
    passes SQLite's quick check. ``DatabaseUnavailable`` naming what is wrong (the copy removed)."""
    backup = Path(backup)
    if not backup.is_file():
        raise DatabaseUnavailable(f"There is no backup at {backup}. Nothing was changed.")
    problem = file_problem(backup, encrypted=key is not None)
    if problem:
        raise DatabaseUnavailable(f"{problem} Nothing was restored; the database is as it was.")
    stage = Path(data_dir) / STAGE_NAME
    remove_stage(stage)
    try:
        cipher.create_private(stage)
        with open(backup, "rb") as source, open(stage, "wb") as target:
            shutil.copyfileobj(source, target, 4 * 1024 * 1024)
            target.flush()
            os.fsync(target.fileno())
        head = check_copy(stage, key, name=backup.name,
                          verdict="so it cannot be restored. Nothing was restored; the database is as it was")
    except DatabaseUnavailable:
        remove_stage(stage)
        raise
    except BaseException:
        remove_stage(stage)
        raise
    return Stage(stage, head)


def to_single_file(path: Path, key: bytes | None) -> None:
    """Fold ``path``'s write-ahead log into it and leave it in rollback-journal mode: one self-contained file."""
    with closing(cipher.connect(path, key=key, mode="rw")) as connection:
        connection.execute("PRAGMA busy_timeout = 5000")
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()
        if str(mode[0]).lower() != "delete":
            raise DatabaseUnavailable(f"The database at {path} is in use by another program (is GCP Desk open on "
                                      "this folder?). Close it and try again. Nothing was restored.")
    cipher.fsync_file(path)


def retire_live(database: Path, key: bytes | None) -> None:
    """Before the swap: the live database's log folded in (when it still reads) and its side files removed, so
    that nothing of the old file is replayed into the restored one."""
    if database.exists():
        try:
            to_single_file(database, key)
        except DatabaseUnavailable:
            raise
        except Exception:  # noqa: BLE001 - a damaged database: it was copied aside whole (with its log) first
            pass
    for suffix in _SIDE_FILES:
        database.with_name(database.name + suffix).unlink(missing_ok=True)


def swap_in(stage: Path, database: Path) -> None:
    os.replace(stage, database)
    cipher.fsync_folder(database.parent)


def keep_damaged(database: Path, backups_dir: Path, name: str) -> Path:
    """A database that cannot be backed up the checked way (it is damaged) copied aside as it is, with its log,
    under ``name``: whatever it still holds is kept."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = backups_dir / name
    for suffix in ("", "-wal"):
        source = database.with_name(database.name + suffix)
        if not source.exists():
            continue
        partial = target.with_name(target.name + suffix + PARTIAL_SUFFIX)
        partial.unlink(missing_ok=True)
        cipher.create_private(partial)
        shutil.copyfile(source, partial)
        cipher.fsync_file(partial)
        os.replace(partial, target.with_name(target.name + suffix))
    cipher.fsync_folder(backups_dir)
    return target


def remove_stage(stage: Path) -> None:
    for leftover in (stage, *(stage.with_name(stage.name + suffix) for suffix in _SIDE_FILES)):
        leftover.unlink(missing_ok=True)


def last_common_link(upto: int, ours: Callable[[int], ChainHead | None],
                     theirs: Callable[[int], ChainHead | None]) -> int:
    """The last sequence number (at most ``upto``) at which two chains hold the same link; 0 if none. Chains that
    agree at a link agree at every link before it (each hash covers the one before), so this halves the range."""
    low, high = 0, upto
    while low < high:
        middle = (low + high + 1) // 2
        if ours(middle) is not None and ours(middle) == theirs(middle):
            low = middle
        else:
            high = middle - 1
    return low
