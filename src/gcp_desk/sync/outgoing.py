"""What a laptop sends at a sync, as a bundle (format 2, ``bundle.models``), checked as an import checks one before
anything is written on the server.

The bundle holds an entry for each child with something to send (the child's details, and of their links, moves,
events and assessments those being sent, each assessment whole with its grades, evidence, plan and review records)
and for each household with something to send (its details and the adults being sent), read by the exporter's own
reader (``BundleRows``) and written as ``gcp-desk export`` writes a plain bundle. It is then read back through the
importer's first pass (``BundleCheck``): every record validated by its model (grades on the 1-5 scale, moments,
lengths), references resolved against the bundle and the server (households, adults, amended assessments, staff),
each signature's content hash checked against the assessment it signs, and the organisation compared with the
server's. Any problem refuses the sync, in the importer's words, before the server is touched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Connection, select

from ..bundle.models import FORMAT, FORMAT_VERSION
from ..bundle.reading import walk
from ..bundle.validation import BundleCheck
from ..domain.errors import NotFound
from ..scoring.instruments import InstrumentLibrary, content_hash
from ..storage import orm
from ..storage.db import Database
from ..storage.repositories.bundle_rows import BundleRows
from ..storage.repositories.records import chunks
from .plan import Plan

SERVER_TABLES = {"household": orm.households, "adult": orm.adults, "assessment": orm.assessments,
                 "user": orm.users}
"""Where a reference the bundle does not hold is looked for on the server (``bundle.validation.Held``)."""
ASSESSMENT_RECORDS = ("item_grade", "evidence", "domain_grade", "plan_action", "signature", "review_comment",
                      "return", "return_snapshot")


def problems(db: Database, plan: Plan, *, organisation_id: UUID, actor_id: UUID, instruments: InstrumentLibrary,
             today: date, server: Connection) -> list[str]:
    """The problems the importer would find in what ``plan`` sends; none when there is nothing to send."""
    text = outgoing_bundle(db, plan, organisation_id=organisation_id, actor_id=actor_id)
    if text is None:
        return []
    check = BundleCheck(_finder(instruments), today)
    for part in walk(iter([text.encode("utf-8")])):
        check.take(part)
    found = check.finish(lambda kind, ids: _held_on_server(server, kind, ids))
    if check.header is not None and check.header.organisation_id != organisation_id:
        found.append(f"organisation_id: the records belong to organisation {check.header.organisation_id}, not to "
                     f"the team server's ({organisation_id})")
    return found


def outgoing_bundle(db: Database, plan: Plan, *, organisation_id: UUID, actor_id: UUID) -> str | None:
    """The bundle of what ``plan`` sends, as JSON text; ``None`` when it sends no records."""
    send = plan.send
    assessment_ids = {row["id"] for row in send["assessment"]} | {
        row["assessment_id"] for name in ASSESSMENT_RECORDS for row in send.get(name, []) if "assessment_id" in row}
    household_ids = {row["id"] for row in send["household"]} | {row["household_id"] for row in send["adult"]
                                                                 if row["household_id"] is not None}
    adult_ids = {str(row["id"]) for row in send["adult"]}
    with db.read() as uow:
        child_of = {} if not assessment_ids else {
            row[0]: row[1] for batch in chunks(sorted(assessment_ids, key=str)) for row in uow.session.execute(
                select(orm.assessments.c.id, orm.assessments.c.child_id).where(orm.assessments.c.id.in_(batch)))}
        child_ids = ({row["id"] for row in send["child"]} | set(child_of.values())
                     | {row["child_id"] for name in ("link", "move", "event") for row in send[name]})
        if not child_ids and not household_ids:
            return None
        rows = BundleRows(uow.session, uow.scope)
        children = rows.children(sorted(child_ids, key=str))
        households = rows.households({str(household) for household in household_ids})
        staff, _ = rows.named(sorted(child_ids, key=str))
        staff.add(str(actor_id))
        staff.update(alias["merged_by"] for household in households for adult in household["adults"]
                     for alias in adult["aliases"] if alias["merged_by"] is not None)
        members = uow.records.users(sorted(UUID(member) for member in staff))
    sent = {"link": {f"{row['child_id']}:{row['adult_id']}" for row in send["link"]},
            **{name: {str(row["id"]) for row in send[name]} for name in ("move", "event")}}
    sent_assessments = {str(assessment) for assessment in assessment_ids}
    for child in children:
        child["links"] = [link for link in child["links"] if f"{link['child_id']}:{link['adult_id']}" in sent["link"]]
        child["moves"] = [move for move in child["moves"] if move["id"] in sent["move"]]
        child["events"] = [event for event in child["events"] if event["id"] in sent["event"]]
        child["assessments"] = [a for a in child["assessments"] if a["id"] in sent_assessments]
    instruments = {(a["instrument_id"], a["instrument_version"]): a["instrument_hash"]
                   for child in children for a in child["assessments"]}  # of the assessments sent
    for household in households:
        household["adults"] = [adult for adult in household["adults"] if adult["id"] in adult_ids]
    header = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "id": str(uuid4()), "organisation_id": str(organisation_id),
        "exported_at": datetime.now(UTC).isoformat(), "exported_by": str(actor_id),
        "coverage": {"kind": "all", "id": None},
        "instruments": [{"id": key[0], "version": key[1], "content_hash": value}
                        for key, value in sorted(instruments.items())],
        "staff": [{"id": str(user.id), "name": user.name, "roles": [role.value for role in user.roles]}
                  for user in members],
    }
    return json.dumps({**header, "households": households, "children": children, "tombstones": [],
                       "audit_events": []}, ensure_ascii=False, separators=(",", ":"))


def _held_on_server(server: Connection, kind: str, ids: Collection[UUID]) -> set[UUID]:
    table = SERVER_TABLES[kind]
    found: set[UUID] = set()
    for batch in chunks(list(ids)):
        found.update(server.execute(select(table.c.id).where(table.c.id.in_(batch))).scalars())
    return found


def _finder(instruments: InstrumentLibrary) -> Callable[[str, str, str], Any]:
    def find(instrument_id: str, version: str, wanted_hash: str):
        try:
            instrument = instruments.get(instrument_id, version)
        except NotFound:
            return (f"the instrument '{instrument_id}' version '{version}' is not installed on this laptop; install "
                    "the same instrument file first")
        if content_hash(instrument) != wanted_hash:
            return (f"the instrument '{instrument_id}' version '{version}' installed here is not the one it was "
                    "graded with (its content differs)")
        return instrument

    return find
