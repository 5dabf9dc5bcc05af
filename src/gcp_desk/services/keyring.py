"""The data key in hand and the key file it came from: what account changes need to wrap the key for a person.

Adding an account, a password change, an administrator's one-time password and a lifted lockout each change one
account's entry in the key file; nothing is re-encrypted. A database without a key file (PostgreSQL, or a plain
file not yet encrypted) has no ``KeyRing``: its passwords live only in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from ..domain.errors import WrongPassword
from ..domain.people import User
from ..security.keyfile import KeyFile
from ..storage.db import Database


@dataclass(frozen=True)
class KeyRing:
    key_file: KeyFile
    data_key: bytes
    unclaimed: Path | None = None
    """While a new database has no account yet, its data key waits in this file beside it (the database holds
    nothing but its schema); the first account's own copy replaces it."""

    def set_password(self, user: User, password: str, *, one_time: bool = False) -> None:
        self.key_file.set_slot(user.id, user.name, password, self.data_key, one_time=one_time)
        if self.unclaimed is not None:
            self.unclaimed.unlink(missing_ok=True)

    def list_without_password(self, user: User) -> None:
        self.key_file.add_account_without_password(user.id, user.name)

    def check(self, user_id: UUID, password: str) -> None:
        """The same check as signing in (one argon2id derivation, with the lockout): ``WrongPassword`` or
        ``AccountLockedOut`` when it is not this person's password."""
        if self.key_file.unlock(user_id, password) != self.data_key:
            raise WrongPassword("That password opens another database's key.")

    def lift_lockout(self, user_id: UUID) -> None:
        self.key_file.lift_lockout(user_id)

    def remove(self, user_id: UUID) -> None:
        self.key_file.remove_slot(user_id)


def write_failed_attempts(db: Database, key_file: KeyFile) -> int:
    """The wrong passwords the key file counted while the database was closed, into the audit trail (each with its
    own time), then forgotten by the key file. Returns how many were written."""
    attempts = key_file.pending_failures()
    if not attempts:
        return 0
    with db.transaction() as uow:
        for attempt in attempts:
            uow.audit.record(None, "user.wrong-password", "user", attempt.user_id or "recovery-key", None,
                             {"at": attempt.at.isoformat(), "purpose": "sign in"})
    key_file.clear_pending_failures(attempts)
    return len(attempts)
