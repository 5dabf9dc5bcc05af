"""When an account was disabled, so the Accounts list can say "disabled" rather than "no password yet".

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Additive only: a nullable column. Accounts disabled before it read as having no password, which is what they have.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled_at")
