"""The kinds of record a child's file is made of, as a sync moves them: which table, which key, whether the record
carries a version (it can change on a laptop and on the server at once) and which columns each copy works out for
itself (the caseload summary, stored attention) and so never travel.

A child's file: the child, their household and the adults in it or linked to them (with the ids of adults merged
into them), links, moves, significant events, assessments with their grades, evidence, domain grades and plan
actions, and the review records (signatures, comments, returns and their snapshots). Rows are read and written with
Core statements on either database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid5

from sqlalchemy import Connection, Table, and_, delete, insert, or_, select, tuple_, update

from ..storage import orm
from ..storage.repositories.records import chunks

Key = tuple[Any, ...]
KEY_SPACE = UUID("6b1f0f3e-2f52-4c55-9a57-3f0f5c1a7d21")
"""Ids made from two-part keys (``Kind.record_id``)."""
Row = dict[str, Any]
DERIVED = frozenset({"latest_assessment_id", "latest_status", "latest_date", "latest_owner_id", "concern_domains",
                     "assessment_count", "attention", "attention_rank", "attention_from", "attention_until",
                     "attention_basis", "household_sort", "attention_weight", "family_rank"})
"""Children's columns each copy works out for itself (``child_summary``, stored attention, the household sort key
and family order its database's triggers keep)."""


@dataclass(frozen=True)
class Kind:
    name: str
    table: Table
    key: tuple[str, ...] = ("id",)
    versioned: bool = False
    """Can change on both sides: compared by version, a conflict kept for a person. Otherwise the record is either
    never changed once made (review records, links, moves) or part of an assessment, which only its author edits."""
    part_of_assessment: bool = False
    removable: bool = False
    """Never changed once made, but can be removed (a link between a child and an adult, a household move): both
    sides note that they hold it, so that one removed on one side is removed on the other rather than copied
    back."""
    skip: frozenset[str] = field(default_factory=frozenset)
    worked_out: frozenset[str] = frozenset()
    """Columns that travel but are not part of the record as its bundle carries it: each copy works them out from
    the record (a child's search text and name order, an assessment's date and domains of concern for the
    caseload), so a sync never compares them (``comparable``)."""

    @property
    def columns(self) -> list[str]:
        return [column.name for column in self.table.columns if column.name not in self.skip]

    def key_of(self, row: Row) -> Key:
        return tuple(row[name] for name in self.key)

    def record_id(self, key: Key) -> UUID:
        """The id its agreed base is kept under: the record's own, or one made from a two-part key."""
        if len(key) == 1:
            return key[0]
        return uuid5(KEY_SPACE, f"{self.name}:" + ":".join(str(part) for part in key))


HOUSEHOLD = Kind("household", orm.households, versioned=True)
ADULT = Kind("adult", orm.adults, versioned=True)
CHILD = Kind("child", orm.children, versioned=True, skip=DERIVED,
             worked_out=frozenset({"identifier_text", "search_text", "sort_name"}))
LINK = Kind("link", orm.child_adult_links, key=("child_id", "adult_id"), removable=True)
MOVE = Kind("move", orm.household_moves, removable=True)
EVENT = Kind("event", orm.significant_events, versioned=True)
ASSESSMENT = Kind("assessment", orm.assessments, worked_out=frozenset({"assessment_date", "concern_domains"}))
GRADE = Kind("item_grade", orm.item_grades, key=("assessment_id", "item_id"), part_of_assessment=True)
EVIDENCE = Kind("evidence", orm.evidence_notes, part_of_assessment=True)
DOMAIN = Kind("domain_grade", orm.domain_grades, key=("assessment_id", "domain_id"), part_of_assessment=True)
ALIAS = Kind("alias", orm.adult_aliases, key=("alias_id",), removable=True)
"""A merged-away adult's id, kept as an alias of the adult kept: planned by ``aliases``, which also carries a
re-pointing (a later merge of the adult kept)."""
PLAN_ACTION = Kind("plan_action", orm.plan_actions, versioned=True)
SIGNATURE = Kind("signature", orm.signatures)
COMMENT = Kind("review_comment", orm.review_comments)
RETURN = Kind("return", orm.assessment_returns)
SNAPSHOT = Kind("return_snapshot", orm.return_snapshots, key=("return_id",))

KINDS = (HOUSEHOLD, ADULT, ALIAS, CHILD, LINK, MOVE, EVENT, ASSESSMENT, GRADE, EVIDENCE, DOMAIN, PLAN_ACTION, SIGNATURE,
         COMMENT, RETURN, SNAPSHOT)
"""Parents before the records that point at them: the order rows are written in (and deleted in reverse)."""
BY_NAME = {kind.name: kind for kind in KINDS}
VERSIONED = tuple(kind for kind in KINDS if kind.versioned)


@dataclass
class ChildFiles:
    """Every row of some children's files on one side, by kind and key."""

    rows: dict[str, dict[Key, Row]] = field(default_factory=lambda: {kind.name: {} for kind in KINDS})

    def of(self, kind: Kind) -> dict[Key, Row]:
        return self.rows[kind.name]

    def count(self) -> int:
        return sum(len(found) for found in self.rows.values())


