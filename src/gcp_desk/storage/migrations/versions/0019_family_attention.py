"""The caseload grouped by household in the order of the families' flags, read a page at a time: each child's place
among brothers and sisters (``attention_weight``) and their family's place (``family_rank``), kept by the database
itself from the stored attention, so that a grouped page stops at its last row.

The order is the needs-attention list's (``scoring.family_order``), as text that sorts by code point:

- ``attention_weight``: ``'9'`` for a child who needs no attention; else the severity of their worst flag
  (``'7'`` high, ``'8'`` medium: the first character of ``attention_rank``), how many of their flags are that severe
  and how many flags they have (each as ``99 - n`` in two digits: more first), then ``attention_rank``.
- ``family_rank``, the same on every child of a household (a child with no household is a family of one):
  ``'9'`` when none of them needs attention; else the worst flag's severity, how many children are flagged, how many
  of them have a flag that severe, how many flags that severe the family has (more first), then the most pressing
  child's ``attention_rank``, name and id (with separators). The household's sort key (migration 0018) follows it
  in the order: families of the same standing by name.

Triggers keep both whenever a child's stored attention changes, a child is added, moves household or is removed, so
every write path (the services, the bulk inserter, a sync, an import) keeps them without knowing of them. On
PostgreSQL, a family's rank is worked out holding its household's row, so that two siblings' changes at once end in
the rank of both.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05

- ``(household_id, team_id, id, version)``: whether a household has a child the reader may see, and whether any
  child changed household or team since the household headings were worked out, on the index alone.

Additive only: two columns, two indexes and the triggers (on PostgreSQL, with their functions).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_FLAGGED = "9"
FAMILY_INDEX = "ix_children_family_order"
FAMILY_COLUMNS = ["family_rank", "household_sort", "attention_weight", "sort_name", "id", "team_id", "search_text"]
MEMBERS_INDEX = "ix_children_household_team"
MEMBERS_COLUMNS = ["household_id", "team_id", "id", "version"]
SQLITE_TRIGGERS = ("children_family_insert", "children_family_attention", "children_family_move",
                   "children_family_delete")
POSTGRES_TRIGGERS = {"children_attention_weight": "children", "children_family_rank": "children"}


def _pad(postgres: bool, value: str, width: int) -> str:
    """``10**width - 1 - value`` in ``width`` digits (more sorts first), never below nought."""
    top = 10 ** width - 1
    if postgres:
        return f"lpad(({top} - least({value}, {top}))::text, {width}, '0')"
    return f"printf('%0{width}d', {top} - min({value}, {top}))"


def weight_sql(postgres: bool, row: str) -> str:
    """The SQL of a child's ``attention_weight``, from the alias (or ``NEW``) of their row."""
    rank, stored = f"{row}.attention_rank", f"{row}.attention"
    worst = f"substr({rank}, 1, 1)"
    if postgres:
        reasons = f"({stored}::jsonb -> 'reasons')"
        severe = (f"(SELECT count(*) FROM jsonb_array_elements({reasons}) AS r(value) "
                  f"WHERE (r.value ->> 2)::int = 9 - {worst}::int)")
        total = f"jsonb_array_length({reasons})"
        unreadable = f"{rank} IS NULL"
    else:
        severe = (f"(SELECT count(*) FROM json_each({stored}, '$.reasons') "
                  f"WHERE json_extract(value, '$[2]') = 9 - CAST({worst} AS INTEGER))")
        total = f"json_array_length({stored}, '$.reasons')"
        unreadable = f"{rank} IS NULL OR NOT json_valid({stored})"
    return (f"CASE WHEN {unreadable} THEN '{NOT_FLAGGED}' ELSE {worst} || {_pad(postgres, severe, 2)} || "
            f"{_pad(postgres, total, 2)} || {rank} END")


def family_sql(postgres: bool, household: str, child: str) -> str:
    """The SQL of a family's ``family_rank``: the children of ``household`` (an expression; NULL: none) and the
    child ``child`` (an expression; NULL: none), from their stored weights."""
    members = f"(m.id = {child} OR m.household_id = {household}) AND m.attention_rank IS NOT NULL"
    collate = ' COLLATE "C"' if postgres else ""
    worst_of = f"(SELECT min(substr(m.attention_weight, 1, 1)) AS c FROM children AS m WHERE {members})"
    # The most pressing child: by their reason, then name and id, as the needs-attention list reads them.
    first = ("m.attention_rank || chr(1) || m.sort_name || chr(1) || m.id::text" if postgres
             else "m.attention_rank || char(1) || m.sort_name || char(1) || m.id")
    flagged = (f"(SELECT substr(m.attention_weight, 1, 1) AS s, 99 - CAST(substr(m.attention_weight, 2, 2) AS "
               f"INTEGER) AS severe, {first} AS rank FROM children AS m WHERE {members})")
    counted = (f"(SELECT count(*) AS n, max(w.c) AS c, sum(CASE WHEN k.s = w.c THEN 1 ELSE 0 END) AS a, "
               f"sum(CASE WHEN k.s = w.c THEN k.severe ELSE 0 END) AS r, min((k.rank){collate}) AS m "
               f"FROM {flagged} AS k, {worst_of} AS w) AS f")
    return (f"(SELECT CASE WHEN f.n = 0 THEN '{NOT_FLAGGED}' ELSE f.c || {_pad(postgres, 'f.n', 2)} || "
            f"{_pad(postgres, 'f.a', 2)} || {_pad(postgres, 'f.r', 3)} || f.m END FROM {counted})")


