"""Settings that belong to the database rather than to one laptop (which instrument new assessments use), kept as
key and value in ``app_meta``, beside the schema's own bookkeeping."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from .. import orm

_meta = orm.app_meta

NEW_ASSESSMENT_INSTRUMENT = "new_assessment_instrument"
"""``<instrument id> <version>``: the instrument a child's first assessment starts with."""


class PreferenceRepository:
    def __init__(self, session: Session):
        self._session = session

    def get(self, key: str) -> str | None:
        return self._session.execute(select(_meta.c.value).where(_meta.c.key == key)).scalar()

    def set(self, key: str, value: str | None) -> None:
        self._session.execute(delete(_meta).where(_meta.c.key == key))
        if value is not None:
            self._session.execute(insert(_meta), [{"key": key, "value": value}])
