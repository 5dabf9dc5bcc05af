"""An import written as it is checked, for bundles laid out as GCP Desk writes them (the header, then households,
then children, then the origin's audit events): each record is validated once, and written in the import's one
transaction as soon as it is checked and everything it refers to is known, in the bundle so far or in the database.

It only ever writes what the check has passed. The check still sees the whole bundle; if it finds any problem the
transaction is rolled back whole, as before. If the layout does not allow writing as it goes (the header after the
records, a reference to a record further on), it stops writing and the import is done in two passes instead
(``import_records``): the same checks, the same result, only slower.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from ..bundle.models import HEADER_FIELDS, BundleChild, BundleHeader, BundleHousehold, OriginAuditEvent
from ..bundle.reading import Field, Record
from ..bundle.validation import BundleCheck
from ..domain.instrument import Instrument
from ..storage import orm
from ..storage.unit_of_work import UnitOfWork
from .import_writing import ImportWriter

HELD_TABLES = {"household": orm.households, "adult": orm.adults, "assessment": orm.assessments, "user": orm.users}
_IN_BUNDLE = {"household": "household", "adult": "adult", "assessment": "assessment"}


class OnePass:
    def __init__(self, uow: UnitOfWork, check: BundleCheck, *, team_id: UUID | None,
                 instrument_for: Callable[[Any], Instrument]):
        self._uow = uow
        self._check = check
        self._team = team_id
        self._instrument_for = instrument_for
        self.writer: ImportWriter | None = None
        self.header: BundleHeader | None = None
        self.writing = True
        self._households: list[BundleHousehold] | None = []
        self._staff: set[UUID] = set()
        self._references_seen = 0

    def take(self, part: Field | Record, parsed: Any) -> None:
        """``part`` as the check has just taken it (``parsed``: its model, or ``None``)."""
        if not self.writing:
            return
        if not self._check.clean or parsed is None and isinstance(part, Record):
            self.writing = False  # the import will be refused: nothing more to write
            return
        if isinstance(part, Field):
            if self.writer is not None and part.name in HEADER_FIELDS:
                self.writing = False  # a header field after the records (or twice): two passes
            return
        writer = self.writer or self._begin()
        if writer is None:
            return
        if isinstance(parsed, BundleHousehold):
            if self._households is None:
                self.writing = False  # households after children: two passes
            else:
                self._households.append(parsed)
        elif isinstance(parsed, BundleChild):
            if self._resolved():
                self._households_written(writer)
                writer.child(parsed, part.path)
            else:
                self.writing = False
        elif isinstance(parsed, OriginAuditEvent):
            writer.origin_event(parsed)

    def ready(self) -> ImportWriter | None:
        """The writer, when everything checked has been written as it went; ``None``: import in two passes."""
        if not self.writing or self.writer is None or not self._resolved():
            return None
        self._households_written(self.writer)
        return self.writer

    def _begin(self) -> ImportWriter | None:
        self.header = self._check.early_header()
        if self.header is None:
            self.writing = False
            return None
        self.writer = ImportWriter(self._uow, organisation_id=self.header.organisation_id, team_id=self._team,
                                   instrument_for=self._instrument_for)
        self.writer.staff(self.header.staff)
        self._staff = {member.id for member in self.header.staff}
        return self.writer

    def _households_written(self, writer: ImportWriter) -> None:
        if self._households is not None:
            writer.households(self._households)
            self._households = None

    def _resolved(self) -> bool:
        """Everything the records taken since the last look refer to is in the bundle so far, among its staff, or
        held here."""
        check = self._check
        references = check.references[self._references_seen:]
        self._references_seen = len(check.references)
        wanted: dict[str, set[UUID]] = {}
        for kind, wanted_id, _where in references:
            known = self._staff if kind == "user" else check.ids.get(_IN_BUNDLE[kind], {})
            if wanted_id not in known:
                wanted.setdefault(kind, set()).add(wanted_id)
        records = self._uow.records
        return all(records.held(HELD_TABLES[kind], ids) == ids for kind, ids in wanted.items())
