"""Backup and restore benchmark: the time and size of a checked backup of the 2,000-child caseload, and of a restore
of it, on an encrypted folder as a laptop holds it.

The cached caseload (bench/.cache/core-2000-v6, built by caseload_cache.py) is copied to a temporary folder (the
cache is never changed), given an administrator, and opened as the app opens it. Then, through the services:
  - a backup by hand: copied page by page, checked after writing (quick check, row counts), its head signed
    beside it, aged out                                       target 20 s
  - a restore of that backup: copied in and checked, its audit trail walked, the present database kept as a backup
    first, swapped, walked again, the restore recorded        target 60 s
  - before them, 50,000 audit events are added and the app's background check walks the whole chain a chunk
    (5,000 events) per call: the slowest chunk                 target 1 s (the worker is never held longer)
Both print their size. Targets are for 2,000 children on a laptop; about 0.1 GB per 1,000 children.

Run: .venv/bin/python bench/backup_bench.py [--children N] [--from DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from targets import print_targets  # noqa: E402

CHILDREN = 2_000
BACKUP_TARGET_S = 20.0
RESTORE_TARGET_S = 60.0
EVENTS = 50_000
"""Audit events added before the backup (the bulk-built caseload has almost none), so that the walks have a trail
of a busy year to check."""
CHUNK_TARGET_S = 1.0
PASSWORD = "bench-restore-lantern-42"


def encrypted_folder(source: Path, folder: Path) -> float:
    """The cached caseload copied into ``folder``, encrypted (a plain one is encrypted here: the seconds it took are
    returned), with an administrator whose password is ``PASSWORD``."""
    from gcp_desk.domain.enums import Role
    from gcp_desk.domain.people import User
    from gcp_desk.security.keyfile import FILE_NAME, KeyFile
    from gcp_desk.security.passwords import hash_password
    from gcp_desk.storage.db import Database
    from gcp_desk.storage.encryption import encrypt_in_place
    from gcp_desk.storage.meta import DATABASE_ID, write_meta
    from gcp_desk.storage.migrate import prepare
    from gcp_desk.vault import UNCLAIMED

    seconds = 0.0
    if (source / FILE_NAME).exists():  # built encrypted, its data key waiting for a first account
        shutil.copytree(source, folder)
        key_file = KeyFile.load(folder / FILE_NAME)
        data_key = bytes.fromhex((folder / UNCLAIMED).read_text().strip())
    else:
        folder.mkdir(parents=True)
        shutil.copyfile(source / "gcp-desk.db", folder / "gcp-desk.db")
        key_file, data_key, _recovery = KeyFile.create(folder / FILE_NAME)
        started = time.perf_counter()
        encrypt_in_place(folder / "gcp-desk.db", data_key)
        seconds = time.perf_counter() - started
    db = Database.for_file(folder / "gcp-desk.db", key=data_key, create=False)
    prepare(db, None)
    write_meta(db, DATABASE_ID, key_file.database_id)
    admin = User(name="Bench Administrator", role=Role.ADMINISTRATOR)
    with db.transaction() as uow:
        uow.users.add(admin, password_hash=hash_password(PASSWORD))
    db.dispose()
    key_file.set_slot(admin.id, admin.name, PASSWORD, data_key)
    (folder / UNCLAIMED).unlink(missing_ok=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=CHILDREN)
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--from", dest="source", type=Path, help="a cached caseload folder (default: build or "
                        "reuse bench/.cache/core-N-v6)")
    args = parser.parse_args()
    if args.source is None:
        from caseload_cache import cached_database

        args.source = cached_database(args.children)
    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths

    with tempfile.TemporaryDirectory(prefix="gcp-desk-backup-bench-") as temporary:
        folder = Path(temporary) / "data"
        encrypting = encrypted_folder(args.source, folder)
        backend = open_backend(AppPaths.at(folder))
        try:
            account = next(account for account in backend.accounts() if account.name == "Bench Administrator")
            admin = backend.unlock(account.id, PASSWORD)
            size = backend.paths.database.stat().st_size
            print(f"database: {size / 1024 ** 2:.0f} MB, encrypted"
                  + (f" ({encrypting:.1f} s to encrypt the plain copy)" if encrypting else ""))
            chunk = add_events_and_walk(backend, admin, args.events)
            made = backend.backups(admin).make("manual")
            print(f"backup: {made.path.name}, {made.size / 1024 ** 2:.0f} MB, {made.seconds:.1f} s, audit trail to "
                  f"event {made.head.seq}")
            restored = backend.restore(admin).restore(made.path)
            kept = restored.kept_as.stat().st_size if restored.kept_as else 0
            print(f"restore: {restored.seconds:.1f} s ({restored.events_checked:,} events walked before the swap; "
                  f"the replaced database kept as a {kept / 1024 ** 2:.0f} MB backup)")
        finally:
            backend.close()
    met = print_targets([("backup of the caseload", made.seconds, BACKUP_TARGET_S, "s"),
                         ("restore of the caseload", restored.seconds, RESTORE_TARGET_S, "s"),
                         ("slowest chunk of the background chain walk", chunk, CHUNK_TARGET_S, "s")])
    return 0 if met == 3 else 1


def add_events_and_walk(backend, admin, events: int) -> float:
    """``events`` audit events appended (a thousand per transaction), then the app's background check walked in
    full, a chunk per call; the slowest chunk's seconds."""
    from gcp_desk.services.integrity import VERIFIED_FILE

    started = time.perf_counter()
    for first in range(0, events, 1000):
        with backend.db.transaction() as uow:
            for number in range(first, min(first + 1000, events)):
                uow.audit.record(admin.id, "read.list-children", "caseload", "-", None, None)
    print(f"audit trail: {events:,} events added in {time.perf_counter() - started:.1f} s")
    (backend.paths.data_dir / VERIFIED_FILE).unlink(missing_ok=True)  # a full walk, as weekly
    integrity = backend.integrity(admin)
    check = integrity.begin_check()
    slowest, chunks, started = 0.0, 0, time.perf_counter()
    while check.result is None:
        begun = time.perf_counter()
        integrity.continue_check(check)
        slowest, chunks = max(slowest, time.perf_counter() - begun), chunks + 1
    print(f"background chain walk: {check.result.checked:,} events in {chunks} chunks, "
          f"{time.perf_counter() - started:.1f} s in all, slowest chunk {slowest:.2f} s")
    return slowest


if __name__ == "__main__":
    sys.exit(main())
