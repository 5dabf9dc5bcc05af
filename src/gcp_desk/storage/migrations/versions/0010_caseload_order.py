"""The caseload's order as people read names: each child's family and given name in lower case, indexed with the
id, so the caseload is read a page at a time in that order (keyset paging) without sorting every child.

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-05

Additive only: a column and its index. Children already recorded get their sort name here, worked out as the
application works it out (Python's lower case, not SQL's, which folds only ASCII letters).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gcp_desk.storage.rows import sort_name

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_children_sort_name_id"
BATCH = 5_000


def upgrade() -> None:
    op.add_column("children", sa.Column("sort_name", sa.String(402), server_default="", nullable=False))
    bind = op.get_bind()
    children = sa.table("children", sa.column("id", sa.Uuid()), sa.column("given_name", sa.String()),
                        sa.column("family_name", sa.String()), sa.column("sort_name", sa.String()))
    found = bind.execute(sa.select(children.c.id, children.c.family_name, children.c.given_name)).fetchall()
    update = sa.update(children).where(children.c.id == sa.bindparam("child")).values(
        sort_name=sa.bindparam("name"))
    for start in range(0, len(found), BATCH):
        bind.execute(update, [{"child": child_id, "name": sort_name(family, given)}
                              for child_id, family, given in found[start:start + BATCH]])
    op.create_index(INDEX, "children", ["sort_name", "id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="children")
    with op.batch_alter_table("children") as batch:
        batch.drop_column("sort_name")
