"""Whole records read straight from the rows as JSON-ready values, for bundles: a batch of children with every part
in a fixed handful of queries, each value turned into its JSON form by hand (ids as text, moments in ISO 8601 UTC,
dates as ISO text) rather than through SQLAlchemy's result processing and a domain object per row, which was most of
an export's time. The fields are the domain models' own (``rows``), so a bundle reads back into the same records.

Reads follow need to know: only children the scope allows are read, whatever ids are asked for.

For a team server's sync (``kept=True``) each record also carries what the two copies must keep the same and an
export leaves out (``bundle.models``: versions, each grade's last change, the stored places of notes and actions).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Date, Table, Uuid, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import JSON, NullType

from ...domain.events import SignificantEvent
from ...domain.people import Adult, Child, ChildAdultLink, Household, HouseholdMove
from ...domain.review import ReturnRecord, ReviewComment, Signature
from .. import orm
from ..rows import ASSESSMENT_JSON_PARTS, ASSESSMENT_SCALARS, EVIDENCE_FIELDS, PLAN_FIELDS
from ..scope import Scope
from ..types import UTCDateTime
from .assessments import HISTORY_ORDER

Values = dict[str, Any]
Convert = Callable[[Any], Any] | None
IN_LIST = 500

CHILD_FIELDS = tuple(Child.model_fields)
LINK_FIELDS = tuple(ChildAdultLink.model_fields)
EVENT_FIELDS = tuple(SignificantEvent.model_fields)
ADULT_FIELDS = tuple(Adult.model_fields)
HOUSEHOLD_FIELDS = tuple(Household.model_fields)
MOVE_FIELDS = tuple(HouseholdMove.model_fields)
SIGNATURE_FIELDS = tuple(Signature.model_fields)
COMMENT_FIELDS = tuple(ReviewComment.model_fields)
RETURN_FIELDS = tuple(ReturnRecord.model_fields)
ASSESSMENT_FIELDS = ASSESSMENT_SCALARS + ASSESSMENT_JSON_PARTS
GRADE_FIELDS = ("item_id", "grade", "not_assessed_reason")
DOMAIN_GRADE_FIELDS = ("domain_id", "chosen", "suggested", "override_reason")
PARTS_KEY = "assessment_id"
KEPT: dict[str, tuple[str, ...]] = {"version": ("version",), "grade": ("updated_at",), "evidence": ("position",),
                                    "plan": ("position", "version")}
"""The columns a sync carries besides the models' fields (``kept=True``)."""


