"""Whole records in batches, for bundles: everything about a set of children read in a fixed handful of queries
(export), and rows written table by table (import). Reads follow need to know: only children the scope allows are
read, whatever ids are asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import islice
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ...domain.assessment import Assessment
from ...domain.events import SignificantEvent
from ...domain.people import Adult, Child, ChildAdultLink, Household, User
from ...domain.review import ReturnRecord, ReviewComment, Signature
from .. import orm
from ..inserter import Inserter
from ..rows import adult_from, child_from, household_from, link_from, user_from
from ..scope import Scope
from .assessments import AssessmentRepository
from .events import event_from

T = TypeVar("T")
IN_LIST = 500
IMPORT_CACHE_KIB = 32 * 1024
"""SQLite's page cache while an import writes: the indexes of a caseload of 1,000 children (some 30 MB) fit."""
"""Ids per ``IN (...)`` list: well inside SQLite's and PostgreSQL's limits on bound values."""


def chunks(items: Iterable[T], size: int = IN_LIST) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class RecordStore:
    def __init__(self, session: Session, scope: Scope):
        self._session = session
        self._scope = scope
        self._assessments = AssessmentRepository(session, scope)
        self._inserters: dict[str, Inserter] = {}

    # Which children --------------------------------------------------------------------------------------------
    def visible_children(self, *, household_id: UUID | None = None, child_id: UUID | None = None) -> list[UUID]:
        """Ids of the children the scope allows, in the caseload's order: all of them, one household's, or one."""
        children = orm.children
        statement = select(children.c.id).order_by(children.c.family_name, children.c.given_name, children.c.id)
        clause = self._scope.children_clause()
        if clause is not None:
            statement = statement.where(clause)
        if household_id is not None:
            statement = statement.where(children.c.household_id == household_id)
        if child_id is not None:
            statement = statement.where(children.c.id == child_id)
        return list(self._session.execute(statement).scalars())

    # Reading, for export ---------------------------------------------------------------------------------------
    def allowed(self, child_ids: Collection[UUID]) -> list[UUID]:
        """Those of ``child_ids`` the scope allows."""
        clause = self._scope.children_clause()
        if clause is None:
            return list(child_ids)
        children = orm.children
        found: list[UUID] = []
        for batch in chunks(child_ids):
            found.extend(self._session.execute(select(children.c.id).where(children.c.id.in_(batch), clause))
                         .scalars())
        return found

    def children(self, ids: Collection[UUID]) -> list[Child]:
        return [child_from(row) for row in self._rows(orm.children, "id", self.allowed(ids))]

    def links(self, child_ids: Collection[UUID]) -> list[ChildAdultLink]:
        return [link_from(row) for row in self._rows(orm.child_adult_links, "child_id", self.allowed(child_ids))]

    def adults(self, household_ids: Collection[UUID]) -> list[Adult]:
        rows = self._rows(orm.adults, "household_id", household_ids)
        return [adult_from(row) for row in sorted(rows, key=lambda row: (row["created_at"], row["id"]))]

    def adult_households(self, adult_ids: Collection[UUID]) -> set[UUID]:
        return {row["household_id"] for row in self._rows(orm.adults, "id", adult_ids)}

    def households(self, ids: Collection[UUID]) -> list[Household]:
        return [household_from(row) for row in self._rows(orm.households, "id", ids)]

    def events(self, child_ids: Collection[UUID]) -> list[SignificantEvent]:
        rows = self._rows(orm.significant_events, "child_id", self.allowed(child_ids))
        return [event_from(row) for row in sorted(rows, key=lambda r: (r["date"], r["created_at"], r["id"]))]

    def assessments(self, child_ids: Collection[UUID]) -> list[Assessment]:
        """Every assessment of these children with all its parts, oldest first."""
        found: list[Assessment] = []
        for batch in chunks(child_ids):
            found.extend(self._assessments.of_children(batch))
        return found

    def review(self, assessment_ids: Collection[UUID]) -> tuple[
            list[Signature], list[ReviewComment], list[ReturnRecord], dict[UUID, dict[str, Any]]]:
        def ordered(table: Table, when: str) -> list[dict[str, Any]]:
            return sorted(self._rows(table, "assessment_id", assessment_ids), key=lambda row: (row[when], row["id"]))

        returns = [ReturnRecord(**row) for row in ordered(orm.assessment_returns, "returned_at")]
        snapshots = {row["return_id"]: row["content"]
                     for row in self._rows(orm.return_snapshots, "return_id", [r.id for r in returns])}
        return ([Signature(**row) for row in ordered(orm.signatures, "signed_at")],
                [ReviewComment(**row) for row in ordered(orm.review_comments, "created_at")], returns, snapshots)

    def users(self, ids: Collection[UUID]) -> list[User]:
        return [user_from(row) for row in self._rows(orm.users, "id", ids)]

    def audit_events(self, entity_ids: Collection[str]) -> list[dict[str, Any]]:
        """This copy's audit events about these records, each with its link in the chain, in chain order."""
        events, chain = orm.audit_events, orm.audit_chain
        found = []
        for batch in chunks(entity_ids):
            statement = (select(events, chain.c.seq, chain.c.payload_digest, chain.c.prev_hash, chain.c.hash)
                         .join(chain, chain.c.event_id == events.c.id).where(events.c.entity_id.in_(batch)))
            found.extend(dict(row) for row in self._session.execute(statement).mappings())
        return sorted(found, key=lambda row: row["seq"])

    def tombstones(self) -> list[dict[str, Any]]:
        """Every child deleted under the retention rule here: kind, id and time."""
        table = orm.tombstones
        statement = (select(table.c.entity, table.c.entity_id, table.c.deleted_at).where(table.c.entity == "child")
                     .order_by(table.c.deleted_at))
        return [{"entity": row[0], "entity_id": str(row[1]), "deleted_at": row[2].isoformat()}
                for row in self._session.execute(statement)]

    # Reading, for import ---------------------------------------------------------------------------------------
    def held(self, table: Table, ids: Collection[Any], column: str = "id") -> set[Any]:
        """Which of these ids are in ``table`` already, whatever the scope (import must not make a second copy)."""
        found: set[Any] = set()
        for batch in chunks(ids):
            found.update(self._session.execute(select(table.c[column]).where(table.c[column].in_(batch))).scalars())
        return found

    def child_teams(self, ids: Collection[UUID]) -> dict[UUID, UUID | None]:
        return {row["id"]: row["team_id"] for row in self._rows(orm.children, "id", ids)}

    def rows(self, table: Table, column: str, ids: Collection[Any]) -> list[dict[str, Any]]:
        return self._rows(table, column, ids)

    # Writing, for import ---------------------------------------------------------------------------------------
    @contextmanager
    def large_cache(self) -> Iterator[None]:
        """SQLite's page cache enlarged to ``IMPORT_CACHE_KIB`` while an import writes, then put back. The rows of
        an import land all over each table's indexes (ids are random): with the usual 2 MB cache, most index pages
        were written out and read back (decrypted) again batch after batch, a fifth of the time of the writes."""
        connection = self._session.connection()
        if connection.dialect.name != "sqlite":
            yield
            return
        usual = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            with suppress(SQLAlchemyError):  # a connection that failed is not used again anyway
                connection.exec_driver_sql(f"PRAGMA cache_size = {int(usual)}")

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Through the bulk writer's executemany, with its conversions done a column at a time."""
        if rows:
            connection = self._session.connection()
            inserter = self._inserters.get(table.name)
            if inserter is None:
                inserter = self._inserters[table.name] = Inserter(table, connection.dialect)
            inserter.insert(connection, list(rows))

    # Helpers ---------------------------------------------------------------------------------------------------
    def _rows(self, table: Table, column: str, ids: Collection[Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for batch in chunks(ids):
            statement = select(table).where(table.c[column].in_(batch))
            found.extend(dict(row) for row in self._session.execute(statement).mappings())
        return found


def grouped(items: Iterable[T], key: str) -> dict[Any, list[T]]:
    result: dict[Any, list[T]] = defaultdict(list)
    for item in items:
        result[getattr(item, key)].append(item)
    return result
