"""Migrations: create, back up and upgrade, or refuse a newer database without touching it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from gcp_desk import __version__
from gcp_desk.domain.errors import DatabaseTooNew, DatabaseUnavailable
from gcp_desk.storage import migrate
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import APP_VERSION_KEY, SCHEMA_HEAD, prepare, schema_version
from gcp_desk.storage.orm import Base

TABLES = {
    "users", "households", "children", "adults", "child_adult_links", "assessments", "item_grades",
    "evidence_notes", "domain_grades", "plan_actions", "significant_events", "audit_events", "app_meta", "teams",
    "signatures", "review_comments", "assessment_returns", "child_shares", "return_snapshots", "audit_chain",
    "origin_audit_events", "historical_staff", "tombstones", "adult_aliases", "household_moves", "alembic_version",
    "sync_state", "sync_base", "sync_children", "sync_conflicts", "sync_journal", "sync_release_marks",
    "caseload_tally",
}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()


def test_an_empty_database_gets_the_whole_schema_at_head(tmp_path):
    db = Database.for_file(tmp_path / "new.db")
    assert schema_version(db) is None
    outcome = prepare(db, backups_dir=tmp_path / "backups")
    assert (outcome.previous, outcome.current, outcome.created, outcome.backup) == (None, SCHEMA_HEAD, True, None)
    assert schema_version(db) == SCHEMA_HEAD
    with db.transaction() as uow:
        assert set(inspect(uow.session.connection()).get_table_names()) == TABLES
        stamped = uow.session.execute(text("SELECT value FROM app_meta WHERE key = :k"), {"k": APP_VERSION_KEY})
        assert stamped.scalar() == __version__
    assert not (tmp_path / "backups").exists()  # nothing to back up in a new database
    db.dispose()


def test_the_migrated_schema_is_exactly_what_the_code_declares(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_schema_head_is_the_newest_revision_and_revisions_are_numbered():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate._alembic_config())
    assert scripts.get_current_head() == SCHEMA_HEAD
    assert all(script.revision.isdigit() and len(script.revision) == 4 for script in scripts.walk_revisions())


def test_an_up_to_date_database_is_left_alone_and_opens_without_loading_alembic(db, db_path, tmp_path):
    backups = tmp_path / "backups"
    outcome = prepare(db, backups)
    assert (outcome.previous, outcome.changed, outcome.backup) == (SCHEMA_HEAD, False, None)
    assert not backups.exists()

    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from gcp_desk.storage.db import Database
        from gcp_desk.storage.migrate import prepare
        outcome = prepare(Database.for_file(Path({str(db_path)!r})), Path({str(backups)!r}))
        print(outcome.changed, "alembic" in sys.modules)
        """
    )
    db.dispose()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_a_newer_database_is_refused_naming_both_versions_and_left_byte_for_byte_unchanged(db_path, tmp_path):
    run_sql(
        db_path,
        "UPDATE alembic_version SET version_num = '0099'",
        f"UPDATE app_meta SET value = '3.2.0' WHERE key = '{APP_VERSION_KEY}'",
    )
    before = file_hash(db_path)
    db = Database.for_file(db_path, create=False)
    with pytest.raises(DatabaseTooNew) as refused:
        prepare(db, tmp_path / "backups")
    db.dispose()
    message = str(refused.value)
    assert "schema version 0099" in message and f"understands ({SCHEMA_HEAD})" in message
    assert "GCP Desk 3.2.0" in message and "has not been changed" in message
    assert file_hash(db_path) == before
    assert not (tmp_path / "backups").exists()


def test_a_database_with_an_unnumbered_revision_counts_as_newer(db_path):
    run_sql(db_path, "UPDATE alembic_version SET version_num = 'ae1027a6acf'")
    db = Database.for_file(db_path, create=False)
    with pytest.raises(DatabaseTooNew, match="ae1027a6acf"):
        prepare(db, None)
    db.dispose()


def test_an_older_revision_this_app_never_had_is_refused_unchanged(db_path):
    run_sql(db_path, "UPDATE alembic_version SET version_num = '0000'")
    before = file_hash(db_path)
    db = Database.for_file(db_path, create=False)
    with pytest.raises(DatabaseUnavailable, match="does not recognise"):
        prepare(db, None)
    db.dispose()
    assert file_hash(db_path) == before


