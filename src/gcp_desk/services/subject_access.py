"""Subject access: for one child, an administrator produces everything held, as a readable PDF and as the bundle,
with every third party listed for redaction review before release. Administrators find the child through a minimal
view (name, date of birth, team) and read no case content on screen; producing the files is recorded in the audit
trail with ids and counts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
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
    carried: frozenset[int] = frozenset()
    """The third parties (by position) whose review mark was carried over from the last request."""
    not_carried: int = 0
    """How many marks of the last request were not carried over: their third party has changed since, or is gone."""


@dataclass(frozen=True)
class LastReview:
    """The latest subject access request for a child, read back from the audit trail: when its files were made, how
    many third parties they listed, and which of them (by position) are marked reviewed now."""

    request_id: UUID
    produced_at: datetime
    of: int
    reviewed: frozenset[int]
    digests: tuple[str, ...] = field(default=(), repr=False)
    salt: str = field(default="", repr=False)


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

    def produce(self, child_id: UUID, folder: Path, *, passphrase: str | None, progress: Progress | None = None,
                carry_over: UUID | None = None) -> SubjectAccessFiles:
        """``folder``/subject-access-<id>.pdf and .bundle (sealed with ``passphrase``, or plain JSON).
        ``carry_over``: an earlier request for the same child (``last_review``) whose review marks are carried over
        to the new files, for each third party exactly as it was then (same person, same places, same count)."""
        actor = self._require_administrator()
        with self._context.db.read() as uow:
            if not uow.records.held(orm.children, [child_id]):
                raise NotFound(f"There is no child with the id {child_id} in this database.")
        earlier = self._review_of(child_id, carry_over) if carry_over is not None else None
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
        salt = secrets.token_hex(16)
        digests = [_digest(salt, party) for party in parties]
        carried: list[int] = []
        if earlier is not None:
            reviewed_then = {earlier.digests[position] for position in earlier.reviewed}
            carried = [position for position, party in enumerate(parties)
                       if _digest(earlier.salt, party) in reviewed_then]
        with self._context.transaction() as uow:
            event = uow.audit.record(actor.id, "subject-access.produce", "child", str(child_id), None, {
                "assessments": len(child.assessments), "third_parties": len(parties), "plain": passphrase is None,
                "salt": salt, "parties": digests})
            for position in carried:
                uow.audit.record(actor.id, "subject-access.third-party-reviewed", "child", str(child_id), None, {
                    "request_id": event.id, "party": position, "of": len(parties),
                    "kind": KIND_CODES[parties[position].kind], "reviewed": True, "carried_from": earlier.request_id})
        return SubjectAccessFiles(pdf_path, bundle_path, len(child.assessments), parties, event.id,
                                  frozenset(carried), len(earlier.reviewed) - len(carried) if earlier else 0)

    def last_review(self, child_id: UUID) -> LastReview | None:
        """The latest request for the child whose review can be carried over, with its marks as they stand; None
        when there is none (or it was made before the trail kept what is needed to match its third parties)."""
        self._require_administrator()
        return self._review_of(child_id, None)

    def _review_of(self, child_id: UUID, request_id: UUID | None) -> LastReview | None:
        with self._context.db.read() as uow:
            events = uow.audit.for_entity(child_id)
        produced = [event for event in events if event.action == "subject-access.produce" and "parties" in event.after
                    and (request_id is None or event.id == request_id)]
        if not produced:
            if request_id is not None:
                raise NotFound(f"No subject access files {request_id} were produced for the child {child_id}.")
            return None
        request = produced[-1]
        marks: dict[int, bool] = {}
        for event in events:  # oldest first: the latest mark of each third party stands
            if event.action == "subject-access.third-party-reviewed" and event.after["request_id"] == str(request.id):
                marks[event.after["party"]] = event.after["reviewed"]
        return LastReview(request.id, request.at, len(request.after["parties"]),
                          frozenset(position for position, reviewed in marks.items() if reviewed),
                          tuple(request.after["parties"]), request.after["salt"])

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


def _digest(salt: str, party: ThirdParty) -> str:
    """A third party as it stands in one request (who, their kind and role, every place and the count), as a
    salted digest: the trail can tell whether they are unchanged in a later request without holding their name."""
    text = "\x1f".join((salt, party.kind, party.name, party.role, party.where, str(party.mentions)))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


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
