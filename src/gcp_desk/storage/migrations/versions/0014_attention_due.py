"""The children whose stored "needs attention" no longer holds, found through indexes rather than by reading every
child's row: one index on each of the three columns that say how long the stored reasons hold.

- ``attention_until``: the reasons that fell due (a reassessment or a target's date passed), read a day later.
- ``attention_from``: reasons worked out on a day later than today (the computer's clock was put back).
- ``attention_basis``: reasons worked out with other settings or instruments, or marked to be worked out again.

Before these, each chunk of reasons worked out again a day later read the whole table (317 ms at 50,000 children),
and so did the count of them read at sign-in.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

Additive only: three indexes.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_children_attention_until": "attention_until",
    "ix_children_attention_from": "attention_from",
    "ix_children_attention_basis": "attention_basis",
}


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.create_index(name, "children", [column])


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="children")
