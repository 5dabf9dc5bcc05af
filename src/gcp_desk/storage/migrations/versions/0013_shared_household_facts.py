"""Household facts shared between siblings assessed together, each confirmed per child, and plan actions shared
across siblings with an outcome recorded for each child.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05

Additive only: two nullable columns. Assessments made before read as having no shared facts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("assessments", sa.Column("shared_facts", sa.JSON(none_as_null=True), nullable=True))
    op.add_column("plan_actions", sa.Column("family_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        batch.drop_column("family_id")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("shared_facts")
