"""What a sync moves, as a bundle (format 2, ``bundle.models``), checked as an import checks one before anything is
written.

The bundle holds an entry for each child with something to move (the child's details, and of their links, moves,
events and assessments those being moved, each assessment whole with its grades, evidence, plan and review records)
and for each household with something to move (its details and the adults being moved, or whose merged-away ids,
``aliases``, are being moved, with those aliases), read by the exporter's own
reader (``BundleRows``, with the versions and places the two copies keep the same) from the side the records come
from, and written as ``gcp-desk export`` writes a plain bundle. It is then read back through the importer's first
pass (``BundleCheck``): every record validated by its model (grades on the 1-5 scale, moments, lengths), references
resolved against the bundle and the side it goes to (households, adults, amended assessments, staff), each
signature's content hash checked against the assessment it signs, and the organisation compared with the
receiving side's. Any problem stops the sync, in the importer's words, before the receiving side is touched; what
is written there is the bundle's records as the first pass parsed them (``bundle_records``).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from ..bundle.models import FORMAT, FORMAT_VERSION, BundleChild, BundleHousehold
from ..bundle.reading import walk
from ..bundle.validation import BundleCheck, instrument_finder
from ..domain.errors import NotAllowed
from ..scoring.instruments import InstrumentLibrary
from ..storage import orm
from ..storage.repositories.bundle_rows import BundleRows
from ..storage.repositories.records import chunks
from ..storage.rows import ROLE_SEPARATOR
from ..storage.db import Database
from ..storage.scope import Scope
from . import bundle_records
from .records import Row

HELD_TABLES = {"household": orm.households, "adult": orm.adults, "assessment": orm.assessments, "user": orm.users}
"""Where a reference the bundle does not hold is looked for on the receiving side (``bundle.validation.Held``)."""
ASSESSMENT_RECORDS = ("item_grade", "evidence", "domain_grade", "plan_action", "signature", "review_comment",
                      "return", "return_snapshot")


def sent(db: Database, server: Connection, chosen: dict[str, list[Row]], *, organisation_id: UUID,
         actor_id: UUID, instruments: InstrumentLibrary, today: date, where: str) -> dict[str, list[Row]]:
    """The rows to write on the server for the records the plan sends (``chosen``): the bundle of them read from
    the laptop, checked against the server, its records as the check parsed them."""
    with db.read() as uow:
        text = bundle_text(uow.session, chosen, organisation_id=organisation_id, actor_id=actor_id)
    if text is None:
        return {name: [] for name in chosen}
    with server.begin():
        found = checked(text, organisation_id=organisation_id, instruments=instruments, today=today,
                        receiving=server)
    _refuse(found.problems, f"The records waiting to be sent to the team server at {where}",
            "Nothing was sent; the records here are as they were.")
    return _rows(found, chosen, instruments, f"to send to the team server at {where}")


def received(db: Database, server: Connection, chosen: dict[str, list[Row]], *, organisation_id: UUID,
             actor_id: UUID, instruments: InstrumentLibrary, today: date, where: str) -> dict[str, list[Row]]:
    """The rows to write on the laptop for the records the plan receives (``chosen``): the bundle of them read from
    the server (as this person's login may see it), checked against the laptop, its records as the check parsed
    them."""
    with server.begin(), Session(bind=server) as session:
        text = bundle_text(session, chosen, organisation_id=organisation_id, actor_id=actor_id)
    if text is None:
        return {name: [] for name in chosen}
    with db.read() as uow:
        found = checked(text, organisation_id=organisation_id, instruments=instruments, today=today,
                        receiving=uow.session.connection())
    _refuse(found.problems, f"The records to receive from the team server at {where}",
            "Nothing was received; what was sent stays sent, and the records here are as they were.")
    return _rows(found, chosen, instruments, f"received from the team server at {where}")


def _refuse(problems: list[str], what: str, outcome: str) -> None:
    if problems:
        listed = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise NotAllowed(f"{what} do not pass the checks an import makes ({listed}). {outcome}")


def _rows(found: Checked, chosen: dict[str, list[Row]], instruments: InstrumentLibrary,
          what: str) -> dict[str, list[Row]]:
    files = bundle_records.rows_of(found.households, found.children,
                                   lambda assessment: instruments.get(assessment.instrument_id,
                                                                      assessment.instrument_version))
    return bundle_records.planned(chosen, files, what)


@dataclass
class Checked:
    """A bundle after the importer's first pass: its problems, and its records as their models."""

    problems: list[str]
    households: list[BundleHousehold] = field(default_factory=list)
    children: list[BundleChild] = field(default_factory=list)


def checked(text: str, *, organisation_id: UUID, instruments: InstrumentLibrary, today: date,
            receiving: Connection) -> Checked:
    """The bundle ``text`` read through the importer's first pass, references resolved against ``receiving``."""
    check = BundleCheck(instrument_finder(instruments, "on this laptop"), today)
    children: list[BundleChild] = []
    for part in walk(iter([text.encode("utf-8")])):
        parsed = check.take(part)
        if isinstance(parsed, BundleChild):
            children.append(parsed)
    found = check.finish(lambda kind, ids: held(receiving, kind, ids))
    if check.header is not None and check.header.organisation_id != organisation_id:
        found.append(f"organisation_id: the records belong to organisation {check.header.organisation_id}, not to "
                     f"the team server's ({organisation_id})")
    return Checked(found, check.households, children)


def bundle_text(session: Session, chosen: dict[str, list[Row]], *, organisation_id: UUID,
                actor_id: UUID) -> str | None:
    """The bundle of the records ``chosen`` (by kind, as rows read for planning), read through ``session`` (on the
    side they come from), as JSON text; ``None`` when nothing is chosen."""
    connection = session.connection()
    assessment_ids = {row["id"] for row in chosen["assessment"]} | {
        row["assessment_id"] for name in ASSESSMENT_RECORDS for row in chosen.get(name, []) if "assessment_id" in row}
    snapshots = {row["return_id"] for row in chosen.get("return_snapshot", [])}
    if snapshots:  # a return's content travels with the return
        assessment_ids |= _assessments_of_returns(connection, snapshots)
    aliased = {row["adult_id"] for row in chosen.get("alias", [])}  # an alias travels with the adult it names
    household_ids = ({row["id"] for row in chosen["household"]}
                     | {row["household_id"] for row in chosen["adult"] if row["household_id"] is not None}
                     | _households_of_adults(connection, aliased))
    adult_ids = {str(row["id"]) for row in chosen["adult"]} | {str(adult) for adult in aliased}
    child_of = {} if not assessment_ids else {
        row[0]: row[1] for batch in chunks(sorted(assessment_ids, key=str)) for row in connection.execute(
            select(orm.assessments.c.id, orm.assessments.c.child_id).where(orm.assessments.c.id.in_(batch)))}
    child_ids = ({row["id"] for row in chosen["child"]} | set(child_of.values())
                 | {row["child_id"] for name in ("link", "move", "event") for row in chosen[name]})
    if not child_ids and not household_ids:
        return None
    rows = BundleRows(session, Scope(), kept=True)
    children = rows.children(sorted(child_ids, key=str))
    households = rows.households({str(household) for household in household_ids})
    moved = {"link": {f"{row['child_id']}:{row['adult_id']}" for row in chosen["link"]},
             "alias": {str(row["alias_id"]) for row in chosen.get("alias", [])},
             **{name: {str(row["id"]) for row in chosen[name]} for name in ("move", "event")}}
    moved_assessments = {str(assessment) for assessment in assessment_ids}
    for child in children:
        child["links"] = [link for link in child["links"] if f"{link['child_id']}:{link['adult_id']}" in moved["link"]]
        child["moves"] = [move for move in child["moves"] if move["id"] in moved["move"]]
        child["events"] = [event for event in child["events"] if event["id"] in moved["event"]]
        child["assessments"] = [a for a in child["assessments"] if a["id"] in moved_assessments]
    instruments = {(a["instrument_id"], a["instrument_version"]): a["instrument_hash"]
                   for child in children for a in child["assessments"]}  # of the assessments moved
    for household in households:
        household["adults"] = [adult for adult in household["adults"] if adult["id"] in adult_ids]
        for adult in household["adults"]:
            adult["aliases"] = [alias for alias in adult["aliases"] if alias["alias_id"] in moved["alias"]]
    staff, _ = rows.named(sorted(child_ids, key=str))
    staff.add(str(actor_id))
    staff.update(alias["merged_by"] for household in households for adult in household["adults"]
                 for alias in adult["aliases"] if alias["merged_by"] is not None)
    header = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "id": str(uuid4()), "organisation_id": str(organisation_id),
        "exported_at": datetime.now(UTC).isoformat(), "exported_by": str(actor_id),
        "coverage": {"kind": "all", "id": None},
        "instruments": [{"id": key[0], "version": key[1], "content_hash": value}
                        for key, value in sorted(instruments.items())],
        "staff": _staff(connection, staff),
    }
    return _laid_out(header, {"households": households, "children": children, "tombstones": [], "audit_events": []})


