"""How automatic backups age out: the newest of each recent day and week kept, never the newest of all, and never
a backup made by hand or before an upgrade or restore."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gcp_desk.storage.backup_store import ageing, over_size, stored_backups

NOW = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)


def make(folder, label: str, when: datetime, size: int = 1000):
    path = folder / f"gcp-desk-{label}-{when:%Y%m%dT%H%M%SZ}.db"
    path.write_bytes(b"x" * size)
    return path


def test_the_newest_of_each_of_seven_days_and_four_weeks_is_kept(tmp_path):
    for day in range(60):  # two automatic backups a day (at close and during the day) for sixty days
        make(tmp_path, "auto", NOW - timedelta(days=day))
        make(tmp_path, "auto", NOW - timedelta(days=day, hours=5))
    plan = ageing(stored_backups(tmp_path), keep_daily=7, keep_weekly=4)
    kept = sorted((backup.taken_at for backup in plan.keep), reverse=True)
    assert kept[:7] == [NOW - timedelta(days=day) for day in range(7)]  # the later one of each of the last 7 days
    weeks = {backup.week for backup in plan.keep}
    assert len(weeks) == 4 and len(plan.keep) <= 7 + 4
    assert plan.remove == sorted(plan.remove, key=lambda backup: backup.taken_at)  # oldest first


def test_backups_made_by_hand_or_before_an_upgrade_or_restore_never_age_out(tmp_path):
    make(tmp_path, "manual", NOW - timedelta(days=400))
    make(tmp_path, "before-0005-to-0006", NOW - timedelta(days=300))
    make(tmp_path, "before-restore", NOW - timedelta(days=200))
    for day in range(20):
        make(tmp_path, "auto", NOW - timedelta(days=day))
    plan = ageing(stored_backups(tmp_path), keep_daily=2, keep_weekly=0)
    assert {backup.label for backup in plan.remove} == {"auto"}
    assert sorted(backup.label for backup in plan.keep) == ["auto", "auto", "before-0005-to-0006", "before-restore",
                                                            "manual"]


def test_the_size_cap_removes_the_oldest_automatic_first_and_never_the_newest(tmp_path):
    newest = make(tmp_path, "auto", NOW, size=5000)
    make(tmp_path, "auto", NOW - timedelta(days=1), size=5000)
    oldest = make(tmp_path, "auto", NOW - timedelta(days=2), size=5000)
    make(tmp_path, "manual", NOW - timedelta(days=3), size=5000)
    backups = stored_backups(tmp_path)
    assert [backup.path for backup in over_size(backups, 15000)] == [oldest]
    assert newest not in [backup.path for backup in over_size(backups, 1)]
    assert len(over_size(backups, 1)) == 2  # the manual one and the newest automatic one stay, whatever the cap


def test_unfinished_copies_and_other_files_are_not_backups(tmp_path):
    make(tmp_path, "auto", NOW)
    (tmp_path / "gcp-desk-auto-20261205T170000Z.db.partial").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "gcp-desk-auto-20261205T180000Z.db.head.json").write_text("{}")
    assert [backup.label for backup in stored_backups(tmp_path)] == ["auto"]
