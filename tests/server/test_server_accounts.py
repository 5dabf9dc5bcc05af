"""Accounts and teams added on the team server from the command line by an administrator, as their own login; the
new person can then log in as theirs, and nobody else may add anyone."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import text

from server_support import PASSWORD, connect

NEW_PASSWORD = "nia's own long password"


def gcp_desk(*args: str, stdin: str, data_dir) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(data_dir), "server", *args],
                          input=stdin, capture_output=True, text=True, timeout=120)


def as_login(person_url):
    from gcp_desk.storage.server_address import without_password

    return without_password(person_url).render_as_string(hide_password=False)


def test_rls_an_administrator_adds_a_team_and_a_person_who_then_logs_in_as_their_own_role(team_server, tmp_path):
    admin_url = as_login(team_server.administrator.url)
    login = f"{team_server.url.database}_nia"
    team = gcp_desk("add-team", admin_url, "North", "--password-stdin", stdin=f"{PASSWORD}\n", data_dir=tmp_path)
    assert team.returncode == 0, team.stderr
    assert "Added the team North" in team.stdout
    done = gcp_desk("add-user", admin_url, "Nia North", "--role", "practitioner", "--team", "North", "--login", login,
                    "--password-stdin", stdin=f"{PASSWORD}\n{NEW_PASSWORD}\n", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Added Nia North (practitioner) on" in done.stdout and f"server login '{login}'" in done.stdout
    with connect(team_server.url.set(username=login, password=NEW_PASSWORD)) as nia:
        me = nia.execute(text("SELECT u.name, t.name FROM users u JOIN teams t ON t.id = u.team_id "
                              "WHERE u.id = gcp_desk_actor()")).one()
        assert tuple(me) == ("Nia North", "North")
    with connect(team_server.url) as su:
        actions = su.execute(text("SELECT e.action FROM audit_events e JOIN audit_chain c ON c.event_id = e.id "
                                  "WHERE e.actor_id = :admin ORDER BY c.seq"),
                             {"admin": team_server.administrator.id}).scalars().all()
    assert actions[-2:] == ["team.create", "user.create"]


def test_rls_a_practitioner_cannot_add_anyone(team_server, tmp_path):
    north = team_server.add_team("North")
    nia = team_server.add_person("Nia North", "practitioner", north)
    done = gcp_desk("add-user", as_login(nia.url), "Someone Else", "--login", f"{team_server.url.database}_else",
                    "--password-stdin", stdin=f"{PASSWORD}\n{NEW_PASSWORD}\n", data_dir=tmp_path)
    assert done.returncode == 2
    assert "Only an administrator adds accounts" in done.stderr
    with connect(team_server.url) as su:
        assert su.execute(text("SELECT count(*) FROM users WHERE name = 'Someone Else'")).scalar() == 0
