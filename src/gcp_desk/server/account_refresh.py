"""The team server's account changes brought to a laptop: the server is the authority on accounts.

``refresh_accounts`` runs at every online sign-in (and at every sync), on a connection as the signed-in person's
own login. For each account this laptop knows:

- disabled on the server (marked so, or its login closed by ``gcp_desk_disable_login``): disabled here too, and its
  slot removed from the key file, so it opens nothing here;
- its password changed on the server after its slot here was made: the slot's key is removed (the name and server
  login stay), since the old password must no longer open this laptop; the person's next sign-in here is online,
  with the new password, which makes their slot again (``online_sign_in``);
- its roles or team changed on the server: changed here.

Accounts the laptop has never seen are not copied: a person's account arrives with their first sign-in here (and
the names on records with the records). Each change is in the laptop's audit trail, in the signed-in person's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Connection, text

from ..domain.enums import Role
from ..domain.people import User


@dataclass
class AccountChanges:
    disabled: list[UUID] = field(default_factory=list)
    """Disabled on the server, now disabled here with no slot."""
    password_changed: list[UUID] = field(default_factory=list)
    """Their slot removed: their password changed on the server."""
    updated: list[UUID] = field(default_factory=list)
    """Roles or team brought in line with the server."""

    @property
    def any(self) -> bool:
        return bool(self.disabled or self.password_changed or self.updated)


def refresh_accounts(backend, connection: Connection, *, actor: User) -> AccountChanges:
    """Bring the server's account changes to this laptop (see the module). ``backend`` is signed in (the database
    open, the data key in hand); ``connection`` is ``actor``'s own login on the linked server (any active person's
    would do), which is only read from: its transaction is the caller's to end. Returns what changed here."""
    from ..security.laptop_link_key import drop_slot_key, server_password_noted

    server = {row.id: row for row in connection.execute(text(
        "SELECT id, role, roles, team_id, disabled_at FROM users"))}
    stamps = dict(connection.execute(text("SELECT user_id, password_set_at FROM gcp_desk_login_changes()")).all())
    closed = set(connection.execute(text("SELECT gcp_desk_closed_logins()")).scalars())
    teams = {row.id: row for row in connection.execute(text("SELECT id, name, created_at FROM teams"))}
    changes = AccountChanges()
    key_file = backend.key_file
    slots = {account.user_id for account in key_file.accounts()} if key_file is not None else set()
    now = datetime.now(UTC)
    with backend.db.transaction() as uow:
        local_teams = {team.id for team in uow.users.teams()}
        states = uow.users.sign_in_facts()
        for user in uow.users.all():
            row = server.get(user.id)
            if row is None:
                continue
            disabled_at = row.disabled_at or (now if user.id in closed else None)
            if disabled_at is not None:
                if states.get(user.id, (False, False, None))[2] is None:
                    uow.users.disable(user.id, disabled_at)
                    changes.disabled.append(user.id)
                if str(user.id) in slots:
                    key_file.remove_slot(user.id)
                    if user.id not in changes.disabled:
                        changes.disabled.append(user.id)
                continue
            roles = tuple(Role(value) for value in (row.roles or row.role).split(",") if value)
            if roles != user.roles or row.team_id != user.team_id:
                if row.team_id is not None and row.team_id not in local_teams and row.team_id in teams:
                    from ..domain.people import Team

                    found = teams[row.team_id]
                    uow.users.add_team(Team(id=found.id, name=found.name, created_at=found.created_at))
                    local_teams.add(found.id)
                uow.users.set_roles(user.id, roles)
                uow.users.set_team(user.id, row.team_id)
                changes.updated.append(user.id)
            stamp, noted = stamps.get(user.id), None
            if str(user.id) in slots and key_file is not None:
                noted = server_password_noted(key_file, user.id)
            if stamp is not None and noted is not None and stamp > noted and user.id != actor.id:
                drop_slot_key(key_file, user.id)
                changes.password_changed.append(user.id)
        if changes.any:
            uow.audit.record(actor.id, "user.refresh-from-server", "database", "-", None, {
                "disabled": [str(user_id) for user_id in changes.disabled],
                "password_changed": [str(user_id) for user_id in changes.password_changed],
                "updated": [str(user_id) for user_id in changes.updated], "at": now.isoformat()})
    return changes
