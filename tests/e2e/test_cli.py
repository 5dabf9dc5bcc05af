"""The command line, run as a user runs it: a real process on a real data folder."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from cli_runner import gcp_desk, open_unlocked
from gcp_desk.storage import cipher
from gcp_desk.domain.labels import ROLE
from gcp_desk.paths import instruments_dir
from gcp_desk.demo.accounts import DEMO_ACCOUNTS

BUILTIN = instruments_dir() / "gcp-desk-neglect-profile-1.json"




def test_instrument_check_accepts_the_built_in_instrument():
    result = gcp_desk("instrument", "check", str(BUILTIN))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "6 domains" in result.stdout


def test_instrument_check_lists_every_problem_and_exits_1(tmp_path):
    data = json.loads(BUILTIN.read_text(encoding="utf-8"))
    descriptors = data["domains"][2]["items"][1]["descriptors"]
    del next(iter(descriptors.values()))["4"]
    data["domains"][0]["title"] = ""
    data["scale"] = data["scale"][:4]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = gcp_desk("instrument", "check", str(broken))
    assert result.returncode == 1
    assert "domains[0].title" in result.stderr
    assert "domains[2].items[1]" in result.stderr and "grade 4" in result.stderr
    assert "scale" in result.stderr
    assert result.stderr.count("\n") >= 3


ADMIN = ("Ama Boateng", "a long walk home 7")


def with_administrator(data_dir):
    made = gcp_desk("user", "add", ADMIN[0], "--role", "administrator", "--password-stdin", data_dir=data_dir,
                    stdin=f"{ADMIN[1]}\n")
    assert made.returncode == 0, made.stderr


def test_demo_then_list_children_as_json_each_team_its_own(tmp_path):
    result = gcp_desk("demo", "--children", "12", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "12 children" in result.stdout
    listed = gcp_desk("list", "children", "--json", data_dir=tmp_path, as_="Sam Whitfield")
    assert listed.returncode == 0, listed.stderr
    northgate = json.loads(listed.stdout)
    riverside = json.loads(gcp_desk("list", "children", "--json", data_dir=tmp_path, as_="Jo Macintyre").stdout)
    assert northgate and riverside and len(northgate) + len(riverside) == 12
    assert not {c["id"] for c in northgate} & {c["id"] for c in riverside}
    supervisor = json.loads(gcp_desk("list", "children", "--json", data_dir=tmp_path, as_="Dee Okafor").stdout)
    assert {c["id"] for c in supervisor} == {c["id"] for c in northgate}
    assert all(child["assessments"] >= 1 for child in northgate)
    assert all("household_id" in child for child in northgate)
    assert {child["latest_status"] for child in northgate} <= {"draft", "submitted", "returned", "countersigned"}
    one = northgate[0]["id"]
    assessments = json.loads(gcp_desk("list", "assessments", "--json", "--child", one, data_dir=tmp_path,
                                      as_="Sam Whitfield").stdout)
    # The caseload counts the assessments that stand; the list also shows any an amendment replaced.
    assert len([a for a in assessments if a["status"] != "amended"]) == northgate[0]["assessments"]
    table = gcp_desk("list", "children", data_dir=tmp_path, as_="Sam Whitfield")
    assert f"{len(northgate)} children" in table.stdout
    other_team = gcp_desk("list", "assessments", "--child", one, data_dir=tmp_path, as_="Jo Macintyre")
    assert other_team.returncode == 2 and "another team" in other_team.stderr and other_team.stdout == ""
    administrator = gcp_desk("list", "children", "--json", data_dir=tmp_path, as_="Alex Morrow")
    assert administrator.returncode == 0 and json.loads(administrator.stdout) == []


@pytest.mark.parametrize("command", [["list", "children"], ["list", "assessments"], ["report", "0" * 32],
                                     ["report", "--family", "0" * 32], ["db", "backup"], ["db", "upgrade"]])
def test_record_commands_without_sign_in_exit_2_saying_how_and_print_nothing(tmp_path, command):
    assert gcp_desk("demo", "--children", "2", data_dir=tmp_path).returncode == 0
    result = gcp_desk(*command, data_dir=tmp_path)
    assert result.returncode == 2
    assert "--as" in result.stderr and "--password-stdin" in result.stderr
    assert result.stdout == ""


def test_with_no_terminal_and_no_password_stdin_a_command_stops_at_once(tmp_path):
    assert gcp_desk("demo", "--children", "2", data_dir=tmp_path).returncode == 0
    result = gcp_desk("list", "children", "--as", "Sam Whitfield", data_dir=tmp_path, stdin="")
    assert result.returncode == 2 and "no terminal" in result.stderr and result.stdout == ""


def test_a_wrong_password_lists_nothing_and_is_recorded(tmp_path):
    assert gcp_desk("demo", "--children", "2", data_dir=tmp_path).returncode == 0
    result = gcp_desk("list", "children", data_dir=tmp_path, as_=("Sam Whitfield", "not-the-password"))
    assert result.returncode == 2 and "not right" in result.stderr and result.stdout == ""


def test_options_may_come_before_or_after_the_command(tmp_path):
    assert gcp_desk("demo", "--children", "3", data_dir=tmp_path).returncode == 0
    password = DEMO_ACCOUNTS[0].password + "\n"
    before = gcp_desk("--as", "Sam Whitfield", "--password-stdin", "list", "children", "--json", data_dir=tmp_path,
                      stdin=password)
    after = subprocess.run([sys.executable, "-m", "gcp_desk", "list", "children", "--json", "--data-dir",
                            str(tmp_path), "--as", "Sam Whitfield", "--password-stdin"], input=password,
                           capture_output=True, text=True, timeout=120)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert json.loads(before.stdout) == json.loads(after.stdout)


def test_a_listing_from_the_command_line_is_in_the_audit_trail(tmp_path):
    assert gcp_desk("demo", "--children", "3", data_dir=tmp_path).returncode == 0
    assert gcp_desk("list", "children", data_dir=tmp_path, as_="Sam Whitfield").returncode == 0
    backend = open_unlocked(tmp_path, "Jo Macintyre")
    try:
        with backend.db.transaction() as uow:
            rows = uow.session.execute(text(
                "SELECT a.action, u.name FROM audit_events a JOIN users u ON u.id = a.actor_id "
                "WHERE a.action LIKE 'read.%'")).fetchall()
    finally:
        backend.close()
    assert [tuple(row) for row in rows] == [("read.list-children", "Sam Whitfield")]


def test_piping_a_listing_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    assert gcp_desk("demo", "--children", "30", data_dir=tmp_path).returncode == 0
    command = (f"{sys.executable} -m gcp_desk --data-dir {tmp_path} list assessments --as 'Sam Whitfield' "
               f"--password-stdin | head -1")
    result = subprocess.run(["bash", "-c", command], input=DEMO_ACCOUNTS[0].password + "\n", capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_db_check_upgrade_and_backup_by_an_administrator(tmp_path):
    assert gcp_desk("db", "check", data_dir=tmp_path).returncode == 1  # empty: nothing there yet
    with_administrator(tmp_path)
    check = gcp_desk("db", "check", data_dir=tmp_path, as_=ADMIN)
    assert check.returncode == 0 and "up to date" in check.stdout, check.stderr
    upgraded = gcp_desk("db", "upgrade", data_dir=tmp_path, as_=ADMIN)
    assert upgraded.returncode == 0 and "nothing changed" in upgraded.stdout, upgraded.stderr
    backup = gcp_desk("db", "backup", data_dir=tmp_path, as_=ADMIN)
    assert backup.returncode == 0, backup.stderr
    copies = list((tmp_path / "backups").glob("*.db"))
    assert len(copies) == 1


def test_db_upkeep_is_for_administrators(tmp_path):
    assert gcp_desk("demo", "--children", "2", data_dir=tmp_path).returncode == 0
    result = gcp_desk("db", "backup", data_dir=tmp_path, as_="Sam Whitfield")
    assert result.returncode == 2 and "Only an administrator" in result.stderr
    assert not (tmp_path / "backups").exists()


def test_a_newer_database_is_refused_and_left_alone(tmp_path):
    with_administrator(tmp_path)
    database = tmp_path / "gcp-desk.db"
    backend = open_unlocked(tmp_path, *ADMIN)
    key = backend.keys.data_key
    backend.close()
    connection = cipher.connect(database, key=key)
    connection.execute("update alembic_version set version_num = '0099'")
    connection.execute("pragma wal_checkpoint(truncate)")
    connection.close()
    before = database.read_bytes()
    result = gcp_desk("list", "children", data_dir=tmp_path, as_=ADMIN)
    assert result.returncode == 2
    assert "0099" in result.stderr and "newer" in result.stderr
    assert database.read_bytes() == before


@pytest.mark.parametrize("args", [["demo", "--children", "0"], ["list", "everything"]])
def test_bad_arguments_are_explained(args, tmp_path):
    result = gcp_desk(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert "error" in result.stderr


def test_demo_prints_each_account_with_its_roles_and_a_password_that_signs_in(tmp_path):
    result = gcp_desk("demo", "--children", "12", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    printed = {}
    for account in DEMO_ACCOUNTS:
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(account.name))
        assert ", ".join(ROLE[role].lower() for role in account.roles) in line and (account.team or "-") in line
        printed[account.name] = line.split()[-1]
    assert any("," in line for line in result.stdout.splitlines() if "Chris Halloran" in line)
    for account in DEMO_ACCOUNTS:
        backend = open_unlocked(tmp_path, account.name, printed[account.name])  # a wrong one would raise
        try:
            assert {a.name: a.roles for a in backend.accounts()}[account.name] == account.roles
        finally:
            backend.close()


def test_demo_refuses_a_database_that_already_has_records(tmp_path):
    assert gcp_desk("demo", "--children", "2", data_dir=tmp_path).returncode == 0
    again = gcp_desk("demo", "--children", "2", data_dir=tmp_path)
    assert again.returncode == 2
    assert "empty" in again.stderr
