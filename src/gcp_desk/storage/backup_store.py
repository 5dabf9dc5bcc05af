"""The backups folder: which backups it holds, which of them age out, and the room they take.

Automatic backups (label ``auto``) age out: the newest of each of the last ``keep_daily`` days that have one is
kept, and the newest of each of the last ``keep_weekly`` weeks; every other automatic one is removed. Backups made
by hand, before an upgrade or before a restore are never removed here (they hold what a person chose to keep, or
what a restore discarded); they count towards the size cap, and an administrator removes them.

    plan = ageing(stored_backups(folder), keep_daily=7, keep_weekly=4)   # plan.remove: oldest first
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .backup import BACKUP_PREFIX, HEAD_SUFFIX

AUTOMATIC = "auto"
_NAME = re.compile(rf"^{re.escape(BACKUP_PREFIX)}(?P<label>.+)-(?P<time>\d{{8}}T\d{{6}}Z)(-(?P<n>\d+))?\.db$")


@dataclass(frozen=True)
class StoredBackup:
    path: Path
    label: str
    taken_at: datetime
    size: int
    number: int = 1
    """Two backups in the same second are numbered (``-2``, ``-3``)."""

    @property
    def is_automatic(self) -> bool:
        return self.label == AUTOMATIC

    @property
    def head_file(self) -> Path:
        return head_file_of(self.path)

    @property
    def day(self) -> str:
        return f"{self.taken_at:%Y-%m-%d}"

    @property
    def week(self) -> str:
        year, week, _ = self.taken_at.isocalendar()
        return f"{year}-W{week:02d}"


def head_file_of(backup: Path) -> Path:
    """The signed chain head kept beside a backup."""
    return backup.with_name(backup.name + HEAD_SUFFIX)


def stored_backups(folder: Path) -> list[StoredBackup]:
    """Every finished backup in ``folder``, newest first (``.partial`` copies are not backups)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None or not entry.is_file():
            continue
        taken_at = datetime.strptime(match["time"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(StoredBackup(entry, match["label"], taken_at, size, int(match["n"] or 1)))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.number), reverse=True)


@dataclass
class Ageing:
    keep: list[StoredBackup]
    remove: list[StoredBackup]
    """Oldest first."""


def ageing(backups: list[StoredBackup], *, keep_daily: int, keep_weekly: int) -> Ageing:
    """Which automatic backups to keep (newest of each recent day and week, and always the newest of all) and
    which to remove. Other backups are always kept."""
    automatic = [backup for backup in backups if backup.is_automatic]  # newest first
    kept: set[Path] = {automatic[0].path} if automatic else set()
    for bucket, how_many in ((lambda b: b.day, keep_daily), (lambda b: b.week, keep_weekly)):
        seen: list[str] = []
        for backup in automatic:
            key = bucket(backup)
            if key in seen:
                continue
            if len(seen) == how_many:
                break
            seen.append(key)
            kept.add(backup.path)
    keep = [backup for backup in backups if not backup.is_automatic or backup.path in kept]
    remove = [backup for backup in reversed(automatic) if backup.path not in kept]
    return Ageing(keep, remove)


def over_size(backups: list[StoredBackup], max_bytes: int) -> list[StoredBackup]:
    """The automatic backups to remove, oldest first, to bring the folder under ``max_bytes``; never the newest
    automatic one (the newest good backup), never one made by hand or before an upgrade or restore."""
    total = sum(backup.size + _head_size(backup) for backup in backups)
    removable = [backup for backup in reversed(backups) if backup.is_automatic][:-1]  # oldest first, not the newest
    chosen = []
    for backup in removable:
        if total <= max_bytes:
            break
        chosen.append(backup)
        total -= backup.size + _head_size(backup)
    return chosen


def total_size(backups: list[StoredBackup]) -> int:
    return sum(backup.size + _head_size(backup) for backup in backups)


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def remove_backup(backup: StoredBackup) -> None:
    """The backup and its head file (the head file last: a backup never lingers without the record of its end)."""
    backup.path.unlink(missing_ok=True)
    backup.head_file.unlink(missing_ok=True)


def _head_size(backup: StoredBackup) -> int:
    try:
        return backup.head_file.stat().st_size
    except OSError:
        return 0


def in_words(size: int) -> str:
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:.1f} GB"
    if size >= 1024 ** 2:
        return f"{size / 1024 ** 2:.0f} MB"
    return f"{max(size, 1) / 1024:.0f} KB"
