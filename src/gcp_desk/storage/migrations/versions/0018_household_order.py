"""The caseload grouped by household, read a page at a time: each child's household sort key (``household_sort``),
kept by the database itself, and an index in the grouped order, so that a grouped page stops at its last row
rather than reading, looking up the household of, and sorting every child in scope.

``household_sort`` is one text column ordering the families by name, each family's children together, children
with no household last: ``'0'``, the household's name trimmed and in lower case, a character below every character
of a name (so "Smith" comes before "Smith Jones"), when the household was recorded (UTC, fixed width: families of
the same name in the order their headings number them), the same character, the household's id; ``'1'`` for a
child with no household. Triggers keep
it whenever a child is added or moves household and whenever a household is added or renamed, so every write path
(the services, the bulk inserter, a sync, an import) keeps it without knowing of it.

- ``(household_sort, sort_name, id, team_id, search_text)``: grouped pages in name order, searched and kept to a
  team on the index alone (as ``ix_children_caseload_order`` does for the ungrouped caseload).
- ``(household_sort, attention_rank, sort_name, id)``: the needs-attention list grouped by household.

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-05

Additive only: a column, two indexes and the triggers (on PostgreSQL, with their functions). The key's lower case
is the database's own ``lower``: SQLite folds only ASCII letters, so a name starting with an accented capital sorts
after the others there.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORDER_INDEX = "ix_children_household_order"
ORDER_COLUMNS = ["household_sort", "sort_name", "id", "team_id", "search_text"]
ATTENTION_INDEX = "ix_children_household_attention"
ATTENTION_COLUMNS = ["household_sort", "attention_rank", "sort_name", "id"]
NO_HOUSEHOLD = "1"
SQLITE_TRIGGERS = ("children_household_sort_insert", "children_household_sort_move", "households_sort_insert",
                   "households_sort_rename")
POSTGRES_TRIGGERS = {"children_household_sort": "children", "households_sort": "households"}


def household_key(postgres: bool, household: str) -> str:
    """The SQL of a household's sort key, from the alias (or ``NEW``) of its row."""
    if postgres:
        recorded = f"to_char({household}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        return f"'0' || lower(trim({household}.name)) || chr(1) || {recorded} || chr(1) || {household}.id::text"
    return (f"'0' || lower(trim({household}.name)) || char(1) || {household}.created_at || char(1) "
            f"|| {household}.id")


def child_key(postgres: bool, household_id: str) -> str:
    """The SQL of a child's sort key, from the child's ``household_id`` expression."""
    found = household_key(postgres, "h")
    return f"coalesce((SELECT {found} FROM households h WHERE h.id = {household_id}), '{NO_HOUSEHOLD}')"


def upgrade() -> None:
    op.add_column("children", sa.Column("household_sort", sa.Text(), server_default=NO_HOUSEHOLD, nullable=False))
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(f"UPDATE children SET household_sort = {child_key(postgres, 'children.household_id')}")
    if postgres:
        op.execute("CREATE FUNCTION children_household_sort() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   f"NEW.household_sort := {child_key(True, 'NEW.household_id')}; RETURN NEW; END $$")
        op.execute("CREATE TRIGGER children_household_sort BEFORE INSERT OR UPDATE OF household_id ON children "
                   "FOR EACH ROW EXECUTE FUNCTION children_household_sort()")
        op.execute("CREATE FUNCTION households_sort() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   f"UPDATE children SET household_sort = {household_key(True, 'NEW')} "
                   "WHERE household_id = NEW.id; RETURN NULL; END $$")
        op.execute("CREATE TRIGGER households_sort AFTER INSERT OR UPDATE OF name ON households "
                   "FOR EACH ROW EXECUTE FUNCTION households_sort()")
    else:
        child = f"UPDATE children SET household_sort = {child_key(False, 'NEW.household_id')} WHERE id = NEW.id"
        household = (f"UPDATE children SET household_sort = {household_key(False, 'NEW')} "
                     "WHERE household_id = NEW.id")
        for name, event, body in (
                ("children_household_sort_insert", "AFTER INSERT ON children", child),
                ("children_household_sort_move", "AFTER UPDATE OF household_id ON children", child),
                ("households_sort_insert", "AFTER INSERT ON households", household),
                ("households_sort_rename", "AFTER UPDATE OF name ON households", household)):
            op.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW BEGIN {body}; END")
    op.create_index(ORDER_INDEX, "children", ORDER_COLUMNS)
    op.create_index(ATTENTION_INDEX, "children", ATTENTION_COLUMNS)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for name, table in POSTGRES_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index(ATTENTION_INDEX, table_name="children")
    op.drop_index(ORDER_INDEX, table_name="children")
    with op.batch_alter_table("children") as batch:
        batch.drop_column("household_sort")
