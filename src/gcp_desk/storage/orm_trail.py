"""The audit trail's tables, and what imports from other copies of GCP Desk leave beside it: their audit events,
their staff who have no account here, and tombstones of records deleted under the retention rule. All
append-only (the migrations add the triggers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import NULLABLE_JSON, Base


class AuditEventRow(Base):
    """Append-only. The migration adds triggers that refuse UPDATE and DELETE on this table."""

    __tablename__ = "audit_events"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[UUID | None]
    """Not a foreign key: the trail must outlive anything it mentions."""
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[str] = mapped_column(String(80), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)


class AuditChainRow(Base):
    """One link of the audit hash chain per audit event (``storage.audit_chain``). Append-only, like the trail."""

    __tablename__ = "audit_chain"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    event_id: Mapped[UUID] = mapped_column(unique=True)
    payload_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class OriginAuditEventRow(Base):
    """An audit event of another copy of GCP Desk, carried in by an import with its link in that copy's chain.
    Append-only. Kept apart from this copy's own trail, whose chain records the import as one event
    (``imported_by_event``)."""

    __tablename__ = "origin_audit_events"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID]
    seq: Mapped[int]
    at: Mapped[datetime]
    actor_id: Mapped[UUID | None]
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[str] = mapped_column(String(80), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    payload_digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    imported_by_event: Mapped[UUID]


class HistoricalStaffRow(Base):
    """Someone named in an imported record (an author or signer) with no account here: kept so their name and
    signature read as they were, never able to sign in. Append-only."""

    __tablename__ = "historical_staff"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    organisation_id: Mapped[UUID]
    imported_at: Mapped[datetime]


class TombstoneRow(Base):
    """A record deleted under the retention rule: what kind, its id, when and by whom, so the deletion reaches
    other copies. Holds no personal data. Append-only."""

    __tablename__ = "tombstones"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[UUID] = mapped_column(index=True)
    deleted_at: Mapped[datetime]
    deleted_by: Mapped[UUID | None]
    audit_event_id: Mapped[UUID]
