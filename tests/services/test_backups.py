"""The app's own backups: made at close only when something changed, at most daily while it runs, checked after
writing, with the audit trail's end signed beside each, aged out by the policy and kept within the caps."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import DatabaseUnavailable
from gcp_desk.domain.people import Household
from gcp_desk.services import backups as backups_module
from gcp_desk.services.backups import BackupNotMade
from gcp_desk.storage import backup_store
from gcp_desk.storage.backup_store import stored_backups

pytestmark = pytest.mark.sqlite_only  # backups copy the SQLite file


def change_something(backend, actor=None):
    with backend.db.transaction() as uow:
        uow.households.add(Household(name="Invented household"))
        uow.audit.record(actor, "household.create", "household", "-", None, None)


def backup_days_ago(backend, days: int):
    """An automatic backup, renamed as if made ``days`` ago (with its head file)."""
    change_something(backend)
    made = backend.backups().automatic("close").path
    when = backups_module.utc_now() - timedelta(days=days)
    older = made.with_name(f"gcp-desk-auto-{when:%Y%m%dT%H%M%SZ}.db")
    made.rename(older)
    made.with_name(made.name + ".head.json").rename(older.with_name(older.name + ".head.json"))
    return older


def test_the_close_backup_is_skipped_when_nothing_changed_and_made_when_something_did(backend):
    first = backend.backups().automatic("close")
    assert first.path is not None and first.path.is_file()
    head = json.loads((first.path.parent / (first.path.name + ".head.json")).read_text())
    assert head["seq"] == first.head.seq and head["backup"] == first.path.name and head["signature"]

    with backend.db.transaction() as uow:  # a sign-in alone is no change worth a copy
        uow.audit.record(None, "user.sign-in", "user", "-", None, None)
    skipped = backend.backups().automatic("close")
    assert skipped.path is None and "nothing has changed" in skipped.skipped

    change_something(backend)
    again = backend.backups().automatic("close")
    assert again.path is not None and again.path != first.path
    # The newest of each day is kept: today's earlier automatic backup makes way for it.
    assert again.removed == [first.path] and not first.path.exists()
    assert [backup.path for backup in stored_backups(backend.paths.backups_dir)] == [again.path]


def test_the_daily_backup_is_made_at_most_once_a_day(backend, monkeypatch):
    assert backend.backups().is_due()
    assert backend.backups().automatic("daily").path is not None
    change_something(backend)
    assert not backend.backups().is_due()
    assert "last 24 hours" in backend.backups().automatic("daily").skipped
    later = backups_module.utc_now() + timedelta(hours=25)
    monkeypatch.setattr(backups_module, "utc_now", lambda: later)
    assert backend.backups().is_due()
    assert backend.backups().automatic("daily").path is not None


def test_each_backup_is_recorded_in_the_trail_and_the_folder_head_is_signed_after_it(backend):
    made = backend.backups().automatic("close")
    with backend.db.read() as uow:
        events = uow.audit.events_of(("db.backup",))
        live = uow.audit.head()
    assert [event.after["file"] for event in events] == [made.path.name]
    assert events[0].after["seq"] == made.head.seq == live.seq - 1  # the copy holds everything before its own event
    signed = json.loads((backend.paths.data_dir / "audit-head.json").read_text())
    assert signed["seq"] == live.seq


def test_a_damaged_database_is_not_backed_up_and_leaves_no_file(backend):
    change_something(backend)
    backend.db.dispose()
    path = backend.paths.database
    data = bytearray(path.read_bytes())
    data[4096 * 3 + 100: 4096 * 3 + 140] = bytes(40)  # a page in the middle overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseUnavailable):
        backend.backups().automatic("close")
    left = list(backend.paths.backups_dir.iterdir()) if backend.paths.backups_dir.exists() else []
    assert [p.name for p in left if p.name.endswith((".db", ".partial", ".json"))] == []


def test_leftover_partial_copies_are_removed_before_a_backup(backend):
    backend.paths.backups_dir.mkdir(exist_ok=True)
    stray = backend.paths.backups_dir / "gcp-desk-auto-20260101T000000Z.db.partial"
    stray.write_bytes(b"x" * 1000)
    made = backend.backups().automatic("close")
    assert not stray.exists() and made.path.exists()


def test_when_there_is_no_room_the_oldest_automatic_backups_go_first_and_never_the_newest(backend, monkeypatch):
    for days in (3, 2, 1):
        backup_days_ago(backend, days)
    made = stored_backups(backend.paths.backups_dir)
    assert len(made) == 3
    backend.settings.backups.min_free_gb = 1.0
    change_something(backend)
    database = backend.paths.database
    needed = sum(p.stat().st_size for p in (database, database.with_name(database.name + "-wal")) if p.exists())
    short = 1024 ** 3 + needed - 1000  # just short of a copy plus the free space the policy keeps
    monkeypatch.setattr(backups_module, "free_bytes", lambda _folder: short + _freed(made))
    outcome = backend.backups().automatic("close")
    assert outcome.path is not None
    assert outcome.removed == [made[-1].path]  # the oldest only: that made room
    assert made[0].path.exists() and made[1].path.exists()

    monkeypatch.setattr(backups_module, "free_bytes", lambda _folder: 10)  # and now nothing can make room
    change_something(backend)
    before = sorted(p.name for p in backend.paths.backups_dir.iterdir())
    with pytest.raises(BackupNotMade, match="No backup was made.*free.*newest is always kept"):
        backend.backups().automatic("close")
    left = stored_backups(backend.paths.backups_dir)
    assert left and left[0].path == outcome.path  # the newest good backup survives
    assert not any(name.endswith(".partial") for name in before)


def _freed(made):
    return sum(backup.size for backup in made if not backup.path.exists())


def test_over_the_size_cap_the_oldest_automatic_backups_are_removed_and_manual_ones_are_said(backend, add_user):
    admin = add_user("Ada Admin", Role.ADMINISTRATOR)
    backend.backups(admin.user).make("manual")
    for days in (3, 2, 1):
        backup_days_ago(backend, days)
    size = stored_backups(backend.paths.backups_dir)[0].size
    backend.settings.backups.max_total_gb = (size * 2.5) / 1024 ** 3
    change_something(backend)
    outcome = backend.backups().automatic("close")
    left = stored_backups(backend.paths.backups_dir)
    assert sorted(backup.label for backup in left) == ["auto", "manual"]  # the newest automatic one, the manual one
    assert outcome.path in [backup.path for backup in left] and len(outcome.removed) == 3
    assert not outcome.warnings

    backend.settings.backups.max_total_gb = (size * 1.5) / 1024 ** 3
    change_something(backend)
    capped = backend.backups().automatic("close")
    assert "more than" in capped.warnings[0] and "never removed by themselves" in capped.warnings[0]
    assert sorted(backup.label for backup in stored_backups(backend.paths.backups_dir)) == ["auto", "manual"]


def test_only_an_administrator_makes_a_backup_by_hand_or_lists_them(backend, add_user):
    practitioner = add_user("Pat Practitioner")
    with pytest.raises(Exception, match="Only an administrator"):
        backend.backups(practitioner.user).make("manual")
    with pytest.raises(Exception, match="Only an administrator"):
        backend.backups(practitioner.user).stored()


def test_head_files_count_towards_the_size(backend):
    made = backend.backups().automatic("close")
    listed = stored_backups(backend.paths.backups_dir)
    head_file = made.path.with_name(made.path.name + ".head.json")
    assert backup_store.total_size(listed) == made.size + head_file.stat().st_size
