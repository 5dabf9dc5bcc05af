"""``gcp-desk server init`` and what it refuses: a server that cannot be reached, one whose certificate is wrong, a
wrong owner password, a login that may not set up a server, a database that is not empty. Each says what is wrong
in words and leaves the server exactly as it was."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from server_support import PASSWORD, connect


def init(url, owner_password=None, login=None, **more):
    from gcp_desk.server.setup import init_server

    return init_server(url.render_as_string(hide_password=False), owner_password, administrator="Ada Okafor",
                       administrator_password=PASSWORD, login=login or f"{url.database}_ada",
                       organisation="Testbury Council", **more)


def untouched(url) -> bool:
    """No table and no GCP Desk role: as it was before init."""
    with connect(url) as su:
        tables = su.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
        roles = su.execute(text("SELECT count(*) FROM pg_roles WHERE rolname LIKE :prefix"),
                           {"prefix": f"{url.database}%"}).scalar()
    return tables == 0 and roles == 0


def test_server_init_from_the_command_line(empty_database, tmp_path):
    from gcp_desk.storage.server_address import without_password

    url = without_password(empty_database).render_as_string(hide_password=False)
    login = f"{empty_database.database}_ada"
    done = subprocess.run(
        [sys.executable, "-m", "gcp_desk", "--data-dir", str(tmp_path / "it"), "server", "init", url,
         "--as", "Ada Okafor", "--login", login, "--organisation", "Testbury Council", "--password-stdin"],
        input=f"{empty_database.password}\n{PASSWORD}\n", capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert f"First administrator: Ada Okafor, server login '{login}'" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr and empty_database.password not in done.stdout + done.stderr
    with connect(empty_database.set(username=login, password=PASSWORD)) as ada:
        assert ada.execute(text("SELECT gcp_desk_actor_has_role('administrator')")).scalar() is True
        fingerprint = ada.execute(text("SELECT fingerprint_sha256 FROM server_certificate")).scalar()
        assert f"SHA-256: {fingerprint}" in done.stdout
        with pytest.raises(Exception, match="permission denied"):
            ada.execute(text("SELECT pkcs12 FROM server_signing_key"))


def test_server_init_keeps_the_organisation_certificate_for_laptops(team_server):
    from cryptography import x509

    with team_server.administrator.connection() as ada:
        pem = ada.execute(text("SELECT certificate_pem FROM server_certificate")).scalar()
    certificate = x509.load_pem_x509_certificate(pem.encode())
    assert "Testbury Council" in certificate.subject.rfc4514_string()


def test_server_init_with_an_owner_login_that_is_not_a_superuser(superuser_url, tmp_path):
    """As IT would set it up: a login with CREATEROLE that owns the database, no more."""
    name = f"gcp_desk_owned_{os.getpid()}"
    it_login = f"{name}_it"
    with connect(superuser_url) as su:
        su.exec_driver_sql(f"CREATE ROLE \"{it_login}\" LOGIN CREATEROLE PASSWORD 'it officer password'")
        su.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER "{it_login}"')
    try:
        url = superuser_url.set(database=name, username=it_login, password="it officer password")
        ready = init(url)
        with connect(superuser_url.set(database=name)) as su:
            owner = su.execute(text("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'children'"))
            assert owner.scalar() == ready.roles.owner
        with connect(url.set(username=ready.administrator_login, password=PASSWORD)) as ada:
            assert ada.execute(text("SELECT count(*) FROM users")).scalar() == 1
    finally:
        with connect(superuser_url) as su:
            su.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for role in (f"{name}_ada", f"{name}_person", f"{name}_owner", it_login):
                su.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')


def test_server_init_refuses_a_login_that_cannot_create_roles(empty_database):
    from gcp_desk.domain.errors import NotAllowed

    plain = f"{empty_database.database}_plain"
    with connect(empty_database) as su:
        su.exec_driver_sql(f"CREATE ROLE \"{plain}\" LOGIN PASSWORD 'plain login password'")
    with pytest.raises(NotAllowed, match="cannot create roles") as refused:
        init(empty_database.set(username=plain, password="plain login password"))
    assert "Nothing was changed" in str(refused.value)
    with connect(empty_database) as su:
        assert su.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0


def test_server_init_with_a_wrong_owner_password_changes_nothing(empty_database):
    from gcp_desk.storage.server_problems import ServerPasswordRefused

    with pytest.raises(ServerPasswordRefused, match="refused the password for postgres") as refused:
        init(empty_database.set(password="not the owner's password"))
    assert "Nothing was changed" in str(refused.value)
    assert untouched(empty_database)


def test_server_init_refuses_a_server_whose_certificate_another_authority_signed(empty_database, tmp_path):
    from gcp_desk.storage.server_problems import ServerCertificateRefused

    other = tmp_path / "other-ca"
    subprocess.run(["bash", str(Path(__file__).parents[2] / ".ci" / "make-test-ca"), str(other)], check=True,
                   capture_output=True)
    wrong = empty_database.update_query_dict({"sslrootcert": str(other / "ca.crt")})
    with pytest.raises(ServerCertificateRefused, match="did not prove who it is"):
        init(wrong)
    assert untouched(empty_database)


def test_server_init_says_how_to_name_the_certificate_authority(empty_database, tmp_path):
    from gcp_desk.storage.server_problems import ServerCertificateRefused

    missing = empty_database.update_query_dict({"sslrootcert": str(tmp_path / "no-such-ca.pem")})
    with pytest.raises(ServerCertificateRefused, match="sslrootcert=FILE"):
        init(missing)
    assert untouched(empty_database)


def test_server_init_says_when_the_server_cannot_be_reached(empty_database):
    from gcp_desk.storage.server_problems import ServerUnreachable

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with pytest.raises(ServerUnreachable, match="cannot be reached"):
        init(empty_database.set(port=closed_port))


def test_server_init_refuses_a_second_init(team_server):
    from gcp_desk.domain.errors import NotAllowed

    with pytest.raises(NotAllowed, match="is a GCP Desk team server already"):
        init(team_server.url, login=f"{team_server.url.database}_second")


def test_server_init_refuses_a_database_that_is_not_empty(empty_database):
    from gcp_desk.domain.errors import NotAllowed

    with connect(empty_database) as su:
        su.exec_driver_sql("CREATE TABLE payroll (id integer)")
    with pytest.raises(NotAllowed, match="holds 1 table"):
        init(empty_database)


def test_a_client_with_a_wrong_password_is_told_so(team_server, tmp_path):
    from gcp_desk.app import open_backend
    from gcp_desk.domain.errors import DatabaseUnavailable
    from gcp_desk.paths import AppPaths
    from gcp_desk.settings import Settings

    paths = AppPaths.at(tmp_path / "laptop").ensure()
    wrong = team_server.administrator.url.set(password="not my password")
    Settings(database_url=wrong.render_as_string(hide_password=False)).save(paths.settings_file)
    with pytest.raises(DatabaseUnavailable, match="refused the password") as refused:
        open_backend(paths)
    assert "not my password" not in str(refused.value)