def _select(connection: Connection, kind: Kind, column: str, values: Iterable[Any]) -> Iterator[Row]:
    table = kind.table
    for batch in chunks(sorted(set(values), key=str)):
        statement = select(*[table.c[name] for name in kind.columns]).where(table.c[column].in_(batch))
        for row in connection.execute(statement).mappings():
            yield dict(row)


def read_files(connection: Connection, child_ids: Iterable[UUID]) -> ChildFiles:
    """The children's files as this connection may see them (on the server, its row-level security applies)."""
    files = ChildFiles()
    ids = list(dict.fromkeys(child_ids))

    def take(kind: Kind, column: str, values: Iterable[Any]) -> list[Row]:
        found = list(_select(connection, kind, column, values))
        files.of(kind).update((kind.key_of(row), row) for row in found)
        return found

    children = take(CHILD, "id", ids)
    links = take(LINK, "child_id", ids)
    take(MOVE, "child_id", ids)
    take(EVENT, "child_id", ids)
    linked_adults = {row["adult_id"] for row in links}
    adults = take(ADULT, "id", linked_adults)
    households = {row["household_id"] for row in children if row["household_id"]} | {
        row["household_id"] for row in adults}
    take(HOUSEHOLD, "id", households)
    held_adults = take(ADULT, "household_id", households)
    take(ALIAS, "adult_id", {row["id"] for row in [*adults, *held_adults]})
    assessments = [row["id"] for row in take(ASSESSMENT, "child_id", ids)]
    for kind in (GRADE, EVIDENCE, DOMAIN, PLAN_ACTION, SIGNATURE, COMMENT):
        take(kind, "assessment_id", assessments)
    returns = [row["id"] for row in take(RETURN, "assessment_id", assessments)]
    take(SNAPSHOT, "return_id", returns)
    return files


def write_rows(connection: Connection, kind: Kind, rows: list[Row], held: set[Key]) -> None:
    """Insert the rows not ``held`` on this side, update those held (key columns untouched)."""
    table = kind.table
    new = [row for row in rows if kind.key_of(row) not in held]
    if new:
        connection.execute(insert(table), new)
    for row in rows:
        if kind.key_of(row) in held:
            where = and_(*[table.c[name] == row[name] for name in kind.key])
            connection.execute(update(table).where(where).values(
                {name: value for name, value in row.items() if name not in kind.key}))


def delete_rows(connection: Connection, kind: Kind, keys: list[Key]) -> None:
    table = kind.table
    for batch in chunks(keys):
        if len(kind.key) == 1:
            connection.execute(delete(table).where(table.c[kind.key[0]].in_([key[0] for key in batch])))
        else:
            columns = tuple_(*[table.c[name] for name in kind.key])
            connection.execute(delete(table).where(or_(columns.in_(batch))))


def held_keys(connection: Connection, kind: Kind, keys: Iterable[Key]) -> set[Key]:
    """Which of ``keys`` this side has (whether or not they were read as part of the children's files)."""
    table = kind.table
    found: set[Key] = set()
    for batch in chunks(list(keys)):
        if len(kind.key) == 1:
            statement = select(table.c[kind.key[0]]).where(table.c[kind.key[0]].in_([key[0] for key in batch]))
        else:
            statement = select(*[table.c[n] for n in kind.key]).where(
                tuple_(*[table.c[n] for n in kind.key]).in_(batch))
        found.update(tuple(row) for row in connection.execute(statement))
    return found


EDITED = {
    "household": ("name", "address"),
    "child": ("given_name", "family_name", "date_of_birth", "expected_date_of_delivery", "sex", "ethnicity",
              "identifiers", "household_id", "plan_type", "team_id", "father_unknown_reason"),
    "adult": ("household_id", "given_name", "family_name", "sex", "date_of_birth", "relevant_history",
              "known_to_services"),
    "event": ("date", "kind", "what_happened", "source_agency", "recorded_by"),
    "plan_action": ("position", "domain_id", "what_will_change", "who", "agency", "by_when", "target_grade",
                    "progress_notes", "carried_from_id", "family_id"),
}
"""What a person edits in each versioned record (the fields whose change raises its version, migration 0015)."""


def same(kind: Kind, mine: Row, theirs: Row) -> bool:
    """The same record as a person reads it: the fields they edit (for a versioned record), or every column the
    bundle carries but the version (two sides that made the same change agree)."""
    names = EDITED.get(kind.name) or [name for name in kind.columns if name != "version" and name not in
                                      kind.worked_out]
    return all(mine.get(name) == theirs.get(name) for name in names)


def comparable(kind: Kind, row: Row) -> Row:
    """The record as its bundle carries it (``bundle_records`` turns a bundle's record into exactly the row as
    stored, its worked-out columns aside): what a sync compares."""
    if not kind.worked_out:
        return row
    return {name: value for name, value in row.items() if name not in kind.worked_out}


def canonical(files: ChildFiles) -> dict[str, list[Row]]:
    """The files in one order, for comparing two sides."""
    return {name: [found[key] for key in sorted(found, key=lambda k: tuple(str(part) for part in k))]
            for name, found in files.rows.items()}
