"""Which children's files changed since the last sync, on either side, without reading the files.

Each side works out a print of each child's file in a handful of small queries: the versions of the child, their
household and its adults, the adults linked to them and the ids merged into those adults, their links, moves and
events; for each assessment its status
and last change, its domain grades and plan actions' versions, and for its grades and evidence counts, sums and
last changes worked out by the database (the grades and evidence are most of a file's rows, and are never read
here). A sync keeps, per child, the print of each side as it left them (``sync_base``, kinds ``print.laptop`` and
``print.server``). At the next sync a child whose prints both match what was kept has not changed on either side:
its file is not read at all. Any change to a record that travels changes its side's print (an edit raises a version
or moves a last change; an added or removed record moves a count), so a child is read whenever it might need
something sent or received; a print kept on one side is compared only with that same side's, so the two databases
need not agree on how they print a value.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, func, select

from ..storage import orm
from ..storage.repositories.records import chunks

HERE, THERE = "print.laptop", "print.server"
"""The kinds under which the agreed prints are kept in ``sync_base``."""


def prints(connection: Connection, child_ids: Iterable[UUID]) -> dict[UUID, int]:
    """Each child's print on this side (a child this side does not hold, or may not see, has none)."""
    parts: dict[UUID, list[Any]] = defaultdict(list)
    ids = list(dict.fromkeys(child_ids))
    children, adults, links = orm.children, orm.adults, orm.child_adult_links
    household_of: dict[UUID, UUID | None] = {}
    for batch in chunks(ids):
        for row in connection.execute(select(children.c.id, children.c.version, children.c.household_id)
                                      .where(children.c.id.in_(batch))):
            parts[row[0]].append(("child", row[1], row[2]))
            household_of[row[0]] = row[2]
    held = list(household_of)
    linked: dict[UUID, set[UUID]] = defaultdict(set)
    for batch in chunks(held):
        for row in connection.execute(select(links).where(links.c.child_id.in_(batch))):
            values = dict(row._mapping)
            linked[values["adult_id"]].add(values["child_id"])
            parts[values["child_id"]].append(("link", *sorted(values.items())))
        _rows(connection, parts, orm.household_moves, batch, "move", orm.household_moves.c.id)
        _rows(connection, parts, orm.significant_events, batch, "event", orm.significant_events.c.id,
              orm.significant_events.c.version)
    by_household: dict[UUID, list[UUID]] = defaultdict(list)
    for child, household in household_of.items():
        if household is not None:
            by_household[household].append(child)
    around = _households(connection, parts, by_household)
    for batch in chunks(list(linked)):
        for row in connection.execute(select(adults.c.id, adults.c.version, adults.c.household_id)
                                      .where(adults.c.id.in_(batch))):
            for child in linked[row[0]]:
                parts[child].append(("linked adult", row[0], row[1], row[2]))
    for adult, children_of in linked.items():
        around[adult].update(children_of)
    _aliases(connection, parts, around)
    _assessments(connection, parts, held)
    return {child: _digest(found) for child, found in parts.items()}


def unchanged(kept: dict[tuple[str, UUID], int], here: dict[UUID, int], there: dict[UUID, int],
              child_ids: Iterable[UUID]) -> set[UUID]:
    """The children whose prints on both sides are those a sync last left them with (``kept``)."""
    return {child for child in child_ids
            if child in here and child in there
            and kept.get((HERE, child)) == here[child] and kept.get((THERE, child)) == there[child]}


def kept_prints(connection: Connection) -> dict[tuple[str, UUID], int]:
    base = orm.sync_base
    return {(row[0], row[1]): row[2] for row in connection.execute(
        select(base.c.kind, base.c.record_id, base.c.version).where(base.c.kind.in_((HERE, THERE))))}


def agreed(here: dict[UUID, int], there: dict[UUID, int]) -> dict[tuple[str, UUID], int]:
    """The prints to keep (for ``local.set_bases``): both sides', for every child that has both."""
    return {**{(HERE, child): value for child, value in here.items() if child in there},
            **{(THERE, child): value for child, value in there.items() if child in here}}


