"""Checking a password inside a service call: signing in, unlocking, and the second ask before a signature.

A failed attempt is written to the audit trail in its own transaction, so it stays recorded although the call
that asked is refused and rolled back.
"""

from __future__ import annotations

from uuid import UUID

from ..domain.errors import PermissionDenied, WrongPassword
from ..domain.people import User
from ..security.passwords import hash_password, needs_rehash, verify_password
from ..storage.db import Database
from ..storage.unit_of_work import UnitOfWork

WRONG = "That password is not right for {name}. Check Caps Lock and try again."
NO_PASSWORD_YET = (
    "{name} has no password yet. An administrator gives them a one-time password (Accounts..., Set a one-time "
    "password), which they change at their first sign-in."
)


def require_password(db: Database, uow: UnitOfWork, user_id: UUID, password: str, purpose: str) -> User:
    """The account, once ``password`` is shown to be its password; ``WrongPassword`` otherwise."""
    user = uow.users.get(user_id)
    stored = uow.users.password_hash(user_id)
    if stored is None:
        raise WrongPassword(NO_PASSWORD_YET.format(name=user.name))
    if not verify_password(stored, password):
        # Recorded once this unit has been rolled back: it holds the write lock until then.
        uow.on_failure(lambda: record_failure(db, user, purpose))
        raise WrongPassword(WRONG.format(name=user.name))
    if needs_rehash(stored):
        uow.users.set_password_hash(user_id, hash_password(password))
    return user


def require_actor(actor: User | None, what: str) -> User:
    if actor is None:
        raise PermissionDenied(f"Sign in to {what}.")
    return actor


def record_failure(db: Database, user: User, purpose: str) -> None:
    with db.transaction() as uow:
        uow.audit.record(user.id, "user.wrong-password", "user", str(user.id), None, {"purpose": purpose})
