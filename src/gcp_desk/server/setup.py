"""``gcp-desk server init``: an empty PostgreSQL database made into a GCP Desk team server, in one transaction.

Connected with the owner's credentials (a login that owns the database and may create roles, or a superuser), it
makes the owner role that owns the schema and runs migrations, and the person group; closes the database to every
other role; creates the schema with the migrations, as the owner role; applies the server's rules (``rules``);
makes the first administrator's account and their own login; and sets the organisation's certificate. Any failure
rolls everything back, roles included (PostgreSQL's DDL and role changes are transactional): nothing is half made.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..domain.enums import Role
from ..domain.errors import InvalidInput, NotAllowed, Problem
from ..domain.people import User
from ..services.validation import build
from ..security.passwords import password_problems
from ..storage.schema_version import SCHEMA_HEAD
from ..storage.server_address import ServerRoles, check_login, describe, login_name, roles_for, server_url
from .connect import connected, refusal, schema_version_on, server_version
from .logins import create_login
from .rules import RULES_VERSION, apply_rules

OLDEST_SERVER = 130000
"""PostgreSQL 13 or newer (FORCE ROW LEVEL SECURITY, gen_random_uuid built in); 15 is what we test on."""


@dataclass(frozen=True)
class ServerReady:
    where: str
    schema: str
    roles: ServerRoles
    administrator_id: UUID
    administrator_login: str
    certificate_fingerprint: str


def init_server(url: str, owner_password: str | None, *, administrator: str, administrator_password: str,
                login: str | None = None, organisation: str) -> ServerReady:
    """Set up the empty database at ``url`` (see the module). ``owner_password`` may be ``None`` when the URL or
    the environment (PGPASSWORD, a .pgpass file, Kerberos) supplies the credentials."""
    problems = [Problem("Password", words) for words in password_problems(administrator_password,
                                                                          user_name=administrator)]
    if not organisation.strip():
        problems.append(Problem("Organisation", "give the organisation's name; it is on its signing certificate"))
    if problems:
        raise InvalidInput(problems)
    user = build(User, name=administrator, roles=(Role.ADMINISTRATOR,))
    login = check_login(login or login_name(user.name))
    address = server_url(url, password=owner_password)
    roles = roles_for(address)
    where = describe(address)
    certificate_pem, pkcs12 = _organisation_certificate(organisation)
    fingerprint = _fingerprint(certificate_pem)
    with connected(address) as connection:
        try:
            with connection.begin():
                _check_empty(connection, where)
                _make_roles(connection, roles, address.database or "", where)
                connection.exec_driver_sql(f'SET LOCAL ROLE "{roles.owner}"')
                from ..storage.migrate import migrate_in

                migrate_in(connection)
                apply_rules(connection, roles)
                _first_administrator(connection, user, login, administrator_password, where)
                connection.execute(text(
                    "INSERT INTO server_certificate (id, certificate_pem, fingerprint_sha256) VALUES (1, :pem, :fp)"),
                    {"pem": certificate_pem, "fp": fingerprint})
                connection.execute(text("INSERT INTO server_signing_key (id, pkcs12) VALUES (1, :bundle)"),
                                   {"bundle": pkcs12})
                give_organisation_id(connection)
                record_event(connection, user.id, "server.init", {"schema": SCHEMA_HEAD, "rules": RULES_VERSION,
                                                             "certificate_sha256": fingerprint})
        except DBAPIError as error:
            raise _init_refused(error, address, where) from None
    return ServerReady(where=where, schema=SCHEMA_HEAD, roles=roles, administrator_id=user.id,
                       administrator_login=login, certificate_fingerprint=fingerprint)


def _check_empty(connection: Connection, where: str) -> None:
    if server_version(connection) < OLDEST_SERVER:
        version = connection.exec_driver_sql("SHOW server_version").scalar_one()
        raise NotAllowed(f"The server at {where} runs PostgreSQL {version}; GCP Desk needs PostgreSQL 13 or newer "
                         "(15 or newer is best). Nothing was changed.")
    found = schema_version_on(connection)
    if found is not None:
        raise NotAllowed(f"The database at {where} is a GCP Desk team server already (schema {found}). To bring it "
                         "to a newer GCP Desk, use 'gcp-desk server upgrade'. Nothing was changed.")
    tables = connection.exec_driver_sql(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").scalar_one()
    if tables:
        raise NotAllowed(f"The database at {where} already holds {tables} table(s) of something else; GCP Desk is "
                         "set up only in an empty database. Create a new one (CREATE DATABASE gcp_desk). "
                         "Nothing was changed.")


def _make_roles(connection: Connection, roles: ServerRoles, database: str, where: str) -> None:
    is_superuser = connection.exec_driver_sql("SHOW is_superuser").scalar_one() == "on"
    may_create_roles = connection.exec_driver_sql(
        "SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user").scalar_one()
    if not (is_superuser or may_create_roles):
        raise NotAllowed(f"The login in the URL cannot create roles on {where}: server init needs the owner's "
                         "credentials (a login with CREATEROLE that owns the database, or a superuser). "
                         "Nothing was changed.")
    existing = set(connection.exec_driver_sql(
        "SELECT rolname FROM pg_roles WHERE rolname IN (%(owner)s, %(person)s)",
        {"owner": roles.owner, "person": roles.person}).scalars())
    if roles.owner not in existing:
        connection.exec_driver_sql(f'CREATE ROLE "{roles.owner}" NOLOGIN CREATEROLE NOBYPASSRLS')
    connection.exec_driver_sql(f'GRANT "{roles.owner}" TO CURRENT_USER')
    connection.exec_driver_sql(f'GRANT USAGE, CREATE ON SCHEMA public TO "{roles.owner}"')
    connection.exec_driver_sql(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
    connection.exec_driver_sql(f'SET LOCAL ROLE "{roles.owner}"')
    if roles.person not in existing:
        # Made by the owner role, so that it may grant the group to each new login (PostgreSQL 16 asks for that).
        connection.exec_driver_sql(f'CREATE ROLE "{roles.person}" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE '
                                   "NOREPLICATION NOBYPASSRLS")
    connection.exec_driver_sql("RESET ROLE")
    connection.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{roles.owner}", "{roles.person}"')


def _first_administrator(connection: Connection, user: User, login: str, password: str, where: str) -> None:
    from ..storage.repositories import UserRepository

    session = Session(bind=connection)
    # No argon2 hash on the server: the password is the person's server login, which PostgreSQL checks.
    UserRepository(session).add(user, password_hash=None)
    session.flush()
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login}).first()
    if exists:
        raise InvalidInput([Problem("Login", f"a role called '{login}' already exists on the server at {where}; "
                                    "choose another login with --login")])
    create_login(connection, login, password, user.id)
    from ..services import audit_payloads

    record_event(connection, user.id, "user.create", audit_payloads.created(user))


def record_event(connection: Connection, actor: UUID, action: str, after: dict) -> None:
    from ..storage.repositories import AuditRepository

    entity = "user" if action.startswith("user.") else "server"
    AuditRepository(Session(bind=connection)).record(actor, action, entity, after.get("id", "-"), None, after)


def _organisation_certificate(organisation: str) -> tuple[str, bytes]:
    """A self-signed organisation certificate (PEM) and its key (PKCS#12), as a laptop makes its own."""
    from ..reports.signing import CERTIFICATE_FILE, create_self_signed

    with tempfile.TemporaryDirectory(prefix="gcp-desk-certificate-") as folder:
        key_file = create_self_signed(folder, organisation)
        return (Path(folder) / CERTIFICATE_FILE).read_text(encoding="ascii"), key_file.read_bytes()


def _fingerprint(certificate_pem: str) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = x509.load_pem_x509_certificate(certificate_pem.encode("ascii")).public_bytes(Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def _init_refused(error: DBAPIError, address, where: str) -> Exception:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    if "permission denied" in reason.lower() or "must be owner" in reason.lower():
        return NotAllowed(f"The login in the URL may not set up {where} ({reason}): server init needs the owner's "
                          "credentials (a login with CREATEROLE that owns the database, or a superuser). The "
                          "server was left as it was.")
    return refusal(error, address)


def give_organisation_id(connection: Connection) -> None:
    """The organisation's id, which every bundle carries and each laptop takes at its first sync; made once."""
    connection.execute(text("INSERT INTO app_meta (key, value) SELECT 'organisation_id', :id WHERE NOT EXISTS "
                            "(SELECT 1 FROM app_meta WHERE key = 'organisation_id')"), {"id": str(uuid4())})
