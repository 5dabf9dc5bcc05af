"""Small facts about the database itself, kept in ``app_meta``: which key file belongs to it, who made it."""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from . import orm
from .db import Database

DATABASE_ID = "database_id"
"""The random id shared by the encrypted database and its key file, so a key file from another database is told."""


def read_meta(db: Database, key: str) -> str | None:
    with db.transaction() as uow:
        return uow.session.execute(select(orm.app_meta.c.value).where(orm.app_meta.c.key == key)).scalar()


def write_meta(db: Database, key: str, value: str) -> None:
    with db.transaction() as uow:
        uow.session.execute(delete(orm.app_meta).where(orm.app_meta.c.key == key))
        uow.session.execute(insert(orm.app_meta), [{"key": key, "value": value}])