def stale(child_ids: Iterable[UUID]) -> list[tuple[str, UUID]]:
    """The kept prints of these children, to forget (their files are read whole at the next sync)."""
    return [(kind, child) for child in child_ids for kind in (HERE, THERE)]


def _rows(connection: Connection, parts: dict[UUID, list[Any]], table, batch: list[UUID], name: str,
          *columns) -> None:
    for row in connection.execute(select(table.c.child_id, *columns).where(table.c.child_id.in_(batch))):
        parts[row[0]].append((name, *row[1:]))


def _households(connection: Connection, parts: dict[UUID, list[Any]],
                by_household: dict[UUID, list[UUID]]) -> dict[UUID, set[UUID]]:
    """The households' versions and adults in each child's print; returns the children of each adult found."""
    households, adults = orm.households, orm.adults
    around: dict[UUID, set[UUID]] = defaultdict(set)
    for batch in chunks(list(by_household)):
        for row in connection.execute(select(households.c.id, households.c.version)
                                      .where(households.c.id.in_(batch))):
            for child in by_household[row[0]]:
                parts[child].append(("household", row[0], row[1]))
        for row in connection.execute(select(adults.c.id, adults.c.version, adults.c.household_id)
                                      .where(adults.c.household_id.in_(batch))):
            for child in by_household[row[2]]:
                parts[child].append(("household adult", row[0], row[1]))
                around[row[0]].add(child)
    return around


def _aliases(connection: Connection, parts: dict[UUID, list[Any]], around: dict[UUID, set[UUID]]) -> None:
    """The ids merged into each adult of a child's file (a merge, or a later one re-pointing them)."""
    aliases = orm.adult_aliases
    for batch in chunks(list(around)):
        for row in connection.execute(select(aliases.c.alias_id, aliases.c.adult_id, aliases.c.merged_at)
                                      .where(aliases.c.adult_id.in_(batch))):
            for child in around[row[1]]:
                parts[child].append(("alias", *row))


def _assessments(connection: Connection, parts: dict[UUID, list[Any]], child_ids: list[UUID]) -> None:
    table = orm.assessments
    child_of: dict[UUID, UUID] = {}
    for batch in chunks(child_ids):
        for row in connection.execute(select(table.c.id, table.c.child_id, table.c.status, table.c.updated_at,
                                             table.c.amends_id).where(table.c.child_id.in_(batch))):
            child_of[row[0]] = row[1]
            parts[row[1]].append(("assessment", row[0], row[2], row[3], row[4]))
    grades, evidence, domains = orm.item_grades, orm.evidence_notes, orm.domain_grades
    actions, signatures, comments, returns = (orm.plan_actions, orm.signatures, orm.review_comments,
                                              orm.assessment_returns)
    summaries = (
        ("grades", grades, (func.count(), func.sum(grades.c.grade), func.sum(grades.c.grade * grades.c.grade),
                            func.max(grades.c.updated_at), func.count(grades.c.not_assessed_reason))),
        ("evidence", evidence, (func.count(), func.sum(evidence.c.position), func.max(evidence.c.updated_at),
                                func.sum(func.length(evidence.c.text)))),
        ("signatures", signatures, (func.count(),)),
        ("comments", comments, (func.count(),)),
        ("returns", returns, (func.count(),)),
    )
    for batch in chunks(list(child_of)):
        for name, part, measures in summaries:
            statement = (select(part.c.assessment_id, *measures).where(part.c.assessment_id.in_(batch))
                         .group_by(part.c.assessment_id))
            for row in connection.execute(statement):
                parts[child_of[row[0]]].append((name, row[0], *row[1:]))
        # a few small rows each: read as they are (a domain grade changed moves no time)
        for name, part, columns in (
                ("domain grade", domains, (domains.c.domain_id, domains.c.chosen, domains.c.suggested,
                                           domains.c.override_reason)),
                ("plan action", actions, (actions.c.id, actions.c.version))):
            for row in connection.execute(select(part.c.assessment_id, *columns)
                                          .where(part.c.assessment_id.in_(batch))):
                parts[child_of[row[0]]].append((name, *row))


def _digest(found: list[Any]) -> int:
    text = "\n".join(sorted(repr(part) for part in found))
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)
