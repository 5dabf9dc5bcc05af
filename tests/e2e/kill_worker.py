"""Backs up or restores one data folder over and over, saying each step on stdout as it starts, until it is killed.
Run by ``test_kill_backup_restore``, which kills it with SIGKILL at a random moment."""

from __future__ import annotations

import sys
from pathlib import Path

from gcp_desk.app import open_backend
from gcp_desk.paths import AppPaths


def main(mode: str, data_dir: str, name: str, password: str, backup: str | None = None) -> None:
    say_each_step()
    backend = open_backend(AppPaths.at(Path(data_dir)))
    account = next(account for account in backend.accounts() if account.name == name)
    user = backend.unlock(account.id, password)
    round_ = 0
    while True:
        round_ += 1
        if round_ == 2:  # the first round loads what the work needs: kills land in rounds as they run every day
            say("ready")
        if mode == "backup":
            say(f"backup {round_}: start")
            backend.backups(user).make("manual", lambda done, of: say(f"backup {round_}: page {done} of {of}"))
            say(f"backup {round_}: done")
        else:
            say(f"restore {round_}: start")
            backend.restore(user).restore(Path(backup), lambda step, of, words: say(f"restore {round_}: {words}"))
            say(f"restore {round_}: done")


def say(words: str) -> None:
    print(words, flush=True)


def say_each_step() -> None:
    """Each file step of a backup or restore says so as it starts (the steps themselves are unchanged)."""
    from gcp_desk.services import audit_anchor, backups, integrity, restore
    from gcp_desk.storage import backup, restore as restore_files

    def saying(owner, name: str, words: str) -> None:
        original = getattr(owner, name)

        def wrapped(*args, **kwargs):
            say(words)
            return original(*args, **kwargs)

        setattr(owner, name, wrapped)

    saying(backup, "check_copy", "checking the copy")
    saying(backup.os, "replace", "renaming a finished file (a copy or a head file)")
    saying(backup, "remove_partials", "removing unfinished copies")
    saying(audit_anchor.HeadAnchor, "sign", "signing a head file")
    saying(backups, "remove_backup", "ageing out an old backup")
    saying(backups.BackupService, "_make_room", "making room")
    saying(integrity.IntegrityService, "check_since_last", "checking the trail since the last check")
    saying(backup, "row_counts", "counting rows, then copying the pages")
    saying(restore, "walk_chain", "walking an audit chain")
    saying(restore, "retire_live", "folding in the old log")
    saying(restore, "swap_in", "swapping the files")
    saying(restore_files, "to_single_file", "making one self-contained file")


if __name__ == "__main__":
    main(*sys.argv[1:])
