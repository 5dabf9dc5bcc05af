"""The caseload's filter counts and its search kept by the database, so that neither reads every child of the team:

- ``caseload_tally``: how many children of each team have each latest status, draft owner, concerns or not and need
  attention or not. One row per team (the nil id for children in no team), latest status (``''``: none yet), owner
  of the latest assessment while it is a draft (the nil id otherwise: only "my drafts" reads owners), concerns and
  needs attention; ``n`` children. The counts beside the filters are a sum of the team's few rows (counting every
  child of a team of 50,000 took 73 ms of processor time).
- ``child_trigrams``: each run of three characters of each child's ``search_text``. A word typed in the search box
  is looked up by its runs, and only the children holding all of them are read and matched; searching had read every
  child of the team for each keystroke.

Triggers keep both whenever a child is added, removed, or one of the columns they are made of changes, so every
write path (the services, the bulk inserter, a sync, an import) keeps them without knowing of them. On a team server
people may only read them (``server.rules``), so the triggers' functions run as their owner (SECURITY DEFINER).
On PostgreSQL the two tally rows a change moves a child between are written in key order, so two changes at once
never wait on each other in a circle; a new row is made by ``INSERT ... ON CONFLICT``, safe while others make it
too.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-05

Additive only: two tables and the triggers (on PostgreSQL, with their functions).
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
TRIGRAMS = "child_trigrams"
SQLITE_TRIGGERS = ("children_tally_insert", "children_tally_update", "children_tally_delete",
                   "children_trigrams_insert", "children_trigrams_update", "children_trigrams_delete")
DEFINER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
"""The triggers' functions on PostgreSQL run as their owner: people on a team server may only read the tables."""
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


def _positions(postgres: bool, length: str) -> str:
    """Each position where a run of three characters starts in a text of ``length`` characters (an SQL expression),
    as ``p.i``; on SQLite the first position is given even for shorter text (``trigrams_sql`` keeps only whole
    runs)."""
    if postgres:
        return f"generate_series(1, {length} - 2) AS p(i)"
    return (f"(WITH RECURSIVE q(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM q WHERE i < {length} - 2) "
            "SELECT i FROM q) AS p")


def trigrams_sql(postgres: bool, text: str) -> str:
    """The distinct runs of three characters of ``text`` (an SQL expression), as ``trigram``."""
    return (f"SELECT DISTINCT substr({text}, p.i, 3) AS trigram FROM {_positions(postgres, f'length({text})')} "
            f"WHERE p.i <= length({text}) - 2")


def add_trigrams_sql(postgres: bool, row: str) -> str:
    """The runs of ``row``'s search text (``NEW``), kept."""
    insert = "INSERT INTO" if postgres else "INSERT OR IGNORE INTO"
    return (f"{insert} {TRIGRAMS} (trigram, child_id) SELECT t.trigram, {row}.id "
            f"FROM ({trigrams_sql(postgres, f'{row}.search_text')}) AS t" + (" ON CONFLICT DO NOTHING" if postgres
                                                                              else ""))


def remove_trigrams_sql(postgres: bool, row: str) -> str:
    """The runs of ``row``'s search text (``OLD``) forgotten, each found by its key."""
    return (f"DELETE FROM {TRIGRAMS} WHERE child_id = {row}.id "
            f"AND trigram IN ({trigrams_sql(postgres, f'{row}.search_text')})")


def upgrade() -> None:
    _tally()
    _trigrams()


def _trigrams() -> None:
    op.create_table(
        TRIGRAMS,
        sa.Column("trigram", sa.String(3), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("trigram", "child_id", name=f"pk_{TRIGRAMS}"),
        sqlite_with_rowid=False,
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(f"INSERT INTO {TRIGRAMS} (trigram, child_id) SELECT DISTINCT substr(c.search_text, p.i, 3), c.id "
                   "FROM children AS c, generate_series(1, length(c.search_text) - 2) AS p(i)")
        op.execute(
            f"CREATE FUNCTION children_search_trigrams() RETURNS trigger {DEFINER} AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {remove_trigrams_sql(True, 'OLD')}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {add_trigrams_sql(True, 'NEW')}; END IF; "
            "RETURN NULL; END $$")
        op.execute("CREATE TRIGGER children_search_trigrams AFTER INSERT OR DELETE OR UPDATE OF search_text ON "
                   "children FOR EACH ROW EXECUTE FUNCTION children_search_trigrams()")
        return
    longest = "(SELECT coalesce(max(length(search_text)), 0) FROM children)"
    op.execute(f"INSERT OR IGNORE INTO {TRIGRAMS} (trigram, child_id) "
               f"SELECT DISTINCT substr(c.search_text, p.i, 3), c.id FROM children AS c, {_positions(False, longest)} "
               "WHERE p.i <= length(c.search_text) - 2 ORDER BY 1, 2")
    for name, event, body in (
            ("children_trigrams_insert", "AFTER INSERT ON children FOR EACH ROW", [add_trigrams_sql(False, "NEW")]),
            ("children_trigrams_update", "AFTER UPDATE OF search_text ON children FOR EACH ROW "
             "WHEN NEW.search_text IS NOT OLD.search_text", [remove_trigrams_sql(False, "OLD"),
                                                             add_trigrams_sql(False, "NEW")]),
            ("children_trigrams_delete", "AFTER DELETE ON children FOR EACH ROW", [remove_trigrams_sql(False, "OLD")])):
        op.execute(f"CREATE TRIGGER {name} {event} BEGIN {'; '.join(body)}; END")


def _tally() -> None:
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
        for name in ("children_caseload_tally", "children_search_trigrams"):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON children")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table(TRIGRAMS)
    op.drop_table(TALLY)
