"""What a supervisor returned (the content at each return, to show what changed since), and the family's part in
an assessment (consent, how it was shared, their view, their acknowledgement).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

Additive only: a new append-only table and a nullable column. Records made before keep working: a return with no
snapshot says the changes cannot be shown, and an assessment with no participation recorded reads as not yet
recorded.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SNAPSHOTS = "return_snapshots"
REFUSAL = "return snapshots cannot be changed or removed"


def upgrade() -> None:
    op.create_table(
        SNAPSHOTS,
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["return_id"], ["assessment_returns.id"],
                                name="fk_return_snapshots_return_id_assessment_returns"),
        sa.PrimaryKeyConstraint("return_id", name="pk_return_snapshots"),
    )
    op.add_column("assessments", sa.Column("participation", sa.JSON(none_as_null=True), nullable=True))
    _refuse_changes()


def _refuse_changes() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {SNAPSHOTS}_no_{event.lower()} BEFORE {event} ON {SNAPSHOTS} "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
    else:
        op.execute(
            f"CREATE FUNCTION {SNAPSHOTS}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {SNAPSHOTS}_append_only BEFORE UPDATE OR DELETE ON {SNAPSHOTS} "
            f"FOR EACH ROW EXECUTE FUNCTION {SNAPSHOTS}_refuse_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {SNAPSHOTS}_append_only ON {SNAPSHOTS}")
        op.execute(f"DROP FUNCTION IF EXISTS {SNAPSHOTS}_refuse_change()")
    op.drop_table(SNAPSHOTS)
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("participation")
