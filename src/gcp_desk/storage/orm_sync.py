"""What a laptop keeps about its syncs with a team server: the server's address (never its password), when it last
synced, the version of each record as both sides last agreed it, the children it took offline, the conflicts waiting
for a person, and a journal of each sync's steps. Local bookkeeping: the server has these tables too (one schema for
both), empty and closed to people there."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from .orm_base import Base


class SyncStateRow(Base):
    """One row (``id`` 1): the server this copy syncs with and how far it has got."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    server: Mapped[str]
    """The server's URL without user or password (``postgresql://host:port/db?sslmode=...``)."""
    organisation_id: Mapped[UUID | None]
    last_sync_at: Mapped[datetime | None]
    events_sent_to: Mapped[int] = mapped_column(server_default="0")
    """The last of this copy's audit events (by chain sequence) the server holds."""


class SyncBaseRow(Base):
    """A record's version as both sides last agreed it: changed here since if the local version is higher."""

    __tablename__ = "sync_base"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[UUID] = mapped_column(primary_key=True)
    version: Mapped[int]


class SyncChildRow(Base):
    """A child this copy took offline (held) or keeps a synced copy of (no longer held)."""

    __tablename__ = "sync_children"

    child_id: Mapped[UUID] = mapped_column(primary_key=True)
    held: Mapped[bool]
    taken_at: Mapped[datetime]
    returned_at: Mapped[datetime | None]
    """When it was given back to the server, while it waits here to be taken off (``sync.release``)."""


class SyncReleaseMarkRow(Base):
    """An assessment or return of a child being taken off this laptop, for the length of that one transaction: what
    lets the database delete its signatures and review records, append-only otherwise (migration 0021)."""

    __tablename__ = "sync_release_marks"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[UUID] = mapped_column(primary_key=True)


class SyncConflictRow(Base):
    """A record changed here and on the server since they last agreed: both versions kept until a person chooses."""

    __tablename__ = "sync_conflicts"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[UUID] = mapped_column(primary_key=True)
    child_id: Mapped[UUID | None]
    base_version: Mapped[int]
    theirs_version: Mapped[int]
    mine: Mapped[dict[str, Any]] = mapped_column(JSON)
    theirs: Mapped[dict[str, Any]] = mapped_column(JSON)
    found_at: Mapped[datetime]


class SyncJournalRow(Base):
    """Each step of each sync, as it starts and ends: an interrupted sync shows where it stopped."""

    __tablename__ = "sync_journal"

    id: Mapped[int] = mapped_column(primary_key=True)
    sync_id: Mapped[UUID]
    step: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    detail: Mapped[str] = mapped_column(server_default="")
