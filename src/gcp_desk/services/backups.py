"""Backups, made by hand or by the app: checked after writing, with the audit chain's head signed beside each,
aged out by the settings' policy and kept within their size and free-space caps.

    outcome = backend.backups().automatic("close")      # skipped when nothing changed since the last backup
    outcome = backend.backups(admin).make("manual")     # by hand (``gcp-desk db backup``)

What a backup costs and what happens when a cap bites:

- Before a backup, the chain is checked from the last point checked (the whole of it once a week); what it finds is
  signed into the backup's head file, so a restore knows whether the trail it brings back was sound.
- A backup that would leave less free space than the policy's ``min_free_gb`` first removes the oldest automatic
  backups (never the newest); if that is not enough, no backup is made and ``BackupNotMade`` says why.
- After a backup, automatic backups beyond the days and weeks kept are removed, then the oldest automatic ones
  until all backups together are within ``max_total_gb`` (never the newest). Backups made by hand, before an
  upgrade or before a restore are never removed; when they alone pass the cap, the outcome says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ..domain.clock import utc_now
from ..domain.enums import Role
from ..domain.errors import DatabaseUnavailable, NotAllowed, PermissionDenied
from ..storage.audit_chain import ChainHead
from ..storage.backup import remove_partials
from ..storage.backup_store import (AUTOMATIC, StoredBackup, ageing, free_bytes, head_file_of, in_words, over_size,
                                    remove_backup, stored_backups, total_size)
from .audit_anchor import AnchorProblem
from .base import Service, open_to_anyone
from .context import ServiceContext

DAILY = timedelta(hours=24)
UNCHANGING = ("user.sign-in", "user.sign-out", "db.backup")
"""Events that change nothing a backup holds worth a new copy (with every ``read.*``): a close after only reading
makes no backup."""
ADMINISTRATORS_ONLY = "Only an administrator backs up or restores the database."
_GB = 1024 ** 3


class BackupNotMade(DatabaseUnavailable):
    """No backup was made, and the words say why (not enough room, most often)."""


@dataclass
class BackupOutcome:
    path: Path | None = None
    """``None`` when skipped."""
    skipped: str = ""
    """Why no backup was needed, in words."""
    head: ChainHead = field(default_factory=ChainHead.empty)
    chain_problems: list[str] = field(default_factory=list)
    """What the chain check before the backup found (the backup is made all the same: it keeps the evidence)."""
    removed: list[Path] = field(default_factory=list)
    """Older backups aged out or removed for room."""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    size: int = 0


class BackupService(Service):
    def __init__(self, context: ServiceContext, data_dir: Path, backups_dir: Path, signing_dir: Path):
        super().__init__(context)
        self._data_dir, self._folder, self._signing_dir = Path(data_dir), Path(backups_dir), Path(signing_dir)

    # Made by the app ------------------------------------------------------------------------------------------
    @open_to_anyone
    def automatic(self, reason: str, progress: Callable[[int, int], None] | None = None) -> BackupOutcome:
        """The app's own backup: at close (``reason="close"``, skipped when nothing changed since the last backup)
        or once a day while it runs (``"daily"``, skipped when one was made in the last 24 hours). It reads no case
        content and names nobody, so it runs whoever is signed in, or nobody."""
        self._require_file()
        newest = self._newest()
        if reason == "daily" and newest is not None and utc_now() - newest.taken_at < DAILY:
            return BackupOutcome(skipped="a backup was made in the last 24 hours")
        if newest is not None and not self._changed_since(newest):
            return BackupOutcome(skipped="nothing has changed since the last backup")
        return self._make(AUTOMATIC, progress, actor_id=None)

    @open_to_anyone
    def is_due(self) -> bool:
        """Whether the daily backup is due (none in the last 24 hours)."""
        newest = self._newest()
        return newest is None or utc_now() - newest.taken_at >= DAILY

    # Made or listed by an administrator -------------------------------------------------------------------------
    def make(self, label: str = "manual", progress: Callable[[int, int], None] | None = None) -> BackupOutcome:
        """A backup made by hand (never aged out)."""
        self._require_administrator()
        self._require_file()
        return self._make(label, progress, actor_id=self._context.actor_id)

    def stored(self) -> list[StoredBackup]:
        """Every backup in the folder, newest first."""
        self._require_administrator()
        return stored_backups(self._folder)

    # The work ---------------------------------------------------------------------------------------------------
    def _make(self, label: str, progress, actor_id) -> BackupOutcome:
        from .integrity import IntegrityService

        started = time.perf_counter()
        self._folder.mkdir(parents=True, exist_ok=True)
        remove_partials(self._folder)
        outcome = BackupOutcome()
        outcome.removed += self._make_room()
        integrity = IntegrityService(self._context, self._data_dir, self._signing_dir)
        checked = integrity.check_since_last()
        outcome.chain_problems = list(checked.problems)

        def sign_beside(final: Path, head: ChainHead) -> None:  # before the copy takes its name
            self._anchor().sign(head, path=head_file_of(final), extra={
                "backup": final.name, "chain_checked_to": checked.head.seq,
                "chain_problem": checked.problems[0] if checked.problems else None})

        copy = self._context.db.backup_checked(self._folder, label, progress, before_naming=sign_beside)
        with self._context.db.transaction() as uow:
            uow.audit.record(actor_id, "db.backup", "database", "-", None,
                             {"file": copy.path.name, "seq": copy.head.seq})
        integrity.anchor_head()
        outcome.path, outcome.head, outcome.size = copy.path, copy.head, copy.path.stat().st_size
        removed, warnings = self._age_out()
        outcome.removed += removed
        outcome.warnings += warnings
        outcome.seconds = time.perf_counter() - started
        return outcome

    def _make_room(self) -> list[Path]:
        """Remove the oldest automatic backups (never the newest) until a copy of the database fits and leaves
        the free space the policy keeps; ``BackupNotMade`` if it cannot."""
        policy = self._context.settings.backups
        needed = self._database_size()
        keep_free = int(policy.min_free_gb * _GB)
        removed: list[Path] = []
        backups = stored_backups(self._folder)
        removable = [backup for backup in reversed(backups) if backup.is_automatic][:-1]
        while free_bytes(self._folder) - needed < keep_free:
            if not removable:
                raise BackupNotMade(
                    f"No backup was made: the disk holding {self._folder} has {in_words(free_bytes(self._folder))} "
                    f"free, and a backup needs about {in_words(needed)} while leaving {policy.min_free_gb:g} GB free. "
                    "No older automatic backup is left to remove (the newest is always kept). Free some space, or "
                    "lower the free space kept (backups.min_free_gb in settings.json).")
            oldest = removable.pop(0)
            remove_backup(oldest)
            removed.append(oldest.path)
        return removed

    def _age_out(self) -> tuple[list[Path], list[str]]:
        policy = self._context.settings.backups
        backups = stored_backups(self._folder)
        plan = ageing(backups, keep_daily=policy.keep_daily, keep_weekly=policy.keep_weekly)
        for backup in plan.remove:
            remove_backup(backup)
        max_bytes = int(policy.max_total_gb * _GB)
        extra = over_size(plan.keep, max_bytes)
        for backup in extra:
            remove_backup(backup)
        left = [backup for backup in plan.keep if backup not in extra]
        warnings = []
        if total_size(left) > max_bytes:
            warnings.append(
                f"The backups take {in_words(total_size(left))}, more than the {policy.max_total_gb:g} GB allowed: "
                "what is left are the newest automatic backup and backups made by hand or before an upgrade or a "
                f"restore, which are never removed by themselves. An administrator can remove old ones from "
                f"{self._folder}.")
        return [backup.path for backup in [*plan.remove, *extra]], warnings

    def _changed_since(self, backup: StoredBackup) -> bool:
        """Whether anything a backup holds has changed since ``backup`` (only sign-ins and backups counted as no
        change). A backup whose head file is missing or unreadable counts as changed."""
        try:
            signed = self._anchor().read(head_file_of(backup.path))
        except AnchorProblem:
            return True
        if signed is None:
            return True
        with self._context.db.read() as uow:
            if uow.audit.link(signed.head.seq) != signed.head and signed.head.seq:
                return True
            return any(action not in UNCHANGING and not action.startswith("read.")
                       for action in uow.audit.actions_after(signed.head.seq))

    def _anchor(self):
        from .integrity import folder_anchor

        return folder_anchor(self._context, self._data_dir, self._signing_dir)

    def _newest(self) -> StoredBackup | None:
        backups = stored_backups(self._folder)
        return backups[0] if backups else None

    def _database_size(self) -> int:
        path = self._context.db.path
        assert path is not None
        return sum(part.stat().st_size for part in (path, path.with_name(path.name + "-wal")) if part.exists())

    def _require_file(self) -> None:
        if not self._context.db.is_sqlite:
            raise NotAllowed("Backups copy the SQLite file; back up a PostgreSQL database with pg_dump.")

    def _require_administrator(self) -> None:
        with self._context.db.read() as uow:
            stored = uow.users.get(self._context.actor_id)
        if not stored.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied(ADMINISTRATORS_ONLY)
