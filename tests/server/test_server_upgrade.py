"""Upgrades are explicit: a client never changes a shared server's schema, whatever it finds there; only
``gcp-desk server upgrade`` does, as an administrator with the owner's credentials, after a pg_dump backup."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from server_support import PASSWORD, connect
from gcp_desk.storage.schema_version import SCHEMA_HEAD

OLDER = "0006"


def run_cli(*args: str, stdin: str, data_dir, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gcp_desk", "--data-dir", str(data_dir), *args], input=stdin,
                          capture_output=True, text=True, timeout=180, env={**os.environ, **(env or {})})


def downgrade(server, to: str = OLDER) -> None:
    """Setting the scene: the server as an older GCP Desk left it (a real downgrade, by the owner role)."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from gcp_desk.storage.migrate import _alembic_config

    engine = create_engine(server.url, poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        connection.exec_driver_sql(f'SET LOCAL ROLE "{server.owner_role}"')
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, to)
    engine.dispose()


def schema_of(server) -> str:
    with connect(server.url) as su:
        return su.execute(text("SELECT version_num FROM alembic_version")).scalar()


def client_folder(tmp_path, url):
    from gcp_desk.paths import AppPaths
    from gcp_desk.settings import Settings

    paths = AppPaths.at(tmp_path / "laptop").ensure()
    Settings(database_url=url.render_as_string(hide_password=False)).save(paths.settings_file)
    return paths


def test_never_migrates_a_client_refuses_an_older_server_naming_both_versions(team_server, tmp_path):
    from gcp_desk.app import open_backend
    from gcp_desk.storage.migrate import ServerSchemaMismatch

    downgrade(team_server)
    paths = client_folder(tmp_path, team_server.administrator.url)
    with pytest.raises(ServerSchemaMismatch) as refused:
        open_backend(paths)
    assert OLDER in str(refused.value) and SCHEMA_HEAD in str(refused.value)
    assert "upgrade" in str(refused.value) and "gcp-desk server upgrade" in str(refused.value)
    assert schema_of(team_server) == OLDER


def test_never_migrates_the_command_line_says_an_upgrade_is_waiting(team_server, tmp_path):
    downgrade(team_server)
    paths = client_folder(tmp_path, team_server.administrator.url)
    done = run_cli("list", "children", "--as", "Ada Okafor", "--password-stdin", stdin=f"{PASSWORD}\n",
                   data_dir=paths.data_dir)
    assert done.returncode == 2
    assert f"schema version {OLDER}" in done.stderr and SCHEMA_HEAD in done.stderr
    assert "server upgrade" in done.stderr
    assert schema_of(team_server) == OLDER


def test_never_migrates_a_client_older_than_the_server_is_refused_naming_both_versions(team_server, tmp_path):
    from gcp_desk.app import open_backend
    from gcp_desk.domain.errors import DatabaseTooNew

    with connect(team_server.url) as su:  # setting the scene: a newer GCP Desk upgraded the server
        su.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(DatabaseTooNew) as refused:
        open_backend(client_folder(tmp_path, team_server.administrator.url))
    assert "0099" in str(refused.value) and f"({SCHEMA_HEAD})" in str(refused.value)
    assert "Install the newer GCP Desk" in str(refused.value)
    assert schema_of(team_server) == "0099"


def test_never_migrates_an_empty_server_is_not_set_up_by_a_client(empty_database, tmp_path):
    from gcp_desk.app import open_backend
    from gcp_desk.storage.migrate import ServerSchemaMismatch

    with pytest.raises(ServerSchemaMismatch, match="server init"):
        open_backend(client_folder(tmp_path, empty_database))
    with connect(empty_database) as su:
        assert su.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0


def test_never_migrates_db_upgrade_on_a_server_leaves_it_to_server_upgrade(team_server):
    from gcp_desk.storage.db import Database
    from gcp_desk.storage.migrate import ServerSchemaMismatch, prepare

    downgrade(team_server)
    db = Database(team_server.url)
    try:
        with pytest.raises(ServerSchemaMismatch):
            prepare(db, backups_dir=None)
    finally:
        db.dispose()
    assert schema_of(team_server) == OLDER


def owner_url_and_password(server):
    from gcp_desk.storage.server_address import without_password

    return without_password(server.url).render_as_string(hide_password=False), server.url.password


