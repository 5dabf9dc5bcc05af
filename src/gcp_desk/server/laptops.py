"""Laptops linked to a team server, as an administrator sees them: ``gcp-desk server laptops`` lists them, and
``gcp-desk server revoke-laptop`` stops a lost one.

Revoking is an administrator's job (they manage who may sign in where; the owner's credentials are for the schema
and the server's own jobs). It runs on the administrator's own login, through the server's SECURITY DEFINER
functions, in one transaction: the laptop's secret is wiped, so that it can make a slot for nobody new (and it can
never be linked again under its id), and every child held offline on it is released, each release in the audit
trail in the administrator's name with the laptop revoked. The people who already had a slot on it keep their own
passwords' slots there: change those passwords on the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..domain.errors import NotFound, PermissionDenied
from ..storage.db import CHAIN_LOCK

ONLY_ADMINISTRATORS = ("Only an administrator can list or revoke the laptops linked to the team server. Nothing was "
                       "changed.")


@dataclass(frozen=True)
class Laptop:
    id: str
    name: str
    linked_at: datetime
    linked_by: str
    last_seen_at: datetime | None
    revoked_at: datetime | None
    held: int


@dataclass(frozen=True)
class Revoked:
    laptop: Laptop
    released: list[UUID]
    already: bool


def laptops(connection: Connection) -> list[Laptop]:
    """Every laptop linked to the server, oldest link first (administrators only)."""
    try:
        rows = connection.execute(text("SELECT * FROM gcp_desk_laptops()")).all()
    except DBAPIError as error:
        connection.rollback()
        raise _refused(error) from None
    return [Laptop(*row) for row in rows]


def revoke_laptop(connection: Connection, actor_id: UUID, laptop_id: str) -> Revoked:
    """Revoke ``laptop_id`` and release its holds, in one transaction, audited; refused in words if the laptop is
    not linked or the caller is not an administrator (then nothing is changed)."""
    wanted = laptop_id.strip()
    before = next((laptop for laptop in laptops(connection) if laptop.id == wanted), None)
    if before is None:
        connection.rollback()
        raise NotFound(f"No laptop with the id {wanted} is linked to this team server ('gcp-desk server laptops' "
                       "lists them). Nothing was changed.")
    try:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
        released = connection.execute(text("SELECT * FROM gcp_desk_revoke_laptop(:laptop)"),
                                      {"laptop": wanted}).all()
        _record(connection, actor_id, "laptop.revoke", "laptop", wanted,
                {"released": len(released), "again": before.revoked_at is not None})
        for child_id, holder_id, since in released:
            _record(connection, actor_id, "child.release-hold", "child", str(child_id),
                    {"holder_id": str(holder_id), "since": since.isoformat(), "laptop": wanted})
        connection.commit()
    except DBAPIError as error:
        connection.rollback()
        raise _refused(error) from None
    except BaseException:
        connection.rollback()
        raise
    return Revoked(before, [row[0] for row in released], before.revoked_at is not None)


def _record(connection: Connection, actor_id: UUID, action: str, kind: str, entity: str, after: dict) -> None:
    from ..storage.repositories import AuditRepository

    AuditRepository(Session(bind=connection)).record(actor_id, action, kind, entity, None, after)


def _refused(error: DBAPIError) -> Exception:
    if "only an administrator" in str(error.orig) or "permission denied" in str(error.orig):
        return PermissionDenied(ONLY_ADMINISTRATORS)
    return error
