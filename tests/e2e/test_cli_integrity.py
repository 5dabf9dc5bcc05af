"""What an insider with the stock sqlite3 shell, a failing disk or a stray file can do to a data folder, and what
``audit verify``, ``db check``, ``list``, ``report`` and every other command then say. Each probe ends in a clear
message and an unchanged database file, never a traceback."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from insider import insider_connection

from cli_runner import gcp_desk

ADMIN = "Alex Morrow"
PRACTITIONER = "Sam Whitfield"
SUPERVISOR = "Dee Okafor"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    made = gcp_desk("demo", "--children", "6", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    # A signed report makes the organisation's key, with which each later command signs the trail's end.
    assert gcp_desk("report", countersigned_id(data_dir), "-o", str(data_dir.parent / "first.pdf"),
                    data_dir=data_dir, as_=PRACTITIONER).returncode == 0
    for who in (PRACTITIONER, SUPERVISOR, ADMIN) * 3:  # some audit events to delete and rewrite
        assert gcp_desk("list", "children", data_dir=data_dir, as_=who).returncode == 0
    return data_dir


@pytest.fixture
def data_dir(demo_template, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def countersigned_id(data_dir: Path) -> str:
    listed = gcp_desk("list", "assessments", "--json", data_dir=data_dir, as_=PRACTITIONER)
    return next(a["id"] for a in json.loads(listed.stdout) if a["status"] == "countersigned")


def as_an_insider(database: Path, *statements: str) -> None:
    """Drop the append-only triggers, change rows, and put the triggers back byte for byte."""
    connection = insider_connection(database)
    with connection:
        triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'").fetchall()
        for name, _ in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            connection.execute(statement)
        for _, sql in triggers:
            connection.execute(sql)
    connection.close()


def test_audit_verify_counts_every_event_and_exits_0(data_dir):
    result = gcp_desk("audit", "verify", data_dir=data_dir, as_=ADMIN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Audit trail intact: ") and " events checked" in result.stdout


def test_audit_verify_is_for_administrators(data_dir):
    result = gcp_desk("audit", "verify", data_dir=data_dir, as_=PRACTITIONER)
    assert result.returncode == 2 and "administrator" in result.stderr


def test_the_insiders_rewrite_is_found_by_every_command(data_dir, tmp_path):
    assessment = countersigned_id(data_dir)
    hexed = assessment.replace("-", "")
    as_an_insider(
        data_dir / "gcp-desk.db",
        "DELETE FROM audit_events WHERE id IN (SELECT event_id FROM audit_chain WHERE seq BETWEEN 2 AND 4)",
        f"UPDATE signatures SET name = 'Someone Else' WHERE kind = 'countersigned-by' AND assessment_id = '{hexed}'",
        f"UPDATE item_grades SET grade = CASE grade WHEN 5 THEN 1 ELSE grade + 1 END "
        f"WHERE assessment_id = '{hexed}' AND grade IS NOT NULL",
    )
    verified = gcp_desk("audit", "verify", data_dir=data_dir, as_=ADMIN)
    assert verified.returncode == 1
    assert verified.stderr.splitlines()[0].startswith("Audit event 2 (") and "deleted" in verified.stderr
    assert f"Assessment {assessment}" in verified.stderr and "changed after Someone Else signed it" in verified.stderr

    listed = json.loads(gcp_desk("list", "assessments", "--json", data_dir=data_dir, as_=PRACTITIONER).stdout)
    assert [a["id"] for a in listed if a["changed_after_signing"]] == [assessment]

    refused = gcp_desk("report", assessment, "-o", str(tmp_path / "r.pdf"), data_dir=data_dir, as_=PRACTITIONER)
    assert refused.returncode == 2 and "Changed after signing" in refused.stderr
    assert not (tmp_path / "r.pdf").exists()
    draft = gcp_desk("report", assessment, "--draft", "-o", str(tmp_path / "d.pdf"), data_dir=data_dir,
                     as_=PRACTITIONER)
    assert draft.returncode == 0 and "DRAFT, not signed: Changed after signing" in draft.stdout
    assert b"/ByteRange" not in (tmp_path / "d.pdf").read_bytes(), "a changed record's report is never signed"

    deep = gcp_desk("db", "check", "--deep", data_dir=data_dir, as_=ADMIN)
    assert deep.returncode == 1 and f"assessment {assessment}" in deep.stderr


def test_a_dropped_trigger_is_named(data_dir):
    connection = insider_connection(data_dir / "gcp-desk.db")
    connection.execute("DROP TRIGGER signatures_no_update")
    connection.commit()
    connection.close()
    result = gcp_desk("audit", "verify", data_dir=data_dir, as_=ADMIN)
    assert result.returncode == 1
    assert "no longer refuses changes to signatures (trigger signatures_no_update is missing)" in result.stderr


def test_a_deleted_tail_is_found_by_the_signed_head(data_dir):
    as_an_insider(data_dir / "gcp-desk.db",
                  "DELETE FROM audit_events WHERE id IN (SELECT event_id FROM audit_chain ORDER BY seq DESC LIMIT 5)",
                  "DELETE FROM audit_chain WHERE seq > (SELECT MAX(seq) - 5 FROM audit_chain)")
    result = gcp_desk("audit", "verify", data_dir=data_dir, as_=ADMIN)
    assert result.returncode == 1 and "have been removed" in result.stderr


def damaged(kind: str, original: bytes) -> bytes:
    page = 4096
    return {
        "flipped bytes": original[:3 * page] + bytes(b ^ 0xFF for b in original[3 * page:3 * page + 64])
        + original[3 * page + 64:],
        "truncated file": original[:len(original) // 2],
        "zero header": b"\0" * 100 + original[100:],
        "0-byte file": b"",
        "foreign file": b"%PDF-1.7 this is somebody's letter, not a database\n" * 200,
    }[kind]


@pytest.mark.parametrize(("kind", "words"), [  # the database is encrypted: damage shows once the key is in hand
    ("flipped bytes", "damaged"),
    ("truncated file", "damaged"),
    ("zero header", "damaged"),
    ("0-byte file", "is empty (0 bytes)"),
    ("foreign file", "damaged"),
])
def test_db_check_names_the_damage_and_leaves_the_file_as_it_was(data_dir, kind, words):
    database = data_dir / "gcp-desk.db"
    database.write_bytes(damaged(kind, database.read_bytes()))
    before = fingerprint(database)
    checked = gcp_desk("db", "check", data_dir=data_dir, as_=ADMIN)
    assert checked.returncode == 1 and words in checked.stderr and "Traceback" not in checked.stderr
    assert fingerprint(database) == before, "the damaged file was changed"
    if kind in ("zero header", "0-byte file", "foreign file"):  # refused by every command, not only db check
        used = gcp_desk("list", "children", data_dir=data_dir, as_=PRACTITIONER)
        assert used.returncode == 2 and "restore" in used.stderr and "Traceback" not in used.stderr
        assert fingerprint(database) == before, "the refused file was changed"


def test_an_empty_file_is_never_given_a_new_schema(data_dir):
    database = data_dir / "gcp-desk.db"
    database.write_bytes(b"")
    result = gcp_desk("list", "children", data_dir=data_dir, as_=PRACTITIONER)
    assert result.returncode == 2 and "is empty (0 bytes)" in result.stderr
    assert database.stat().st_size == 0


def test_a_deleted_database_is_said_missing_never_made_anew(data_dir):
    (data_dir / "gcp-desk.db").unlink()
    result = gcp_desk("list", "children", data_dir=data_dir, as_=PRACTITIONER)
    assert result.returncode == 2 and "database is missing" in result.stderr
    assert not (data_dir / "gcp-desk.db").exists()
    assert gcp_desk("user", "add", "New Person", "--role", "administrator", data_dir=data_dir,
                    stdin="pw-long-enough-1\npw-long-enough-1\n").returncode == 2
    assert not (data_dir / "gcp-desk.db").exists()


def test_an_empty_file_left_by_a_first_start_that_stopped_early_becomes_the_new_database(tmp_path):
    """Nothing can have been lost in a folder that never held a database: its empty file is simply the new one."""
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "gcp-desk.db").write_bytes(b"")
    made = gcp_desk("user", "add", "Ada Admin", "--role", "administrator", "--password-stdin", data_dir=fresh,
                    stdin="a long enough password 7\n")
    assert made.returncode == 0, made.stderr
    assert (fresh / "gcp-desk.db").stat().st_size > 0
