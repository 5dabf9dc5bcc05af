"""Fast inserts of many domain objects, for the demo generator and the benchmark. Not for everyday writes.

Objects are taken from iterables and written in batches, one transaction per batch, so memory stays bounded by the
batch size and SQLite's WAL file does not grow with the whole load. A failure leaves the batches before it written;
the demo and the benchmark start from an empty database, so that is fine. Parents must come before their parts:
households before children and adults, users before the assessments they created, an assessment before its
amendment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any, Protocol, TypeVar
from uuid import UUID

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

from ..domain.assessment import Assessment
from ..domain.people import Adult, Child, ChildAdultLink, Household, User
from . import orm
from .assessment_parts import AssessmentParts
from .child_summary import EMPTY_SUMMARY, refresh_child_summaries
from .db import Database
from .repositories.attention import NOT_WORKED_OUT, STORED_FIELDS
from .repositories.events import event_values
from .rows import adult_values, child_values, household_values, link_values, user_values
from .inserter import Inserter

T = TypeVar("T")

PEOPLE_BATCH = 5_000
ASSESSMENT_BATCH = 500
"""Assessments per transaction: about 15,000 item grade rows at 30 items each."""
BUILD_CACHE_KIB = 256 * 1024
"""SQLite's page cache while a load runs. Every batch adds rows all over each table's indexes (ids are random), and
with the default 2 MB cache nearly every one of those pages was read and decrypted again each batch: the load grew
faster than its size (12 minutes for 10,000 children, against 17 s for 1,000)."""


class HouseholdBundle(Protocol):
    """One household's records as a generator yields them: the household, its adults and children, the links
    between them, and each child's assessments with their concern domains (graded 4 or 5, in instrument order).
    A bundle may also have ``events``, the significant events on its children's chronologies, and ``attention``,
    each child's stored attention by child id as the services work it out (``STORED_FIELDS``); a child without
    one is worked out at the first read. It may also have the review records of its assessments: ``signatures``,
    ``review_comments`` and ``returns``, written after the assessments."""

    @property
    def household(self) -> Household: ...
    @property
    def adults(self) -> Sequence[Adult]: ...
    @property
    def children(self) -> Sequence[Child]: ...
    @property
    def links(self) -> Sequence[ChildAdultLink]: ...
    @property
    def assessments(self) -> Sequence[tuple[Assessment, Sequence[str]]]: ...


class BulkWriter:
    def __init__(self, db: Database, *, assessment_batch: int = ASSESSMENT_BATCH, people_batch: int = PEOPLE_BATCH,
                 cache_kib: int = BUILD_CACHE_KIB):
        """``cache_kib``: SQLite's page cache while ``write_bundles`` runs."""
        self._db = db
        self._cache_kib = cache_kib
        self._assessment_batch = assessment_batch
        self._people_batch = people_batch
        self._inserters: dict[str, Inserter] = {}
        self._cache_size: Any = None
        """The connection's page cache before the load, while a larger one is used."""

    def users(self, users: Iterable[User], password_hashes: Mapping[UUID, str] | None = None) -> int:
        """Accounts, with each one's argon2 password hash where ``password_hashes`` has it (else none yet)."""
        hashes = password_hashes or {}
        return self._write_simple(
            orm.users, users,
            lambda user: {**user_values(user), "password_hash": hashes.get(user.id), "password_must_change": False}
        )

    def households(self, households: Iterable[Household]) -> int:
        return self._write_simple(orm.households, households, household_values)

    def children(self, children: Iterable[Child]) -> int:
        return self._write_simple(orm.children, children, _new_child_values)

    def adults(self, adults: Iterable[Adult]) -> int:
        return self._write_simple(orm.adults, adults, adult_values)

    def links(self, links: Iterable[ChildAdultLink]) -> int:
        return self._write_simple(orm.child_adult_links, links, link_values)

    def assessments(
        self,
        assessments: Iterable[Assessment],
        concern_domains: Mapping[UUID, Sequence[str]] | None = None,
    ) -> int:
        """Write whole assessments with all their parts. ``concern_domains`` maps an assessment id to the domains
        graded 4 or 5, in instrument order (storage does not score); assessments missing from it get none.
        The caseload's assessment date is each assessment's last visit date. The caseload summary of each child
        with an assessment in a batch is recomputed in that batch's transaction, so a child whose assessments
        span batches is right after each one."""
        concerns = concern_domains if concern_domains is not None else {}
        written = 0
        for batch in _batches(assessments, self._assessment_batch):
            parts = AssessmentParts()
            for assessment in batch:
                parts.add(assessment, concerns.get(assessment.id, ()))
            with self._db.translate_errors(), self._db.engine.begin() as connection:
                for table, rows in parts.by_table():
                    self._inserter(table, connection.dialect).insert(connection, rows)
                refresh_child_summaries(connection, [assessment.child_id for assessment in batch])
            written += len(parts)
        return written

    def write_bundles(self, bundles: Iterable[HouseholdBundle]) -> int:
        """Write households with everything in them, a few hundred assessments' worth per transaction, parents
        before parts. Returns the number of households written.

        Every batch goes through one connection, whose page cache (``_large_cache``) stays warm from one batch to
        the next: taken from the pool for each batch, the batches alternated between two connections (the log's
        checkpoints borrow one now and then), and each found its cache stale, every page of it read and decrypted
        again. On SQLite the write-ahead log is copied back after each batch (``_log_copied_back``)."""
        with self._db.engine.connect() as connection:
            try:
                return self._write_all(bundles, connection)
            finally:
                self._usual_cache(connection)

    def _large_cache(self, connection: Connection) -> None:
        """A large page cache on the connection of the load (``BUILD_CACHE_KIB`` unless given)."""
        if connection.dialect.name == "sqlite" and self._cache_size is None:
            self._cache_size = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            connection.exec_driver_sql(f"PRAGMA cache_size = -{self._cache_kib}")

    def _usual_cache(self, connection: Connection) -> None:
        if self._cache_size is not None:
            with connection.begin():
                connection.exec_driver_sql(f"PRAGMA cache_size = {self._cache_size}")
            self._cache_size = None

    def _log_copied_back(self, connection: Connection) -> None:
        """The write-ahead log copied back into the database once a batch is in, so the next batch writes the log
        from its start. Left to the background checkpoints, the log never started again during a load (a batch
        always had its transaction open when one finished) and grew to twice the database, and SQLite looks up
        every page read from the file in the log's index, which grew with it."""
        if connection.dialect.name == "sqlite" and self._db.path is not None:
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()

    def _write_all(self, bundles: Iterable[HouseholdBundle], connection: Connection) -> int:
        written = 0
        pending: list[HouseholdBundle] = []
        pending_assessments = 0
        for bundle in bundles:
            pending.append(bundle)
            pending_assessments += len(bundle.assessments)
            if pending_assessments >= self._assessment_batch:
                written += self._write_bundle_batch(pending, connection)
                pending, pending_assessments = [], 0
        if pending:
            written += self._write_bundle_batch(pending, connection)
        return written

    def _write_bundle_batch(self, bundles: list[HouseholdBundle], connection: Connection) -> int:
        parts = AssessmentParts()
        assessed: list[UUID] = []
        for bundle in bundles:
            for assessment, concerns in bundle.assessments:
                parts.add(assessment, concerns)
                assessed.append(assessment.child_id)
        people: list[tuple[Table, list[dict[str, Any]]]] = [
            (orm.households, [household_values(b.household) for b in bundles]),
            (orm.adults, [adult_values(adult) for b in bundles for adult in b.adults]),
            (orm.children, [_new_child_values(child, getattr(b, "attention", {}).get(child.id)) for b in bundles
                            for child in b.children]),
            (orm.child_adult_links, [link_values(link) for b in bundles for link in b.links]),
            (orm.significant_events,
             [event_values(event) for b in bundles for event in getattr(b, "events", ())]),
        ]
        review: list[tuple[Table, list[dict[str, Any]]]] = [
            (table, [_fields(record) for b in bundles for record in getattr(b, name, ())])
            for table, name in ((orm.signatures, "signatures"), (orm.review_comments, "review_comments"),
                                (orm.assessment_returns, "returns"))
        ]
        with self._db.translate_errors():
            with connection.begin():
                self._large_cache(connection)
                for table, rows in [*people, *parts.by_table(), *review]:
                    self._inserter(table, connection.dialect).insert(connection, rows)
                refresh_child_summaries(connection, assessed)
            self._log_copied_back(connection)
        return len(bundles)

    def _write_simple(self, table: Table, objects: Iterable[T], to_values: Callable[[T], dict[str, Any]]) -> int:
        written = 0
        for batch in _batches(objects, self._people_batch):
            rows = [to_values(item) for item in batch]
            with self._db.translate_errors(), self._db.engine.begin() as connection:
                self._inserter(table, connection.dialect).insert(connection, rows)
            written += len(rows)
        return written

    def _inserter(self, table: Table, dialect: Dialect) -> Inserter:
        inserter = self._inserters.get(table.name)
        if inserter is None:
            inserter = self._inserters[table.name] = Inserter(table, dialect)
        return inserter


def _new_child_values(child: Child, attention: Mapping[str, Any] | None = None) -> dict[str, Any]:
    worked_out = NOT_WORKED_OUT if attention is None else {name: attention[name] for name in STORED_FIELDS}
    return {**child_values(child), **EMPTY_SUMMARY, **worked_out}


def _fields(record: Any) -> dict[str, Any]:
    """A flat record's fields as ``model_dump()`` gives them (its fields hold no models), without the dump's cost:
    a third of a million signatures, comments and returns in a large caseload."""
    return dict(record.__dict__)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
