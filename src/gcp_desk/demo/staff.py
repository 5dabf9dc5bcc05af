"""The demo's teams and accounts (``accounts``) as the records a demo writes, with ids of their own."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from uuid import UUID

from ..domain.enums import Role
from ..domain.people import Team, User
from ..storage.db import Database
from .accounts import DEMO_ACCOUNTS, TEAMS


@dataclass(frozen=True)
class TeamMembers:
    """Who assesses a household's children, and who reviews their work."""

    team_id: UUID
    practitioners: list[User]
    supervisor: User


class DemoStaff:
    """The demo's teams and accounts as records."""

    def __init__(self) -> None:
        self.teams = [Team(name=name) for name in TEAMS]
        team_ids = {team.name: team.id for team in self.teams}
        self.users = [User(name=account.name, roles=account.roles, team_id=team_ids.get(account.team))
                      for account in DEMO_ACCOUNTS]
        self.by_id = {user.id: user for user in self.users}
        self.teams_members = [
            TeamMembers(
                team_id=team.id,
                practitioners=[u for u in self.users if u.team_id == team.id and u.role is Role.PRACTITIONER],
                supervisor=next(u for u in self.users if u.team_id == team.id and u.role is Role.SUPERVISOR),
            )
            for team in self.teams
        ]

    def write(self, db: Database) -> None:
        """The teams, then the accounts with their password hashes, in one transaction."""
        hashes = _password_hashes()
        with db.transaction() as uow:
            for team in self.teams:
                uow.users.add_team(team)
            for user, account in zip(self.users, DEMO_ACCOUNTS, strict=True):
                uow.users.add(user, password_hash=hashes[account.password])


@cache
def _password_hashes() -> dict[str, str]:
    """Each demo password's argon2 hash, made once per process. Hashing is slow on purpose (about 0.2 s each), so
    the accounts are hashed side by side; a hash carries its own salt, so reusing one across demos is sound."""
    from ..security.passwords import hash_password

    passwords = [account.password for account in DEMO_ACCOUNTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(passwords, pool.map(hash_password, passwords), strict=True))
