"""The database schema, declared once as typed ORM classes.

Repositories read and write through the tables below with Core statements (``insert(ChildRow.__table__)`` and
``select(ChildRow.id, ...)``) and hand out domain objects, so no ORM instance and no identity map ever outlives a
call. The classes exist to declare the schema in one typed place and to give alembic its target.

Why the layout is as it is:

- An assessment's parts that change one at a time while a practitioner types (item grades, evidence, domain grades,
  plan actions) are rows in their own tables, so a keypress writes one row. Parts that are always read and written
  whole and never queried (visits, how seen, context, adults in the assessment, reviews of the previous plan's
  actions) are small JSON values.
- ``assessments.assessment_date`` and ``concern_domains`` repeat what the parts already say, and each child row
  carries a summary of the child's latest assessment (``latest_*``, ``assessment_count``), so the caseload is one
  scan of the children table with no join and no JSON parsing. ``children.identifier_text`` and ``search_text`` do
  the same for search.
- Composite-key tables are ``WITHOUT ROWID`` on SQLite: the key is the row's storage order, which saves a second
  b-tree on the largest table (item grades) and makes "all grades of these assessments" a range scan.
- Deleting an assessment cascades to its parts in the database, so no caller can leave orphans behind.
- Significant events belong to the child, not to an assessment: the chronology reads them beside every assessment.
- The declarative base and the column types shared by every table are in ``orm_base``; the audit trail and what
  imports leave beside it (other copies' events, historical staff, tombstones) in ``orm_trail``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.enums import AssessmentStatus, EventKind, EvidenceSource, PlanType, Relationship, Role, Sex
from ..domain.review import SignatureKind
from .orm_base import IDENTIFIER, NAME, NULLABLE_JSON, RANK_TEXT, Base
from .orm_sync import (SyncBaseRow, SyncChildRow, SyncConflictRow, SyncJournalRow, SyncReleaseMarkRow,
                       SyncStateRow)
from .orm_kept import CaseloadTallyRow
from .orm_trail import (
    AuditChainRow,
    AuditEventRow,
    HistoricalStaffRow,
    OriginAuditEventRow,
    TombstoneRow,
)
from .types import EnumText

class TeamRow(Base):
    __tablename__ = "teams"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NAME)
    created_at: Mapped[datetime]


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NAME)
    role: Mapped[Role] = mapped_column(EnumText(Role))
    """The main role, repeated first in ``roles``; kept for readers that know one role (the quick start)."""
    roles: Mapped[str] = mapped_column(String(200), server_default="")
    """Every role the person holds, comma-separated, the main one first."""
    created_at: Mapped[datetime]
    team_id: Mapped[UUID | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    """argon2id, in its own encoding with salt and cost; NULL for an account made before passwords existed, which
    chooses one at its next sign-in. Never part of the domain ``User``: only the password service reads it."""
    password_must_change: Mapped[bool] = mapped_column(server_default="0")
    """A one-time password given by an administrator: the person chooses their own at the next sign-in."""
    disabled_at: Mapped[datetime | None]
    """When an administrator disabled the account (someone who has left); cleared by a new one-time password."""


class ChildShareRow(Base):
    """A child's record shared by a supervisor with another team, with the reason; revoked, not deleted."""

    __tablename__ = "child_shares"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    child_id: Mapped[UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[UUID] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str]
    shared_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    shared_at: Mapped[datetime]
    revoked_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None]


class HouseholdRow(Base):
    __tablename__ = "households"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NAME)
    address: Mapped[str]
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(server_default="1")
    """Raised by the database on every change (migration 0015): what a sync compares."""


