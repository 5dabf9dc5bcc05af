"""Signing in on a linked laptop through the team server, which is the authority on accounts.

A person with a login on the server but no slot on this laptop (their first sign-in here, or their password changed
on the server since their slot was made) signs in with their name and their server password: GCP Desk connects as
their own login (PostgreSQL checks the password), reads their account there (it must exist and not be disabled),
copies it into this laptop's database, and makes their slot under that password, so that they can sign in here
offline from then on. The laptop's data key comes from what is in hand (a new folder), or from the laptop's own
copy wrapped under the secret the server keeps for it (``security.laptop_link_key``).

Every check against the server comes before anything here is written: a wrong password, an unreachable server or a
certificate that does not prove the server's name leaves the laptop exactly as it was.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from ..domain.enums import Role
from ..domain.errors import NotAllowed, PermissionDenied
from ..domain.people import Team, User
from .connect import connected
from ..reports.organisation_certificate import keep_organisation_certificate
from .laptop_link import organisation_certificate, person_url, where_linked

NOT_ENROLLED = ("This laptop cannot make a slot for {name} yet: the team server does not hold this laptop's key. "
                "Someone who already signs in on this laptop signs in once while it is online (or runs 'gcp-desk "
                "server link' with --as), and then {name} can sign in here. Nothing was changed.")


PASSWORD_GONE = ("The team server no longer takes this password for {name}: it was changed there, or the account was "
                 "disabled. It no longer opens this laptop either; sign in with your new password while online.")


@dataclass(frozen=True)
class ServerAccount:
    user: User
    team: Team | None
    password_set_at: datetime | None


def my_account(connection: Connection, where: str) -> ServerAccount:
    """The account the connected login belongs to; refused if there is none or it is disabled."""
    row = connection.execute(text(
        "SELECT u.id, u.name, u.roles, u.role, u.team_id, u.created_at, u.disabled_at, l.password_set_at "
        "FROM server_logins l JOIN users u ON u.id = l.user_id WHERE l.role_name = session_user")).first()
    if row is None:
        raise PermissionDenied(f"This login on the team server at {where} is not a GCP Desk account. Nothing was "
                               "changed.")
    if row.disabled_at is not None:
        from ..storage.server_problems import DISABLED, ServerLoginDisabled

        raise ServerLoginDisabled(DISABLED.format(where=where) + " Nothing was changed.")
    roles = tuple(Role(value) for value in (row.roles or row.role).split(",") if value)
    user = User(id=row.id, name=row.name, roles=roles, team_id=row.team_id, created_at=row.created_at)
    team = None
    if row.team_id is not None:
        found = connection.execute(text("SELECT id, name, created_at FROM teams WHERE id = :id"),
                                   {"id": row.team_id}).first()
        team = Team(id=found.id, name=found.name, created_at=found.created_at) if found else None
    return ServerAccount(user, team, row.password_set_at)


def online_sign_in(backend, name: str, password: str) -> User:
    """Sign ``name`` in through the linked server (see the module); returns the local account, signed in."""
    from ..security.laptop_link_key import unlock_with_link_secret
    from .account_refresh import refresh_accounts

    settings = backend.settings
    url = person_url(settings, name, password)
    where = where_linked(settings)
    with connected(url) as connection:
        account = my_account(connection, where)
        certificate = organisation_certificate(connection)
        data_key = backend.keys.data_key if backend.keys is not None else None
        if data_key is None:
            secret = connection.execute(text("SELECT gcp_desk_laptop_secret(:laptop)"),
                                        {"laptop": backend.key_file.database_id}).scalar()
            data_key = unlock_with_link_secret(backend.key_file, bytes(secret)) if secret else None
        if data_key is None:
            raise NotAllowed(NOT_ENROLLED.format(name=account.user.name))
        _open(backend, data_key)
        user = _copy_account(backend, account)
        backend.keys.set_password(user, password)
        from ..security.laptop_link_key import note_server_password

        note_server_password(backend.key_file, user.id, account.password_set_at, login=url.username)
        enrol_laptop(backend, connection)
        seen_laptop(backend, connection)
        record_on_server(connection, user.id, "user.laptop-slot", backend.key_file.database_id)
        keep_organisation_certificate(backend.paths.signing_dir, certificate)
        refresh_accounts(backend, connection, actor=user)
        see_holds(backend, connection)
    from ..vault import _record_sign_in

    return _record_sign_in(backend, user.id)


def enrol_laptop(backend, connection: Connection) -> None:
    """Give the server this laptop's secret, unless it holds a good one already (a re-key makes the old copy
    useless: a new one is made)."""
    from ..security.laptop_link_key import has_link_copy, new_link_secret, set_link_copy

    key_file = backend.key_file
    if has_link_copy(key_file):
        return
    secret = new_link_secret()
    try:
        connection.execute(text("SELECT gcp_desk_link_laptop(:laptop, :secret, :name)"),
                           {"laptop": key_file.database_id, "secret": secret, "name": socket.gethostname()[:200]
                            or "a laptop"})
    except DBAPIError as error:
        connection.rollback()
        if "revoked" in str(error.orig):
            return  # an administrator revoked this laptop: it gives nobody a slot again
        raise
    connection.commit()
    set_link_copy(key_file, secret, backend.keys.data_key)
    record_on_server(connection, _actor(connection), "laptop.link", key_file.database_id)


def record_on_server(connection: Connection, actor_id, action: str, laptop: str) -> None:
    """The server's audit trail says which laptop was linked, and who was given a slot on which laptop."""
    from sqlalchemy.orm import Session

    from ..storage.db import CHAIN_LOCK
    from ..storage.repositories import AuditRepository

    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    AuditRepository(Session(bind=connection)).record(actor_id, action, "laptop", laptop, None, None)
    connection.commit()


