"""Records that move: audit events carried in from another copy (kept as origin records with their origin hashes),
the staff named in an import who have no account here (historical signers, who cannot sign in), and tombstones
for records deleted under the retention rule (so a deletion reaches other copies).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

Three new tables, each append-only. And one privileged path through the append-only records of a child: a
signature, review comment, return or return snapshot may be deleted only when the child's tombstone has been
written first, in the same transaction (the retention service writes one for the child and for each of its
assessments and returns); every other update or delete is still refused by the database, whoever asks. The
triggers look at the tombstones table alone, so a later migration that rebuilds another table is not held up.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("origin_audit_events", "historical_staff", "tombstones")


def upgrade() -> None:
    op.create_table(
        "origin_audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("entity", sa.String(80), nullable=False),
        sa.Column("entity_id", sa.String(80), nullable=False),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("payload_digest", sa.String(64), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("imported_by_event", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_origin_audit_events"),
    )
    op.create_index("ix_origin_audit_events_entity_id", "origin_audit_events", ["entity_id"])
    op.create_table(
        "historical_staff",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_historical_staff_user_id_users"),
        sa.PrimaryKeyConstraint("user_id", name="pk_historical_staff"),
    )
    op.create_table(
        "tombstones",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(80), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_by", sa.Uuid(), nullable=True),
        sa.Column("audit_event_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tombstones"),
    )
    op.create_index("ix_tombstones_entity_id", "tombstones", ["entity_id"])
    for table in APPEND_ONLY:
        _refuse_changes(table)
    for table, (message, condition) in TOMBSTONED.items():
        _allow_tombstoned_deletes(table, message, condition)


_OF_ASSESSMENT = ("EXISTS (SELECT 1 FROM tombstones t WHERE t.entity = 'assessment' "
                  "AND t.entity_id = OLD.assessment_id)")
TOMBSTONED = {
    "signatures": ("signatures cannot be changed or removed", _OF_ASSESSMENT),
    "review_comments": ("review comments cannot be changed or removed", _OF_ASSESSMENT),
    "assessment_returns": ("returns cannot be changed or removed", _OF_ASSESSMENT),
    "return_snapshots": ("return snapshots cannot be changed or removed",
                         "EXISTS (SELECT 1 FROM tombstones t WHERE t.entity = 'return' "
                         "AND t.entity_id = OLD.return_id)"),
}
"""Append-only tables whose rows about a tombstoned child the retention service may delete."""


def _allow_tombstoned_deletes(table: str, message: str, condition: str | None) -> None:
    """``condition`` ``None``: refuse every delete again (the downgrade)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        when = f"WHEN NOT {condition} " if condition else ""
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} {when}"
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        return
    allow = f"IF TG_OP = 'DELETE' AND {condition} THEN RETURN OLD; END IF; " if condition else ""
    op.execute(f"CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
               f"$$ BEGIN {allow}RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; "
               "END $$")


def _refuse_changes(table: str) -> None:
    refusal = f"{table.replace('_', ' ')} cannot be changed or removed"
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END")
    else:
        op.execute(f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN RAISE EXCEPTION '{refusal}' USING ERRCODE = 'integrity_constraint_violation'; END $$")
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()")


def downgrade() -> None:
    for table, (message, _condition) in TOMBSTONED.items():
        _allow_tombstoned_deletes(table, message, None)
    for table in APPEND_ONLY:
        if op.get_bind().dialect.name != "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")
    op.drop_index("ix_tombstones_entity_id", table_name="tombstones")
    op.drop_table("tombstones")
    op.drop_table("historical_staff")
    op.drop_index("ix_origin_audit_events_entity_id", table_name="origin_audit_events")
    op.drop_table("origin_audit_events")
