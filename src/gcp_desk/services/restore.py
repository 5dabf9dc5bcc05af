"""Restoring a backup, by an administrator: the backup checked, the present database kept as a backup, the swap,
the restored audit trail checked, and the restore recorded in it with what it discarded.

    outcome = backend.restore(admin).restore(backup_path, progress)          # the database is open
    outcome = restore_missing(backend, user_id, password, backup_path)       # the database file is missing

The order holds at every moment a process can be killed (tests/e2e/test_kill_backup_restore.py):

1. The backup is copied in beside the database under a ``.partial`` name and checked there: it opens with the key,
   passes SQLite's quick check, is this database's (its id), its audit chain walks from the first event to the
   last, and its last link is the one signed in the head file beside it.
2. The present database is backed up (checked, with its head file); a damaged one is copied aside as it is.
3. The data folder's head file is signed with the present head *and* the restored copy's (``pending``): whichever
   of the two files is in place when a kill strikes, the audit check finds the head it was signed for.
4. The old write-ahead log is folded in and removed, and the copy renamed over the database in one step.
5. The restored database's whole chain is walked again, the restore is recorded in it ("restored to event N from
   backup X; events N+1 to M discarded, kept in backup Y") and the new head is signed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from ..domain.clock import utc_now
from ..domain.enums import Role
from ..domain.errors import DatabaseUnavailable, NotAllowed, PermissionDenied
from ..storage.audit_chain import ChainHead
from ..storage.backup_store import head_file_of
from ..storage.chain_walk import walk_chain
from ..storage.db import Database
from ..storage.restore import (Stage, keep_damaged, last_common_link, remove_stage, retire_live, stage_backup,
                               swap_in, to_single_file)
from .audit_anchor import AnchorProblem, HeadAnchor
from .base import Service
from .context import ServiceContext

Progress = Callable[[int, int, str], None]
STEPS = 5
ADMINISTRATORS_ONLY = "Only an administrator restores the database from a backup."


class RestoreRefused(DatabaseUnavailable):
    """The backup was not restored; the database is as it was."""


@dataclass
class RestoreOutcome:
    backup: Path
    restored_to: ChainHead
    """The backup's last event: the trail as restored, before the restore's own event."""
    head: ChainHead
    """The trail's end after the restore was recorded."""
    events_checked: int = 0
    kept_as: Path | None = None
    """The present database, kept as a backup (``None``: there was none)."""
    discarded: tuple[int, int] | None = None
    """The events of the present trail that the restored one does not hold (first, last)."""
    replaced_to: int = 0
    """The last event of the trail replaced (of a missing database: as its head file was last signed)."""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Folder:
    """What a restore needs of the data folder, whether or not its database is open."""

    database: Path
    data_dir: Path
    backups_dir: Path
    key: bytes | None
    anchor: HeadAnchor
    database_id: str | None


class RestoreService(Service):
    def __init__(self, context: ServiceContext, folder: Folder):
        super().__init__(context)
        self._folder = folder

    def restore(self, backup: Path, progress: Progress | None = None, *, without_head_file: bool = False,
                ) -> RestoreOutcome:
        """Put ``backup`` in the place of the open database (see the module's steps)."""
        with self._context.db.read() as uow:
            stored = uow.users.get(self._context.actor_id)
        if not stored.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied(ADMINISTRATORS_ONLY)
        if not self._context.db.is_sqlite:
            raise NotAllowed("A team database (PostgreSQL) is restored by its owners with pg_restore, not here.")
        return _restore(self._folder, Path(backup), self._context.actor_id, progress, without_head_file,
                        live=self._context, admin_in_backup=False)


def restore_missing(folder: Folder, actor_id: UUID, backup: Path, progress: Progress | None = None, *,
                    without_head_file: bool = False) -> RestoreOutcome:
    """Restore into a folder whose database file is missing (its key file is there): the person must be an
    administrator in the backup itself; the caller has checked their password against the key file."""
    if folder.database.exists():
        raise RestoreRefused(f"There is a database at {folder.database}: sign in and restore from there.")
    return _restore(folder, Path(backup), actor_id, progress, without_head_file, live=None, admin_in_backup=True)


def _restore(folder: Folder, backup: Path, actor_id: UUID, progress: Progress | None, without_head_file: bool, *,
             live: ServiceContext | None, admin_in_backup: bool) -> RestoreOutcome:
    started = time.perf_counter()
    tell = progress or (lambda step, of, words: None)
    tell(1, STEPS, "Copying the backup and checking that it opens")
    stage = stage_backup(backup, folder.data_dir, folder.key)
    try:
        _check_head_file(folder, backup, stage, without_head_file)
        tell(2, STEPS, "Checking the audit trail the backup holds")
        walked_to, checked = _check_stage(folder, stage, actor_id if admin_in_backup else None)
        kept_as, live_head = None, _signed_head(folder)
        if live is not None:
            tell(3, STEPS, "Keeping the present database as a backup")
            kept_as = _keep_present(live, folder)
            with live.db.read() as uow:
                live_head = uow.audit.head()
                common = last_common_link(min(live_head.seq, walked_to.seq), uow.audit.link,
                                          _links_of(stage.path, folder.key))
        else:  # the missing database's trail is known only by its signed end
            holds_it = live_head.seq <= walked_to.seq and _links_of(stage.path, folder.key)(live_head.seq) == live_head
            common = live_head.seq if holds_it or not live_head.seq else None
        folder.anchor.sign(live_head, extra={"pending": {"seq": walked_to.seq, "hash": walked_to.hash}})
        tell(4, STEPS, "Putting the backup in place")
        if live is not None:
            live.db.dispose()
        retire_live(folder.database, folder.key)
        swap_in(stage.path, folder.database)
    except BaseException:
        remove_stage(stage.path)
        raise
    tell(5, STEPS, "Checking the restored audit trail and recording the restore")
    db = live.db if live is not None else Database.for_file(folder.database, key=folder.key, create=False)
    try:
        head = _check_and_record(db, folder, backup, actor_id, walked_to, live_head, common, kept_as)
    finally:
        if live is None:
            db.dispose()
    (folder.data_dir / "audit-verified.json").unlink(missing_ok=True)  # the next background check walks it all
    discarded = (common + 1, live_head.seq) if common is not None and live_head.seq > common else None
    return RestoreOutcome(backup, walked_to, head, checked, kept_as, discarded, live_head.seq,
                          time.perf_counter() - started)


