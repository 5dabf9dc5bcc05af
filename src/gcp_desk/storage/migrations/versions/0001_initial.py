"""The first schema: people, households, assessments and their parts, significant events, the audit trail, app
metadata.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Types are spelt out here rather than imported from the app, so that this revision means the same thing however the
app's column types change later: timestamps are ``DateTime(timezone=True)`` (UTC text on SQLite, timestamptz on
PostgreSQL) and closed vocabularies are ``String(40)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
ENUM_TEXT = sa.String(40)
NAME = sa.String(200)
IDENTIFIER = sa.String(64)

APPEND_ONLY_MESSAGE = "the audit trail is append-only"


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_app_meta"),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("entity", sa.String(80), nullable=False),
        sa.Column("entity_id", sa.String(80), nullable=False),
        sa.Column("before", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after", sa.JSON(none_as_null=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_entity_id", "audit_events", ["entity_id"])
    _refuse_audit_changes()

    op.create_table(
        "households",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_households"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("role", ENUM_TEXT, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
    )
    op.create_table(
        "adults",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("given_name", NAME, nullable=False),
        sa.Column("family_name", NAME, nullable=False),
        sa.Column("sex", ENUM_TEXT, nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("relevant_history", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], name="fk_adults_household_id_households"),
        sa.PrimaryKeyConstraint("id", name="pk_adults"),
    )
    op.create_index("ix_adults_household_id", "adults", ["household_id"])
    op.create_table(
        "children",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("given_name", NAME, nullable=False),
        sa.Column("family_name", NAME, nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("expected_date_of_delivery", sa.Date(), nullable=True),
        sa.Column("sex", ENUM_TEXT, nullable=False),
        sa.Column("ethnicity", sa.Text(), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("identifier_text", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("plan_type", ENUM_TEXT, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        # The caseload's copy of the latest assessment; no foreign key, as it is derived data kept by the app.
        sa.Column("latest_assessment_id", sa.Uuid(), nullable=True),
        sa.Column("latest_status", ENUM_TEXT, nullable=True),
        sa.Column("latest_date", sa.Date(), nullable=True),
        sa.Column("latest_owner_id", sa.Uuid(), nullable=True),
        sa.Column("concern_domains", sa.Text(), server_default="", nullable=False),
        sa.Column("assessment_count", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name="fk_children_household_id_households", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_children"),
    )
    op.create_index("ix_children_household_id", "children", ["household_id"])
    op.create_index("ix_children_family_name_given_name_id", "children", ["family_name", "given_name", "id"])
    op.create_table(
        "child_adult_links",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("adult_id", sa.Uuid(), nullable=False),
        sa.Column("relationship", ENUM_TEXT, nullable=False),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.Column("lives_with_child", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adult_id"], ["adults.id"], name="fk_child_adult_links_adult_id_adults", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name="fk_child_adult_links_child_id_children", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("child_id", "adult_id", name="pk_child_adult_links"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_child_adult_links_adult_id", "child_adult_links", ["adult_id"])

    op.create_table(
        "assessments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("instrument_id", IDENTIFIER, nullable=False),
        sa.Column("instrument_version", sa.String(40), nullable=False),
        sa.Column("instrument_hash", sa.String(128), nullable=False),
        sa.Column("age_band", IDENTIFIER, nullable=True),
        sa.Column("status", ENUM_TEXT, nullable=False),
        sa.Column("visits", sa.JSON(), nullable=False),
        sa.Column("how_seen", sa.JSON(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("adults", sa.JSON(), nullable=False),
        sa.Column("action_reviews", sa.JSON(), nullable=False),
        sa.Column("child_voice", sa.Text(), nullable=False),
        sa.Column("carers_views", sa.Text(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("submitted_at", TIMESTAMP, nullable=True),
        sa.Column("amends_id", sa.Uuid(), nullable=True),
        sa.Column("amendment_reason", sa.Text(), nullable=False),
        sa.Column("assessment_date", sa.Date(), nullable=True),
        sa.Column("concern_domains", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["amends_id"], ["assessments.id"], name="fk_assessments_amends_id_assessments"),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"], name="fk_assessments_child_id_children"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name="fk_assessments_created_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
    )
    op.create_index(
        "ix_assessments_child_id_assessment_date_created_at_id_status",
        "assessments",
        ["child_id", "assessment_date", "created_at", "id", "status"],
    )
    op.create_table(
        "item_grades",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", IDENTIFIER, nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("not_assessed_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        # op.f(): the names are final; without it the naming convention would prefix "ck_<table>_" once more.
        sa.CheckConstraint(
            "(grade IS NULL) <> (not_assessed_reason IS NULL)", name=op.f("ck_item_grades_grade_or_reason")
        ),
        sa.CheckConstraint("grade IS NULL OR grade BETWEEN 1 AND 5", name=op.f("ck_item_grades_grade_range")),
        _part_of_assessment("item_grades"),
        sa.PrimaryKeyConstraint("assessment_id", "item_id", name="pk_item_grades"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "evidence_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item_id", IDENTIFIER, nullable=True),
        sa.Column("source", ENUM_TEXT, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        _part_of_assessment("evidence_notes"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_evidence_notes_author_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_notes"),
    )
    op.create_index("ix_evidence_notes_assessment_id", "evidence_notes", ["assessment_id"])
    op.create_table(
        "domain_grades",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("domain_id", IDENTIFIER, nullable=False),
        sa.Column("chosen", sa.SmallInteger(), nullable=False),
        sa.Column("suggested", sa.SmallInteger(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.CheckConstraint("chosen BETWEEN 1 AND 5", name=op.f("ck_domain_grades_chosen_range")),
        sa.CheckConstraint(
            "suggested IS NULL OR suggested BETWEEN 1 AND 5", name=op.f("ck_domain_grades_suggested_range")
        ),
        _part_of_assessment("domain_grades"),
        sa.PrimaryKeyConstraint("assessment_id", "domain_id", name="pk_domain_grades"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "plan_actions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("domain_id", IDENTIFIER, nullable=False),
        sa.Column("what_will_change", sa.Text(), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("agency", sa.Text(), nullable=False),
        sa.Column("by_when", sa.Date(), nullable=False),
        sa.Column("target_grade", sa.SmallInteger(), nullable=False),
        sa.Column("progress_notes", sa.Text(), nullable=False),
        sa.Column("carried_from_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint("target_grade BETWEEN 1 AND 5", name=op.f("ck_plan_actions_target_grade_range")),
        _part_of_assessment("plan_actions"),
        sa.PrimaryKeyConstraint("id", name="pk_plan_actions"),
    )
    op.create_index("ix_plan_actions_assessment_id", "plan_actions", ["assessment_id"])
    op.create_table(
        "significant_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", ENUM_TEXT, nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("source_agency", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name="fk_significant_events_child_id_children", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_significant_events_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_significant_events"),
    )
    op.create_index(
        "ix_significant_events_child_id_date_created_at_id",
        "significant_events",
        ["child_id", "date", "created_at", "id"],
    )


def _part_of_assessment(table: str) -> sa.ForeignKeyConstraint:
    """A part lives and dies with its assessment."""
    return sa.ForeignKeyConstraint(
        ["assessment_id"], ["assessments.id"], name=f"fk_{table}_assessment_id_assessments", ondelete="CASCADE"
    )


def _refuse_audit_changes() -> None:
    """The repository offers no update or delete; the database refuses them too, whoever asks."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{event.lower()} BEFORE {event} ON audit_events "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            # SQLSTATE 23000 so that drivers report it as an integrity error, as SQLite's RAISE(ABORT) is.
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()"
        )


def downgrade() -> None:
    for table in (
        "significant_events",
        "plan_actions",
        "domain_grades",
        "evidence_notes",
        "item_grades",
        "assessments",
        "child_adult_links",
        "children",
        "adults",
        "users",
        "households",
    ):
        op.drop_table(table)  # indexes go with their tables
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_refuse_change()")
    op.drop_table("audit_events")  # SQLite drops a table's triggers with it
    op.drop_table("app_meta")
