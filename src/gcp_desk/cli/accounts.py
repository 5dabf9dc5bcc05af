"""``gcp-desk user add`` and ``gcp-desk team add``: setting up accounts on a fresh install, from the command line.

The command line acts as an administrator only after that administrator's password has been typed (``--as``).
The exceptions are the ones the service makes for setting up: the first account of an empty database, which here
must be an administrator (an account of any other role could never add the rest), and the first administrator of a
database that has none (one from before accounts had roles that mattered). The rules themselves are the
services' (``UserService``): this module only asks for passwords and says what happened.
"""

from __future__ import annotations

from ..domain.enums import Role
from ..domain.errors import InvalidInput, NotFound, PermissionDenied
from ..domain.labels import ROLE
from ..domain.people import Team, User
from ..paths import AppPaths
from .anchoring import anchor_after_writing
from .signing_in import ReadPassword, password_reader, print_recovery_key, sign_in


def add_user(paths: AppPaths, name: str, roles: list[Role], *, team: str | None, acting_as: str | None,
             password_stdin: bool) -> int:
    from ..app import open_backend

    read = password_reader(password_stdin, "user add")
    backend = open_backend(paths)
    try:
        everyone = [] if backend.is_locked else backend.users().accounts()
        first = not backend.is_locked and not any(user.has_role(Role.ADMINISTRATOR) for user in everyone)
        if not backend.is_locked and not everyone and Role.ADMINISTRATOR not in roles:
            raise InvalidInput("This database has no accounts yet. Make the first one an administrator "
                               "(--role administrator), so that it can add everyone else.")
        first = first and Role.ADMINISTRATOR in roles
        administrator = None if first else _sign_in(backend, acting_as, read, "add accounts")
        users = backend.users(administrator)
        chosen = _team(users, team) if team else None
        password = _new_password(name, read, confirm=not password_stdin)
        user = users.create(name, roles, password=password, team_id=chosen.id if chosen else None)
        recovery = backend.take_recovery_key() if first else None
        anchor_after_writing(backend)
    finally:
        backend.close()
    where = f" in {chosen.name}" if chosen else ""
    print(f"Added {user.name}: {', '.join(ROLE[role].lower() for role in user.roles)}{where}.")
    if first:
        print(f"{user.name} is this database's first administrator. Add teams and accounts with "
              f"--as \"{user.name}\".")
    if recovery is not None:
        print_recovery_key(recovery)
    return 0


def add_team(paths: AppPaths, name: str, *, acting_as: str | None, password_stdin: bool) -> int:
    from ..app import open_backend

    read = password_reader(password_stdin, "team add")
    backend = open_backend(paths)
    try:
        if not backend.accounts():
            raise InvalidInput("This database has no accounts yet. Add an administrator first: "
                               "gcp-desk user add \"NAME\" --role administrator")
        administrator = _sign_in(backend, acting_as, read, "add teams")
        team = backend.users(administrator).create_team(name)
        anchor_after_writing(backend)
    finally:
        backend.close()
    print(f"Added the team '{team.name}'. Add its supervisor and practitioners with: "
          f"gcp-desk user add \"NAME\" --role supervisor --team \"{team.name}\" --as \"{administrator.name}\"")
    return 0


def _sign_in(backend, acting_as: str | None, read: ReadPassword, what: str) -> User:
    """The administrator named by ``--as``, once their password has been typed. Whether they really are an
    administrator is for the service to say, against the roles as stored."""
    if not acting_as:
        raise PermissionDenied(f"Only an administrator can {what}: give --as \"NAME\" with an administrator's "
                               "name, and type their password when asked.")
    return sign_in(backend, acting_as, read, what)


def _team(users, name: str) -> Team:
    wanted = " ".join(name.split()).casefold()
    teams = users.teams()
    found = next((team for team in teams if team.name.casefold() == wanted), None)
    if found is None:
        known = ", ".join(f"'{team.name}'" for team in teams) or "none yet"
        raise NotFound(f"There is no team called '{name}' (teams: {known}). Add it first with: "
                       f"gcp-desk team add \"{name}\" --as \"NAME\"")
    return found


def _new_password(name: str, read: ReadPassword, *, confirm: bool) -> str:
    password = read(f"Password for the new account {name}: ")
    if confirm and read("Type it again: ") != password:
        raise InvalidInput("The two passwords are not the same; nothing was saved.")
    return password
