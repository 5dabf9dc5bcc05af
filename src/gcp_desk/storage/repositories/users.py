"""People who use GCP Desk: practitioners, supervisors, administrators."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound
from ...domain.people import User
from .. import orm
from ..rows import user_from, user_values
from .require import not_found_message

_users = orm.users


class UserRepository:
    def __init__(self, session: Session):
        self._session = session

    def add(self, user: User) -> None:
        self._session.execute(insert(_users), [user_values(user)])

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
