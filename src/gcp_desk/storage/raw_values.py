"""Values as the database driver hands them over, decoded by hand for read paths that build thousands of rows.

SQLAlchemy's per-value result processing is general and costs a few microseconds a value; at ten thousand caseload
rows that was more than the query itself. The caseload is read as plain SQL (``caseload_sql``), whose values arrive
untouched, and decoded with these. SQLite hands over text (UUIDs as 32 hex digits, dates as ISO text, timestamps as
UTC text); psycopg decodes PostgreSQL's uuid, date and timestamptz itself, so each decoder also accepts the finished
value. No SQLAlchemy here: they serve plain-SQL reads on either dialect.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, SafeUUID

_new_object = object.__new__
_set_slot = object.__setattr__
_UNKNOWN_SAFETY = SafeUUID.unknown  # looked up once: an enum member read through its class costs a call each time


def uuid_value(value: Any) -> UUID | None:
    """Does what the end of ``UUID.__init__`` does, without its parsing of braces, dashes and "urn:uuid:" (stored
    ids are always bare hex): three times faster, about 10 ms of a 10,000-child caseload."""
    if value is None or isinstance(value, UUID):
        return value
    uid = _new_object(UUID)
    _set_slot(uid, "int", int(value, 16))
    _set_slot(uid, "is_safe", _UNKNOWN_SAFETY)
    return uid


def date_value(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def utc_date_value(value: Any) -> date | None:
    """The UTC calendar date of a stored timestamp."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).date()
    return date.fromisoformat(value[:10])  # "YYYY-MM-DD HH:MM:SS.ffffff", already UTC


def utc_datetime_value(value: Any) -> datetime | None:
    """A stored timestamp as a UTC-aware datetime (as ``types.UTCDateTime`` reads it)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(value)  # SQLite: "YYYY-MM-DD HH:MM:SS.ffffff", UTC without saying so
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
