"""The command line, run as a user runs it: a real process on a real data folder."""

from __future__ import annotations

import json
import sqlite3

import pytest

from cli_runner import gcp_desk
from gcp_desk.app import open_backend
from gcp_desk.domain.labels import ROLE
from gcp_desk.paths import AppPaths, instruments_dir
from gcp_desk.services.demo_accounts import DEMO_ACCOUNTS

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


def test_demo_then_list_children_as_json(tmp_path):
    result = gcp_desk("demo", "--children", "12", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "12 children" in result.stdout
    listed = gcp_desk("list", "children", "--json", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    children = json.loads(listed.stdout)
    assert len(children) == 12
    assert all(child["assessments"] >= 1 for child in children)
    assert {child["latest_status"] for child in children} <= {"draft", "submitted", "returned", "countersigned"}
    one = children[0]["id"]
    assessments = json.loads(gcp_desk("list", "assessments", "--json", "--child", one, data_dir=tmp_path).stdout)
    # The caseload counts the assessments that stand; the list also shows any an amendment replaced.
    assert len([a for a in assessments if a["status"] != "amended"]) == children[0]["assessments"]
    table = gcp_desk("list", "children", data_dir=tmp_path)
    assert "12 children" in table.stdout


def test_db_check_upgrade_and_backup(tmp_path):
    assert gcp_desk("db", "check", data_dir=tmp_path).returncode == 1  # empty: nothing there yet
    upgraded = gcp_desk("db", "upgrade", data_dir=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    check = gcp_desk("db", "check", data_dir=tmp_path)
    assert check.returncode == 0 and "up to date" in check.stdout
    backup = gcp_desk("db", "backup", data_dir=tmp_path)
    assert backup.returncode == 0, backup.stderr
    copies = list((tmp_path / "backups").glob("*.db"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as copy:
        assert copy.execute("select count(*) from alembic_version").fetchone() == (1,)


def test_a_newer_database_is_refused_and_left_alone(tmp_path):
    assert gcp_desk("db", "upgrade", data_dir=tmp_path).returncode == 0
    database = tmp_path / "gcp-desk.db"
    with sqlite3.connect(database) as connection:
        connection.execute("update alembic_version set version_num = '0099'")
        connection.commit()
        connection.execute("pragma wal_checkpoint(truncate)")
    before = database.read_bytes()
    result = gcp_desk("list", "children", data_dir=tmp_path)
    assert result.returncode == 2
    assert "0099" in result.stderr and "newer" in result.stderr
    assert database.read_bytes() == before


@pytest.mark.parametrize("args", [["demo", "--children", "0"], ["list", "everything"]])
def test_bad_arguments_are_explained(args, tmp_path):
    result = gcp_desk(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert "error" in result.stderr


def test_demo_prints_each_account_with_a_password_that_signs_in(tmp_path):
    result = gcp_desk("demo", "--children", "12", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    printed = {}
    for account in DEMO_ACCOUNTS:
        line = next(line for line in result.stdout.splitlines() if line.strip().startswith(account.name))
        assert ROLE[account.role] in line and (account.team or "-") in line
        printed[account.name] = line.split()[-1]
    backend = open_backend(AppPaths.at(tmp_path))
    try:
        users = backend.users()
        for user in users.all():
            assert users.sign_in(user.id, printed[user.name]).role is user.role
    finally:
        backend.close()


def test_demo_refuses_a_database_that_already_has_records(tmp_path):
    assert gcp_desk("demo", "--children", "2", data_dir=tmp_path).returncode == 0
    again = gcp_desk("demo", "--children", "2", data_dir=tmp_path)
    assert again.returncode == 2
    assert "empty" in again.stderr
    listed = json.loads(gcp_desk("list", "children", "--json", data_dir=tmp_path).stdout)
    assert len(listed) == 2