def test_a_database_that_is_not_ours_is_refused_unchanged(tmp_path):
    path = tmp_path / "other-app.db"
    run_sql(path, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('keep me')")
    before = file_hash(path)
    db = Database.for_file(path, create=False)
    with pytest.raises(DatabaseUnavailable, match="not a GCP Desk database"):
        prepare(db, tmp_path / "backups")
    db.dispose()
    assert file_hash(path) == before


# An older database: the tests give this app one revision more than it has. They copy the real
# migration scripts, add a "0003" that adds a column to the assessments table and point migrate at the copy. The
# database at 0002 then really is older than head. On SQLite the column is added by rebuilding the table (batch
# mode: copy, drop, rename, the riskiest kind of change); PostgreSQL alters it in place.

HEAD = SCHEMA_HEAD
"""The app's own newest revision, which the invented one below follows."""
NEXT = f"{int(SCHEMA_HEAD) + 1:04d}"
REVISION_0003 = '''
import sqlalchemy as sa
from alembic import op

revision = "{next}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("assessments", recreate="always") as batch:
            batch.add_column(sa.Column("review_due", sa.Date(), nullable=True))
    else:
        op.add_column("assessments", sa.Column("review_due", sa.Date(), nullable=True))
    {then}


def downgrade():
    with op.batch_alter_table("assessments", recreate="always") as batch:
        batch.drop_column("review_due")
'''


@pytest.fixture
def app_with_revision_0003(tmp_path, monkeypatch):
    def install(then: str = "pass") -> None:
        scripts = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
        (scripts / "versions" / f"{NEXT}_review_due.py").write_text(
            REVISION_0003.format(then=then, next=NEXT, head=HEAD))
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
        monkeypatch.setattr(migrate, "SCHEMA_HEAD", NEXT)

    return install


def graded_assessment(db, world, make):
    assessment = make.assessment(world.child.id, visit_dates=(date(2024, 3, 1),))
    with db.transaction() as uow:
        uow.assessments.add(assessment)
        uow.audit.record(world.user.id, "assessment.start", "assessment", assessment.id, None, {"status": "draft"})
    return assessment


@pytest.mark.sqlite_only
def test_an_older_database_is_backed_up_then_upgraded_keeping_every_record(
    db, db_path, world, make, tmp_path, app_with_revision_0003
):
    assessment = graded_assessment(db, world, make)
    app_with_revision_0003()
    backups = tmp_path / "backups"

    outcome = prepare(db, backups)

    assert (outcome.previous, outcome.current, outcome.upgraded) == (HEAD, NEXT, True)
    assert outcome.backup is not None and outcome.backup.parent == backups
    assert outcome.backup.name.startswith(f"gcp-desk-before-{HEAD}-to-{NEXT}-") and outcome.backup.suffix == ".db"
    assert list(backups.iterdir()) == [outcome.backup]
    # The backup is the database as it was: old schema, same records.
    with closing(sqlite3.connect(outcome.backup)) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert copy.execute("SELECT count(*) FROM item_grades").fetchone() == (3,)
    # The upgraded database has the new column, and rebuilding the assessments table cascaded nothing away.
    assert schema_version(db) == NEXT
    with db.transaction() as uow:
        assert "review_due" in {c["name"] for c in inspect(uow.session.connection()).get_columns("assessments")}
        assert uow.assessments.get(assessment.id) == assessment
        assert len(uow.audit.for_entity(assessment.id)) == 1
        # Foreign keys are back on for the connections the app goes on to use.
        assert uow.session.execute(text("PRAGMA foreign_keys")).scalar() == 1

    again = prepare(db, backups)
    assert (again.changed, again.backup) == (False, None)
    assert list(backups.iterdir()) == [outcome.backup]


@pytest.mark.postgresql_only
def test_never_migrates_a_team_server_a_client_opens(db, world, make, app_with_revision_0003):
    """Only 'gcp-desk server upgrade' changes a shared server's schema; a client that is newer says so and stops."""
    from gcp_desk.storage.migrate import ServerSchemaMismatch

    assessment = graded_assessment(db, world, make)
    app_with_revision_0003()

    with pytest.raises(ServerSchemaMismatch, match="upgrade of the server is waiting") as refused:
        prepare(db, None)

    assert f"schema version {HEAD}" in str(refused.value) and NEXT in str(refused.value)
    assert schema_version(db) == HEAD
    with db.transaction() as uow:
        assert uow.assessments.get(assessment.id) == assessment


def test_a_failed_upgrade_leaves_the_database_as_it_was(db, world, make, tmp_path, app_with_revision_0003):
    assessment = graded_assessment(db, world, make)
    app_with_revision_0003(then='raise RuntimeError("disk full halfway")')

    with pytest.raises(RuntimeError, match="disk full halfway"):
        prepare(db, tmp_path / "backups", server_upgrade=True)  # on PostgreSQL, as 'server upgrade' runs it

    assert schema_version(db) == HEAD
    with db.transaction() as uow:
        inspector = inspect(uow.session.connection())
        assert set(inspector.get_table_names()) == TABLES  # no half-built copy of a table left behind
        assert "review_due" not in {c["name"] for c in inspector.get_columns("assessments")}
        assert uow.assessments.get(assessment.id) == assessment
