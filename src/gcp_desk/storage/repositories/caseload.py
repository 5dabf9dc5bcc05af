"""The caseload: every child with their latest assessment, as light rows, in one scan of the children table.

The SQL is written once in ``caseload_sql`` and run here through ``text()``: its values arrive as the driver hands
them over (no SQLAlchemy result processing, a few microseconds a value) and are decoded by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.types import Uuid

from ...domain.caseload import CaseloadRow
from ...domain.caseload_window import CaseloadCounts, CaseloadPage, CaseloadRequest, CaseloadShow
from ...domain.errors import NotFound
from ..family_attention import family_attention
from ..household_labels import household_headings, household_names, scope_labels
from ..caseload_pages import COUNTED, PAGE_SIZE, counts_sql, page_sql, shown_sql
from ..caseload_sql import (
    CASELOAD_COLUMNS,
    CASELOAD_SQL,
    ONE_CHILD_SQL,
    SEARCH_SQL,
    caseload_rows,
    scoped_sql,
    search_pattern,
)
from ..scope import Scope
from .require import not_found_message

_CASELOAD = text(CASELOAD_SQL)
_SEARCH = text(SEARCH_SQL)
_ONE_CHILD = text(ONE_CHILD_SQL).bindparams(bindparam("child_id", type_=Uuid()))
"""The id is bound through the column's own type: hex text on SQLite, a native uuid on PostgreSQL."""


class CaseloadQuery:
    def __init__(self, session: Session, scope: Scope | None = None):
        self._session = session
        self._scope = scope or Scope()

    def rows(self, search: str | None = None) -> list[CaseloadRow]:
        """Every child in scope, by family then given name; ``search`` keeps children whose names or identifiers
        contain it (any case)."""
        searching = bool(search and search.strip())
        values: dict = {"pattern": search_pattern(search)} if searching and search else {}
        if self._scope.everything:
            statement = _SEARCH if searching else _CASELOAD
        else:
            statement, extra = self._scoped(searching)
            values.update(extra)
        return caseload_rows(self._session.execute(statement, values).fetchall)

    def row(self, child_id: UUID) -> CaseloadRow:
        """One child's row, to refresh the list after that child's record changed."""
        self._scope.require_child(self._session, child_id)
        found = caseload_rows(self._session.execute(_ONE_CHILD, {"child_id": child_id}).fetchall)
        if not found:
            raise NotFound(not_found_message("child", child_id))
        return found[0]

    def _scoped(self, searching: bool):
        """The caseload SQL with the scope's WHERE: the team's children (or those in no team) and those shared."""
        condition, values, parameters = self._scope.text_condition()
        return text(scoped_sql(condition, searching)).bindparams(*parameters), values

    # A page at a time (``caseload_pages``) ------------------------------------------------------------------------
    def page(self, request: CaseloadRequest, after: Sequence[Any] | None = None,
             limit: int = PAGE_SIZE) -> CaseloadPage:
        """The next ``limit`` children of ``request`` after ``after`` (the previous page's ``after``)."""
        condition, values, parameters = self._scope.text_condition()
        values["limit"] = limit
        sql = page_sql(request, condition, values, after, self._collate(), self._sqlite())
        statement = text(sql).bindparams(*parameters, *self._user_parameter(values))
        raw = self._session.execute(statement, values).fetchall()
        columns = len(CASELOAD_COLUMNS)
        rows = caseload_rows(lambda: [values_[:columns] for values_ in raw])
        attention = [(row.child_id, found[columns], found[columns + 1])
                     for row, found in zip(rows, raw, strict=True) if found[columns + 1] is not None]
        last = tuple(raw[-1][columns + 2:]) if len(raw) == limit else None
        labelled = request.by_household or request.show is CaseloadShow.NEEDS_ATTENTION  # headings either way
        households = self.household_labels({row.household_id for row in rows if row.household_id}
                                           if labelled else set())
        families = family_attention(self._session, self._scope, set(households) if request.by_household else set())
        return CaseloadPage(rows, attention, last, households, families)

    def household_labels(self, household_ids: set[UUID]) -> dict[UUID, str]:
        """Each household's heading: its name, told apart from others of the same name the person may see."""
        return household_headings(self._session, self._scope, household_names(self._session, household_ids))

    def work_out_household_labels(self) -> None:
        """Work out and keep the headings of every household with a child in scope (``scope_labels``), ahead of
        the first page that shows them."""
        scope_labels(self._session, self._scope)

    def counts(self, request: CaseloadRequest, filters: bool = True) -> CaseloadCounts:
        """How many children ``request`` shows, and with ``filters`` how many each filter shows (no search): the
        filters' counts from the tally the database keeps (``caseload_pages.TALLY``); what a search shows is
        counted among the children."""
        by_show: dict[CaseloadShow, int] = {}
        if filters:
            tally, shared, values, parameters = self._scope.tally_condition()
            statement = text(counts_sql(request, tally, shared, values)).bindparams(
                *parameters, *self._user_parameter(values))
            found = [int(value or 0) for value in self._session.execute(statement, values).one()]
            by_show = dict(zip(COUNTED, found, strict=True))
        if by_show and not request.words:
            return CaseloadCounts(by_show, by_show[request.show])
        condition, values, parameters = self._scope.text_condition()
        sql = shown_sql(request, condition, values, self._sqlite())
        statement = text(sql).bindparams(*parameters, *self._user_parameter(values))
        return CaseloadCounts(by_show, int(self._session.execute(statement, values).scalar_one() or 0))

    def _sqlite(self) -> bool:
        return self._session.get_bind().dialect.name == "sqlite"

    def _collate(self) -> str:
        return ' COLLATE "C"' if self._session.get_bind().dialect.name == "postgresql" else ""

    @staticmethod
    def _user_parameter(values: dict) -> list:
        return [bindparam("user", type_=Uuid())] if "user" in values else []
