"""The caseload: every child with their latest assessment, as light rows, in one scan of the children table.

The SQL is written once in ``caseload_sql`` and run here through ``text()``: its values arrive as the driver hands
them over (no SQLAlchemy result processing, a few microseconds a value) and are decoded by hand.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.types import Uuid

from ...domain.caseload import CaseloadRow
from ...domain.errors import NotFound
from ..caseload_sql import CASELOAD_SQL, ONE_CHILD_SQL, SEARCH_SQL, caseload_rows, search_pattern
from .require import not_found_message

_CASELOAD = text(CASELOAD_SQL)
_SEARCH = text(SEARCH_SQL)
_ONE_CHILD = text(ONE_CHILD_SQL).bindparams(bindparam("child_id", type_=Uuid()))
"""The id is bound through the column's own type: hex text on SQLite, a native uuid on PostgreSQL."""


class CaseloadQuery:
    def __init__(self, session: Session):
        self._session = session

    def rows(self, search: str | None = None) -> list[CaseloadRow]:
        """Every child, by family then given name; ``search`` keeps children whose names or identifiers contain it
        (any case)."""
        if search and search.strip():
            return caseload_rows(self._session.execute(_SEARCH, {"pattern": search_pattern(search)}).fetchall)
        return caseload_rows(self._session.execute(_CASELOAD).fetchall)

    def row(self, child_id: UUID) -> CaseloadRow:
        """One child's row, to refresh the list after that child's record changed."""
        found = caseload_rows(self._session.execute(_ONE_CHILD, {"child_id": child_id}).fetchall)
        if not found:
            raise NotFound(not_found_message("child", child_id))
        return found[0]
