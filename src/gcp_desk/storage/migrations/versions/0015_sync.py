"""Taking children offline and syncing: a version on each record that can change on a laptop and on the server at
once, raised by the database itself on every change, and a laptop's own sync bookkeeping.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05

Additive only: a ``version`` column (starting at 1) on children, households, adults, significant events and plan
actions, with a trigger that raises it whenever a field a person edits changes (not the caseload summary or stored
attention, which each copy works out for itself); a write that sets the version itself (a sync copying a record
across) is left as it is. And five new tables: the server synced with (no password), the versions both sides last
agreed, the children taken offline, conflicts waiting for a person, and a journal of each sync's steps.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EDITED = {
    "households": ("name", "address"),
    "children": ("given_name", "family_name", "date_of_birth", "expected_date_of_delivery", "sex", "ethnicity",
                 "identifiers", "household_id", "plan_type", "team_id", "father_unknown_reason"),
    "adults": ("household_id", "given_name", "family_name", "sex", "date_of_birth", "relevant_history",
               "known_to_services"),
    "significant_events": ("date", "kind", "what_happened", "source_agency", "recorded_by"),
    "plan_actions": ("position", "domain_id", "what_will_change", "who", "agency", "by_when", "target_grade",
                     "progress_notes", "carried_from_id", "family_id"),
}
JSON_COLUMNS = {"identifiers"}


def upgrade() -> None:
    for table in EDITED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, columns in EDITED.items():
        if postgres:
            changed = " OR ".join(
                f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" if c in JSON_COLUMNS
                else f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
            op.execute(f"CREATE FUNCTION {table}_raise_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       f"IF NEW.version = OLD.version AND ({changed}) THEN NEW.version := OLD.version + 1; END IF; "
                       "RETURN NEW; END $$")
            op.execute(f"CREATE TRIGGER {table}_version BEFORE UPDATE ON {table} FOR EACH ROW "
                       f"EXECUTE FUNCTION {table}_raise_version()")
        else:
            changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
            op.execute(f"CREATE TRIGGER {table}_version AFTER UPDATE ON {table} FOR EACH ROW "
                       f"WHEN NEW.version = OLD.version AND ({changed}) "
                       f"BEGIN UPDATE {table} SET version = OLD.version + 1 WHERE id = OLD.id; END")
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("server", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("events_sent_to", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_state"),
    )
    op.create_table(
        "sync_base",
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name="pk_sync_base"),
    )
    op.create_table(
        "sync_children",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("child_id", name="pk_sync_children"),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("theirs_version", sa.Integer(), nullable=False),
        sa.Column("mine", sa.JSON(), nullable=False),
        sa.Column("theirs", sa.JSON(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name="pk_sync_conflicts"),
    )
    op.create_table(
        "sync_journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sync_id", sa.Uuid(), nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_journal"),
    )


def downgrade() -> None:
    for table in ("sync_journal", "sync_conflicts", "sync_children", "sync_base", "sync_state"):
        op.drop_table(table)
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in EDITED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_version" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS {table}_raise_version()")
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
