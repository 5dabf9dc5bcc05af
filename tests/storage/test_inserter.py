"""The inserter stores what SQLAlchemy's own insert would store: its quick conversions of ids, moments and closed
vocabularies give the dialect's bind processors' values, value for value, and refuse what they refuse."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from pydantic import TypeAdapter
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from gcp_desk.domain.enums import AssessmentStatus, Role, Sex
from gcp_desk.storage import orm
from gcp_desk.storage.inserter import Inserter, fast_converter
from gcp_desk.storage.orm_base import Base
from gcp_desk.storage.types import UTCDateTime

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.psycopg.dialect()}
PARSED_UTC = TypeAdapter(datetime).validate_python("2026-03-04T05:06:07.000008Z")
"""A moment as pydantic reads one from JSON: UTC, in pydantic's own zone object rather than ``datetime.UTC``."""
MOMENTS = [
    datetime(2026, 3, 4, 5, 6, 7, 8, tzinfo=UTC),
    datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC),  # no microseconds: still written with six digits
    PARSED_UTC,
    datetime(2026, 3, 4, 23, 30, tzinfo=timezone(timedelta(hours=-2))),  # another zone: the next day in UTC
    datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=1))),
    datetime(5, 1, 2, 3, 4, 5, tzinfo=UTC),  # a four-digit year, zero-padded
    None,
]


def columns_with_fast_converters(dialect):
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            converter = fast_converter(column, dialect)
            if converter is not None:
                yield column, converter


def samples(column) -> list:
    column_type = column.type
    if hasattr(column_type, "enum"):
        members = list(column_type.enum)
        return [members[0], members[-1], members[0].value, None]
    if isinstance(column_type, UTCDateTime):
        return MOMENTS
    return [uuid4(), None, uuid4()]


@pytest.mark.parametrize("dialect_name", DIALECTS)
def test_quick_conversions_give_the_bind_processors_values(dialect_name):
    dialect = DIALECTS[dialect_name]
    checked = 0
    for column, converter in columns_with_fast_converters(dialect):
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        values = samples(column)
        assert converter(values) == [process(value) for value in values], f"{column.table.name}.{column.name}"
        checked += 1
    kinds = {type(column.type).__name__ for column, _ in columns_with_fast_converters(dialect)}
    if dialect_name == "sqlite":
        assert kinds == {"Uuid", "UTCDateTime", "EnumText"} and checked > 100
    else:
        assert kinds == {"EnumText"}


@pytest.mark.parametrize("bad, error", [
    (datetime(2026, 3, 4, 5, 6, 7), ValueError),  # no time zone: refused, never stored as if UTC
    (date(2026, 3, 4), TypeError),
    ("2026-03-04 05:06:07", TypeError),
])
def test_a_moment_the_type_refuses_is_refused_by_the_quick_conversion_too(bad, error):
    converter = fast_converter(orm.assessments.c.updated_at, DIALECTS["sqlite"])
    with pytest.raises(error):
        converter([MOMENTS[0], bad])


def test_a_word_outside_the_vocabulary_is_refused():
    for dialect in DIALECTS.values():
        converter = fast_converter(orm.assessments.c.status, dialect)
        assert converter([AssessmentStatus.SUBMITTED, "draft"]) == ["submitted", "draft"]
        with pytest.raises(ValueError):
            converter(["signed-off-by-nobody"])


def test_rows_written_by_the_inserter_are_stored_as_sqlalchemy_stores_them(db):
    """The same users, one through a Core insert and one through the inserter, read back raw from the file."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the raw text of the columns is SQLite's")
    first, second = uuid4(), uuid4()
    row = {"name": "Priya Shah", "role": Role.PRACTITIONER, "team_id": None,  # roles left to its default
           "created_at": datetime(2024, 1, 2, 10, 0, 0, 123, tzinfo=timezone(timedelta(hours=1))),
           "password_hash": None, "password_must_change": False}
    with db.engine.begin() as connection:
        connection.execute(insert(orm.users), [{**row, "id": first}])
        Inserter(orm.users, connection.dialect).insert(connection, [{**row, "id": second}])
        stored = {found[0]: found[1:] for found in connection.exec_driver_sql(
            "SELECT id, name, role, created_at, password_must_change, roles FROM users")}
        assert stored[first.hex] == stored[second.hex]
        assert stored[second.hex][2] == "2024-01-02 09:00:00.000123"
        read = connection.execute(select(orm.users.c.created_at, orm.users.c.role).where(
            orm.users.c.id == second)).one()
    assert read == (datetime(2024, 1, 2, 9, 0, 0, 123, tzinfo=UTC), "practitioner")


def test_enum_members_and_their_words_are_the_same_word():
    converter = fast_converter(orm.children.c.sex, DIALECTS["sqlite"])
    assert converter([Sex.FEMALE, "female", None]) == ["female", "female", None]
