"""The home-visit assessment: start it, record visits, grade items, add evidence, choose domain grades, submit.

Every call is one transaction that stores the change and its audit event together, then returns the assessment as
stored, so the screen always redraws from what is really in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from ..domain.assessment import (
    Assessment,
    ContextEntry,
    HowSeen,
    ItemGrade,
    PlanAction,
    Visit,
)
from ..domain.enums import AssessmentStatus, Involvement, Role, SharedFactKind
from ..domain.errors import IncompleteAssessment, InvalidInput, NotAllowed, NotFound, Problem
from ..domain.instrument import Instrument
from ..domain.clock import utc_now
from ..domain.review import Signature, SignatureKind
from ..scoring.age import age_band_for, format_date
from ..scoring.change_over_time import ChangeOverTime
from ..scoring.completeness import Gap, find_gaps
from ..scoring.drift import assessment_date
from ..scoring.flags import concern_domains
from ..scoring.signing_content import HASH_SCHEME, assessment_content_hash
from ..scoring.suggest import Suggestion, domain_grade_moves, suggest_domain_grade
from ..scoring.warnings import find_warnings
from ..storage.unit_of_work import UnitOfWork
from . import audit_payloads as payloads
from .assessment_start import start_in
from .assessment_checks import carried_over_adults, check_item
from .assessment_content import AssessmentContent
from .context import ServiceContext
from .credentials import require_actor, require_password
from .edit_rules import check_author, check_editable
from .household_facts import share_household_fact
from .shared_facts import confirm_change, merged_context, merged_list, owned_by_this_child
from .validation import build


class AssessmentService(AssessmentContent):
    def __init__(self, context: ServiceContext):
        self._context = context

    # Reading ------------------------------------------------------------------------------------------------
    def get(self, assessment_id: UUID) -> Assessment:
        with self._context.transaction() as uow:
            return uow.assessments.get(assessment_id)

    def history(self, child_id: UUID) -> list[Assessment]:
        """Every assessment of the child, oldest first (``NotFound``: no such child). Only reads: it never waits
        for a grade being stored."""
        with self._context.read() as uow:
            return uow.assessments.history(child_id)

    def instrument_for(self, assessment: Assessment) -> Instrument:
        """The instrument the assessment was graded with, checked against the hash it recorded."""
        instrument = self._context.instruments.by_hash(assessment.instrument_hash)
        if instrument is None:
            raise NotFound(
                f"The instrument this assessment was graded with ({assessment.instrument_id}, version "
                f"{assessment.instrument_version}) is not installed, or its file has been changed since."
            )
        return instrument

    def change_over_time(self, assessment_id: UUID) -> ChangeOverTime:
        """The assessment read against the child's earlier ones (``scoring.change_over_time``): change by domain,
        drift, the previous plan's targets judged on its visit date, a new baseline."""
        from .change_reading import change_over_time_of

        with self._context.read() as uow:
            assessment = uow.assessments.get(assessment_id)
            history = uow.assessments.history(assessment.child_id)
        return change_over_time_of(self._context, self, history, assessment)

    def suggestion(self, assessment: Assessment, domain_id: str) -> Suggestion | None:
        return suggest_domain_grade(self.instrument_for(assessment), assessment, domain_id)

    def gaps(self, assessment: Assessment) -> list[Gap]:
        """What is missing before submission, the review of the previous plan included."""
        with self._context.transaction() as uow:
            previous_plan = self.previous_plan(uow, assessment.id)
        return find_gaps(self.instrument_for(assessment), assessment, previous_plan=previous_plan)

    def plan_to_review(self, assessment_id: UUID) -> list[PlanAction]:
        """The previous assessment's plan, which this one must review (``gaps`` reads it too): read once when an
        assessment opens, so that its gaps can be worked out again after every change without the database."""
        with self._context.read() as uow:
            return self.previous_plan(uow, assessment_id)

    def sibling_grades(self, assessment_id: UUID, item_id: str) -> list:
        """This child's grade of the item, then each sibling's on the same visits (``siblings``)."""
        from .sibling_grid import sibling_grades

        with self._context.read() as uow:
            return sibling_grades(uow, assessment_id, item_id)

    def warnings(self, assessment: Assessment) -> list[Gap]:
        """What to weigh before submitting, never a reason to refuse it: evidence balance, the instrument's visit
        rules, strengths, fathers and new adults not seen (``scoring.warnings``)."""
        with self._context.transaction() as uow:
            previous_id = uow.previous.previous_id(assessment.id)
            previous = uow.assessments.get(previous_id) if previous_id is not None else None
        return find_warnings(self.instrument_for(assessment), assessment, previous)

    @staticmethod
    def previous_plan(uow: UnitOfWork, assessment_id: UUID) -> list[PlanAction]:
        """The plan of the assessment before this one, whose every action this one must review."""
        previous_id = uow.previous.previous_id(assessment_id)
        if previous_id is None:
            return []
        return uow.grade_history.plans([previous_id]).get(previous_id, [])

    # Starting -----------------------------------------------------------------------------------------------
    def start(self, child_id: UUID, *, instrument_id: str | None = None) -> Assessment:
        """Start a new assessment. The previous one's adults and context come across for confirmation; never
        its grades, so each profile is graded afresh."""
        with self._context.transaction() as uow:
            return self._start_in(uow, child_id, instrument_id)

    def _start_in(self, uow: UnitOfWork, child_id: UUID, instrument_id: str | None) -> Assessment:
        """The body of ``start``, in the caller's unit of work (siblings start together in one)."""
        return start_in(self._context, uow, child_id, instrument_id)

    # Visits and how the child was seen ----------------------------------------------------------------------
    def add_visit(
        self,
        assessment_id: UUID,
        *,
        on: date,
        announced: bool = True,
        visitors: list[str] | None = None,
        note: str = "",
    ) -> Assessment:
        visit = build(Visit, date=on, announced=announced, visitors=visitors or [], note=note,
                      recorded_on=self._context.today())

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            visits = [*assessment.visits, visit]
            self._store_visits(uow, assessment, instrument, visits)
            return None, payloads.created(visit)

        return self._edit(assessment_id, "assessment.add-visit", change)

    def update_visit(self, assessment_id: UUID, visit: Visit) -> Assessment:
        visit = build(Visit, **visit.model_dump())

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = next((v for v in assessment.visits if v.id == visit.id), None)
            if before is None:
                raise NotFound("That visit is not part of this assessment.")
            kept = visit.model_copy(update={"recorded_on": before.recorded_on or self._context.today()})
            visits = [kept if v.id == visit.id else v for v in assessment.visits]
            self._store_visits(uow, assessment, instrument, visits)
            return payloads.changed(before, visit)

        return self._edit(assessment_id, "assessment.update-visit", change)

    def remove_visit(self, assessment_id: UUID, visit_id: UUID) -> Assessment:
        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = next((v for v in assessment.visits if v.id == visit_id), None)
            if before is None:
                raise NotFound("That visit is not part of this assessment.")
            self._store_visits(uow, assessment, instrument, [v for v in assessment.visits if v.id != visit_id])
            return payloads.created(before), None

        return self._edit(assessment_id, "assessment.remove-visit", change)

    def _store_visits(self, uow: UnitOfWork, assessment: Assessment, instrument: Instrument,
                      visits: list[Visit]) -> None:
        today = self._context.today()
        for visit in visits:
            if visit.date > today:
                raise InvalidInput([Problem("Visit date", f"{format_date(visit.date)} is in the future")])
        child = uow.children.get(assessment.child_id)
        band_id = None
        if visits:
            first = min(v.date for v in visits)
            band = age_band_for(
                instrument,
                date_of_birth=child.date_of_birth,
                expected_date_of_delivery=child.expected_date_of_delivery,
                on=first,
            )
            band_id = band.id
        visits = sorted(visits, key=lambda v: v.date)
        uow.assessments.update_fields(assessment.id, visits=visits, age_band=band_id)

    def set_how_seen(self, assessment_id: UUID, how_seen: HowSeen, *, seen: HowSeen | None = None) -> Assessment:
        """``seen``: what the screen showed before this change; then rooms and people a sibling's assessment added
        meanwhile are kept (``merged_list``)."""
        how_seen = build(HowSeen, **how_seen.model_dump())
        if how_seen.child_seen_alone and not how_seen.child_seen:
            how_seen = how_seen.model_copy(update={"child_seen": True})

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            after = how_seen
            if seen is not None:
                stored = assessment.how_seen
                after = how_seen.model_copy(update={
                    "rooms_seen": merged_list(stored.rooms_seen, seen.rooms_seen, how_seen.rooms_seen),
                    "present": merged_list(stored.present, seen.present, how_seen.present)})
            uow.assessments.update_fields(assessment.id, how_seen=after)
            return assessment.how_seen.model_dump(mode="json"), after.model_dump(mode="json")

        return self._edit(assessment_id, "assessment.how-seen", change)

    def set_context(self, assessment_id: UUID, entries: list[ContextEntry], *,
                    seen: list[ContextEntry] | None = None) -> Assessment:
        """``seen``: the factors the screen showed before this change; then only what it changed is applied, by
        factor, so a factor that arrived from a sibling's assessment meanwhile is kept (``merged_context``)."""
        entries = [build(ContextEntry, **entry.model_dump()) for entry in entries]
        factors = [entry.factor for entry in entries]
        if len(set(factors)) != len(factors):
            raise InvalidInput([Problem("Context", "each factor can be recorded once")])

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            after = entries if seen is None else merged_context(assessment.context, seen, entries)
            uow.assessments.update_fields(assessment.id, context=after)
            return ({"context": [e.model_dump(mode="json") for e in assessment.context]},
                    {"context": [e.model_dump(mode="json") for e in after]})

        return self._edit(assessment_id, "assessment.context", change)

    def set_adult_involvement(self, assessment_id: UUID, adult_id: UUID, involvement: Involvement) -> Assessment:
        """Record how an adult took part in this assessment; doing so confirms them for it."""

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = next((a for a in assessment.adults if a.adult_id == adult_id), None)
            if before is None:
                raise NotFound("That adult is not listed on this assessment.")
            after = before.model_copy(update={"involvement": Involvement(involvement), "confirmed": True})
            adults = [after if a.adult_id == adult_id else a for a in assessment.adults]
            uow.assessments.update_fields(assessment.id, adults=adults)
            return before.model_dump(mode="json"), after.model_dump(mode="json")

        return self._edit(assessment_id, "assessment.adult-involvement", change)

    def refresh_adults(self, assessment_id: UUID) -> Assessment:
        """Bring adults added to the child record since the assessment started onto it, unconfirmed."""

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            record = uow.children.record(assessment.child_id)
            known = {a.adult_id for a in assessment.adults}
            added = [a for a in carried_over_adults(record, None) if a.adult_id not in known]
            uow.assessments.update_fields(assessment.id, adults=[*assessment.adults, *added])
            return None, {"added": [a.model_dump(mode="json") for a in added]}

        return self._edit(assessment_id, "assessment.refresh-adults", change)

    def confirm_shared_fact(self, assessment_id: UUID, kind: SharedFactKind, key: str = "") -> Assessment:
        """Confirm for this child a household fact that came from a sibling's assessment (``shared_facts``)."""
        return self._edit(assessment_id, "assessment.confirm-shared-fact", confirm_change(SharedFactKind(kind), key))

    # Grading ------------------------------------------------------------------------------------------------
    def grade_item(self, assessment_id: UUID, item_id: str, grade: int) -> Assessment:
        """One keypress: store the grade at once and return the assessment as stored."""
        item_grade = build(ItemGrade, item_id=item_id, grade=grade)
        return self._set_item(assessment_id, item_grade, "assessment.grade-item")

    def mark_not_assessed(self, assessment_id: UUID, item_id: str, reason: str) -> Assessment:
        item_grade = build(ItemGrade, item_id=item_id, not_assessed_reason=reason)
        return self._set_item(assessment_id, item_grade, "assessment.not-assessed")

    def _set_item(self, assessment_id: UUID, item_grade: ItemGrade, action: str) -> Assessment:
        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            check_item(instrument, assessment, item_grade.item_id)
            before = assessment.item_grades.get(item_grade.item_id)
            uow.assessments.set_item_grade(assessment.id, item_grade, attention_may_change=domain_grade_moves(
                instrument, assessment, stored(assessment), item_grade.item_id))
            return (before.model_dump(mode="json") if before else None), item_grade.model_dump(mode="json")

        as_read = ItemGrade(**item_grade.model_dump())  # every field set, as a read sets them

        def stored(assessment: Assessment) -> Assessment:
            grades = {**assessment.item_grades, item_grade.item_id: as_read}
            return assessment.model_copy(update={"item_grades": grades})

        return self._edit(assessment_id, action, change, stored)

    def clear_item(self, assessment_id: UUID, item_id: str) -> Assessment:
        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            check_item(instrument, assessment, item_id)
            before = assessment.item_grades.get(item_id)
            uow.assessments.clear_item_grade(assessment.id, item_id)
            return (before.model_dump(mode="json") if before else None), None

        def stored(assessment: Assessment) -> Assessment:
            grades = {key: grade for key, grade in assessment.item_grades.items() if key != item_id}
            return assessment.model_copy(update={"item_grades": grades})

        return self._edit(assessment_id, "assessment.clear-item", change, stored)

    # Submitting ---------------------------------------------------------------------------------------------
    def submit(self, assessment_id: UUID, password: str) -> Assessment:
        """Send the assessment for supervisor review, signed by the practitioner, who gives their password again.
        Refused, with every gap in words, while anything is missing."""

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            gaps = find_gaps(instrument, assessment, previous_plan=self.previous_plan(uow, assessment.id))
            if gaps:
                raise IncompleteAssessment([gap.message for gap in gaps])
            actor = require_actor(self._context.actor, "submit an assessment")
            signer = require_password(self._context.db, uow, actor.id, password, "submit")
            content_hash = assessment_content_hash(assessment)
            signature = Signature(
                assessment_id=assessment.id, kind=SignatureKind.SUBMITTED_BY, user_id=signer.id,
                name=signer.name, role=Role.PRACTITIONER, content_hash=content_hash, hash_scheme=HASH_SCHEME,
            )
            uow.review.add_signature(signature)
            uow.assessments.update_fields(
                assessment.id, status=AssessmentStatus.SUBMITTED, submitted_at=utc_now()
            )
            return ({"status": assessment.status.value},
                    {"status": AssessmentStatus.SUBMITTED.value, "content_hash": content_hash,
                     "signature_id": str(signature.id), "signature_sha256": payloads.signature_digest(signature)})

        return self._edit(assessment_id, "assessment.submit", change)

    # Discarding an abandoned draft ------------------------------------------------------------------------------
    def discard_draft(self, assessment_id: UUID, reason: str) -> None:
        """Take away a draft that will never be finished (started on the wrong child, say). Only its author, only
        a draft never submitted, and only with a reason. Its content is erased; the audit trail keeps that it
        existed, who discarded it, when and why, by ids and dates, never its content."""
        reason = reason.strip()
        if not reason:
            raise InvalidInput([Problem("Reason", "say why the draft is being discarded")])
        with self._context.transaction() as uow:
            assessment = uow.assessments.get(assessment_id)
            if assessment.status is not AssessmentStatus.DRAFT or uow.review.history(assessment_id).signatures:
                raise NotAllowed("Only a draft that was never submitted can be discarded. A submitted or returned "
                                 "assessment is part of the record: finish it, or ask your supervisor.")
            check_author(uow, assessment, self._context.actor_id)
            uow.assessments.delete_draft(assessment_id)
            uow.audit.record(
                self._context.actor_id, "assessment.discard", "assessment", str(assessment_id),
                {"status": assessment.status.value, "child_id": str(assessment.child_id),
                 "started": assessment.created_at.date().isoformat(),
                 "visits": [visit.date.isoformat() for visit in assessment.visits]},
                {"discarded": True, "reason": reason},
            )

    # The one path every change takes ------------------------------------------------------------------------
    def edit(
        self,
        assessment_id: UUID,
        action: str,
        change: Callable[[UnitOfWork, Assessment, Instrument], tuple[Any, Any]],
    ) -> Assessment:
        """For the other services that change an assessment (the outcome plan): the same locking rule, audit event
        and caseload summary as every change made here. ``change`` stores its part and returns the audit's
        before and after (both ``None``: nothing changed, nothing recorded)."""
        return self._edit(assessment_id, action, change)

    def _edit(
        self,
        assessment_id: UUID,
        action: str,
        change: Callable[[UnitOfWork, Assessment, Instrument], tuple[Any, Any]],
        stored: Callable[[Assessment], Assessment] | None = None,
    ) -> Assessment:
        """``stored``, given the assessment as read, returns it as the change stores it, when that is exactly
        what reading it again would give: then it is read once, not twice (a grade is one keypress)."""
        with self._context.transaction() as uow:
            assessment = uow.assessments.get(assessment_id)
            check_editable(assessment)
            check_author(uow, assessment, self._context.actor_id)
            instrument = self.instrument_for(assessment)
            before, after = change(uow, assessment, instrument)
            if before is None and after is None:
                return assessment
            uow.audit.record(self._context.actor_id, action, "assessment", str(assessment_id),
                             payloads.without_words(before), payloads.without_words(after))
            updated = uow.assessments.get(assessment_id) if stored is None else stored(assessment)
            owned = owned_by_this_child(updated, action, after)
            if owned is not None:
                uow.assessments.update_fields(assessment_id, shared_facts=owned)
                updated = updated.model_copy(update={"shared_facts": owned})
            uow.assessments.set_summary(
                assessment_id, assessment_date(updated), concern_domains(instrument, updated)
            )
            uow.assessments.hold(updated)  # as stored: the stored attention, worked out at the end, reads it as is
            share_household_fact(uow, updated, action, after, actor_id=self._context.actor_id,
                                 instrument_for=self.instrument_for, store_visits=self._store_visits)
            return updated
