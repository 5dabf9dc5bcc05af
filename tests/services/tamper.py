"""What an insider with the database shell can do: switch the append-only triggers off, change rows, and put the
triggers back exactly as they were (SQLite: byte for byte from sqlite_master; PostgreSQL: disable and enable)."""

from __future__ import annotations

from sqlalchemy import text

APPEND_ONLY = ("audit_events", "audit_chain", "signatures", "review_comments", "assessment_returns")


def tamper(backend, *statements: str, params: dict | None = None) -> None:
    with backend.db.engine.begin() as connection:
        if backend.db.is_sqlite:
            triggers = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type='trigger'")).all()
            for name, _ in triggers:
                connection.execute(text(f"DROP TRIGGER {name}"))
            for statement in statements:
                connection.execute(text(statement), params or {})
            for _, sql in triggers:
                connection.execute(text(sql))
        else:
            for table in APPEND_ONLY:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            for statement in statements:
                connection.execute(text(statement), params or {})
            for table in APPEND_ONLY:
                connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


def drop_trigger(backend) -> str:
    with backend.db.engine.begin() as connection:
        if backend.db.is_sqlite:
            connection.execute(text("DROP TRIGGER audit_events_no_update"))
            return "audit_events_no_update"
        connection.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))
        return "audit_events_append_only"
