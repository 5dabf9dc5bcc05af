"""``gcp-desk db restore FILE --as NAME``: an administrator puts a backup in the database's place (the present
database kept as a backup first), or brings back a database that has gone missing from its folder. Prints event
numbers, file names and times, never case content."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..domain.errors import InvalidInput
from ..paths import AppPaths
from .signing_in import SignInNeeded, how_to_sign_in, password_reader, signed_in

LOCK_FILE = "gcp-desk.lock"


def restore(paths: AppPaths, file: Path | None, *, acting_as: str | None, password_stdin: bool,
            without_head_file: bool) -> int:
    from ..recovery import missing_database, restore_missing_database

    if file is None:
        raise InvalidInput("Say which backup to restore: gcp-desk db restore FILE --as NAME (backups are in "
                           f"{paths.backups_dir}).")
    file = Path(file).expanduser().resolve()
    if not file.is_file():
        raise InvalidInput(f"There is no backup at {file}. Nothing was changed.")
    holder = _app_holding(paths)
    if holder:
        print(f"GCP Desk is open on this data folder (process {holder}): close it first, then restore. Nothing was "
              "changed.", file=sys.stderr)
        return 1
    progress = _StepPrinter()
    if missing_database(paths):
        if not acting_as:
            raise SignInNeeded(how_to_sign_in("db restore"))
        password = password_reader(password_stdin, "db restore")(f"Password for {acting_as}: ")
        outcome = restore_missing_database(paths, acting_as, password, file, progress,
                                           without_head_file=without_head_file)
    else:
        with signed_in(paths, acting_as, password_stdin, "db restore") as (backend, user):
            outcome = backend.restore(user).restore(file, progress, without_head_file=without_head_file)
    print(f"Restored {file.name}: its audit trail was checked from event 1 to {outcome.restored_to.seq} before and "
          f"after the swap ({outcome.seconds:.1f} s).")
    if outcome.kept_as is not None:
        print(f"The database it replaced is kept as {outcome.kept_as}.")
    if outcome.discarded is not None:
        first, last = outcome.discarded
        print(f"Events {first} to {last} of the replaced trail are not in the restored one; the restore is recorded "
              f"as event {outcome.head.seq}, and the trail's new end is signed.")
    elif outcome.kept_as is None and outcome.replaced_to > outcome.restored_to.seq:
        print(f"The missing database's trail was last signed as reaching event {outcome.replaced_to}: what it held "
              f"after the backup is lost. The restore is recorded as event {outcome.head.seq}, and the trail's new "
              "end is signed.")
    else:
        print(f"The restore is recorded as event {outcome.head.seq}, and the trail's new end is signed.")
    return 0


class _StepPrinter:
    def __call__(self, step: int, of: int, words: str) -> None:
        print(f"[{step}/{of}] {words}", file=sys.stderr, flush=True)


def _app_holding(paths: AppPaths) -> int | None:
    """The process id of a GCP Desk app holding the folder's lock on this computer, if it is still running."""
    try:
        lines = (paths.data_dir / LOCK_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except (PermissionError, OSError):
        return pid
    return pid
