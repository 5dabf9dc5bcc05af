"""Returned children leave the laptop: when each child was given back to the team server (``sync_children
.returned_at``), and a second privileged path through the append-only records of a child, beside the tombstone.

A child returned at a sync, whose every record the server has been seen to hold, is taken off the laptop's copy
(``sync.release``). That is not a deletion of the record, which stays whole on the server, so no tombstone is
written (a tombstone travels, and would delete the record everywhere). Instead, in the one transaction that takes
the child off, a mark is written for each of its assessments and returns in ``sync_release_marks``, the rows go,
and the marks are removed again: a signature, review comment, return or return snapshot may be deleted when its
assessment (or return) is tombstoned or marked so; every other update or delete is still refused by the database.

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-05

Additive: a nullable column, a table, and the delete triggers (on PostgreSQL, their functions) made again with the
second condition beside the first.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _marked(entity: str, column: str) -> str:
    return (f"EXISTS (SELECT 1 FROM sync_release_marks m WHERE m.entity = '{entity}' "
            f"AND m.entity_id = OLD.{column})")


def _tombstoned(entity: str, column: str) -> str:
    return f"EXISTS (SELECT 1 FROM tombstones t WHERE t.entity = '{entity}' AND t.entity_id = OLD.{column})"


GUARDED = {
    "signatures": ("signatures cannot be changed or removed", "assessment", "assessment_id"),
    "review_comments": ("review comments cannot be changed or removed", "assessment", "assessment_id"),
    "assessment_returns": ("returns cannot be changed or removed", "assessment", "assessment_id"),
    "return_snapshots": ("return snapshots cannot be changed or removed", "return", "return_id"),
}


def upgrade() -> None:
    with op.batch_alter_table("sync_children") as batch:
        batch.add_column(sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "sync_release_marks",
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "entity_id", name="pk_sync_release_marks"),
    )
    for table, (message, entity, column) in GUARDED.items():
        _allow_deletes(table, message, f"({_tombstoned(entity, column)} OR {_marked(entity, column)})")


def downgrade() -> None:
    for table, (message, entity, column) in GUARDED.items():
        _allow_deletes(table, message, _tombstoned(entity, column))
    op.drop_table("sync_release_marks")
    with op.batch_alter_table("sync_children") as batch:
        batch.drop_column("returned_at")


def _allow_deletes(table: str, message: str, condition: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} WHEN NOT {condition} "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        return
    op.execute(f"CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
               f"$$ BEGIN IF TG_OP = 'DELETE' AND {condition} THEN RETURN OLD; END IF; "
               f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $$")
