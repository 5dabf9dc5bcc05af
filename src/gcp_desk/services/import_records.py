"""Import: a bundle checked whole and written into the importer's team in one transaction, or not at all.

1. The bundle is read a record at a time and everything is checked (``bundle.validation``): the models, the
   instruments, grades on their scales, plausible dates, control characters, duplicate ids, signatures against the
   content, the origin's audit events against their hashes, and every reference against the bundle and this
   database. Every problem is listed with its place.
2. Laid out as GCP Desk writes bundles, each record is written in the import's one transaction as soon as it has
   been checked (``import_one_pass``), so each is validated once; otherwise the bundle is read a second time and
   written then, and if the file changed between the two readings nothing is written. Either way: staff unknown here
   become historical signers who cannot sign in; records held already are left as they are when the same and
   refused when different; the origin's audit events are kept as origin records; the import is one event in this
   copy's chain. If anything is refused, the transaction is rolled back whole.

A refused import writes one audit event, saying so and how many problems there were: nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from pydantic import ValidationError
from sqlalchemy import select

from ..bundle.models import BundleChild, OriginAuditEvent
from ..bundle.reading import MEGABYTE, BundleFile, BundleUnreadable, Record
from ..bundle.validation import BundleCheck, instrument_finder
from ..domain.errors import GcpDeskError, PermissionDenied
from ..domain.instrument import Instrument
from ..heap import collector_paused
from ..storage import orm
from ..storage.scope import NO_CASES
from .base import Service
from .import_one_pass import HELD_TABLES, OnePass
from .organisation import ORGANISATION_ID
from .retention import DeletionReason, remove_child
from .import_writing import ImportWriter

Progress = Callable[[int, int], None]
CHANGED = ("The bundle changed while it was being imported (was it still being copied?). Nothing was imported; "
           "import it again once it is complete.")


@dataclass
class ImportOutcome:
    problems: list[str] = field(default_factory=list)
    added_children: int = 0
    added_households: int = 0
    added_assessments: int = 0
    added_staff: int = 0
    already_held: int = 0
    deleted: list[UUID] = field(default_factory=list)
    """Children deleted here because the bundle carried their tombstone: deleted under the retention rule where it
    came from, an administrator's decision in the same organisation, applied through the one deletion path."""
    deleted_at_origin: list[UUID] = field(default_factory=list)
    """Kept for callers of earlier versions: always empty now (a tombstone for a child held here is applied, or
    the import refused)."""

    @property
    def ok(self) -> bool:
        return not self.problems


class _TwoPasses(Exception):
    """The bundle is sound but could not be written as it was read."""


class _Refused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(problems)
        self.problems = problems


