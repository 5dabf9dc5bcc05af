"""The schema revision this copy of GCP Desk knows, apart from the migration code: the quick first read at start
(``quick_start``) checks it without importing SQLAlchemy or alembic."""

SCHEMA_HEAD = "0023"
"""The newest schema revision this copy of GCP Desk knows. Keep in step with migrations/versions/."""
VERSION_TABLE = "alembic_version"
