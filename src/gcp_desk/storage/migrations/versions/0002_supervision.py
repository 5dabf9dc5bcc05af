"""Supervision: passwords and teams on accounts; signatures, review comments and returns, all append-only.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Accounts made before this revision keep working: their password is NULL and they choose one at the next sign-in.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
ENUM_TEXT = sa.String(40)
NAME = sa.String(200)
IDENTIFIER = sa.String(64)

APPEND_ONLY = {
    "signatures": "signatures cannot be changed or removed",
    "review_comments": "review comments cannot be changed or removed",
    "assessment_returns": "returns cannot be changed or removed",
}


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
    )
    # SQLite adds a column with a foreign key only by rebuilding the table; nothing refers to users with a cascade,
    # so the rebuild keeps every row that points at an account.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("team_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("password_hash", sa.String(200), nullable=True))
        batch.create_foreign_key("fk_users_team_id_teams", "teams", ["team_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_users_team_id", ["team_id"])

    op.create_table(
        "signatures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("kind", ENUM_TEXT, nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("role", ENUM_TEXT, nullable=False),
        sa.Column("signed_at", TIMESTAMP, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], name="fk_signatures_assessment_id_assessments"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_signatures_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_signatures"),
    )
    op.create_index("ix_signatures_assessment_id", "signatures", ["assessment_id"])
    op.create_table(
        "review_comments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("domain_id", IDENTIFIER, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("author_name", NAME, nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name="fk_review_comments_assessment_id_assessments"
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_review_comments_author_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_review_comments"),
    )
    op.create_index("ix_review_comments_assessment_id", "review_comments", ["assessment_id"])
    op.create_table(
        "assessment_returns",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("returned_by", sa.Uuid(), nullable=False),
        sa.Column("returned_by_name", NAME, nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("returned_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name="fk_assessment_returns_assessment_id_assessments"
        ),
        sa.ForeignKeyConstraint(["returned_by"], ["users.id"], name="fk_assessment_returns_returned_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_assessment_returns"),
    )
    op.create_index("ix_assessment_returns_assessment_id", "assessment_returns", ["assessment_id"])
    for table, message in APPEND_ONLY.items():
        _refuse_changes(table, message)


def _refuse_changes(table: str, message: str) -> None:
    """The repositories offer no update or delete; the database refuses them too, whoever asks."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")
        op.drop_table(table)
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_team_id")
        batch.drop_constraint("fk_users_team_id_teams", type_="foreignkey")
        batch.drop_column("password_hash")
        batch.drop_column("team_id")
    op.drop_table("teams")
