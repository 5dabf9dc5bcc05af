"""A child's history read as a whole: significant events and the chronology, any two assessments side by side,
drift and due dates ("needs attention"), a household's children together and the family's plain-words page.

Neglect harms by accumulation, and case reviews keep finding incidents read one at a time. Every call is one
transaction; changes to events are audited in the same transaction; everything returned is a plain value.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.enums import AssessmentStatus, EventKind
from ..domain.errors import InvalidInput, NotFound, Problem
from ..domain.events import SignificantEvent
from ..domain.instrument import Instrument
from ..domain.labels import EVENT_KIND, STATUS
from ..heap import collector_paused
from ..reports.family_content import family_content
from ..reports.report_data import ReportData
from ..scoring.age import format_date
from ..scoring.attention import AttentionReason, attention_reasons
from ..scoring.change_over_time import ChangeOverTime
from ..scoring.compare import compare_assessments
from ..scoring.drift import assessment_date
from ..scoring.flags import is_concern
from ..scoring.plan_review import review_plan
from ..scoring.reassessment import reassessment_due
from ..scoring.suggest import effective_domain_grade
from ..storage.unit_of_work import UnitOfWork
from .assessments import AssessmentService
from . import audit_payloads as payloads
from .base import Service
from .stored_attention import AttentionIndex, AttentionKeeper, decode
from .context import ServiceContext
from .history_views import ChildAttention, ChronologyEntry, ComparisonView, EntryKind, FamilyView, HouseholdProfile
from .validation import build

ASSESSMENT_LABEL = "Assessment"


class HistoryService(Service):
    def __init__(self, context: ServiceContext):
        self._context = context
        self._assessments = AssessmentService(context)

    # Significant events -------------------------------------------------------------------------------------
    def add_event(self, child_id: UUID, *, on: date, kind: EventKind, what_happened: str,
                  source_agency: str = "") -> SignificantEvent:
        event = build(SignificantEvent, child_id=child_id, date=on, kind=kind, what_happened=what_happened,
                      source_agency=source_agency.strip(), recorded_by=self._context.actor_id)
        self._check_date(event)
        with self._context.transaction() as uow:
            uow.children.get(child_id)
            uow.events.add(event)
            uow.audit.record(self._context.actor_id, "event.add", "child", str(child_id), None,
                             payloads.created(event))
            return uow.events.get(event.id)

    def update_event(self, event: SignificantEvent) -> SignificantEvent:
        """Correct an event's date, kind, what happened or source; it stays on the same child's chronology."""
        updated = build(SignificantEvent, **{**event.model_dump(), "source_agency": event.source_agency.strip()})
        self._check_date(updated)
        with self._context.transaction() as uow:
            before = uow.events.get(event.id)
            if before.child_id != updated.child_id:
                raise InvalidInput("An event cannot be moved to another child's chronology. Remove it here and "
                                   "record it on the other child's.")
            stored = uow.events.update(updated)
            uow.audit.record(self._context.actor_id, "event.update", "child", str(before.child_id),
                             *payloads.changed(before, stored))
            return stored

    def remove_event(self, event_id: UUID, reason: str) -> None:
        """Take an event off the chronology (recorded on the wrong child, say). The audit trail keeps it, with
        the reason."""
        if not reason.strip():
            raise InvalidInput([Problem("Reason", "say why the event is being removed")])
        with self._context.transaction() as uow:
            before = uow.events.get(event_id)
            uow.events.delete(event_id)
            # The removed words have no other copy: the event keeps them (its payload can be erased one day,
            # and the chain still verifies, as it covers the payload's digest).
            uow.audit.record(self._context.actor_id, "event.remove", "child", str(before.child_id),
                             before.model_dump(mode="json"), {"reason": reason.strip()})

    def events(self, child_id: UUID) -> list[SignificantEvent]:
        """The child's events, oldest first."""
        with self._context.transaction() as uow:
            uow.children.get(child_id)
            return uow.events.for_child(child_id)

    def _check_date(self, event: SignificantEvent) -> None:
        if event.date > self._context.today():
            raise InvalidInput([Problem("Date", f"{format_date(event.date)} is in the future")])

    # Chronology ---------------------------------------------------------------------------------------------
    def chronology(self, child_id: UUID, *, newest_first: bool = False) -> list[ChronologyEntry]:
        """Assessments and events together in date order, oldest first unless ``newest_first``: a chronology is
        read as a story, so that incidents add up. On one day, events come before the assessment (it speaks for
        what was known by then). An assessment replaced by an amendment is left out: its amendment speaks for it."""
        with self._context.transaction() as uow:
            uow.children.get(child_id)
            events = uow.events.for_child(child_id)
            history = [a for a in uow.assessments.history(child_id) if a.status is not AssessmentStatus.AMENDED]
        entries = [
            (event.date, 0, event.created_at, self._event_entry(event)) for event in events
        ] + [
            (entry.on, 1, assessment.created_at, entry)
            for assessment in history
            for entry in [self._assessment_entry(assessment)]
        ]
        entries.sort(key=lambda keyed: keyed[:3])
        ordered = [entry for *_, entry in entries]
        return ordered[::-1] if newest_first else ordered

    @staticmethod
    def _event_entry(event: SignificantEvent) -> ChronologyEntry:
        return ChronologyEntry(on=event.date, kind=EntryKind.EVENT, label=EVENT_KIND[event.kind],
                               text=event.what_happened, source_agency=event.source_agency, event=event)

    def _assessment_entry(self, assessment: Assessment) -> ChronologyEntry:
        on = assessment_date(assessment)
        status = STATUS[assessment.status]
        concerns: tuple[tuple[str, int], ...] = ()
        try:
            instrument = self._assessments.instrument_for(assessment)
        except NotFound:
            text = f"{status}. Graded with an instrument that is not installed, so its grades cannot be read."
        else:
            grades = [(domain.title, effective_domain_grade(instrument, assessment, domain.id))
                      for domain in instrument.domains]
            concerns = tuple((title, grade) for title, grade in grades if is_concern(grade))
            text = f"{status}. {_concern_sentence(concerns, any(grade for _, grade in grades))}"
        if on is None:
            on = assessment.created_at.date()
            text = f"{status}, started {format_date(on)}; no visit recorded yet."
        return ChronologyEntry(on=on, kind=EntryKind.ASSESSMENT, label=ASSESSMENT_LABEL, text=text,
                               source_agency="", assessment_id=assessment.id, status=assessment.status,
                               concerns=concerns, undated=assessment_date(assessment) is None)

    # Over time ----------------------------------------------------------------------------------------------
    def chart_history(self, child_id: UUID) -> list[tuple[Assessment, Instrument]]:
        """The child's assessments with their instruments, oldest first, without those an amendment replaced:
        what the charts and drift read. ``NotFound`` names an instrument that is not installed."""
        with self._context.transaction() as uow:
            uow.children.get(child_id)
            return self._current_history(uow, child_id)

    def _current_history(self, uow: UnitOfWork, child_id: UUID) -> list[tuple[Assessment, Instrument]]:
        history = uow.assessments.history(child_id)
        return [(a, self._assessments.instrument_for(a)) for a in history if a.status is not AssessmentStatus.AMENDED]

    # Comparing two assessments ------------------------------------------------------------------------------
    def compare(self, earlier_id: UUID, later_id: UUID) -> ComparisonView:
        """Two assessments of one child side by side. They are put in time order whichever way they are given;
        the earlier plan's targets are read against the later grades."""
        if earlier_id == later_id:
            raise InvalidInput("Choose two different assessments to compare.")
        with self._context.transaction() as uow:
            first, second = uow.assessments.get(earlier_id), uow.assessments.get(later_id)
            if first.child_id != second.child_id:
                one, other = uow.children.get(first.child_id), uow.children.get(second.child_id)
                raise InvalidInput(
                    f"These assessments are of two different children, {one.full_name} and {other.full_name}. "
                    "Only assessments of the same child can be compared."
                )
            child = uow.children.get(first.child_id)
        earlier, later = sorted((first, second), key=_history_order)
        earlier_instrument = self._assessments.instrument_for(earlier)
        later_instrument = self._assessments.instrument_for(later)
        judged_on = assessment_date(later) or self._context.today()
        planned = {action.id for action in earlier.plan}
        return ComparisonView(
            child=child,
            earlier=earlier,
            earlier_instrument=earlier_instrument,
            later=later,
            later_instrument=later_instrument,
            comparison=compare_assessments(earlier, earlier_instrument, later, later_instrument),
            targets=tuple(review_plan(earlier, later, later_instrument, on=judged_on,
                                      earlier_instrument=earlier_instrument)),
            judged_on=judged_on,
            reviews={r.action_id: r for r in later.action_reviews if r.action_id in planned},
        )

    # Drift, due dates and needs attention -------------------------------------------------------------------
    def change_over_time(self, assessment_id: UUID) -> ChangeOverTime:
        """The assessment read against the child's earlier ones: change by domain, drift, the previous plan's
        targets, a new baseline (``scoring.change_over_time``). An amended record is read in its amendment's
        place in the history."""
        return self._assessments.change_over_time(assessment_id)

    def attention(self, child_id: UUID) -> list[AttentionReason]:
        """Why this child needs attention today, most pressing first; empty when nothing does."""
        with self._context.transaction() as uow:
            child = uow.children.get(child_id)
            history = self._current_history(uow, child_id)
        return attention_reasons(history, child.plan_type, today=self._context.today(),
                                 settings=self._context.settings)

    def reassessment_due(self, child_id: UUID) -> date | None:
        """When the next assessment is due by the child's plan type, counted from the latest dated one; ``None``
        with no plan, or before any dated assessment (then it is due now)."""
        with self._context.transaction() as uow:
            child = uow.children.get(child_id)
            dated = uow.grade_history.dated_assessments([child_id])
        if not dated:
            return None
        return reassessment_due(child.plan_type, dated[-1].on, self._context.settings.reassessment)

    def needs_attention(self, child_ids: Collection[UUID] | None = None, *,
                        include_clear: bool = False) -> list[ChildAttention]:
        """Every child of the caseload (or those given) who needs attention today, most pressing first, each with
        the reasons in words. ``include_clear`` adds the children with none, last, so the caseload can sort all
        its rows by ``ChildAttention.sort_key``. A child with an assessment graded with an instrument that is not
        installed is left out (opening their record says which instrument is missing).

        The reasons are stored (``stored_attention``); any child whose stored reasons do not hold today is worked
        out again first."""
        self.refresh_stale()
        with self._context.transaction() as uow:
            stored = uow.attention.flagged(child_ids, include_clear=include_clear)
        found = []
        with collector_paused():
            for entry in stored:
                decoded = decode(entry.attention)
                if not decoded.unreadable:
                    found.append(ChildAttention(entry.row, decoded.reasons, decoded.due))
        return found

    def attention_index(self, child_ids: Collection[UUID] | None = None) -> AttentionIndex:
        """Who needs attention (of the caseload, or of ``child_ids``), most pressing first, as stored: one indexed
        read, whatever the caseload's size. Reasons that no longer hold today are counted in ``stale``;
        ``refresh_stale`` works them out again."""
        keeper = AttentionKeeper(self._context.instruments, self._context.settings, self._context.today)
        with self._context.transaction() as uow:
            ranked = uow.attention.ranked(child_ids)
            stale = uow.attention.count_stale(keeper.basis, self._context.today())
        return AttentionIndex(ranked, stale)

    def refresh_stale(self, limit: int | None = None) -> int:
        """Work out again the stored attention that does not hold today (a date passed, the settings or the
        instruments changed, or never worked out), at most ``limit`` children; returns how many were."""
        keeper = AttentionKeeper(self._context.instruments, self._context.settings, self._context.today)
        with self._context.transaction() as uow:
            return keeper.refresh_stale(uow, limit)

    # Siblings -----------------------------------------------------------------------------------------------
    def household_profiles(self, household_id: UUID) -> list[HouseholdProfile]:
        """Each child of the household, oldest first, with their own latest assessment (the latest with a visit;
        failing that, one just started) and its instrument."""
        with self._context.transaction() as uow:
            uow.households.get(household_id)
            children = uow.children.in_household(household_id)
            latest = {child.id: self._latest(uow.assessments.history(child.id)) for child in children}
        return [
            HouseholdProfile(child, latest[child.id],
                             self._assessments.instrument_for(latest[child.id]) if latest[child.id] else None)
            for child in children
        ]

    @staticmethod
    def _latest(history: list[Assessment]) -> Assessment | None:
        current = [a for a in history if a.status is not AssessmentStatus.AMENDED]
        dated = [a for a in current if assessment_date(a) is not None]
        return (dated or current or [None])[-1]

    # Family view --------------------------------------------------------------------------------------------
    def family_view(self, child_id: UUID, assessment_id: UUID | None = None) -> FamilyView | None:
        """The plain-words page from the child's latest assessment with a visit (or the one given) and its plan;
        ``None`` before any visit."""
        with self._context.transaction() as uow:
            record = uow.children.record(child_id)
            everything = uow.assessments.history(child_id)
            if assessment_id is None:
                history = everything
                dated = [a for a in history
                         if a.status is not AssessmentStatus.AMENDED and assessment_date(a) is not None]
                assessment = dated[-1] if dated else None
            else:
                assessment = uow.assessments.get(assessment_id)
                if assessment.child_id != child_id:
                    raise InvalidInput("That assessment is of another child.")
        if assessment is None:
            return None
        history = []
        for each in everything:
            if each.status is AssessmentStatus.AMENDED and each.id != assessment.id:
                continue
            try:
                history.append((each, self._assessments.instrument_for(each)))
            except NotFound:
                continue  # an earlier record graded with an instrument not installed cannot be read
        data = ReportData(record=record, assessment=assessment, instrument=self._assessments.instrument_for(assessment),
                          history=tuple(history), drift_min_weeks=self._context.settings.drift_min_weeks)
        return FamilyView(content=family_content(data), report_data=data, plan=tuple(assessment.plan))


def _history_order(assessment: Assessment) -> tuple:
    """As ``AssessmentRepository.history`` orders: by last visit (none yet: newest), then creation, then id."""
    on = assessment_date(assessment)
    return (on is None, on or date.min, assessment.created_at, assessment.id.int)


def _concern_sentence(concerns: tuple[tuple[str, int], ...], anything_graded: bool) -> str:
    if not anything_graded:
        return "No domain graded yet."
    if not concerns:
        return "No domain graded 4 or 5."
    listed = ", ".join(f"{title} ({grade})" for title, grade in concerns)
    return f"Graded 4 or 5: {listed}."


