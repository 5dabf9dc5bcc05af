"""Accounts on this laptop: who is working, so every change in the audit trail has a name."""

from __future__ import annotations

from uuid import UUID

from ..domain.enums import Role
from ..domain.errors import InvalidInput, Problem
from ..domain.people import User
from .context import ServiceContext
from .validation import build


class UserService:
    def __init__(self, context: ServiceContext):
        self._context = context

    def create(self, name: str, role: Role = Role.PRACTITIONER) -> User:
        user = build(User, name=name, role=role)
        with self._context.db.transaction() as uow:
            if uow.users.by_name(user.name) is not None:
                raise InvalidInput([Problem("Name", f"an account called '{user.name}' already exists")])
            uow.users.add(user)
            uow.audit.record(user.id, "user.create", "user", str(user.id), None, user.model_dump(mode="json"))
        return user

    def all(self) -> list[User]:
        with self._context.db.transaction() as uow:
            return uow.users.all()

    def get(self, user_id: UUID) -> User:
        with self._context.db.transaction() as uow:
            return uow.users.get(user_id)
