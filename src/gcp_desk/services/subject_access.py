"""Subject access: for one child, an administrator produces everything held, as a readable PDF and as the bundle,
with every third party listed for redaction review before release. Administrators find the child through a minimal
view (name, date of birth, team) and read no case content on screen; producing the files is recorded in the audit
trail with ids and counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

from ..bundle.models import BundleChild, BundleHeader, BundleHousehold, StaffMember
from ..bundle.reading import BundleFile, Field, Record
from ..bundle.third_parties import ADULT, AGENCY, OTHER, STAFF, ThirdParty, third_parties
from ..domain.enums import Role
from ..domain.errors import NotFound, PermissionDenied
from ..files import write_whole_file
from ..storage import orm
from .base import Service
from .export_records import ExportService, Progress

ADMINISTRATORS_ONLY = "Only an administrator answers a subject access request."


@dataclass(frozen=True)
class ChildFound:
    child_id: UUID
    name: str
    date_of_birth: date | None
    team: str


@dataclass(frozen=True)
class SubjectAccessFiles:
    pdf: Path
    bundle: Path
    assessments: int
    third_parties: list[ThirdParty]
    request_id: UUID | None = None
    """The audit event that recorded producing the files; each third party's review is recorded against it."""


KIND_CODES = {ADULT: "adult", AGENCY: "agency", STAFF: "staff", OTHER: "other"}
"""A third party's kind as the audit trail records it (a code, never the person's name)."""


class SubjectAccessService(Service):
    def find(self, text: str) -> list[ChildFound]:
        """Children whose name or identifier holds ``text``: name, date of birth and team only."""
        self._require_administrator()
        wanted = " ".join(text.lower().split())
        with self._context.db.read() as uow:
            children, teams = orm.children, orm.teams
            rows = uow.session.execute(
                children.select().with_only_columns(children.c.id, children.c.given_name, children.c.family_name,
                                                    children.c.date_of_birth, teams.c.name.label("team"))
                .select_from(children.outerjoin(teams, teams.c.id == children.c.team_id))
                .where(children.c.search_text.contains(wanted))
                .order_by(children.c.family_name, children.c.given_name)).mappings().all()
        with self._context.transaction() as uow:
            uow.audit.record(self._context.actor_id, "subject-access.find", "caseload", "-", None,
                             {"matches": len(rows)})
        return [ChildFound(row["id"], f"{row['given_name']} {row['family_name']}", row["date_of_birth"],
                           row["team"] or "no team") for row in rows]

    def produce(self, child_id: UUID, folder: Path, *, passphrase: str | None,
                progress: Progress | None = None) -> SubjectAccessFiles:
        """``folder``/subject-access-<id>.pdf and .bundle (sealed with ``passphrase``, or plain JSON)."""
        actor = self._require_administrator()
        with self._context.db.read() as uow:
            if not uow.records.held(orm.children, [child_id]):
                raise NotFound(f"There is no child with the id {child_id} in this database.")
        folder = Path(folder)
        bundle_path = folder / f"subject-access-{child_id}.{'bundle' if passphrase else 'json'}"
        ExportService(self._context, whole_database=True).export(bundle_path, coverage="child", record_id=child_id,
                                                                  passphrase=passphrase, progress=progress)
        child, households, staff = _read_back(bundle_path, passphrase)
        parties = third_parties(child, households, staff, organisation=self._context.settings.organisation_name)
        from ..reports.subject_access import build_subject_access

        pdf = build_subject_access(child, households, parties,
                                   organisation=self._context.settings.organisation_name or "GCP Desk",
                                   produced_by=actor.name, titles=self._titles(child))
        pdf_path = folder / f"subject-access-{child_id}.pdf"
        write_whole_file(pdf_path, pdf)
        with self._context.transaction() as uow:
            event = uow.audit.record(actor.id, "subject-access.produce", "child", str(child_id), None, {
                "assessments": len(child.assessments), "third_parties": len(parties), "plain": passphrase is None})
        return SubjectAccessFiles(pdf_path, bundle_path, len(child.assessments), parties, event.id)

    def mark_reviewed(self, child_id: UUID, request_id: UUID, party: int, of: int, kind: str,
                      reviewed: bool = True) -> None:
        """Record that third party number ``party`` (from 0, of ``of``) of the files produced by ``request_id``
        has been reviewed for redaction (or, ``reviewed`` False, that the mark was taken back). The audit trail
        holds the request, the position and the kind as a code: never the third party's name."""
        actor = self._require_administrator()
        if kind not in KIND_CODES:
            raise ValueError(f"unknown kind of third party {kind!r}")
        if not 0 <= party < of:
            raise ValueError(f"third party {party} of {of}")
        with self._context.transaction() as uow:
            produced = [event for event in uow.audit.for_entity(child_id)
                        if event.id == request_id and event.action == "subject-access.produce"]
            if not produced:
                raise NotFound(f"No subject access files {request_id} were produced for the child {child_id}.")
            uow.audit.record(actor.id, "subject-access.third-party-reviewed", "child", str(child_id), None, {
                "request_id": request_id, "party": party, "of": of, "kind": KIND_CODES[kind],
                "reviewed": reviewed})

    def _titles(self, child: BundleChild) -> dict[str, str]:
        titles: dict[str, str] = {}
        for key in {(a.instrument_id, a.instrument_version) for a in child.assessments}:
            instrument = self._context.instruments.get(*key)
            for domain in instrument.domains:
                titles[domain.id] = domain.title
                titles.update((item.id, item.title) for item in domain.items)
        return titles

    def _require_administrator(self):
        with self._context.db.read() as uow:
            stored = uow.users.get(self._context.actor_id)
        if not stored.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied(ADMINISTRATORS_ONLY)
        return stored


def _read_back(path: Path, passphrase: str | None) -> tuple[BundleChild, list[BundleHousehold], list[StaffMember]]:
    child, households, header = None, [], {}
    for part in BundleFile(path, (lambda: passphrase) if passphrase else None).events():
        if isinstance(part, Field):
            header[part.name] = part.value
        elif isinstance(part, Record) and part.array == "children":
            child = BundleChild.model_validate(part.value)
        elif isinstance(part, Record) and part.array == "households":
            households.append(BundleHousehold.model_validate(part.value))
    assert child is not None
    return child, households, BundleHeader.model_validate(header).staff
