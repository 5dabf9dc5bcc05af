"""Owner-only files on POSIX: the process's umask, and tightening a data folder that already exists.

At process start (app and command line alike) ``restrict_umask()`` makes everything created afterwards owner-only:
the database, SQLite's -wal, -shm and journal files, backups, reports, logs. ``secure_folder`` then tightens what
was made before (by an older version, or under another umask): the folder 0700, and GCP Desk's own files in it
0600. On Windows both do nothing: the per-user application data folder is protected by its access control list,
which gives the user, administrators and the system access and nobody else.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
OWNER_ONLY_UMASK = 0o077
OWN_FOLDERS = frozenset({"backups", "signing", "instruments"})
OWN_FILES = frozenset({"settings.json"})
OWN_FILE_PREFIX = "gcp-desk"


def restrict_umask() -> int | None:
    """Set the umask to 077 and return the previous one (``None`` where there are no POSIX modes)."""
    if os.name != "posix":
        return None
    return os.umask(OWNER_ONLY_UMASK)


def secure_folder(folder: Path) -> None:
    """Create ``folder`` if need be, then make it 0700 and GCP Desk's own entries in it owner-only (POSIX): the
    files named ``gcp-desk*`` and ``settings.json`` 0600, and the ``backups``, ``signing`` and ``instruments``
    folders 0700 with everything in them 0600 (their folders 0700).

    Only GCP Desk's own entries: ``--data-dir`` may name a folder that also holds someone's other files, whose
    modes are not ours to change. Symbolic links are left alone (never followed), as are entries owned by someone
    else. Tightening is a second line after the umask, so an entry that cannot be changed is skipped rather than
    stopping the app.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if os.name != "posix":
        return
    _tighten(folder, FOLDER_MODE)
    for entry in folder.iterdir():
        if entry.name in OWN_FOLDERS and entry.is_dir() and not entry.is_symlink():
            _tighten(entry, FOLDER_MODE)
            for root, folders, files in os.walk(entry, followlinks=False):
                for name in folders:
                    _tighten(Path(root) / name, FOLDER_MODE)
                for name in files:
                    _tighten(Path(root) / name, FILE_MODE)
        elif entry.name.startswith(OWN_FILE_PREFIX) or entry.name in OWN_FILES:
            _tighten(entry, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        status = path.lstat()
        if stat.S_ISLNK(status.st_mode) or status.st_uid != os.geteuid():
            return
        if stat.S_IMODE(status.st_mode) != mode:
            os.chmod(path, mode)
    except OSError:
        return
