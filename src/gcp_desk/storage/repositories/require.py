"""Checks that a record exists before writing parts of it, so a stale id reads as "not found", not a key error."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ...domain.errors import NotFound


def require_row(session: Session, table: Table, record_id: UUID, what: str) -> None:
    found = session.execute(select(table.c.id).where(table.c.id == record_id)).first()
    if found is None:
        raise NotFound(not_found_message(what, record_id))


def not_found_message(what: str, record_id: object) -> str:
    return f"The {what} record {record_id} could not be found. It may have been removed; refresh and try again."
