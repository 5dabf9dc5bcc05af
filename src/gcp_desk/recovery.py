"""Restoring a data folder's database from a backup when its database file has gone missing (an open database's
restore is ``Backend.restore``), where the administrator's password
is checked against the key file and their role against the backup itself (``restore_missing_database``).

    outcome = restore_missing_database(paths, "Ada Admin", password, newest_backup(paths), progress)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .paths import AppPaths
from .security.keyfile import FILE_NAME, KeyFile

if TYPE_CHECKING:
    from .services.restore import Folder, Progress, RestoreOutcome


def newest_signed_backup(paths: AppPaths):
    """The newest backup in the folder that has its signed head beside it (what the missing-database offer
    restores), as ``storage.backup_store.StoredBackup``; ``None`` if there is none."""
    from .storage.backup_store import stored_backups

    return next((backup for backup in stored_backups(paths.backups_dir) if backup.head_file.exists()), None)


def newest_backup(paths: AppPaths) -> Path | None:
    found = newest_signed_backup(paths)
    return None if found is None else found.path


def missing_database(paths: AppPaths) -> bool:
    """The folder has held a database (its key file is there) and the database file is gone."""
    return (paths.data_dir / FILE_NAME).exists() and not paths.database.exists()


def accounts_of_key_file(paths: AppPaths) -> list[tuple[str, str]]:
    """(id, name) of every account with a password in the key file. The key file does not know roles: the backup
    itself says whether the one chosen is an administrator, and anyone else is refused."""
    key_file = KeyFile.load(paths.data_dir / FILE_NAME)
    return [(account.user_id, account.name) for account in key_file.accounts() if account.has_slot]


def restore_missing_database(paths: AppPaths, name: str, password: str, backup: Path,
                             progress: Progress | None = None, *, without_head_file: bool = False,
                             ) -> RestoreOutcome:
    """``services.restore.restore_missing`` for the folder at ``paths``, signed in as ``name`` with ``password``
    (checked against the key file, which unwraps the data key)."""
    from uuid import UUID

    from .domain.errors import NotFound
    from .services.restore import restore_missing

    key_file = KeyFile.load(paths.data_dir / FILE_NAME)
    wanted = " ".join(name.split()).casefold()
    account = next((account for account in key_file.accounts() if account.name.casefold() == wanted), None)
    if account is None:
        raise NotFound(f"There is no account called '{name}' in this folder's key file.")
    data_key = key_file.unlock(UUID(account.user_id), password)
    folder = _folder(paths, data_key, key_file)
    return restore_missing(folder, UUID(account.user_id), backup, progress, without_head_file=without_head_file)


def _folder(paths: AppPaths, data_key: bytes, key_file: KeyFile) -> Folder:
    from .services.audit_anchor import HeadAnchor
    from .services.integrity import DEFAULT_ORGANISATION
    from .services.restore import Folder
    from .settings import Settings

    settings = Settings.load(paths.settings_file)
    anchor = HeadAnchor(paths.data_dir, paths.signing_dir, settings.signing_certificate,
                        settings.organisation_name.strip() or DEFAULT_ORGANISATION, data_key=data_key)
    return Folder(database=paths.database, data_dir=paths.data_dir, backups_dir=paths.backups_dir, key=data_key,
                  anchor=anchor, database_id=key_file.database_id)
