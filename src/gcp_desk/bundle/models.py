"""The bundle format, version 2: the pydantic models that say what a bundle holds, and from which the JSON Schema
in ``docs/bundle-schema.json`` is generated.

A bundle is one JSON object. Its small parts come first (the format and its version, the organisation, who made it,
what it covers, the instruments and the staff named in it); then ``households`` (each with its adults), ``children``
(each with the links to its adults, its significant events and every assessment, each assessment with its
signatures, review comments and returns) and the origin's ``audit_events`` about them. The records are the domain
models themselves, with ids and times required rather than made up, so nothing is lost between two copies of
GCP Desk. A grade sits at ``children[i].assessments[j].item_grades.<item>.grade``.

What a signature fixes is the assessment itself: under its ``hash_scheme`` (``gcp-desk/assessment-content/1``,
``scoring.signing_content``) the signed canonical content is ``{"scheme": ..., "assessment": {the content fields}}``
as canonical JSON (sorted keys, no spaces, UTF-8, moments in UTC), and ``content_hash`` is its SHA-256. Every
content field is in the bundle as stored, so the content is reproduced exactly and checked on import; it is not
carried a second time as text, which would double the size of a caseload's bundle. An earlier round's signature,
whose content was changed after a return, keeps its hash; the content it fixed is the return's
``content_at_return``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..domain.assessment import Assessment, EvidenceNote, ItemGrade, PlanAction
from ..domain.enums import Role
from ..domain.events import SignificantEvent
from ..domain.people import Adult, Child, ChildAdultLink, Household, HouseholdMove
from ..domain.review import ReturnRecord, ReviewComment, Signature

FORMAT = "gcp-desk-bundle"
FORMAT_VERSION = 2
"""Raised whenever a reader of version N could misread a bundle of the new one; readers refuse newer versions and
read every older one. Version 2 added each child's ``moves`` between households, each adult's ``aliases`` (the
records merged into it), the household facts siblings' assessments share (``shared_facts``) and plan actions'
family id (``family_id``); a version 1 bundle reads as one with none of them.

What a team server's sync carries besides the records (``_kept``: versions, each grade's last change, the stored
places of notes and plan actions) was added to version 2 without raising it: the fields are optional, so every
bundle made before reads as it did; ``gcp-desk export`` leaves them out, so every bundle a person is given is one an
older copy of version 2 reads too; and a sync's own bundles are made and read by the same copy of GCP Desk (the
laptop's), never by another."""
SCHEMA_ID = "https://gcp-desk.invalid/schema/bundle-2.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _kept(description: str, *, ge: int | None = None) -> Any:
    """A field a team server's sync carries so that both copies keep the same bookkeeping: optional (an export
    leaves it out, and a bundle without it reads as before), and never part of the record as a reader compares or
    signs it (``model_dump`` leaves it out)."""
    return Field(default=None, ge=ge, exclude=True, description=description)


VERSION = "The record's version, which its database raises on every change (written by a team server's sync)."


class InstrumentUsed(_Strict):
    """An instrument an assessment in the bundle was graded with: the importing copy must hold the same one."""

    id: str
    version: str
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class StaffMember(_Strict):
    """Someone named in the bundle as author, signer, commenter or recorder. Matched by id when imported; an
    unknown one is kept as a historical signer who cannot sign in."""

    id: UUID
    name: str = Field(min_length=1, max_length=200)
    roles: list[Role] = Field(min_length=1)


class Coverage(_Strict):
    """What was asked for: one child, one household, or everything the person could see."""

    kind: Literal["child", "household", "all"]
    id: UUID | None = None


class AdultAlias(_Strict):
    """A duplicate record merged into this adult: its id still names the adult in signed content and the audit
    trail."""

    alias_id: UUID
    merged_by: UUID | None = None
    merged_at: datetime


class BundleAdult(Adult):
    id: UUID
    created_at: datetime
    version: int | None = _kept(VERSION, ge=1)
    aliases: list[AdultAlias] = Field(default_factory=list)
    """Since format 2."""


class BundleHousehold(Household):
    id: UUID
    created_at: datetime
    version: int | None = _kept(VERSION, ge=1)
    adults: list[BundleAdult] = Field(default_factory=list)


class BundleMove(HouseholdMove):
    """The child moving into a household (from another, or from none) on the day it happened."""

    id: UUID
    recorded_at: datetime


class BundleEvent(SignificantEvent):
    id: UUID
    created_at: datetime
    version: int | None = _kept(VERSION, ge=1)


class BundleSignature(Signature):
    id: UUID
    signed_at: datetime


class BundleComment(ReviewComment):
    id: UUID
    created_at: datetime


class BundleReturn(ReturnRecord):
    id: UUID
    returned_at: datetime
    content_at_return: dict[str, Any] | None = None
    """The assessment's content when it was returned, for "what changed since the return"."""


