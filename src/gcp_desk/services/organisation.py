"""The organisation's facts that travel with its records: its id (every bundle carries it) and the secret its
analysis extracts are pseudonymised with. Both are made at random the first time they are needed and kept in the
database, so every laptop of a team database shares them, and a restored backup keeps them."""

from __future__ import annotations

import secrets
from uuid import UUID, uuid4

from ..storage.unit_of_work import UnitOfWork

ORGANISATION_ID = "organisation_id"
PSEUDONYM_SECRET = "pseudonym_secret"


def organisation_id(uow: UnitOfWork) -> UUID:
    """The id, made now (in this write unit) if there is none yet."""
    stored = uow.preferences.get(ORGANISATION_ID)
    if stored:
        return UUID(stored)
    made = uuid4()
    uow.preferences.set(ORGANISATION_ID, str(made))
    return made


def pseudonym_secret(uow: UnitOfWork) -> bytes:
    stored = uow.preferences.get(PSEUDONYM_SECRET)
    if stored:
        return bytes.fromhex(stored)
    made = secrets.token_bytes(32)
    uow.preferences.set(PSEUDONYM_SECRET, made.hex())
    return made
