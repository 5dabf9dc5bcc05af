"""One graded profile of one child's care, as built up over a few home visits."""

from __future__ import annotations

from datetime import date, datetime
from datetime import date as Day
from typing import Annotated
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .clock import utc_now
from .enums import (
    ActionOutcome,
    AssessmentStatus,
    Consent,
    ContextFactor,
    EvidenceSource,
    Involvement,
    Relationship,
    SharedFactKind,
)

Grade = Annotated[int, Field(ge=1, le=5)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Visit(_Model):
    id: UUID = Field(default_factory=uuid4)
    date: date
    announced: bool = True
    visitors: list[str] = Field(default_factory=list)
    """Who visited, by name and role."""
    note: str = ""
    recorded_on: Day | None = None
    """The day the visit was entered, so a visit written up later shows as back-dated; ``None`` on records
    made before this was kept."""

    @property
    def back_dated(self) -> bool:
        return self.recorded_on is not None and self.recorded_on > self.date


class HowSeen(_Model):
    """How the child and the home were actually seen, so a record cannot hide a view "through a window"."""

    child_seen: bool = False
    child_seen_alone: bool = False
    rooms_seen: list[str] = Field(default_factory=list)
    present: list[str] = Field(default_factory=list)
    """Who else was present during the visits."""
    note: str = ""


class ContextEntry(_Model):
    factor: ContextFactor
    note: str = ""
    confirmed: bool = True
    """False when carried over from the previous assessment and not yet confirmed for this one."""


class AssessmentAdult(_Model):
    """A significant adult as they figured in this assessment."""

    adult_id: UUID
    name: str
    relationship: Relationship
    involvement: Involvement = Involvement.NOT_CONTACTED
    confirmed: bool = True
    """False when carried over from the previous assessment and not yet confirmed for this one."""
    known_to_services: bool | None = None
    """As the child record said when the adult came onto this assessment; ``None``: not asked."""


class ItemGrade(_Model):
    """A grade for one item, or "not assessed" with the reason why. Never both."""

    item_id: str
    grade: Grade | None = None
    not_assessed_reason: Reason | None = None

    @model_validator(mode="after")
    def _grade_or_reason(self) -> ItemGrade:
        if self.grade is None and self.not_assessed_reason is None:
            raise ValueError("an item needs a grade from 1 to 5 or, if not assessed, the reason why")
        if self.grade is not None and self.not_assessed_reason is not None:
            raise ValueError("an item cannot be both graded and marked not assessed")
        return self

    @property
    def not_assessed(self) -> bool:
        return self.grade is None


class EvidenceNote(_Model):
    id: UUID = Field(default_factory=uuid4)
    item_id: str | None = None
    """The item the note supports; ``None`` for a note on the assessment as a whole."""
    source: EvidenceSource
    text: Reason
    author_id: UUID | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class DomainGrade(_Model):
    """The practitioner's grade for a domain. The suggestion is computed by scoring; an override needs a reason."""

    domain_id: str
    chosen: Grade
    suggested: Grade | None = None
    """The suggestion when the grade was chosen, kept so a reader can see an override."""
    override_reason: str = ""

    @model_validator(mode="after")
    def _override_needs_reason(self) -> DomainGrade:
        if self.suggested is not None and self.chosen != self.suggested and not self.override_reason.strip():
            raise ValueError(
                f"the chosen grade {self.chosen} differs from the suggested grade {self.suggested}: "
                "give the reason for the override"
            )
        return self

    @property
    def is_override(self) -> bool:
        return self.suggested is not None and self.chosen != self.suggested


class PlanAction(_Model):
    """One measurable step of the outcome plan: what changes in which domain, who does it, by when, to what grade."""

    id: UUID = Field(default_factory=uuid4)
    domain_id: str
    what_will_change: Reason
    who: Reason
    agency: str = ""
    by_when: date
    target_grade: Grade
    progress_notes: str = ""
    carried_from_id: UUID | None = None
    """The action of the previous plan this one carries forward, so progress reads as one thread."""
    family_id: UUID | None = None
    """Set on an action shared by brothers and sisters (e.g. the home's heating fixed): each child's plan holds its
    own copy, all with this id, kept in step and reviewed once with an outcome for each child."""


class ActionReview(_Model):
    """At the next assessment, how one action of the previous plan turned out, and whether it goes on."""

    action_id: UUID
    outcome: ActionOutcome
    note: str = ""
    carried_forward: bool = False


class Participation(_Model):
    """The family's part in the assessment: whether they agreed to it, how it was shared with them, their own view
    in their words, and their acknowledgement that they were shown it (which is not agreement)."""

    consent: Consent = Consent.NOT_ASKED
    shared_how: str = ""
    """How the assessment was talked through with the family, e.g. "Read through at home with both parents"."""
    shared_on: date | None = None
    parent_view: str = ""
    """The parent's or carer's own view of the assessment, in their words."""
    acknowledged_by: str = ""
    """Who signed the family summary to say they were shown it."""
    acknowledged_on: date | None = None


class SharedFact(_Model):
    """A household fact entered in a sibling's assessment and shown in this one, for this child's practitioner to
    confirm for this child. Context factors and adults carry their own ``confirmed``; these are the rest."""

    kind: SharedFactKind
    key: str = ""
    """The visit's id, the item's id or this assessment's evidence note id; empty for how the home was seen."""
    origin: str = ""
    """For a note: the id of the note first written, so every copy of it is found and kept in step."""
    from_assessment_id: UUID
    """The sibling's assessment it came from most recently."""
    confirmed: bool = False
    replaced_grade: int | None = None
    """For a home item: this child's own grade that the sibling's change replaced (kept through further unconfirmed
    changes, so it is the grade this child last had); ``None`` when the item had no grade."""


class Assessment(_Model):
    id: UUID = Field(default_factory=uuid4)
    child_id: UUID
    instrument_id: str
    instrument_version: str
    instrument_hash: str
    age_band: str | None = None
    """Set from the child's age on the first visit's date; ``None`` until a visit is recorded."""
    status: AssessmentStatus = AssessmentStatus.DRAFT
    visits: list[Visit] = Field(default_factory=list)
    how_seen: HowSeen = Field(default_factory=HowSeen)
    context: list[ContextEntry] = Field(default_factory=list)
    adults: list[AssessmentAdult] = Field(default_factory=list)
    item_grades: dict[str, ItemGrade] = Field(default_factory=dict)
    evidence: list[EvidenceNote] = Field(default_factory=list)
    domain_grades: dict[str, DomainGrade] = Field(default_factory=dict)
    child_voice: str = ""
    """The child's own words, and for a child too young to talk, what was seen of their daily life."""
    carers_views: str = ""
    strengths: str = ""
    analysis: str = ""
    plan: list[PlanAction] = Field(default_factory=list)
    action_reviews: list[ActionReview] = Field(default_factory=list)
    """Reviews of the previous assessment's plan actions, made at this assessment."""
    created_by: UUID | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    submitted_at: datetime | None = None
    amends_id: UUID | None = None
    """The countersigned assessment this one corrects, if it is an amendment."""
    amendment_reason: str = ""
    participation: Participation | None = None
    """``None`` until anything of the family's part is recorded."""
    shared_facts: list[SharedFact] = Field(default_factory=list)
    """Household facts that came from siblings assessed on the same visits, and whether each is confirmed."""

    def shared_fact(self, kind: SharedFactKind, key: str = "") -> SharedFact | None:
        return next((fact for fact in self.shared_facts if fact.kind is kind and fact.key == key), None)

    @property
    def unconfirmed_shared_facts(self) -> list[SharedFact]:
        """Visits, how the home was seen and home items still to confirm; context factors and adults carry their
        own ``confirmed`` (see ``from_sibling``)."""
        own = (SharedFactKind.EVIDENCE, SharedFactKind.CONTEXT, SharedFactKind.ADULT)
        return [fact for fact in self.shared_facts if not fact.confirmed and fact.kind not in own]

    def from_sibling(self, entry: ContextEntry | AssessmentAdult) -> bool:
        """Whether this unconfirmed context factor or adult came from a brother's or sister's assessment on the same
        visits, rather than being carried over from this child's last assessment."""
        if entry.confirmed:
            return False
        if isinstance(entry, ContextEntry):
            return self.shared_fact(SharedFactKind.CONTEXT, entry.factor.value) is not None
        return self.shared_fact(SharedFactKind.ADULT, str(entry.adult_id)) is not None

    @property
    def first_visit_date(self) -> date | None:
        return min((visit.date for visit in self.visits), default=None)

    @property
    def last_visit_date(self) -> date | None:
        return max((visit.date for visit in self.visits), default=None)

    def evidence_for(self, item_id: str) -> list[EvidenceNote]:
        return [note for note in self.evidence if note.item_id == item_id]