def refresh_family(postgres: bool, household: str, child: str) -> str:
    """An UPDATE that works out again the family rank of ``household``'s children and of ``child``."""
    return (f"UPDATE children SET family_rank = {family_sql(postgres, household, child)} "
            f"WHERE id = {child} OR household_id = {household}")


def upgrade() -> None:
    op.add_column("children", sa.Column("attention_weight", sa.Text(), server_default=NOT_FLAGGED, nullable=False))
    op.add_column("children", sa.Column("family_rank", sa.Text(), server_default=NOT_FLAGGED, nullable=False))
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute(f"UPDATE children SET attention_weight = {weight_sql(postgres, 'children')} "
               "WHERE attention_rank IS NOT NULL")
    op.execute(f"UPDATE children SET family_rank = {family_sql(postgres, 'children.household_id', 'children.id')} "
               "WHERE attention_rank IS NOT NULL OR household_id IS NOT NULL")
    if postgres:
        op.execute("CREATE FUNCTION children_attention_weight() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   f"NEW.attention_weight := {weight_sql(True, 'NEW')}; RETURN NEW; END $$")
        op.execute("CREATE TRIGGER children_attention_weight BEFORE INSERT OR UPDATE OF attention, attention_rank "
                   "ON children FOR EACH ROW EXECUTE FUNCTION children_attention_weight()")
        hold = "PERFORM 1 FROM households WHERE id = {} FOR NO KEY UPDATE"
        left = f"{hold.format('OLD.household_id')}; {refresh_family(True, 'OLD.household_id', 'NULL::uuid')};"
        op.execute(
            "CREATE FUNCTION children_family_rank() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'DELETE' THEN IF OLD.household_id IS NOT NULL THEN {left} END IF; RETURN NULL; END IF; "
            f"IF NEW.household_id IS NOT NULL THEN {hold.format('NEW.household_id')}; END IF; "
            f"{refresh_family(True, 'NEW.household_id', 'NEW.id')}; "
            "IF TG_OP = 'UPDATE' THEN IF OLD.household_id IS NOT NULL AND OLD.household_id IS DISTINCT FROM "
            f"NEW.household_id THEN {left} END IF; END IF; RETURN NULL; END $$")
        op.execute("CREATE TRIGGER children_family_rank AFTER INSERT OR DELETE OR UPDATE OF attention, "
                   "attention_rank, household_id ON children FOR EACH ROW EXECUTE FUNCTION children_family_rank()")
    else:
        weight = f"UPDATE children SET attention_weight = {weight_sql(False, 'NEW')} WHERE id = NEW.id"
        family = refresh_family(False, "NEW.household_id", "NEW.id")
        left = refresh_family(False, "OLD.household_id", "NULL")
        for name, event, body in (
                ("children_family_insert", "AFTER INSERT ON children FOR EACH ROW", [weight, family]),
                ("children_family_attention", "AFTER UPDATE OF attention, attention_rank ON children FOR EACH ROW",
                 [weight, family]),
                ("children_family_move", "AFTER UPDATE OF household_id ON children FOR EACH ROW "
                 "WHEN NEW.household_id IS NOT OLD.household_id", [family, left]),
                ("children_family_delete", "AFTER DELETE ON children FOR EACH ROW", [left])):
            op.execute(f"CREATE TRIGGER {name} {event} BEGIN {'; '.join(body)}; END")
    op.create_index(FAMILY_INDEX, "children", FAMILY_COLUMNS)
    op.create_index(MEMBERS_INDEX, "children", MEMBERS_COLUMNS)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for name, table in POSTGRES_TRIGGERS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index(MEMBERS_INDEX, table_name="children")
    op.drop_index(FAMILY_INDEX, table_name="children")
    # Dropped in place, not by rebuilding the table: a rebuild would lose the children's other triggers.
    for column in ("family_rank", "attention_weight"):
        op.execute(f"ALTER TABLE children DROP COLUMN {column}")