def _check_head_file(folder: Folder, backup: Path, stage: Stage, without_head_file: bool) -> None:
    try:
        signed = folder.anchor.read(head_file_of(backup))
    except AnchorProblem as problem:
        raise RestoreRefused(f"{problem} It is beside the backup {backup.name}, so the backup was not restored; "
                             "the database is as it was.") from problem
    if signed is None:
        if without_head_file:
            return
        raise RestoreRefused(
            f"The backup {backup.name} has no signed record of its audit trail's end beside it "
            f"({head_file_of(backup).name}): it was made by an older version, before an upgrade, or the file was "
            "removed. Nothing was restored. If you are sure of where the backup came from, restore it with "
            "'gcp-desk db restore FILE --without-head-file'.")
    if signed.head != stage.head:
        raise RestoreRefused(
            f"The backup {backup.name} does not hold the audit trail signed beside it when it was made (signed: "
            f"event {signed.head.seq}; it holds: event {stage.head.seq}, or a different one): it has been changed "
            "since. Nothing was restored; choose another backup.")


def _check_stage(folder: Folder, stage: Stage, must_be_administrator: UUID | None) -> tuple[ChainHead, int]:
    from ..storage.meta import DATABASE_ID, read_meta
    from ..storage.migrate import prepare

    db = Database.for_file(stage.path, key=folder.key, create=False)
    try:
        prepare(db, None)  # a backup of an older schema is upgraded in the copy, never in the backup
        stored_id = read_meta(db, DATABASE_ID)
        if folder.database_id is not None and stored_id is not None and stored_id != folder.database_id:
            raise RestoreRefused(f"The backup {stage.path.name} is of another GCP Desk database, not this folder's. "
                                 "Nothing was restored.")
        with db.read() as uow:
            walked = walk_chain(uow)
            if must_be_administrator is not None:
                user = _user_or_none(uow, must_be_administrator)
                if user is None or not user.has_role(Role.ADMINISTRATOR):
                    raise PermissionDenied(ADMINISTRATORS_ONLY)
    finally:
        db.dispose()
    if walked.problems:
        raise RestoreRefused(f"The audit trail in the backup does not check out: {walked.problems[0]} Nothing was "
                             "restored; choose another backup.")
    to_single_file(stage.path, folder.key)
    return walked.head, walked.checked


def _user_or_none(uow, user_id: UUID):
    from ..domain.errors import NotFound

    try:
        return uow.users.get(user_id)
    except NotFound:
        return None


def _keep_present(live: ServiceContext, folder: Folder) -> Path:
    from .backups import BackupNotMade, BackupService

    service = BackupService(live, folder.data_dir, folder.backups_dir, folder.anchor._signing_dir)
    try:
        made = service.make("before-restore")
    except BackupNotMade:
        raise
    except DatabaseUnavailable:  # damaged: copied aside as it is, whatever it still holds
        return keep_damaged(folder.database, folder.backups_dir,
                            f"gcp-desk-damaged-before-restore-{utc_now():%Y%m%dT%H%M%SZ}.db")
    assert made.path is not None
    return made.path


def _signed_head(folder: Folder) -> ChainHead:
    try:
        signed = folder.anchor.read()
    except AnchorProblem:
        return ChainHead.empty()
    return signed.head if signed is not None else ChainHead.empty()


def _links_of(path: Path, key: bytes | None) -> Callable[[int], ChainHead | None]:
    from contextlib import closing

    from ..storage import cipher

    def link(seq: int) -> ChainHead | None:
        with closing(cipher.connect(path, key=key, mode="ro")) as connection:
            row = connection.execute("SELECT seq, hash FROM audit_chain WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else ChainHead(int(row[0]), str(row[1]))

    return link


def _check_and_record(db: Database, folder: Folder, backup: Path, actor_id: UUID, walked_to: ChainHead,
                      live_head: ChainHead, common: int | None, kept_as: Path | None) -> ChainHead:
    from ..storage.migrate import prepare

    prepare(db, None)  # back in write-ahead-log mode
    with db.read() as uow:
        walked = walk_chain(uow)
    if walked.problems or walked.head != walked_to:
        raise DatabaseUnavailable(
            f"The backup {backup.name} was put in place, but its audit trail no longer checks out "
            f"({walked.problems[0] if walked.problems else 'it ends elsewhere'}). The database it replaced is kept "
            f"as {kept_as.name if kept_as else 'nothing (there was none)'}. Run 'gcp-desk audit verify'.")
    with db.transaction() as uow:
        lost = common is not None and live_head.seq > common
        uow.audit.record(actor_id, "db.restore", "database", "-", None, {
            "backup": backup.name, "restored_to": walked_to.seq, "restored_hash": walked_to.hash,
            "replaced_to": live_head.seq, "replaced_hash": live_head.hash,
            "discarded_from": common + 1 if lost else None, "discarded_to": live_head.seq if lost else None,
            "replaced_known": common is not None, "kept_in": kept_as.name if kept_as else None})
        head = uow.audit.head()
    folder.anchor.sign(head)
    return head
