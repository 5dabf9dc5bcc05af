"""The caseload read a page at a time: each child's family and given name in lower case (``sort_name``), and two
indexes, so that a page in name order, a search and the filters' counts each read an index rather than every
child's row.

- ``(sort_name, id, team_id, search_text)``: pages in name order (keyset paging); a search tests the index's
  ``search_text`` and reads a child's row only when it matches; the count of a search's matches reads nothing else.
- ``(team_id, latest_status, latest_owner_id, attention_rank, concern_domains)``: the filters' counts.
- ``(attention_rank, sort_name, id)``: the needs-attention list, most pressing first, a page at a time.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05

Additive only: a column and three indexes. Children already recorded get their sort name here, worked out as the
application works it out (Python's lower case, not SQL's, which folds only ASCII letters).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gcp_desk.storage.rows import sort_name

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDER_INDEX = "ix_children_caseload_order"
ORDER_COLUMNS = ["sort_name", "id", "team_id", "search_text"]
COUNTS_INDEX = "ix_children_caseload_counts"
COUNTS_COLUMNS = ["team_id", "latest_status", "latest_owner_id", "attention_rank", "concern_domains"]
ATTENTION_INDEX = "ix_children_attention_order"
ATTENTION_COLUMNS = ["attention_rank", "sort_name", "id"]
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
    op.create_index(ORDER_INDEX, "children", ORDER_COLUMNS)
    op.create_index(COUNTS_INDEX, "children", COUNTS_COLUMNS)
    op.create_index(ATTENTION_INDEX, "children", ATTENTION_COLUMNS)


def downgrade() -> None:
    op.drop_index(ATTENTION_INDEX, table_name="children")
    op.drop_index(COUNTS_INDEX, table_name="children")
    op.drop_index(ORDER_INDEX, table_name="children")
    with op.batch_alter_table("children") as batch:
        batch.drop_column("sort_name")
