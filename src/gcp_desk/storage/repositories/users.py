"""People who use GCP Desk (practitioners, supervisors, administrators), their teams and password hashes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ...domain.enums import Role
from ...domain.errors import NotFound
from ...domain.people import Team, User
from .. import orm
from ..rows import ROLE_SEPARATOR, user_from, user_values
from .require import not_found_message

_users = orm.users
_teams = orm.teams


class UserRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, user: User, *, password_hash: str | None = None, must_change: bool = False) -> None:
        self._session.execute(insert(_users), [{**user_values(user), "password_hash": password_hash,
                                                "password_must_change": must_change}])

    def password_hash(self, user_id: UUID) -> str | None:
        """The stored argon2 hash; ``None`` for an account made before passwords existed."""
        self.get(user_id)
        return self._session.execute(select(_users.c.password_hash).where(_users.c.id == user_id)).scalar()

    def set_password_hash(self, user_id: UUID, password_hash: str, *, must_change: bool = False) -> None:
        self._session.execute(update(_users).where(_users.c.id == user_id).values(
            password_hash=password_hash, password_must_change=must_change, disabled_at=None))

    def clear_password(self, user_id: UUID) -> None:
        """No password at all: nobody can sign in as this account until an administrator gives a one-time one."""
        self._session.execute(update(_users).where(_users.c.id == user_id).values(
            password_hash=None, password_must_change=False))

    def disable(self, user_id: UUID, at: datetime) -> None:
        """Someone who has left: no password, and the moment it was taken away, so the account reads as disabled."""
        self._session.execute(update(_users).where(_users.c.id == user_id).values(
            password_hash=None, password_must_change=False, disabled_at=at))

    def sign_in_facts(self) -> dict[UUID, tuple[bool, bool, datetime | None]]:
        """For every account: has a password, must change it (one-time), when it was disabled (or None)."""
        rows = self._session.execute(select(_users.c.id, _users.c.password_hash.is_not(None),
                                            _users.c.password_must_change, _users.c.disabled_at))
        return {row[0]: (bool(row[1]), bool(row[2]), row[3]) for row in rows}

    def must_change_password(self, user_id: UUID) -> bool:
        """True while the person signs in with a one-time password an administrator gave them."""
        self.get(user_id)
        return bool(self._session.execute(
            select(_users.c.password_must_change).where(_users.c.id == user_id)).scalar())

    def set_roles(self, user_id: UUID, roles: tuple[Role, ...]) -> None:
        self._session.execute(update(_users).where(_users.c.id == user_id).values(
            role=roles[0], roles=ROLE_SEPARATOR.join(roles)))

    def set_team(self, user_id: UUID, team_id: UUID | None) -> None:
        self._session.execute(update(_users).where(_users.c.id == user_id).values(team_id=team_id))

    def in_team(self, team_id: UUID) -> list[User]:
        rows = self._session.execute(
            select(_users).where(_users.c.team_id == team_id).order_by(_users.c.name, _users.c.created_at)
        ).mappings()
        return [user_from(row) for row in rows]

    def any(self) -> bool:
        return self._session.execute(select(_users.c.id).limit(1)).first() is not None

    def any_with_role(self, role: Role) -> bool:
        return any(user.has_role(role) for user in self.all())

    # Teams ----------------------------------------------------------------------------------------------------
    def add_team(self, team: Team) -> None:
        self._session.execute(insert(_teams), [team.model_dump()])

    def team(self, team_id: UUID) -> Team:
        row = self._session.execute(select(_teams).where(_teams.c.id == team_id)).mappings().first()
        if row is None:
            raise NotFound(not_found_message("team", team_id))
        return Team(**row)

    def teams(self) -> list[Team]:
        rows = self._session.execute(select(_teams).order_by(_teams.c.name, _teams.c.created_at)).mappings()
        return [Team(**row) for row in rows]

    def team_by_name(self, name: str) -> Team | None:
        statement = select(_teams).where(func.lower(_teams.c.name) == name.strip().lower()).limit(1)
        row = self._session.execute(statement).mappings().first()
        return None if row is None else Team(**row)

    def get(self, user_id: UUID) -> User:
        row = self._session.execute(select(_users).where(_users.c.id == user_id)).mappings().first()
        if row is None:
            raise NotFound(not_found_message("user", user_id))
        return user_from(row)

    def all(self) -> list[User]:
        rows = self._session.execute(select(_users).order_by(_users.c.name, _users.c.created_at)).mappings()
        return [user_from(row) for row in rows]

    def by_name(self, name: str) -> User | None:
        """The user with this name, ignoring case and surrounding spaces; the earliest one if names repeat."""
        statement = (
            select(_users)
            .where(func.lower(_users.c.name) == name.strip().lower())
            .order_by(_users.c.created_at, _users.c.id)
            .limit(1)
        )
        row = self._session.execute(statement).mappings().first()
        return None if row is None else user_from(row)