def _actor(connection: Connection):
    return connection.execute(text("SELECT gcp_desk_actor()")).scalar()


def _open(backend, data_key: bytes) -> None:
    from ..services.keyring import KeyRing
    from ..vault import UNCLAIMED, _open_encrypted

    if backend.db is None:
        _open_encrypted(backend, data_key, migrate=True)
        backend.keys = KeyRing(backend.key_file, data_key)
        backend.context()
    elif backend.keys is None:
        raise NotAllowed("Signing in through the team server needs this laptop's encrypted database; this folder "
                         "uses another kind. Nothing was changed.")
    elif backend.keys.unclaimed is None and (backend.paths.data_dir / UNCLAIMED).exists():
        backend.keys = KeyRing(backend.key_file, data_key, unclaimed=backend.paths.data_dir / UNCLAIMED)


def _copy_account(backend, account: ServerAccount) -> User:
    """The server's account in this laptop's database (made, or brought up to date), in one transaction."""
    from ..services import audit_payloads

    server = account.user
    with backend.db.transaction() as uow:
        if account.team is not None and not any(team.id == account.team.id for team in uow.users.teams()):
            uow.users.add_team(account.team)
        try:
            local = uow.users.get(server.id)
        except Exception:  # noqa: BLE001 - NotFound: a person new to this laptop
            local = None
        if local is None:
            same_name = uow.users.by_name(server.name)
            if same_name is not None:
                raise NotAllowed(f"This laptop already has another account called {server.name}; ask an "
                                 "administrator to rename one of them. Nothing was changed.")
            uow.users.add(server)
            uow.audit.record(server.id, "user.from-server", "user", str(server.id), None,
                             audit_payloads.created(server))
            return server
        if local.roles != server.roles:
            uow.users.set_roles(server.id, server.roles)
        if local.team_id != server.team_id:
            uow.users.set_team(server.id, server.team_id)
        return uow.users.get(server.id)


QUICK_CHECK_SECONDS = 3.0
"""The most an offline sign-in waits for the server's quick check: the name looked up, then the connection made."""


