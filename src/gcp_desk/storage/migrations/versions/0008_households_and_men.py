"""Households as the family's unit: part-time residence per child, a child's moves between households with the date,
merged duplicate adults kept as aliases of the one kept, whether an adult is known to services, and why a child's
birth father is not known.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

Additive only: new tables and columns with defaults. Records made before read as they did: links are not
part-time, no moves or merges are recorded, an adult's standing with services is not yet asked, and no reason is
given for an unknown father.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("child_adult_links", sa.Column("part_time", sa.Boolean(), server_default="0",
                                                 nullable=False))
    op.add_column("adults", sa.Column("known_to_services", sa.Boolean(), nullable=True))
    op.add_column("children", sa.Column("father_unknown_reason", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "household_moves",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("from_household_id", sa.Uuid(), nullable=True),
        sa.Column("to_household_id", sa.Uuid(), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name="fk_household_moves_child_id_children",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_household_moves_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_household_moves"),
    )
    op.create_index("ix_household_moves_child_id", "household_moves", ["child_id"])
    op.create_table(
        "adult_aliases",
        sa.Column("alias_id", sa.Uuid(), nullable=False),
        sa.Column("adult_id", sa.Uuid(), nullable=False),
        sa.Column("merged_by", sa.Uuid(), nullable=True),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["adult_id"], ["adults.id"], name="fk_adult_aliases_adult_id_adults"),
        sa.ForeignKeyConstraint(["merged_by"], ["users.id"], name="fk_adult_aliases_merged_by_users"),
        sa.PrimaryKeyConstraint("alias_id", name="pk_adult_aliases"),
    )
    op.create_index("ix_adult_aliases_adult_id", "adult_aliases", ["adult_id"])


def downgrade() -> None:
    op.drop_index("ix_adult_aliases_adult_id", table_name="adult_aliases")
    op.drop_table("adult_aliases")
    op.drop_index("ix_household_moves_child_id", table_name="household_moves")
    op.drop_table("household_moves")
    with op.batch_alter_table("children") as batch:
        batch.drop_column("father_unknown_reason")
    with op.batch_alter_table("adults") as batch:
        batch.drop_column("known_to_services")
    with op.batch_alter_table("child_adult_links") as batch:
        batch.drop_column("part_time")
