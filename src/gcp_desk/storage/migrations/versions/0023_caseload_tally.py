"""The caseload filters' counts kept by the database (``caseload_tally``), so that the counts beside the filters
are a sum of a few rows rather than a count of every child of the team (73 ms of processor time at 50,000).

- ``caseload_tally``: how many children of each team have each latest status, draft owner, concerns or not and need
  attention or not. One row per team (the nil id for children in no team), latest status (``''``: none yet), owner
  of the latest assessment while it is a draft (the nil id otherwise: only "my drafts" reads owners), concerns and
  needs attention; ``n`` children.

Triggers keep it whenever a child is added, removed, or one of the columns its key is made of changes, so every
write path (the services, the bulk inserter, a sync, an import) keeps it without knowing of it. On a team server
people may only read it (``server.rules``), so the trigger's function runs as its owner (SECURITY DEFINER). On
PostgreSQL the two rows a change moves a child between are written in key order, so two changes at once never wait
on each other in a circle; a new row is made by ``INSERT ... ON CONFLICT``, safe while others make it too.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-05

Additive only: a table and the triggers (on PostgreSQL, with their function).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TALLY = "caseload_tally"
KEY = ("team_id", "status", "owner_id", "concerns", "attention")
DRAFT = "draft"
NIL_SQLITE = "'" + "0" * 32 + "'"
"""No team, or no draft owner: the nil id as the children table stores ids on SQLite (hex text)."""
NIL_POSTGRES = "'00000000-0000-0000-0000-000000000000'::uuid"
SQLITE_TRIGGERS = ("children_tally_insert", "children_tally_update", "children_tally_delete")
DEFINER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
"""The trigger's function on PostgreSQL runs as its owner: people on a team server may only read the table."""
WATCHED = ("team_id", "latest_status", "latest_owner_id", "concern_domains", "attention_rank")
"""The children's columns the key is made of."""


def key_sql(postgres: bool, row: str) -> list[str]:
    """A child's key in the tally, from the alias (or ``NEW``, ``OLD``) of their row, in the order of ``KEY``."""
    nil = NIL_POSTGRES if postgres else NIL_SQLITE
    return [
        f"coalesce({row}.team_id, {nil})",
        f"coalesce({row}.latest_status, '')",
        f"CASE WHEN {row}.latest_status = '{DRAFT}' THEN coalesce({row}.latest_owner_id, {nil}) ELSE {nil} END",
        f"({row}.concern_domains <> '')",
        f"({row}.attention_rank IS NOT NULL)",
    ]


def add_sql(postgres: bool, row: str) -> str:
    """One more child with the key of ``row``."""
    return (f"INSERT INTO {TALLY} ({', '.join(KEY)}, n) VALUES ({', '.join(key_sql(postgres, row))}, 1) "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = {TALLY}.n + 1")


def remove_sql(postgres: bool, row: str) -> str:
    """One child fewer with the key of ``row``."""
    matched = " AND ".join(f"{column} = {value}" for column, value in zip(KEY, key_sql(postgres, row), strict=True))
    return f"UPDATE {TALLY} SET n = n - 1 WHERE {matched}"


def upgrade() -> None:
    op.create_table(
        TALLY,
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("concerns", sa.Boolean(), nullable=False),
        sa.Column("attention", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name=f"pk_{TALLY}"),
        sqlite_with_rowid=False,
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    key = key_sql(postgres, "children")
    op.execute(f"INSERT INTO {TALLY} ({', '.join(KEY)}, n) SELECT {', '.join(key)}, count(*) FROM children "
               f"GROUP BY {', '.join(key)}")
    if postgres:
        old, new = f"ROW({', '.join(key_sql(True, 'OLD'))})", f"ROW({', '.join(key_sql(True, 'NEW'))})"
        op.execute(
            f"CREATE FUNCTION children_caseload_tally() RETURNS trigger {DEFINER} AS $$ BEGIN "
            f"IF TG_OP = 'INSERT' THEN {add_sql(True, 'NEW')}; "
            f"ELSIF TG_OP = 'DELETE' THEN {remove_sql(True, 'OLD')}; "
            f"ELSIF {old} IS DISTINCT FROM {new} THEN "
            f"IF {old} < {new} THEN {remove_sql(True, 'OLD')}; {add_sql(True, 'NEW')}; "
            f"ELSE {add_sql(True, 'NEW')}; {remove_sql(True, 'OLD')}; END IF; "
            "END IF; RETURN NULL; END $$")
        op.execute(f"CREATE TRIGGER children_caseload_tally AFTER INSERT OR DELETE OR UPDATE OF {', '.join(WATCHED)} "
                   "ON children FOR EACH ROW EXECUTE FUNCTION children_caseload_tally()")
    else:
        changed = " OR ".join(f"{new} IS NOT {old}" for new, old in zip(key_sql(False, "NEW"), key_sql(False, "OLD"),
                                                                        strict=True))
        for name, event, body in (
                ("children_tally_insert", "AFTER INSERT ON children FOR EACH ROW", [add_sql(False, "NEW")]),
                ("children_tally_update", f"AFTER UPDATE OF {', '.join(WATCHED)} ON children FOR EACH ROW "
                 f"WHEN {changed}", [remove_sql(False, "OLD"), add_sql(False, "NEW")]),
                ("children_tally_delete", "AFTER DELETE ON children FOR EACH ROW", [remove_sql(False, "OLD")])):
            op.execute(f"CREATE TRIGGER {name} {event} BEGIN {'; '.join(body)}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS children_caseload_tally ON children")
        op.execute("DROP FUNCTION IF EXISTS children_caseload_tally()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table(TALLY)