def check_online(backend, user: User, password: str, *, within: float = QUICK_CHECK_SECONDS) -> bool:
    """After an offline sign-in on a linked laptop: if the server can be reached within ``within`` seconds (its name
    looked up and the connection made), bring its account changes here. Returns whether it could; an unreachable
    server changes nothing. A password the server no longer takes, or an account it has disabled, loses its slot
    here and is refused in words."""
    from ..domain.errors import DatabaseUnavailable, WrongPassword
    from ..security.laptop_link_key import drop_slot_key, note_server_password, server_login_noted
    from ..storage.server_problems import ServerLoginDisabled, ServerPasswordRefused
    from .account_refresh import refresh_accounts
    from .connect import reachable_within

    login = server_login_noted(backend.key_file, user.id) or user.name
    try:
        url = reachable_within(person_url(backend.settings, login, password), within)
        with connected(url) as connection:
            mine = my_account(connection, where_linked(backend.settings) or "")
            if mine.user.id != user.id:
                return False
            keep_organisation_certificate(backend.paths.signing_dir, organisation_certificate(connection))
            note_server_password(backend.key_file, user.id, mine.password_set_at, login=login)
            enrol_laptop(backend, connection)
            seen_laptop(backend, connection)
            refresh_accounts(backend, connection, actor=user)
            see_holds(backend, connection)
    except ServerPasswordRefused as refused:
        if server_login_noted(backend.key_file, user.id) is None:
            return False  # a slot made on this laptop alone: its login on the server is not known here
        disabled = isinstance(refused, ServerLoginDisabled)
        drop_slot_key(backend.key_file, user.id)
        with backend.db.transaction() as uow:
            uow.audit.record(user.id, "user.slot-dropped", "user", str(user.id), None,
                             {"reason": "server-disabled" if disabled else "server-refused"})
        if disabled:
            raise ServerLoginDisabled(str(refused).replace(" Nothing was changed.", "") + " It no longer opens "
                                      "this laptop either.") from None
        raise WrongPassword(PASSWORD_GONE.format(name=user.name)) from None
    except (DatabaseUnavailable, PermissionDenied):
        return False
    return True


def sign_in_linked(backend, account_id, name: str, password: str) -> User:
    """Sign in on a linked laptop: with a slot here, offline as always (then, if the server answers quickly, its
    account changes are brought here); with none, or a password the slot does not take but the server does (changed
    there), online. When the server cannot help, the laptop's own refusal stands, unless the server said the account
    is disabled there: that is said instead."""
    from ..domain.errors import DatabaseUnavailable, NotFound, WrongPassword
    from ..security.key_errors import NoPasswordSlot
    from ..security.laptop_link_key import server_login_noted
    from ..storage.server_problems import ServerLoginDisabled

    if account_id is None:
        return online_sign_in(backend, name, password)
    try:
        user = backend.unlock(account_id, password)
    except (WrongPassword, NoPasswordSlot) as refused:
        login = server_login_noted(backend.key_file, account_id) if backend.key_file is not None else None
        try:
            return online_sign_in(backend, login or name, password)
        except ServerLoginDisabled:
            raise
        except (DatabaseUnavailable, PermissionDenied, NotFound):
            if isinstance(refused, NoPasswordSlot):
                raise  # no slot here: what the server said is the reason
            raise refused from None
    check_online(backend, user, password)
    return user


def seen_laptop(backend, connection: Connection) -> None:
    """The server notes when this laptop was last online (``server laptops`` lists it)."""
    connection.execute(text("SELECT gcp_desk_laptop_seen(:laptop)"), {"laptop": backend.key_file.database_id})
    connection.commit()


def see_holds(backend, connection: Connection) -> None:
    """Which children the server says are offline with someone, for the child's record to say so."""
    from .holds import holds

    backend.server_holds = {hold.child_id: hold for hold in holds(connection)}


def at_sync(backend, connection: Connection, user: User, where: str) -> None:
    """At each sync, once connected as the person's own login: the login must be the signed-in person's own; then
    the server's holds are brought here, and on a linked laptop the server's account changes too (disabled accounts
    and changed passwords lose their slots), the organisation's certificate, and "last seen" on the server."""
    mine = my_account(connection, where)
    if mine.user.id != user.id:
        raise PermissionDenied(f"The login {connection.execute(text('SELECT session_user')).scalar()} on the team "
                               f"server at {where} is {mine.user.name}'s, not {user.name}'s: sync with your own "
                               "login. Nothing was sent or received.")
    see_holds(backend, connection)
    if not backend.settings.team_server or backend.key_file is None:
        return
    from .account_refresh import refresh_accounts

    keep_organisation_certificate(backend.paths.signing_dir, organisation_certificate(connection))
    enrol_laptop(backend, connection)
    seen_laptop(backend, connection)
    refresh_accounts(backend, connection, actor=user)
