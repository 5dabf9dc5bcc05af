"""``gcp-desk user add`` and ``gcp-desk team add``: an administrator setting up a fresh install from a terminal."""

from __future__ import annotations

import pytest

from cli_runner import gcp_desk
from gcp_desk import cli
from gcp_desk.app import open_backend
from gcp_desk.domain.enums import Role
from gcp_desk.paths import AppPaths

ADMIN = "Alex Morrow"
ADMIN_PASSWORD = "heron-lantern-teapot"
DEE_PASSWORD = "copper-meadow-kites"


def accounts(data_dir, name=None, password=None):
    """Every account with its main role and team, read as the administrator (or ``name``) signed in."""
    backend = open_backend(AppPaths.at(data_dir))
    try:
        if backend.is_locked:
            account = next(a for a in backend.accounts() if a.name == (name or ADMIN))
            backend.unlock(account.id, password or ADMIN_PASSWORD)
        users = backend.users()
        with backend.db.transaction() as uow:
            teams = {team.id: team.name for team in uow.users.teams()}
        return {user.name: (user.role, teams.get(user.team_id)) for user in users.accounts()}, users, backend
    except BaseException:
        backend.close()
        raise


def test_a_fresh_install_is_set_up_from_the_command_line(tmp_path):
    practitioner_first = gcp_desk("user", "add", "Sam Whitfield", "--password-stdin", data_dir=tmp_path,
                                  stdin="willow-bracket-nine\n")
    assert practitioner_first.returncode == 2 and "administrator" in practitioner_first.stderr

    admin = gcp_desk("user", "add", ADMIN, "--role", "administrator", "--password-stdin", data_dir=tmp_path,
                     stdin=f"{ADMIN_PASSWORD}\n")
    assert admin.returncode == 0, admin.stderr
    assert "first administrator" in admin.stdout

    without_as = gcp_desk("team", "add", "Northgate team", data_dir=tmp_path)
    assert without_as.returncode == 2 and "--as" in without_as.stderr
    wrong = gcp_desk("team", "add", "Northgate team", "--as", ADMIN, "--password-stdin", data_dir=tmp_path,
                     stdin="not-the-password\n")
    assert wrong.returncode == 2 and "not right" in wrong.stderr
    team = gcp_desk("team", "add", "Northgate team", "--as", "alex  morrow", "--password-stdin", data_dir=tmp_path,
                    stdin=f"{ADMIN_PASSWORD}\n")
    assert team.returncode == 0, team.stderr

    supervisor = gcp_desk("user", "add", "Dee Okafor", "--role", "supervisor", "--team", "northgate TEAM",
                          "--as", ADMIN, "--password-stdin", data_dir=tmp_path,
                          stdin=f"{ADMIN_PASSWORD}\n{DEE_PASSWORD}\n")
    assert supervisor.returncode == 0, supervisor.stderr
    assert "Dee Okafor: supervisor in Northgate team" in supervisor.stdout

    found, users, backend = accounts(tmp_path)
    try:
        assert found == {ADMIN: (Role.ADMINISTRATOR, None), "Dee Okafor": (Role.SUPERVISOR, "Northgate team")}
        dee = next(user for user in users.accounts() if user.name == "Dee Okafor")
        assert users.sign_in(dee.id, DEE_PASSWORD).role is Role.SUPERVISOR
    finally:
        backend.close()


@pytest.mark.parametrize("arguments, stdin, words", [
    (["--team", "Riverside team"], f"{ADMIN_PASSWORD}\n{DEE_PASSWORD}\n", "no team called 'Riverside team'"),
    ([], f"{ADMIN_PASSWORD}\nshort\n", "at least 10 characters"),
    ([], f"{ADMIN_PASSWORD}\n", "Standard input ended"),
])
def test_an_account_that_cannot_be_added_is_explained_and_nothing_is_saved(tmp_path, arguments, stdin, words):
    assert gcp_desk("user", "add", ADMIN, "--role", "administrator", "--password-stdin", data_dir=tmp_path,
                    stdin=f"{ADMIN_PASSWORD}\n").returncode == 0
    result = gcp_desk("user", "add", "Dee Okafor", *arguments, "--as", ADMIN, "--password-stdin",
                      data_dir=tmp_path, stdin=stdin)
    assert result.returncode == 2
    assert words in result.stderr
    found, _, backend = accounts(tmp_path)
    backend.close()
    assert list(found) == [ADMIN]


def test_only_an_administrator_adds_accounts(tmp_path):
    assert gcp_desk("demo", "--children", "1", data_dir=tmp_path).returncode == 0
    result = gcp_desk("user", "add", "Pat Newcomer", "--as", "Sam Whitfield", "--password-stdin", data_dir=tmp_path,
                      stdin="demo-northgate-sam\nplover-window-stack\n")
    assert result.returncode == 2
    assert "Only an administrator" in result.stderr and "Sam Whitfield" in result.stderr
    found, _, backend = accounts(tmp_path, "Alex Morrow", "demo-admin-alex")
    backend.close()
    assert "Pat Newcomer" not in found


def test_a_new_password_is_asked_for_twice_and_must_match(tmp_path, monkeypatch, capsys):
    answers = iter(["heron-lantern-teapot", "heron-lantern-teapod"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("gcp_desk.cli.signing_in.can_ask", lambda: True)  # as at a terminal
    arguments = ["--data-dir", str(tmp_path), "user", "add", ADMIN, "--role", "administrator"]
    assert cli.main(arguments) == 2
    assert "not the same" in capsys.readouterr().err
    answers = iter([ADMIN_PASSWORD, ADMIN_PASSWORD])
    assert cli.main(arguments) == 0
    found, _, backend = accounts(tmp_path)
    backend.close()
    assert found == {ADMIN: (Role.ADMINISTRATOR, None)}


def test_a_database_with_no_administrator_gains_one_without_as(tmp_path):
    from gcp_desk.domain.people import User

    backend = open_backend(AppPaths.at(tmp_path))
    with backend.db.transaction() as uow:  # as a database from an older version: a practitioner, no password
        uow.users.add(User(name="Sam Whitfield", role=Role.PRACTITIONER))
    backend.close()

    result = gcp_desk("user", "add", ADMIN, "--role", "administrator", "--password-stdin", data_dir=tmp_path,
                      stdin=f"{ADMIN_PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    assert "first administrator" in result.stdout
    again = gcp_desk("user", "add", "Pat Newcomer", "--role", "administrator", "--password-stdin",
                     data_dir=tmp_path, stdin="plover-window-stack\n")
    assert again.returncode == 2 and "Only an administrator" in again.stderr
    found, _, backend = accounts(tmp_path)
    backend.close()
    assert found[ADMIN] == (Role.ADMINISTRATOR, None) and "Pat Newcomer" not in found