class BundleItemGrade(ItemGrade):
    updated_at: datetime | None = _kept("When the grade was last set (written by a team server's sync).")


class BundleEvidenceNote(EvidenceNote):
    position: int | None = _kept("The note's place among the assessment's notes as stored, gaps and all (written "
                                 "by a team server's sync); otherwise its place in the list.", ge=0)


class BundlePlanAction(PlanAction):
    position: int | None = _kept("The action's place in the plan as stored (written by a team server's sync); "
                                 "otherwise its place in the list.", ge=0)
    version: int | None = _kept(VERSION, ge=1)


class BundleAssessment(Assessment):
    """Every field of the assessment as stored; grades at ``item_grades.<item>.grade``."""

    id: UUID
    created_at: datetime
    updated_at: datetime
    item_grades: dict[str, BundleItemGrade] = Field(default_factory=dict)
    evidence: list[BundleEvidenceNote] = Field(default_factory=list)
    plan: list[BundlePlanAction] = Field(default_factory=list)
    signatures: list[BundleSignature] = Field(default_factory=list)
    review_comments: list[BundleComment] = Field(default_factory=list)
    returns: list[BundleReturn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _moments_in_utc(self) -> BundleAssessment:
        """Evidence times read as the same moments in ``datetime.UTC``, as storage gives them, so the signed content
        is hashed the quick way (``scoring.signing_content``); the moments themselves do not change."""
        for note in self.evidence:  # the note is this assessment's own, just made: set in place, not copied
            if note.created_at.tzinfo is not UTC or note.updated_at.tzinfo is not UTC:
                note.__dict__["created_at"] = _utc(note.created_at)
                note.__dict__["updated_at"] = _utc(note.updated_at)
        return self


class BundleChild(Child):
    id: UUID
    created_at: datetime
    updated_at: datetime
    version: int | None = _kept(VERSION, ge=1)
    links: list[ChildAdultLink] = Field(default_factory=list)
    """How each adult (in ``households[].adults``) stands to this child."""
    events: list[BundleEvent] = Field(default_factory=list)
    moves: list[BundleMove] = Field(default_factory=list)
    """Since format 2."""
    assessments: list[BundleAssessment] = Field(default_factory=list)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.utcoffset() is not None else moment


class OriginAuditEvent(_Strict):
    """An audit event of the copy the bundle came from, with its link in that copy's hash chain. Kept as an origin
    record when imported; the import itself is one event in the importing copy's own chain."""

    seq: int = Field(ge=1, le=2 ** 31 - 1)
    id: UUID
    at: datetime
    actor_id: UUID | None
    action: str = Field(max_length=80)
    entity: str = Field(max_length=80)
    entity_id: str = Field(max_length=80)
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    payload_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class Tombstone(_Strict):
    """A child's record deleted under the retention rule where the bundle was made: ids and a time, nothing
    personal. An importing copy records it, never imports that child again, and reports it if it still holds the
    record, for its own administrator to delete."""

    entity: Literal["child"]
    entity_id: UUID
    deleted_at: datetime


class BundleHeader(_Strict):
    """The small parts of a bundle, before its records."""

    format: Literal["gcp-desk-bundle"]
    format_version: int = Field(ge=1)
    id: UUID
    """This bundle's own id: the export and the import name it in their audit events."""
    organisation_id: UUID
    organisation_name: str = ""
    exported_at: datetime
    exported_by: UUID
    coverage: Coverage
    instruments: list[InstrumentUsed] = Field(default_factory=list)
    staff: list[StaffMember] = Field(default_factory=list)


class Bundle(BundleHeader):
    """A whole bundle. Readers take it a record at a time (``bundle.reading``); this model is what the schema
    describes."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"$id": SCHEMA_ID})

    households: list[BundleHousehold] = Field(default_factory=list)
    children: list[BundleChild] = Field(default_factory=list)
    audit_events: list[OriginAuditEvent] = Field(default_factory=list)
    tombstones: list[Tombstone] = Field(default_factory=list)


RECORD_ARRAYS: dict[str, type[BaseModel]] = {
    "households": BundleHousehold,
    "children": BundleChild,
    "audit_events": OriginAuditEvent,
    "tombstones": Tombstone,
}
"""The top-level arrays, read one element at a time, and the model of each element."""
HEADER_FIELDS = frozenset(BundleHeader.model_fields)


def json_schema() -> dict[str, Any]:
    schema = Bundle.model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    schema["description"] = (
        f"GCP Desk bundle, format version {FORMAT_VERSION} (readers read every earlier version too): one child, a "
        "household or a caseload, with every assessment, grade (children[].assessments[].item_grades.<item>.grade), "
        "evidence, signature and amendment, moves between households, merged adults' aliases, household facts shared "
        "by siblings and plan actions shared by a family. Generated from gcp_desk.bundle.models; do not edit by hand.")
    return schema


