"""Import: a bundle checked whole, then written into the importer's team in one transaction, or not at all.

1. The first pass reads the bundle a record at a time and checks everything (``bundle.validation``): the models,
   the instruments, grades on their scales, plausible dates, control characters, duplicate ids, signatures against
   the content, the origin's audit events against their hashes, and every reference against the bundle and this
   database. Every problem is listed with its place; nothing is written.
2. The second pass reads it again inside one write transaction (``import_writing``): staff unknown here become
   historical signers who cannot sign in; records held already are left as they are when the same and refused when
   different; the origin's audit events are kept as origin records; the import is one event in this copy's chain.
   If the file changed between the passes, or anything is refused, the transaction is rolled back whole.

A refused import writes one audit event, saying so and how many problems there were: nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from uuid import UUID

from pydantic import ValidationError

from ..bundle.models import BundleChild, OriginAuditEvent
from ..bundle.reading import BundleFile, BundleUnreadable, Record
from ..bundle.validation import BundleCheck
from ..domain.errors import GcpDeskError, NotFound, PermissionDenied
from ..domain.instrument import Instrument
from ..scoring.instruments import content_hash
from ..storage import orm
from ..storage.scope import NO_CASES
from .base import Service
from .import_writing import ImportWriter

Progress = Callable[[int, int], None]
CHANGED = ("The bundle changed while it was being imported (was it still being copied?). Nothing was imported; "
           "import it again once it is complete.")
_HELD_TABLES = {"household": orm.households, "adult": orm.adults, "assessment": orm.assessments, "user": orm.users}


@dataclass
class ImportOutcome:
    problems: list[str] = field(default_factory=list)
    added_children: int = 0
    added_households: int = 0
    added_assessments: int = 0
    added_staff: int = 0
    already_held: int = 0
    deleted_at_origin: list[UUID] = field(default_factory=list)
    """Children deleted where the bundle came from (its tombstones) whose records are still held here: for an
    administrator here to review and delete (``retention delete``)."""

    @property
    def ok(self) -> bool:
        return not self.problems


class _Refused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(problems)
        self.problems = problems


class ImportService(Service):
    def import_bundle(self, bundle: BundleFile, progress: Progress | None = None) -> ImportOutcome:
        actor = self._context.actor
        assert actor is not None
        with self._context.db.read() as uow:
            stored = uow.users.get(actor.id)
        if not stored.works_on_cases:
            raise PermissionDenied(NO_CASES)
        check = BundleCheck(self._find_instrument, self._context.today())
        if progress is not None:
            progress(0, 0)  # checking: how long is not known yet
        try:
            for part in bundle.events():
                check.take(part)
        except BundleUnreadable as error:
            return self._refused(None, [str(error)])
        problems = check.finish(self._held)
        if problems or check.header is None:
            return self._refused(check.header.id if check.header else None, problems)
        first_digest = bundle.digest
        header = check.header
        try:
            with self._context.transaction() as uow:
                writer = ImportWriter(uow, organisation_id=header.organisation_id, team_id=stored.team_id,
                                      instrument_for=self._instrument_of)
                writer.staff(header.staff)
                writer.households(check.households)
                done = 0
                for part in bundle.events():
                    if not isinstance(part, Record):
                        continue
                    if part.array == "children":
                        writer.child(BundleChild.model_validate(part.value), part.path)
                        done += 1
                        if progress is not None:
                            progress(done, check.counts.children)
                    elif part.array == "audit_events":
                        writer.origin_event(OriginAuditEvent.model_validate(part.value))
                if bundle.digest != first_digest:
                    raise _Refused([CHANGED])
                event = uow.audit.record(actor.id, "records.import", "bundle", str(header.id), None, {
                    "organisation_id": header.organisation_id, "format_version": header.format_version,
                    "children": check.counts.children, "households": check.counts.households,
                    "assessments": check.counts.assessments, "origin_audit_events": check.counts.audit_events})
                writer.finish(event.id)
                deleted_at_origin = writer.tombstones(check.tombstones, event.id)
                if writer.problems:
                    raise _Refused(writer.problems)
        except _Refused as refused:
            return self._refused(header.id, refused.problems)
        except ValidationError:  # checked whole in the first pass: it changed since
            return self._refused(header.id, [CHANGED])
        except BundleUnreadable as error:
            return self._refused(header.id, [str(error)])
        except GcpDeskError as error:  # the database refused a row: nothing of the transaction stays
            return self._refused(header.id, [f"The records could not be written: {error}"])
        return ImportOutcome(added_children=writer.added["children"], added_households=writer.added["households"],
                             added_assessments=writer.added["assessments"], added_staff=writer.added["staff"],
                             already_held=writer.already_held, deleted_at_origin=deleted_at_origin)

    # Helpers ---------------------------------------------------------------------------------------------------
    def _refused(self, bundle_id: UUID | None, problems: list[str]) -> ImportOutcome:
        with self._context.transaction() as uow:
            uow.audit.record(self._context.actor_id, "records.import-refused", "bundle",
                             str(bundle_id) if bundle_id else "-", None, {"problems": len(problems)})
        return ImportOutcome(problems=problems)

    def _held(self, kind: str, ids: Collection[UUID]) -> set[UUID]:
        with self._context.db.read() as uow:
            return uow.records.held(_HELD_TABLES[kind], ids)

    def _find_instrument(self, instrument_id: str, version: str, wanted_hash: str) -> Instrument | str:
        try:
            instrument = self._context.instruments.get(instrument_id, version)
        except NotFound:
            return (f"the instrument '{instrument_id}' version '{version}' is not installed here; install the "
                    "same instrument file first")
        if content_hash(instrument) != wanted_hash:
            return (f"the instrument '{instrument_id}' version '{version}' installed here is not the one it was "
                    "graded with (its content differs)")
        return instrument

    def _instrument_of(self, assessment) -> Instrument:
        return self._context.instruments.get(assessment.instrument_id, assessment.instrument_version)
