"""Column types that keep the database honest about time zones and closed vocabularies, on SQLite too."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, always UTC-aware in Python.

    SQLite has no time-zone type and SQLAlchemy's SQLite ``DATETIME`` silently drops ``tzinfo`` without converting,
    so a local time would be stored as if it were UTC. Here a naive value is refused on the way in, an aware one is
    converted to UTC, and every value read back carries ``UTC``. SQLite stores the fixed-width text
    ``YYYY-MM-DD HH:MM:SS.ffffff``, which sorts in time order; PostgreSQL stores ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"refusing a datetime without a time zone ({value.isoformat()}); use domain.clock.utc_now()"
            )
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class EnumText(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as its value, so the database reads plainly and stays portable (no native ENUM).

    An unknown value is refused on write; on read it raises, because it means a newer app wrote a value this one
    does not know, and guessing would misreport a child's record.
    """

    impl = String(40)
    cache_ok = True

    def __init__(self, enum: type[StrEnum]):
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> StrEnum | None:
        if value is None:
            return None
        return self.enum(value)

    @property
    def python_type(self) -> type[StrEnum]:
        return self.enum
