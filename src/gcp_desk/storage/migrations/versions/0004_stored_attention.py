"""Stored attention: why each child needs attention, kept on the child's row with its rank and how long it holds.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

Additive: four columns and an index on ``children``. Every child starts with an empty basis, so the app works
their attention out at the first reads after the upgrade, a chunk at a time, and stores it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RANK_TEXT = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    # Plain ADD COLUMN on both databases: no foreign key, so SQLite needs no rebuild of the table.
    op.add_column("children", sa.Column("attention", sa.Text(), server_default="", nullable=False))
    op.add_column("children", sa.Column("attention_rank", RANK_TEXT, nullable=True))
    op.add_column("children", sa.Column("attention_from", sa.Date(), nullable=True))
    op.add_column("children", sa.Column("attention_until", sa.Date(), nullable=True))
    op.add_column("children", sa.Column("attention_basis", sa.String(64), server_default="", nullable=False))
    op.create_index("ix_children_attention_rank", "children", ["attention_rank"])


def downgrade() -> None:
    op.drop_index("ix_children_attention_rank", table_name="children")
    with op.batch_alter_table("children") as batch:
        for column in ("attention_basis", "attention_until", "attention_from", "attention_rank", "attention"):
            batch.drop_column(column)