def upgraded_through_the_command(server, tmp_path) -> str:
    """``gcp-desk server upgrade`` run as the administrator runs it, with the owner's password, and succeeding: the
    server's rules version after it."""
    url, owner_password = owner_url_and_password(server)
    done = run_cli("server", "upgrade", url, "--as", "Ada Okafor", "--password-stdin", "--backup-dir",
                   str(tmp_path / "backups"), stdin=f"{owner_password}\n{PASSWORD}\n", data_dir=tmp_path / "it")
    assert done.returncode == 0, done.stdout + done.stderr
    with connect(server.url) as su:
        return su.execute(text("SELECT value FROM app_meta WHERE key = 'server_rules_version'")).scalar()


def test_server_upgrade_backs_up_with_pg_dump_then_migrates(team_server, tmp_path):
    downgrade(team_server)
    with connect(team_server.url) as su:  # set up before laptops synced: no organisation id yet
        su.execute(text("DELETE FROM app_meta WHERE key = 'organisation_id'"))
    url, owner_password = owner_url_and_password(team_server)
    backups = tmp_path / "server-backups"
    done = run_cli("server", "upgrade", url, "--as", "Ada Okafor", "--password-stdin", "--backup-dir", str(backups),
                   stdin=f"{owner_password}\n{PASSWORD}\n", data_dir=tmp_path / "it")
    assert done.returncode == 0, done.stderr
    assert f"from schema {OLDER} to {SCHEMA_HEAD}" in done.stdout
    [dump] = list(backups.iterdir())
    assert dump.name.startswith(f"{team_server.url.database}-before-{OLDER}-to-{SCHEMA_HEAD}-")
    assert str(dump) in done.stdout
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public users" in listing and "POLICY public children person_select" in listing
    assert schema_of(team_server) == SCHEMA_HEAD
    with connect(team_server.url) as su:
        assert su.execute(text("SELECT action FROM audit_events ORDER BY at DESC LIMIT 1")).scalar() == \
            "server.upgrade"
        assert su.execute(text("SELECT count(*) FROM app_meta WHERE key = 'organisation_id'")).scalar() == 1
    again = run_cli("server", "upgrade", url, "--as", "Ada Okafor", "--password-stdin", "--backup-dir",
                    str(backups), stdin=f"{owner_password}\n{PASSWORD}\n", data_dir=tmp_path / "it")
    assert again.returncode == 0 and "up to date" in again.stdout
    assert len(list(backups.iterdir())) == 1


def test_server_upgrade_is_for_an_administrator_only(team_server, tmp_path):
    from gcp_desk.domain.errors import PermissionDenied
    from gcp_desk.server.upgrade import upgrade_server

    team = team_server.add_team("North")
    team_server.add_person("Nia North", "practitioner", team)
    downgrade(team_server)
    url, owner_password = owner_url_and_password(team_server)
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        upgrade_server(url, owner_password, administrator="Nia North", administrator_password=PASSWORD,
                       backups_dir=tmp_path / "b")
    assert schema_of(team_server) == OLDER and not (tmp_path / "b").exists()


def test_server_upgrade_with_a_wrong_administrator_password_changes_nothing(team_server, tmp_path):
    from gcp_desk.storage.server_problems import ServerPasswordRefused
    from gcp_desk.server.upgrade import upgrade_server

    downgrade(team_server)
    url, owner_password = owner_url_and_password(team_server)
    with pytest.raises(ServerPasswordRefused, match="refused the password"):
        upgrade_server(url, owner_password, administrator="Ada Okafor", administrator_password="not the password",
                       backups_dir=tmp_path / "b")
    assert schema_of(team_server) == OLDER and not (tmp_path / "b").exists()


def test_server_upgrade_refuses_a_pg_dump_too_old_for_the_server(team_server, tmp_path, monkeypatch):
    from gcp_desk.server.upgrade import BackupToolUnfit, upgrade_server

    old_tool = tmp_path / "pg_dump"
    old_tool.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.19'\n")
    old_tool.chmod(0o755)
    monkeypatch.setenv("GCP_DESK_PG_DUMP", str(old_tool))
    downgrade(team_server)
    url, owner_password = owner_url_and_password(team_server)
    with pytest.raises(BackupToolUnfit, match="version 12") as refused:
        upgrade_server(url, owner_password, administrator="Ada Okafor", administrator_password=PASSWORD,
                       backups_dir=tmp_path / "b")
    assert "Nothing was changed" in str(refused.value)
    assert schema_of(team_server) == OLDER and not (tmp_path / "b").exists()
