"""Export: the records a person may see, as a bundle (``bundle.models``), read a batch of children at a time from
one consistent snapshot and written as they are read, so memory holds one batch however large the caseload.

The file appears whole or not at all. It is sealed with a passphrase unless plain JSON is asked for; either way the
export is written to the audit trail: who, which bundle, what it covered, how many records, and whether it was
plain. Ids and counts only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from ..bundle.models import FORMAT, FORMAT_VERSION
from ..bundle.recipients import Recipient
from ..bundle.writing import BundleWriter
from ..domain.errors import NotFound, PermissionDenied
from ..heap import collector_paused
from ..storage.repositories.bundle_rows import BundleRows
from ..storage.repositories.records import chunks
from ..storage.scope import NO_CASES
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .organisation import organisation_id

CHILDREN_PER_BATCH = 100
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportSummary:
    bundle_id: UUID
    path: Path
    children: int
    households: int
    assessments: int
    audit_events: int
    sealed: bool


class ExportService(Service):
    def __init__(self, context, *, whole_database: bool = False):
        """``whole_database``: read past need to know. Only the subject access service asks for it, after checking
        that the person is an administrator; everyone else exports what they may see."""
        super().__init__(context)
        self._whole_database = whole_database

    def export(self, target: Path, *, coverage: str = "all", record_id: UUID | None = None,
               passphrase: str | None, progress: Progress | None = None,
               recipient: Recipient | None = None) -> ExportSummary:
        """Write the bundle to ``target``. ``coverage``: ``"all"`` (everything the person may see), ``"child"`` or
        ``"household"`` with ``record_id``. Sealed with ``passphrase``, or to ``recipient``'s public key; neither
        writes plain JSON."""
        if coverage not in ("all", "child", "household") or (coverage != "all") != (record_id is not None):
            raise ValueError(f"coverage {coverage!r} with record {record_id!r}")
        actor = self._context.actor
        assert actor is not None
        with self._context.transaction() as uow:  # a short write: the organisation's id, made once
            organisation = organisation_id(uow)
        bundle_id = uuid4()
        counts = {"children": 0, "households": 0, "assessments": 0, "audit_events": 0}
        with collector_paused(), self._reading() as uow:  # many short-lived objects, no cycles
            store = uow.records
            child_ids = store.visible_children(
                household_id=record_id if coverage == "household" else None,
                child_id=record_id if coverage == "child" else None)
            if coverage == "child" and not child_ids:
                uow.scope.require_child(uow.session, record_id)  # another team's: say so
                raise NotFound(f"There is no child with the id {record_id} in your records.")
            if coverage == "household" and not child_ids:
                raise NotFound(f"There is no household with the id {record_id} and children in your records.")
            rows = BundleRows(uow.session, uow.scope)
            staff, instruments = rows.named(child_ids)
            staff.add(str(actor.id))
            household_ids = rows.child_households(child_ids)
            if coverage == "household":
                household_ids.add(str(record_id))  # asked: it has children in scope
            households = rows.households(household_ids)
            staff.update(alias["merged_by"] for household in households for adult in household["adults"]
                         for alias in adult["aliases"] if alias["merged_by"] is not None)
            entity_ids: list[str] = []
            with BundleWriter(target, passphrase, recipient=recipient) as writer:
                writer.field("format", FORMAT)
                writer.field("format_version", FORMAT_VERSION)
                writer.field("id", str(bundle_id))
                writer.field("organisation_id", str(organisation))
                writer.field("organisation_name", self._context.settings.organisation_name)
                writer.field("exported_at", datetime.now(UTC).isoformat())
                writer.field("exported_by", str(actor.id))
                writer.field("coverage", {"kind": coverage, "id": str(record_id) if record_id else None})
                # what the records name comes before them, so that an import can write them as it reads them
                writer.field("instruments", [{"id": key[0], "version": key[1], "content_hash": value}
                                             for key, value in sorted(instruments.items())])
                writer.field("staff", [{"id": str(user.id), "name": user.name, "roles": [r.value for r in user.roles]}
                                       for user in store.users(sorted(UUID(user) for user in staff))])
                writer.begin("households")
                for household in households:
                    entity_ids.append(household["id"])
                    entity_ids.extend(adult["id"] for adult in household["adults"])
                    writer.record(_dumps(household))
                    counts["households"] += 1
                writer.end()
                writer.begin("children")
                done = 0
                for batch in chunks(child_ids, CHILDREN_PER_BATCH):
                    for child in rows.children(batch):
                        writer.record(_dumps(_noted(child, entity_ids, counts)))
                        done += 1
                        if progress is not None:
                            progress(done, len(child_ids))
                writer.end()
                counts["children"] = len(child_ids)
                writer.begin("tombstones")
                if coverage == "all":  # ids and times only: every deletion, so that it reaches other copies
                    for tombstone in store.tombstones():
                        writer.record(json.dumps(tombstone))
                writer.end()
                writer.begin("audit_events")
                for event in store.audit_events(entity_ids):
                    writer.record(_event_json(event))
                    counts["audit_events"] += 1
                writer.end()
        with self._context.transaction() as uow:
            uow.audit.record(actor.id, "records.export", "bundle", str(bundle_id), None, {
                "coverage": coverage, "record_id": record_id, "plain": passphrase is None and recipient is None,
                "sealed_to": recipient.fingerprint if recipient is not None else None,
                "format_version": FORMAT_VERSION, **counts})
        return ExportSummary(bundle_id, Path(target), counts["children"], counts["households"],
                             counts["assessments"], counts["audit_events"],
                             passphrase is not None or recipient is not None)

    # Reading -----------------------------------------------------------------------------------------------
    @contextmanager
    def _reading(self) -> Iterator[UnitOfWork]:
        """One read-only snapshot, limited to what the person may see (a long read never holds the write lock)."""
        actor = self._context.actor
        assert actor is not None
        with self._context.db.read() as uow:
            if self._whole_database:
                yield uow
                return
            stored = uow.users.get(actor.id)
            if not stored.works_on_cases:
                raise PermissionDenied(NO_CASES)
            uow.scope.limit_to(uow.session, team_id=stored.team_id, works_on_cases=stored.works_on_cases)
            yield uow


def _noted(child: dict[str, Any], entity_ids: list[str], counts: dict[str, int]) -> dict[str, Any]:
    """``child`` as it goes into the bundle, its ids noted for the audit events about them."""
    entity_ids.append(child["id"])
    entity_ids.extend(event["id"] for event in child["events"])
    entity_ids.extend(assessment["id"] for assessment in child["assessments"])
    counts["assessments"] += len(child["assessments"])
    return child


def _dumps(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _event_json(row: dict[str, Any]) -> str:
    return json.dumps({
        "seq": row["seq"], "id": str(row["id"]), "at": row["at"].astimezone(UTC).isoformat(),
        "actor_id": str(row["actor_id"]) if row["actor_id"] else None, "action": row["action"],
        "entity": row["entity"], "entity_id": row["entity_id"], "before": row["before"], "after": row["after"],
        "payload_digest": row["payload_digest"], "prev_hash": row["prev_hash"], "hash": row["hash"],
    }, ensure_ascii=False)

