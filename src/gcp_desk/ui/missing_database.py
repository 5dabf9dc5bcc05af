"""When the folder's database has gone missing: what the start page says, and whether a backup can be offered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DatabaseMissing


@dataclass(frozen=True)
class MissingOffer:
    paths: object
    newest: Path
    words: str


def missing_database_offer(error: Exception) -> MissingOffer | None:
    """The offer to restore the newest signed backup, or ``None`` (another error, or no backup to offer)."""
    if not isinstance(error, DatabaseMissing) or error.data_dir is None:
        return None
    from ..paths import AppPaths
    from ..recovery import missing_database, newest_backup

    paths = AppPaths.at(error.data_dir)
    newest = newest_backup(paths) if missing_database(paths) else None  # an encrypted folder: its key file is there
    if newest is None:
        return None
    words = (f"{error} The newest backup in {paths.backups_dir} can be restored by an "
             "administrator: anything saved after it was made is not in it.")
    return MissingOffer(paths, newest, words)