def _laid_out(header: dict[str, Any], arrays: dict[str, list[Any]]) -> str:
    """As ``BundleWriter`` lays a bundle out: the header first, then one record a line inside each array (which the
    reader takes straight into its model, ``bundle.reading``)."""
    parts = [f"\n{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in header.items()]
    parts += [f"\n{json.dumps(name)}: [" + ",".join(
        "\n" + json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in records) + "\n]"
        for name, records in arrays.items()]
    return "{" + ",".join(parts) + "\n}\n"


def _households_of_adults(connection: Connection, adult_ids: set[UUID]) -> set[UUID]:
    table = orm.adults
    return {row[0] for batch in chunks(sorted(adult_ids, key=str)) for row in connection.execute(
        select(table.c.household_id).where(table.c.id.in_(batch)))}


def _assessments_of_returns(connection: Connection, return_ids: set[UUID]) -> set[UUID]:
    table = orm.assessment_returns
    return {row[0] for batch in chunks(sorted(return_ids, key=str)) for row in connection.execute(
        select(table.c.assessment_id).where(table.c.id.in_(batch)))}


def _staff(connection: Connection, ids: set[str]) -> list[dict[str, Any]]:
    """The people the records name, as the bundle's header lists them (read column by column: a person's login on
    the server may not read password hashes)."""
    users = orm.users
    found = []
    for batch in chunks(sorted(UUID(member) for member in ids)):
        for row in connection.execute(select(users.c.id, users.c.name, users.c.role, users.c.roles)
                                      .where(users.c.id.in_(batch)).order_by(users.c.id)):
            roles = row[3].split(ROLE_SEPARATOR) if row[3] else [row[2]]
            found.append({"id": str(row[0]), "name": row[1], "roles": list(dict.fromkeys(roles))})
    return found


def held(connection: Connection, kind: str, ids: Collection[UUID]) -> set[UUID]:
    table = HELD_TABLES[kind]
    found: set[UUID] = set()
    for batch in chunks(list(ids)):
        found.update(connection.execute(select(table.c.id).where(table.c.id.in_(batch))).scalars())
    return found

