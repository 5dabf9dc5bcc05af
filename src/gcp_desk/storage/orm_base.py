"""What every table of the schema shares: the declarative base with its naming convention and type map, and the
column types used across tables (``orm``, ``orm_trail``)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import JSON, Boolean, Date, Integer, MetaData, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase

from .types import UTCDateTime

NAMING_CONVENTION = {
    # Named constraints let later SQLite batch migrations find and alter them.
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME = String(200)
IDENTIFIER = String(64)
"""Instrument ids of domains and items: lowercase letters, digits and hyphens."""
NULLABLE_JSON = JSON(none_as_null=True)
"""Python ``None`` becomes SQL NULL, not the JSON text 'null'."""
RANK_TEXT = Text().with_variant(Text(collation="C"), "postgresql")
"""Compared by code point on both databases (SQLite's own default), so an index holds the order Python sorts in."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        UUID: Uuid(),
        datetime: UTCDateTime(),
        date: Date(),
        str: Text(),
        int: Integer(),
        bool: Boolean(),
    }
