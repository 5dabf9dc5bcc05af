"""``gcp-desk db restore FILE --as NAME``: the backup checked before anything changes, the present database kept,
the swap, the restored trail checked and the restore recorded; and a database gone missing brought back."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from cli_runner import gcp_desk

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]

ADMIN = "Alex Morrow"
PRACTITIONER = "Sam Whitfield"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    assert gcp_desk("demo", "--children", "4", "--quiet", data_dir=data_dir).returncode == 0
    made = gcp_desk("db", "backup", data_dir=data_dir, as_=ADMIN)
    assert made.returncode == 0, made.stderr
    for who in (PRACTITIONER, ADMIN):  # events after the backup, which a restore discards
        assert gcp_desk("list", "children", data_dir=data_dir, as_=who).returncode == 0
    return data_dir


@pytest.fixture
def data_dir(template, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template, target)
    return target


def backup_of(data_dir: Path) -> Path:
    return next(path for path in sorted((data_dir / "backups").glob("gcp-desk-manual-*.db")))


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def not_restored(data_dir: Path) -> bool:
    """Nothing but the refused person's sign-in reached the database: no restore recorded, nothing kept aside."""
    from insider import insider_connection

    connection = insider_connection(data_dir / "gcp-desk.db")
    restores = connection.execute("SELECT count(*) FROM audit_events WHERE action = 'db.restore'").fetchone()[0]
    connection.close()
    return restores == 0 and not list((data_dir / "backups").glob("*before-restore*"))


def all_is_well(data_dir: Path) -> None:
    check = gcp_desk("db", "check", data_dir=data_dir, as_=ADMIN)
    assert check.returncode == 0, check.stderr
    verify = gcp_desk("audit", "verify", data_dir=data_dir, as_=ADMIN)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_restore_keeps_the_present_database_checks_the_trail_and_records_what_it_discarded(data_dir):
    restored = gcp_desk("db", "restore", str(backup_of(data_dir)), data_dir=data_dir, as_=ADMIN)
    assert restored.returncode == 0, restored.stderr
    assert "[1/5]" in restored.stderr and "[5/5]" in restored.stderr  # progress, step by step
    kept = re.search(r"kept as (\S+\.db)", restored.stdout)
    assert kept and Path(kept[1]).is_file() and Path(kept[1] + ".head.json").is_file()
    discarded = re.search(r"Events (\d+) to (\d+) of the replaced trail", restored.stdout)
    assert discarded, restored.stdout
    all_is_well(data_dir)
    listing = gcp_desk("list", "children", "--json", data_dir=data_dir, as_=PRACTITIONER)
    assert listing.returncode == 0 and len(json.loads(listing.stdout)) >= 1
    # The trail names the restore, with what it discarded and where that was kept, in ids and numbers only.
    from insider import insider_connection

    connection = insider_connection(data_dir / "gcp-desk.db")
    payload = json.loads(connection.execute(
        "SELECT after FROM audit_events WHERE action = 'db.restore'").fetchone()[0])
    connection.close()
    assert payload["discarded_from"] == int(discarded[1]) and payload["discarded_to"] == int(discarded[2])
    assert payload["kept_in"] == Path(kept[1]).name and payload["backup"] == backup_of(data_dir).name


def test_only_an_administrator_restores(data_dir):
    refused = gcp_desk("db", "restore", str(backup_of(data_dir)), data_dir=data_dir, as_=PRACTITIONER)
    assert refused.returncode != 0 and "Only an administrator" in refused.stderr
    assert not_restored(data_dir)


@pytest.mark.parametrize("damage", ["flipped bytes", "truncated", "empty", "not a database"])
def test_a_damaged_backup_is_refused_and_nothing_changes(data_dir, damage):
    backup = backup_of(data_dir)
    data = bytearray(backup.read_bytes())
    if damage == "flipped bytes":
        data[len(data) // 2: len(data) // 2 + 64] = bytes(b ^ 0xFF for b in data[len(data) // 2: len(data) // 2 + 64])
    elif damage == "truncated":
        data = data[: len(data) // 3]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"%PDF-1.7 not a database" * 100)
    backup.write_bytes(bytes(data))
    refused = gcp_desk("db", "restore", str(backup), data_dir=data_dir, as_=ADMIN)
    assert refused.returncode != 0, refused.stderr
    assert "Traceback" not in refused.stderr and "Nothing was restored" in refused.stderr, refused.stderr
    assert not_restored(data_dir)
    assert not [p for p in data_dir.rglob("*.partial")]
    all_is_well(data_dir)


def test_a_backup_whose_signed_head_is_missing_or_another_backups_is_refused(data_dir):
    backup = backup_of(data_dir)
    head = backup.with_name(backup.name + ".head.json")
    other = gcp_desk("db", "backup", data_dir=data_dir, as_=ADMIN)
    assert other.returncode == 0
    newest = sorted((data_dir / "backups").glob("gcp-desk-manual-*.db"))[-1]
    saved = head.read_bytes()
    shutil.copyfile(newest.with_name(newest.name + ".head.json"), head)  # the other backup's signed end
    mismatch = gcp_desk("db", "restore", str(backup), data_dir=data_dir, as_=ADMIN)
    assert mismatch.returncode != 0 and "does not hold the audit trail signed beside it" in mismatch.stderr
    assert not_restored(data_dir)

    edited = json.loads(saved)
    edited["seq"] = edited["seq"] + 1
    head.write_text(json.dumps(edited))
    forged = gcp_desk("db", "restore", str(backup), data_dir=data_dir, as_=ADMIN)
    assert forged.returncode != 0 and "has been edited" in forged.stderr

    head.unlink()
    unsigned = gcp_desk("db", "restore", str(backup), data_dir=data_dir, as_=ADMIN)
    assert unsigned.returncode != 0 and "--without-head-file" in unsigned.stderr
    accepted = gcp_desk("db", "restore", str(backup), "--without-head-file", data_dir=data_dir, as_=ADMIN)
    assert accepted.returncode == 0, accepted.stderr
    all_is_well(data_dir)


def test_a_missing_database_is_restored_from_a_backup_by_an_administrator(data_dir):
    for leftover in data_dir.glob("gcp-desk.db*"):
        leftover.unlink()
    listed = gcp_desk("list", "children", data_dir=data_dir, as_=ADMIN)
    assert listed.returncode != 0 and "missing" in listed.stderr
    refused = gcp_desk("db", "restore", str(backup_of(data_dir)), data_dir=data_dir, as_=PRACTITIONER)
    assert refused.returncode != 0 and "Only an administrator" in refused.stderr
    assert not (data_dir / "gcp-desk.db").exists()
    restored = gcp_desk("db", "restore", str(backup_of(data_dir)), data_dir=data_dir, as_=ADMIN)
    assert restored.returncode == 0, restored.stderr
    assert "last signed as reaching event" in restored.stdout
    all_is_well(data_dir)


def test_a_restore_waits_for_the_app_to_close(data_dir):
    (data_dir / "gcp-desk.lock").write_text(f"{os.getpid()}\ngcp-desk\nthis-computer\n")
    before = fingerprint(data_dir / "gcp-desk.db")
    refused = gcp_desk("db", "restore", str(backup_of(data_dir)), data_dir=data_dir, as_=ADMIN)
    assert refused.returncode == 1 and "close it first" in refused.stderr
    assert fingerprint(data_dir / "gcp-desk.db") == before
