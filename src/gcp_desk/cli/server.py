"""``gcp-desk server init URL`` and ``gcp-desk server upgrade URL``: setting up and upgrading a team server.

Both connect with the owner's credentials: the URL's login, and its password asked for (or the first line of
standard input with ``--password-stdin``; none is asked when the URL or PostgreSQL's own means give it, see
``--no-owner-password``). ``init`` then asks for the first administrator's new password (twice at a terminal);
``upgrade`` for the administrator's own (``--as``). Nothing is printed of any password.
"""

from __future__ import annotations


from pathlib import Path

from ..domain.errors import InvalidInput
from ..paths import AppPaths
from .signing_in import SignInNeeded, password_reader


def server_init(url: str, *, administrator: str | None, login: str | None, organisation: str | None,
                password_stdin: bool, owner_password: bool) -> int:
    from ..storage.server_address import server_url
    from ..server.setup import init_server

    if not administrator:
        raise SignInNeeded("server init makes the first administrator's account: give their name with --as "
                           "\"NAME\" (for example --as \"Ada Okafor\").")
    read = password_reader(password_stdin, "server init")
    address = server_url(url)
    owner = _owner_password(read, address, owner_password)
    password = read(f"New password for {administrator} (the first administrator): ")
    if not password_stdin and read("Type it again: ") != password:
        raise InvalidInput("The two passwords are not the same; nothing was done.")
    ready = init_server(url, owner, administrator=administrator, administrator_password=password, login=login,
                        organisation=organisation or address.database or "")
    print(f"Team server ready at {ready.where}, schema {ready.schema}.")
    print(f"Roles: {ready.roles.owner} (owns the schema, runs upgrades), {ready.roles.person} (each person's "
          "login joins it).")
    print(f"First administrator: {administrator}, server login '{ready.administrator_login}'.")
    print(f"Organisation certificate SHA-256: {ready.certificate_fingerprint}")
    return 0


def server_upgrade(paths: AppPaths, url: str, *, administrator: str | None, password_stdin: bool,
                   owner_password: bool, backups_dir: Path | None) -> int:
    from ..storage.server_address import server_url
    from ..server.upgrade import upgrade_server

    if not administrator:
        raise SignInNeeded("server upgrade is for an administrator: give your name with --as \"NAME\" and your "
                           "password when asked.")
    read = password_reader(password_stdin, "server upgrade")
    address = server_url(url)
    owner = _owner_password(read, address, owner_password)
    password = read(f"Password for {administrator}: ")
    backups = backups_dir or paths.backups_dir
    outcome = upgrade_server(url, owner, administrator=administrator, administrator_password=password,
                             backups_dir=backups)
    if not outcome.changed:
        print(f"The team server at {outcome.where} is up to date (schema {outcome.current}); nothing was done.")
        return 0
    print(f"Backed up to {outcome.backup} (pg_dump, custom format: restore with pg_restore).")
    print(f"Team server at {outcome.where} upgraded from schema {outcome.previous} to {outcome.current}.")
    return 0


def server_refresh_attention(url: str, *, password_stdin: bool, owner_password: bool) -> int:
    from ..storage.server_address import describe, server_url
    from ..server.attention import refresh_attention

    read = password_reader(password_stdin, "server refresh-attention")
    address = server_url(url)
    owner = _owner_password(read, address, owner_password)
    count = refresh_attention(url, owner)
    children = "child" if count == 1 else "children"
    print(f"Team server at {describe(address)}: who needs attention worked out again for {count} {children}.")
    return 0


def server_add_user(url: str, name: str, roles, *, team: str | None, login: str | None,
                    password_stdin: bool) -> int:
    from ..domain.labels import ROLE
    from ..server.accounts import add_person
    from ..storage.server_address import describe, server_url
    from ..server.connect import connected

    read = password_reader(password_stdin, "server add-user")
    address = server_url(url)
    mine = read(f"Password for {address.username or 'your login'} (administrator): ")
    password = read(f"Password for the new account {name}: ")
    if not password_stdin and read("Type it again: ") != password:
        raise InvalidInput("The two passwords are not the same; nothing was done.")
    with connected(server_url(url, password=mine)) as connection:
        user, made = add_person(connection, name, roles, password=password, team=team, login=login)
    held = ", ".join(ROLE[role].lower() for role in user.roles)
    print(f"Added {user.name} ({held}) on {describe(address)}, server login '{made}'.")
    return 0


def server_add_team(url: str, name: str, *, password_stdin: bool) -> int:
    from ..server.accounts import add_team
    from ..storage.server_address import describe, server_url
    from ..server.connect import connected

    read = password_reader(password_stdin, "server add-team")
    address = server_url(url)
    mine = read(f"Password for {address.username or 'your login'} (administrator): ")
    with connected(server_url(url, password=mine)) as connection:
        team = add_team(connection, name)
    print(f"Added the team {team.name} on {describe(address)}.")
    return 0


def _owner_password(read, address, asked: bool) -> str | None:
    if address.password is not None or not asked:
        return None
    return read(f"Owner's password ({address.username or 'the URL login'} on {address.host or 'localhost'}): ")




def server_link(paths: AppPaths, url: str, *, acting_as: str | None, password_stdin: bool) -> int:
    """Keep the server's address in this data folder; with ``--as``, that person's online sign-in follows at once
    (their slot here, the organisation's certificate, and this laptop's key held by the server)."""
    from ..storage.server_address import describe
    from ..server.laptop_link import link_address, linked_address
    from ..settings import Settings

    address = link_address(url)
    paths.ensure()
    settings = Settings.load(paths.settings_file)
    settings.team_server = address
    settings.save(paths.settings_file)
    where = describe(linked_address(settings))
    print(f"This laptop is linked to the team server at {where}. Records stay in the encrypted database here;")
    print("a person with no account here yet signs in with their name and their server password, while online.")
    if not acting_as:
        return 0
    from .signing_in import signed_in

    with signed_in(paths, acting_as, password_stdin, "server link") as (backend, user):
        from ..reports.organisation_certificate import ORGANISATION_CERTIFICATE_FILE

        certificate = paths.signing_dir / ORGANISATION_CERTIFICATE_FILE
        print(f"{user.name} signed in through the server; they can sign in here offline from now on.")
        if certificate.exists():
            print(f"Organisation certificate kept: {certificate} (SHA-256 {_fingerprint(certificate)}).")
    return 0


def _fingerprint(pem_file: Path) -> str:
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = x509.load_pem_x509_certificate(pem_file.read_bytes()).public_bytes(Encoding.DER)
    return hashlib.sha256(der).hexdigest()


def server_sign_requests(url: str, *, password_stdin: bool, owner_password: bool) -> int:
    from ..storage.server_address import describe, server_url
    from ..server.signing import sign_requests_as_owner

    read = password_reader(password_stdin, "server sign-requests")
    address = server_url(url)
    owner = _owner_password(read, address, owner_password)
    count = sign_requests_as_owner(url, owner)
    reports = "report" if count == 1 else "reports"
    print(f"Team server at {describe(address)}: {count} {reports} signed with the organisation's key.")
    return 0