class ChildRow(Base):
    __tablename__ = "children"
    # The caseload's order: read in index order rather than sorted for every listing.
    __table_args__ = (
        Index(None, "family_name", "given_name", "id"),
        Index(None, "attention_rank"),
        # The caseload a page at a time (migration 0010): pages in name order and searches, then the filters' counts.
        Index("ix_children_caseload_order", "sort_name", "id", "team_id", "search_text"),
        Index("ix_children_caseload_counts", "team_id", "latest_status", "latest_owner_id", "attention_rank",
              "concern_domains"),
        Index("ix_children_attention_order", "attention_rank", "sort_name", "id"),
        # The children whose stored attention no longer holds (migration 0014): found without reading every row.
        Index("ix_children_attention_until", "attention_until"),
        Index("ix_children_attention_from", "attention_from"),
        Index("ix_children_attention_basis", "attention_basis"),
        # Grouped by household (migration 0018): pages in the grouped order, the needs-attention list grouped.
        Index("ix_children_household_order", "household_sort", "sort_name", "id", "team_id", "search_text"),
        Index("ix_children_household_attention", "household_sort", "attention_rank", "sort_name", "id"),
        # Grouped by household in the order of the families' flags (migration 0019).
        Index("ix_children_family_order", "family_rank", "household_sort", "attention_weight", "sort_name", "id",
              "team_id", "search_text"),
        Index("ix_children_household_team", "household_id", "team_id", "id", "version"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(NAME)
    family_name: Mapped[str] = mapped_column(NAME)
    date_of_birth: Mapped[date | None]
    expected_date_of_delivery: Mapped[date | None]
    sex: Mapped[Sex] = mapped_column(EnumText(Sex))
    ethnicity: Mapped[str]
    identifiers: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    """``[{"scheme": ..., "value": ...}]``, as typed."""
    identifier_text: Mapped[str]
    """The identifiers' values, space-separated, for the caseload row."""
    search_text: Mapped[str]
    """Names and identifier values in lower case, for search as you type."""
    sort_name: Mapped[str] = mapped_column(String(402), server_default="")
    """Family then given name in lower case (``rows.sort_name``): the caseload's order as people read names, read a
    page at a time through its index."""
    household_id: Mapped[UUID | None] = mapped_column(ForeignKey("households.id", ondelete="SET NULL"), index=True)
    household_sort: Mapped[str] = mapped_column(Text, server_default="1")
    """The household's place in the caseload grouped by household, kept by the database's triggers (migration
    0018): ``'0'``, the household's name in lower case, when it was recorded, its id (with separators);
    ``'1'``: no household (last)."""
    plan_type: Mapped[PlanType] = mapped_column(EnumText(PlanType))
    team_id: Mapped[UUID | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    """Who may see the record: this team's members (and teams it is shared with); NULL: the people in no team."""
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The caseload's summary of the child's latest assessment, kept by storage (``child_summary``) on every write
    # that can change it, so the caseload is one scan of this table. Not a foreign key: it is a derived copy, and
    # a key from children to assessments and back would make every insert and batch migration order-sensitive.
    latest_assessment_id: Mapped[UUID | None]
    latest_status: Mapped[AssessmentStatus | None] = mapped_column(EnumText(AssessmentStatus))
    latest_date: Mapped[date | None]
    """The latest assessment's last visit date, or its creation date (UTC) while it has no visit."""
    latest_owner_id: Mapped[UUID | None]
    concern_domains: Mapped[str] = mapped_column(server_default="")
    """The latest assessment's domains graded 4 or 5, comma-separated in instrument order."""
    assessment_count: Mapped[int] = mapped_column(server_default="0")
    """Assessments not replaced by an amendment."""
    # Why the child needs attention, worked out by the services (``services.stored_attention``) on every write
    # that can change it, so the "needs attention" list is one indexed read rather than every child's history.
    attention: Mapped[str] = mapped_column(server_default="")
    """The reasons and the next reassessment date as JSON; empty when never worked out."""
    attention_rank: Mapped[str | None] = mapped_column(RANK_TEXT)
    """Sorts the most pressing child first; NULL when the child needs no attention."""
    attention_from: Mapped[date | None]
    """The day the reasons were worked out on: they hold from then until ``attention_until``."""
    attention_until: Mapped[date | None]
    """The last day the stored reasons hold (a reassessment or a target falls due the day after); NULL: until
    the record changes."""
    attention_basis: Mapped[str] = mapped_column(String(64), server_default="")
    """What the reasons were worked out with (settings and instruments); empty: to be worked out again."""
    attention_weight: Mapped[str] = mapped_column(Text, server_default="9")
    """The child's place among brothers and sisters, most and worst flags first; kept by the database's triggers
    from the stored attention (migration 0019). ``'9'``: no flag."""
    family_rank: Mapped[str] = mapped_column(Text, server_default="9")
    """The family's place in the caseload grouped by household, the same on each of its children: the worst flag,
    then how many children are flagged (``scoring.family_order``); kept by the database's triggers (migration 0019).
    ``'9'``: no child of the family is flagged."""
    father_unknown_reason: Mapped[str] = mapped_column(server_default="")
    """Why the child's birth father is not recorded (not known, not named by the mother...); empty: not said."""
    version: Mapped[int] = mapped_column(server_default="1")


class AdultRow(Base):
    __tablename__ = "adults"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    household_id: Mapped[UUID] = mapped_column(ForeignKey("households.id"), index=True)
    given_name: Mapped[str] = mapped_column(NAME)
    family_name: Mapped[str] = mapped_column(NAME)
    sex: Mapped[Sex] = mapped_column(EnumText(Sex))
    date_of_birth: Mapped[date | None]
    relevant_history: Mapped[str]
    created_at: Mapped[datetime]
    known_to_services: Mapped[bool | None]
    """Whether services knew the adult before they came into the children's lives; NULL: not asked yet."""
    version: Mapped[int] = mapped_column(server_default="1")


class AdultAliasRow(Base):
    """A duplicate adult merged into the one kept: the id signed content and the audit trail used keeps resolving."""

    __tablename__ = "adult_aliases"

    alias_id: Mapped[UUID] = mapped_column(primary_key=True)
    adult_id: Mapped[UUID] = mapped_column(ForeignKey("adults.id"), index=True)
    merged_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    merged_at: Mapped[datetime]


class HouseholdMoveRow(Base):
    """A child moving from one household to another, on the date the move happened."""

    __tablename__ = "household_moves"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    child_id: Mapped[UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    from_household_id: Mapped[UUID | None]
    """Not a foreign key: the move is history and outlives a household merged away."""
    to_household_id: Mapped[UUID]
    moved_on: Mapped[date]
    recorded_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]


class ChildAdultLinkRow(Base):
    __tablename__ = "child_adult_links"
    __table_args__ = (Index(None, "adult_id"), {"sqlite_with_rowid": False})

    child_id: Mapped[UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), primary_key=True)
    adult_id: Mapped[UUID] = mapped_column(ForeignKey("adults.id", ondelete="CASCADE"), primary_key=True)
    relationship: Mapped[Relationship] = mapped_column(EnumText(Relationship))
    parental_responsibility: Mapped[bool]
    lives_with_child: Mapped[bool]
    part_time: Mapped[bool] = mapped_column(server_default="0")
    """Lives with the child part of the time (e.g. alternate weeks)."""


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (
        # "This child's assessments in date order": history sorts by it, and recomputing a child's caseload summary
        # finds the child's few assessments through it.
        Index(None, "child_id", "assessment_date", "created_at", "id", "status"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    child_id: Mapped[UUID] = mapped_column(ForeignKey("children.id"))
    instrument_id: Mapped[str] = mapped_column(IDENTIFIER)
    instrument_version: Mapped[str] = mapped_column(String(40))
    instrument_hash: Mapped[str] = mapped_column(String(128))
    age_band: Mapped[str | None] = mapped_column(IDENTIFIER)
    status: Mapped[AssessmentStatus] = mapped_column(EnumText(AssessmentStatus))
    visits: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    how_seen: Mapped[dict[str, Any]] = mapped_column(JSON)
    context: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    adults: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    action_reviews: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    child_voice: Mapped[str]
    carers_views: Mapped[str]
    strengths: Mapped[str]
    analysis: Mapped[str]
    created_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    amends_id: Mapped[UUID | None] = mapped_column(ForeignKey("assessments.id"))
    amendment_reason: Mapped[str]
    participation: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    """The family's part (consent, how it was shared, their view, acknowledgement); NULL until recorded."""
    shared_facts: Mapped[list[dict[str, Any]] | None] = mapped_column(NULLABLE_JSON)
    """Household facts that came from siblings' assessments and whether each is confirmed; NULL: none."""
    assessment_date: Mapped[date | None]
    """The last visit's date; NULL until a visit is recorded."""
    concern_domains: Mapped[str]
    """Domain ids graded 4 or 5, comma-separated in instrument order; written by the service that scores."""


class SignatureRow(Base):
    """A practitioner's or supervisor's signature: append-only, like the audit trail. No cascade: an assessment
    that carries a signature can never be deleted."""

    __tablename__ = "signatures"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    assessment_id: Mapped[UUID] = mapped_column(ForeignKey("assessments.id"), index=True)
    kind: Mapped[SignatureKind] = mapped_column(EnumText(SignatureKind))
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(NAME)
    """The name and role as they were when signing, so a later rename does not rewrite a signed record."""
    role: Mapped[Role] = mapped_column(EnumText(Role))
    signed_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    hash_scheme: Mapped[str] = mapped_column(String(80), server_default="gcp-desk/assessment-content/1")
    """How ``content_hash`` was computed (``scoring.signing_content.HASH_SCHEME`` at the time of signing)."""


class ReviewCommentRow(Base):
    """A supervisor's comment on a domain, or on the whole assessment (``domain_id`` NULL). Append-only."""

    __tablename__ = "review_comments"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    assessment_id: Mapped[UUID] = mapped_column(ForeignKey("assessments.id"), index=True)
    domain_id: Mapped[str | None] = mapped_column(IDENTIFIER)
    text: Mapped[str]
    author_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(NAME)
    round: Mapped[int]
    created_at: Mapped[datetime]


class ReturnRow(Base):
    """An assessment sent back to its practitioner with reasons, one row per round. Append-only."""

    __tablename__ = "assessment_returns"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    assessment_id: Mapped[UUID] = mapped_column(ForeignKey("assessments.id"), index=True)
    reasons: Mapped[str]
    returned_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    returned_by_name: Mapped[str] = mapped_column(NAME)
    round: Mapped[int]
    returned_at: Mapped[datetime]


class ReturnSnapshotRow(Base):
    """The assessment's content when it was returned, so the next look can show what changed. Append-only."""

    __tablename__ = "return_snapshots"

    return_id: Mapped[UUID] = mapped_column(ForeignKey("assessment_returns.id"), primary_key=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)


APPEND_ONLY_TABLES = ("audit_events", "signatures", "review_comments", "assessment_returns", "return_snapshots",
                      "audit_chain", "origin_audit_events", "historical_staff", "tombstones")
"""Tables the database itself refuses to update or delete from (triggers made by the migrations)."""


class ItemGradeRow(Base):
    __tablename__ = "item_grades"
    __table_args__ = (
        CheckConstraint("grade IS NULL OR grade BETWEEN 1 AND 5", name="grade_range"),
        CheckConstraint("(grade IS NULL) <> (not_assessed_reason IS NULL)", name="grade_or_reason"),
        {"sqlite_with_rowid": False},
    )

    assessment_id: Mapped[UUID] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(IDENTIFIER, primary_key=True)
    grade: Mapped[int | None] = mapped_column(SmallInteger)
    not_assessed_reason: Mapped[str | None]
    updated_at: Mapped[datetime]


class EvidenceNoteRow(Base):
    __tablename__ = "evidence_notes"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    assessment_id: Mapped[UUID] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    """Keeps the notes in the order they were added, which is the order the record and its hash show."""
    item_id: Mapped[str | None] = mapped_column(IDENTIFIER)
    source: Mapped[EvidenceSource] = mapped_column(EnumText(EvidenceSource))
    text: Mapped[str]
    author_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DomainGradeRow(Base):
    __tablename__ = "domain_grades"
    __table_args__ = (
        CheckConstraint("chosen BETWEEN 1 AND 5", name="chosen_range"),
        CheckConstraint("suggested IS NULL OR suggested BETWEEN 1 AND 5", name="suggested_range"),
        {"sqlite_with_rowid": False},
    )

    assessment_id: Mapped[UUID] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    domain_id: Mapped[str] = mapped_column(IDENTIFIER, primary_key=True)
    chosen: Mapped[int] = mapped_column(SmallInteger)
    suggested: Mapped[int | None] = mapped_column(SmallInteger)
    override_reason: Mapped[str]


class PlanActionRow(Base):
    __tablename__ = "plan_actions"
    __table_args__ = (CheckConstraint("target_grade BETWEEN 1 AND 5", name="target_grade_range"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    assessment_id: Mapped[UUID] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    domain_id: Mapped[str] = mapped_column(IDENTIFIER)
    what_will_change: Mapped[str]
    who: Mapped[str]
    agency: Mapped[str]
    by_when: Mapped[date]
    target_grade: Mapped[int] = mapped_column(SmallInteger)
    progress_notes: Mapped[str]
    carried_from_id: Mapped[UUID | None]
    """The previous plan's action this one carries forward. Not a foreign key: a plan is replaced whole
    (``set_plan``), and the thread must survive that."""
    family_id: Mapped[UUID | None]
    """Shared by the copies of one action in brothers' and sisters' plans (``services.family_plan``)."""
    version: Mapped[int] = mapped_column(server_default="1")


class SignificantEventRow(Base):
    __tablename__ = "significant_events"
    # "This child's chronology in date order" is the only way events are read.
    __table_args__ = (Index(None, "child_id", "date", "created_at", "id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    child_id: Mapped[UUID] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    date: Mapped[date]
    kind: Mapped[EventKind] = mapped_column(EnumText(EventKind))
    what_happened: Mapped[str]
    source_agency: Mapped[str]
    recorded_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(server_default="1")


class AppMetaRow(Base):
    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str]


def table(row_class: type[Base]) -> Table:
    """The Core table of a row class, typed as a ``Table`` for Core ``insert``/``update``/``delete``."""
    result = row_class.__table__
    assert isinstance(result, Table)
    return result


teams = table(TeamRow)
users = table(UserRow)
households = table(HouseholdRow)
children = table(ChildRow)
adults = table(AdultRow)
child_adult_links = table(ChildAdultLinkRow)
adult_aliases = table(AdultAliasRow)
household_moves = table(HouseholdMoveRow)
assessments = table(AssessmentRow)
item_grades = table(ItemGradeRow)
evidence_notes = table(EvidenceNoteRow)
domain_grades = table(DomainGradeRow)
plan_actions = table(PlanActionRow)
significant_events = table(SignificantEventRow)
audit_events = table(AuditEventRow)
signatures = table(SignatureRow)
review_comments = table(ReviewCommentRow)
assessment_returns = table(ReturnRow)
child_shares = table(ChildShareRow)
return_snapshots = table(ReturnSnapshotRow)
app_meta = table(AppMetaRow)
audit_chain = table(AuditChainRow)
origin_audit_events = table(OriginAuditEventRow)
historical_staff = table(HistoricalStaffRow)
tombstones = table(TombstoneRow)
sync_state = table(SyncStateRow)
sync_base = table(SyncBaseRow)
sync_children = table(SyncChildRow)
sync_conflicts = table(SyncConflictRow)
sync_journal = table(SyncJournalRow)
sync_release_marks = table(SyncReleaseMarkRow)
caseload_tally = table(CaseloadTallyRow)
