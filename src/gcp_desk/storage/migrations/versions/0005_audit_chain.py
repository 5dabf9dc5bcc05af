"""Audit hash chain: one link per audit event, and the hash scheme of each signature.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

The events already in the trail are chained in their stored order (time, then id), so that an upgraded database
verifies from its first event; from then on every change to an old event is found.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gcp_desk.storage.audit_chain import GENESIS, event_hash, payload_digest

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTENT_SCHEME = "gcp-desk/assessment-content/1"
MESSAGE = "the audit chain is append-only: links cannot be changed or deleted"


def upgrade() -> None:
    op.add_column("signatures", sa.Column("hash_scheme", sa.String(80), server_default=CONTENT_SCHEME,
                                          nullable=False))
    op.create_table(
        "audit_chain",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("payload_digest", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_chain"),
        sa.UniqueConstraint("event_id", name="uq_audit_chain_event_id"),
        sa.UniqueConstraint("hash", name="uq_audit_chain_hash"),
    )
    _chain_existing()
    _refuse_changes("audit_chain")


def _chain_existing() -> None:
    bind = op.get_bind()
    events = sa.table("audit_events", sa.column("id", sa.Uuid()), sa.column("at", sa.DateTime(timezone=True)),
                      sa.column("actor_id", sa.Uuid()), sa.column("action", sa.String()),
                      sa.column("entity", sa.String()), sa.column("entity_id", sa.String()),
                      sa.column("before", sa.JSON()), sa.column("after", sa.JSON()))
    chain = sa.table("audit_chain", sa.column("seq", sa.Integer()), sa.column("event_id", sa.Uuid()),
                     sa.column("payload_digest", sa.String()), sa.column("prev_hash", sa.String()),
                     sa.column("hash", sa.String()))
    previous, seq, batch = GENESIS, 0, []
    rows = bind.execute(sa.select(events).order_by(events.c.at, events.c.id))
    for row in rows.mappings():
        seq += 1
        digest = payload_digest(row["before"], row["after"])
        link = event_hash(previous, seq, event_id=row["id"], at=_as_datetime(row["at"]), actor_id=row["actor_id"],
                          action=row["action"], entity=row["entity"], entity_id=row["entity_id"], digest=digest)
        batch.append({"seq": seq, "event_id": row["id"], "payload_digest": digest, "prev_hash": previous,
                      "hash": link})
        previous = link
    for start in range(0, len(batch), 5000):
        bind.execute(sa.insert(chain), batch[start:start + 5000])


def _as_datetime(value):
    from datetime import datetime

    from gcp_desk.storage.types import UTCDateTime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return UTCDateTime().process_result_value(value, op.get_bind().dialect)


def _refuse_changes(table: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    elif dialect == "postgresql":
        op.execute(f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END $$")
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_chain_append_only ON audit_chain")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_refuse_change()")
    op.drop_table("audit_chain")
    with op.batch_alter_table("signatures") as batch:
        batch.drop_column("hash_scheme")