class BundleRows:
    def __init__(self, session: Session, scope: Scope, *, kept: bool = False):
        self._session = session
        self._scope = scope
        self._sqlite = session.get_bind().dialect.name == "sqlite"
        self._kept = kept

    def _fields(self, fields: tuple[str, ...], kept: str) -> tuple[str, ...]:
        return fields + KEPT[kept] if self._kept else fields

    # Children and everything about them -------------------------------------------------------------------------
    def children(self, child_ids: Sequence[Any]) -> list[Values]:
        """The children (those the scope allows), in the order asked, each with ``links``, ``events`` and
        ``assessments`` (each with its grades, evidence, domain grades, plan, signatures, review comments and
        returns with the content at each return)."""
        children = orm.children
        where: ColumnElement[bool] = children.c.id.in_(list(child_ids))
        clause = self._scope.children_clause()
        if clause is not None:
            where = where & clause
        found = {row["id"]: row for row in self.rows(children, self._fields(CHILD_FIELDS, "version"), where)}
        allowed = self._stored_ids(found)
        if not allowed:
            return []
        links = _grouped(self.rows(orm.child_adult_links, LINK_FIELDS,
                                   orm.child_adult_links.c.child_id.in_(allowed)), "child_id")
        events_table = orm.significant_events
        events = _grouped(self.rows(events_table, self._fields(EVENT_FIELDS, "version"),
                                    events_table.c.child_id.in_(allowed),
                                    (events_table.c.date, events_table.c.created_at, events_table.c.id)), "child_id")
        assessments = _grouped(self.assessments(allowed), "child_id")
        moves = self.moves(allowed)
        result = []
        for child_id in (self._text_id(child_id) for child_id in child_ids):
            child = found.get(child_id)
            if child is None:
                continue
            child["links"] = links.get(child_id, [])
            child["events"] = events.get(child_id, [])
            child["moves"] = moves.get(child_id, [])
            child["assessments"] = assessments.get(child_id, [])
            result.append(child)
        return result

    def assessments(self, child_ids: list[Any]) -> list[Values]:
        table = orm.assessments
        heads = self.rows(table, ASSESSMENT_FIELDS, table.c.child_id.in_(child_ids), HISTORY_ORDER)
        if not heads:
            return []
        for head in heads:
            head["shared_facts"] = head["shared_facts"] or []  # NULL: none, as before siblings shared facts
        ids = self._stored_ids([head["id"] for head in heads])
        grades = self.parts(orm.item_grades, self._fields(GRADE_FIELDS, "grade"), ids)
        evidence = self.parts(orm.evidence_notes, self._fields(EVIDENCE_FIELDS, "evidence"), ids,
                              (orm.evidence_notes.c.position,))
        domain_grades = self.parts(orm.domain_grades, DOMAIN_GRADE_FIELDS, ids)
        plan = self.parts(orm.plan_actions, self._fields(PLAN_FIELDS, "plan"), ids, (orm.plan_actions.c.position,))
        signatures = self._review_rows(orm.signatures, SIGNATURE_FIELDS, ids, "signed_at")
        comments = self._review_rows(orm.review_comments, COMMENT_FIELDS, ids, "created_at")
        returns = self._review_rows(orm.assessment_returns, RETURN_FIELDS, ids, "returned_at")
        return_ids = [record["id"] for records in returns.values() for record in records]
        snapshots = {row["return_id"]: row["content"] for row in self.rows(
            orm.return_snapshots, ("return_id", "content"),
            orm.return_snapshots.c.return_id.in_(self._stored_ids(return_ids)))} if return_ids else {}
        for head in heads:
            key = head["id"]
            head["item_grades"] = {grade["item_id"]: grade for grade in grades.get(key, [])}
            head["evidence"] = evidence.get(key, [])
            head["domain_grades"] = {grade["domain_id"]: grade for grade in domain_grades.get(key, [])}
            head["plan"] = plan.get(key, [])
            head["signatures"] = signatures.get(key, [])
            head["review_comments"] = comments.get(key, [])
            head["returns"] = [{**record, "content_at_return": snapshots.get(record["id"])}
                               for record in returns.get(key, [])]
        return heads

    def _review_rows(self, table: Table, fields: tuple[str, ...], ids: list[Any], when: str) -> dict[Any, list[Values]]:
        return _grouped(self.rows(table, fields, table.c.assessment_id.in_(ids), (table.c[when], table.c.id)),
                        PARTS_KEY)

    # Who and what the records name, for the bundle's header ---------------------------------------------------
    def named(self, child_ids: Sequence[Any]) -> tuple[set[str], dict[tuple[str, str], str]]:
        """The staff these children's records name (authors, signers, commenters, recorders) and the instruments
        their assessments were graded with (``(id, version)`` to content hash)."""
        staff: set[str] = set()
        instruments: dict[tuple[str, str], str] = {}
        assessments, events = orm.assessments, orm.significant_events
        for batch in _chunks(self._stored_ids(child_ids)):
            of_children = select(assessments.c.id).where(assessments.c.child_id.in_(batch))
            for row in self.rows(assessments, ("created_by", "instrument_id", "instrument_version", "instrument_hash"),
                                 assessments.c.child_id.in_(batch)):
                staff.add(row["created_by"])
                instruments[(row["instrument_id"], row["instrument_version"])] = row["instrument_hash"]
            for table, column in ((orm.evidence_notes, "author_id"), (orm.signatures, "user_id"),
                                  (orm.review_comments, "author_id"), (orm.assessment_returns, "returned_by")):
                staff.update(row[column] for row in self.rows(table, (column,), table.c.assessment_id.in_(of_children),
                                                             distinct=True))
            for table in (events, orm.household_moves):
                staff.update(row["recorded_by"] for row in self.rows(table, ("recorded_by",),
                                                                     table.c.child_id.in_(batch), distinct=True))
        staff.discard(None)  # type: ignore[arg-type]
        return staff, instruments

    # Households, for the bundle's households part ---------------------------------------------------------------
    def child_households(self, child_ids: Sequence[Any]) -> set[str]:
        """The households of these children, of the adults linked to them, and those the children moved between."""
        found: set[str] = set()
        children, links, adults, moves = orm.children, orm.child_adult_links, orm.adults, orm.household_moves
        for batch in _chunks(self._stored_ids(child_ids)):
            found.update(row["household_id"] for row in self.rows(children, ("household_id",),
                                                                  children.c.id.in_(batch)))
            linked = select(links.c.adult_id).where(links.c.child_id.in_(batch))
            found.update(row["household_id"] for row in self.rows(adults, ("household_id",),
                                                                  adults.c.id.in_(linked)))
            for row in self.rows(moves, ("from_household_id", "to_household_id"), moves.c.child_id.in_(batch)):
                found.update((row["from_household_id"], row["to_household_id"]))
        found.discard(None)  # type: ignore[arg-type]
        return found

    def households(self, household_ids: Collection[str]) -> list[Values]:
        """The households in the order of their ids, each with its ``adults`` (oldest first), each adult with the
        ids of the records merged into it (``aliases``)."""
        result: list[Values] = []
        for batch in _chunks(sorted(household_ids)):
            stored = self._stored_ids(batch)
            households = {row["id"]: row for row in self.rows(
                orm.households, self._fields(HOUSEHOLD_FIELDS, "version"), orm.households.c.id.in_(stored))}
            adults = self.rows(orm.adults, self._fields(ADULT_FIELDS, "version"), orm.adults.c.household_id.in_(stored),
                               (orm.adults.c.created_at, orm.adults.c.id))
            aliases = _grouped(self.rows(orm.adult_aliases, ("adult_id", "alias_id", "merged_by", "merged_at"),
                                         orm.adult_aliases.c.adult_id.in_(
                                             self._stored_ids([adult["id"] for adult in adults]))),
                               "adult_id") if adults else {}
            by_household: dict[str, list[Values]] = defaultdict(list)
            for adult in adults:
                adult["aliases"] = [{name: alias[name] for name in ("alias_id", "merged_by", "merged_at")}
                                    for alias in aliases.get(adult["id"], [])]
                by_household[adult["household_id"]].append(adult)
            for household_id in batch:
                if household_id in households:
                    result.append({**households[household_id], "adults": by_household.get(household_id, [])})
        return result

    def moves(self, child_ids: Sequence[Any]) -> dict[str, list[Values]]:
        """Each child's moves between households, oldest first."""
        table = orm.household_moves
        found: dict[str, list[Values]] = {}
        for batch in _chunks(self._stored_ids(child_ids)):
            found.update(_grouped(self.rows(table, MOVE_FIELDS, table.c.child_id.in_(batch),
                                            (table.c.moved_on, table.c.recorded_at, table.c.id)), "child_id"))
        return found

    # Rows -------------------------------------------------------------------------------------------------------
    def rows(self, table: Table, fields: Iterable[str], where: ColumnElement[bool],
             order_by: Sequence[Any] = (), keep: str | None = None, distinct: bool = False) -> list[Values]:
        """The ``fields`` of the rows of ``table`` matching ``where``, each value in its JSON form (``keep``'s as
        the driver gives it)."""
        names = list(fields)
        columns = [table.c[name] for name in names]
        convert = [self._converter(column.type) for column in columns]
        statement = select(*(type_coerce(column, NullType()).label(column.name) for column in columns)).where(where)
        if order_by:
            statement = statement.order_by(*order_by)
        if distinct:
            statement = statement.distinct()
        rows = self._session.execute(statement).all()
        changing = [(name, change) for name, change in zip(names, convert, strict=True)
                    if change is not None and name != keep]
        found = [dict(zip(names, row, strict=True)) for row in rows]
        for name, change in changing:
            for values in found:
                value = values[name]
                if value is not None:
                    values[name] = change(value)
        return found

    def parts(self, table: Table, fields: Iterable[str], ids: list[Any], order_by: Sequence[Any] = ()
              ) -> dict[str, list[Values]]:
        """The ``fields`` of the rows of ``table`` whose ``assessment_id`` is one of ``ids``, grouped by it (as
        text), without it."""
        raw: dict[Any, list[Values]] = defaultdict(list)
        for values in self.rows(table, (PARTS_KEY, *fields), table.c[PARTS_KEY].in_(ids), order_by, keep=PARTS_KEY):
            raw[values.pop(PARTS_KEY)].append(values)
        text = self._converter(table.c[PARTS_KEY].type) or str
        return {text(key): values for key, values in raw.items()}

    def _converter(self, column_type: Any) -> Convert:
        if isinstance(column_type, Uuid):
            return _hex_uuid if self._sqlite else str
        if isinstance(column_type, UTCDateTime):
            return _sqlite_moment if self._sqlite else _moment
        if isinstance(column_type, Date):
            return None if self._sqlite else date.isoformat
        if isinstance(column_type, Boolean):
            return bool
        if isinstance(column_type, JSON):
            return json.loads if self._sqlite else None
        return None

    def _stored_ids(self, ids: Iterable[Any]) -> list[Any]:
        """Ids as the driver takes them in a comparison with a bare (unprocessed) column."""
        return [_as_uuid(value) for value in ids]

    def _text_id(self, value: Any) -> str:
        return str(value)


def _hex_uuid(value: str) -> str:
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def _sqlite_moment(value: str) -> str:
    """``YYYY-MM-DD HH:MM:SS.ffffff`` (stored in UTC) as ISO 8601 with its zone."""
    return f"{value[:10]}T{value[11:]}Z"


def _moment(value: datetime) -> str:
    """The same text as ``_sqlite_moment`` gives, so that a record exports alike from either database."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _as_uuid(value: Any) -> Any:
    from uuid import UUID

    return value if isinstance(value, UUID) else UUID(value)


def _grouped(rows: Iterable[Values], key: str) -> dict[Any, list[Values]]:
    result: dict[Any, list[Values]] = defaultdict(list)
    for row in rows:
        result[row[key]].append(row)
    return result


def _chunks(items: Iterable[Any], size: int = IN_LIST) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