class ImportService(Service):
    def import_bundle(self, bundle: BundleFile, progress: Progress | None = None) -> ImportOutcome:
        """Raises ``BundleUnreadable`` at once for a bundle over the size limit (``settings.max_bundle_mb``)."""
        actor = self._context.actor
        assert actor is not None
        bundle.refuse_over(self._context.settings.max_bundle_mb * MEGABYTE)
        with self._context.db.read() as uow:
            stored = uow.users.get(actor.id)
            self._was_empty = not uow.session.execute(select(orm.children.c.id).limit(1)).first()
        if not stored.works_on_cases:
            raise PermissionDenied(NO_CASES)
        check = BundleCheck(instrument_finder(self._context.instruments), self._context.today())
        if progress is not None:
            progress(0, 0)  # checking: how long is not known yet
        with collector_paused():  # millions of short-lived objects and no cycles: the collector's walks cost a third
            try:
                return self._in_one_pass(bundle, check, stored.team_id, progress)
            except _Refused as refused:
                return self._refused(check.header.id if check.header else None, refused.problems)
            except BundleUnreadable as error:
                return self._refused(check.header.id if check.header else None, [str(error)])
            except GcpDeskError as error:  # the database refused a row: nothing of the transaction stays
                return self._refused(check.header.id if check.header else None,
                                     [f"The records could not be written: {error}"])
            except _TwoPasses:
                return self._second_pass(bundle, check, stored.team_id, progress)

    def _in_one_pass(self, bundle: BundleFile, check: BundleCheck, team_id: UUID | None,
                     progress: Progress | None) -> ImportOutcome:
        """Check the bundle and, as GCP Desk lays bundles out, write each record as soon as it is checked, in one
        transaction: rolled back whole (``_Refused``) if anything is wrong, or (``_TwoPasses``) if the bundle's
        layout did not allow writing as it went."""
        with self._context.transaction() as uow, uow.records.large_cache():
            one_pass = OnePass(uow, check, team_id=team_id, instrument_for=self._instrument_of)
            done = 0
            for part in bundle.events():
                one_pass.take(part, check.take(part))
                if progress is not None and isinstance(part, Record) and part.array == "children":
                    done += 1
                    progress(done, 0)
            problems = check.finish(lambda kind, ids: uow.records.held(HELD_TABLES[kind], ids))
            if problems or check.header is None:
                raise _Refused(problems)
            writer = one_pass.ready()
            if writer is None:
                raise _TwoPasses
            if progress is not None:
                progress(done, done)  # every child read and checked: the total is known now
            return self._finished(uow, writer, check)

    def _second_pass(self, bundle: BundleFile, check: BundleCheck, team_id: UUID | None,
                     progress: Progress | None) -> ImportOutcome:
        """The bundle checked whole already: read again and written in one transaction."""
        first_digest = bundle.digest
        header = check.header
        assert header is not None
        try:
            with self._context.transaction() as uow, uow.records.large_cache():
                writer = ImportWriter(uow, organisation_id=header.organisation_id, team_id=team_id,
                                      instrument_for=self._instrument_of)
                writer.staff(header.staff)
                writer.households(check.households)
                done = 0
                for part in bundle.events():
                    if not isinstance(part, Record):
                        continue
                    if part.array == "children":
                        writer.child(part.model or BundleChild.model_validate(part.value), part.path)
                        done += 1
                        if progress is not None:
                            progress(done, check.counts.children)
                    elif part.array == "audit_events":
                        writer.origin_event(part.model or OriginAuditEvent.model_validate(part.value))
                if bundle.digest != first_digest:
                    raise _Refused([CHANGED])
                return self._finished(uow, writer, check)
        except _Refused as refused:
            return self._refused(header.id, refused.problems)
        except ValidationError:  # checked whole in the first pass: it changed since
            return self._refused(header.id, [CHANGED])
        except BundleUnreadable as error:
            return self._refused(header.id, [str(error)])
        except GcpDeskError as error:  # the database refused a row: nothing of the transaction stays
            return self._refused(header.id, [f"The records could not be written: {error}"])

    def _finished(self, uow, writer: ImportWriter, check: BundleCheck) -> ImportOutcome:
        """The import's own event, the origin's events and tombstones: the end of the transaction's writing."""
        header = check.header
        assert header is not None and self._context.actor is not None
        event = uow.audit.record(self._context.actor.id, "records.import", "bundle", str(header.id), None, {
            "organisation_id": header.organisation_id, "format_version": header.format_version,
            "children": check.counts.children, "households": check.counts.households,
            "assessments": check.counts.assessments, "origin_audit_events": check.counts.audit_events})
        writer.finish(event.id)
        deleted = self._apply_tombstones(uow, writer, check, event.id)
        if writer.problems:
            raise _Refused(writer.problems)
        return ImportOutcome(added_children=writer.added["children"], added_households=writer.added["households"],
                             added_assessments=writer.added["assessments"], added_staff=writer.added["staff"],
                             already_held=writer.already_held, deleted=deleted)

    def _apply_tombstones(self, uow, writer: ImportWriter, check: BundleCheck, import_event_id: UUID) -> list[UUID]:
        """Children held here that the bundle's tombstones say were deleted: deleted here too, through the
        retention path, when the bundle is of this copy's organisation; otherwise a problem each. A copy with no
        records and no organisation yet joins the organisation of the first bundle it imports."""
        header = check.header
        assert header is not None and self._context.actor is not None
        here = uow.preferences.get(ORGANISATION_ID)
        if here is None and self._was_empty:
            uow.preferences.set(ORGANISATION_ID, str(header.organisation_id))
            here = str(header.organisation_id)
        held = writer.tombstones(check.tombstones, import_event_id)
        if not held:
            return []
        if here != str(header.organisation_id):
            places = {tombstone.entity_id: index for index, tombstone in enumerate(check.tombstones)}
            writer.problems.extend(
                f"tombstones[{places[child_id]}]: says child {child_id}, whose record is held here, was deleted, but "
                f"the bundle is from another organisation ({header.organisation_id}); a deletion is applied only "
                "from a bundle of this copy's organisation. An administrator here can review the record "
                "(gcp-desk retention)" for child_id in held)
            return []
        when = {tombstone.entity_id: tombstone.deleted_at for tombstone in check.tombstones}
        for child_id in held:
            remove_child(uow, child_id, actor_id=self._context.actor.id, reason=DeletionReason.DELETED_AT_ORIGIN,
                         deleted_by=None, deleted_at=when[child_id], bundle_id=str(header.id))
        return held

    # Helpers ---------------------------------------------------------------------------------------------------
    def _refused(self, bundle_id: UUID | None, problems: list[str]) -> ImportOutcome:
        with self._context.transaction() as uow:
            uow.audit.record(self._context.actor_id, "records.import-refused", "bundle",
                             str(bundle_id) if bundle_id else "-", None, {"problems": len(problems)})
        return ImportOutcome(problems=problems)

    def _instrument_of(self, assessment) -> Instrument:
        return self._context.instruments.get(assessment.instrument_id, assessment.instrument_version)
