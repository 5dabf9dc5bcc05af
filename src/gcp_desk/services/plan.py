"""The outcome plan: actions that name the domain, what will change, who does it for which agency, by when and to
what grade; and, at the next assessment, each of them reviewed (met, partly met, not met) and carried forward or
closed, so that progress reads as one thread and no action lapses unread.

Every change goes through ``AssessmentService.edit``: one transaction, the same locking rule (only a draft or a
returned assessment changes), its audit event, and the assessment as stored in return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from ..domain.assessment import ActionReview, Assessment, PlanAction
from ..domain.enums import ActionOutcome
from ..domain.errors import InvalidInput, NotAllowed, NotFound, Problem
from ..domain.instrument import Instrument
from ..scoring.age import format_date
from ..scoring.drift import assessment_date
from ..scoring.plan_review import TargetResult, evaluate_target
from ..scoring.suggest import effective_domain_grade
from ..storage.unit_of_work import UnitOfWork
from .assessments import AssessmentService
from .base import Service
from .context import ServiceContext
from .validation import build


@dataclass(frozen=True, slots=True)
class PreviousAction:
    """An action of the previous assessment's plan, as this assessment sees it."""

    action: PlanAction
    previous_assessment_id: UUID
    target: TargetResult
    """The action's target against this assessment's grades, judged on its last visit (today before one)."""
    suggested_outcome: ActionOutcome | None
    """A hint from the grades: met when the target is reached, partly met when the domain improved without reaching
    it, not met otherwise; ``None`` while the domain has no grade here. The practitioner decides."""
    review: ActionReview | None
    carried_to: PlanAction | None
    """The copy of the action in this plan, when it was carried forward."""

    @property
    def reviewed(self) -> bool:
        return self.review is not None


class PlanService(Service):
    def __init__(self, context: ServiceContext):
        self._context = context
        self._assessments = AssessmentService(context)

    # This assessment's plan ---------------------------------------------------------------------------------
    def add_action(self, assessment_id: UUID, *, domain_id: str, what_will_change: str, who: str, by_when: date,
                   target_grade: int, agency: str = "", progress_notes: str = "") -> Assessment:
        action = build(PlanAction, domain_id=domain_id, what_will_change=what_will_change, who=who,
                       agency=agency.strip(), by_when=by_when, target_grade=target_grade,
                       progress_notes=progress_notes)

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            self._check_action(instrument, assessment, action, None)
            uow.assessments.set_plan(assessment.id, [*assessment.plan, action])
            return None, action.model_dump(mode="json")

        return self._assessments.edit(assessment_id, "assessment.plan.add-action", change)

    def update_action(self, assessment_id: UUID, action: PlanAction) -> Assessment:
        """Store the action's fields as given (progress notes included). Which earlier action it carries forward
        stays as it was: the thread is set by reviewing, not by editing."""

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = _find(assessment.plan, action.id)
            after = build(PlanAction, **{**action.model_dump(), "agency": action.agency.strip(),
                                         "carried_from_id": before.carried_from_id})
            if after == before:
                return None, None
            self._check_action(instrument, assessment, after, before)
            uow.assessments.set_plan(assessment.id, [after if a.id == after.id else a for a in assessment.plan])
            return before.model_dump(mode="json"), after.model_dump(mode="json")

        return self._assessments.edit(assessment_id, "assessment.plan.update-action", change)

    def remove_action(self, assessment_id: UUID, action_id: UUID) -> Assessment:
        """Remove an action. Removing the copy of a carried-forward action closes that action instead: its review
        says so from then on."""

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = _find(assessment.plan, action_id)
            uow.assessments.set_plan(assessment.id, [a for a in assessment.plan if a.id != action_id])
            after: dict[str, Any] = {"removed": str(action_id)}
            if before.carried_from_id is not None:
                reviews = [r.model_copy(update={"carried_forward": False}) if r.action_id == before.carried_from_id
                           else r for r in assessment.action_reviews]
                if reviews != assessment.action_reviews:
                    uow.assessments.update_fields(assessment.id, action_reviews=reviews)
                    after["closed"] = str(before.carried_from_id)
            return before.model_dump(mode="json"), after

        return self._assessments.edit(assessment_id, "assessment.plan.remove-action", change)

    def _judged_on(self, assessment: Assessment) -> date:
        """The day a plan made at this assessment is set on: its last visit, so an assessment written up after the
        visits keeps the dates agreed then; today before any visit."""
        return assessment_date(assessment) or self._context.today()

    def _check_action(self, instrument: Instrument, assessment: Assessment, action: PlanAction,
                      before: PlanAction | None) -> None:
        problems = []
        if all(domain.id != action.domain_id for domain in instrument.domains):
            problems.append(Problem("Domain", f"'{action.domain_id}' is not a domain of {instrument.title}"))
        date_changed = before is None or before.by_when != action.by_when
        set_on = self._judged_on(assessment)
        if date_changed and action.by_when < set_on:
            when = "today" if assessment_date(assessment) is None else \
                f"the assessment's last visit on {format_date(set_on)}"
            problems.append(Problem("By when", f"{format_date(action.by_when)} is before {when}"))
        if problems:
            raise InvalidInput(problems)

    # Reviewing the previous plan ----------------------------------------------------------------------------
    def previous_plan_review(self, assessment_id: UUID) -> list[PreviousAction]:
        """Every action of the previous assessment's plan, in its order, with its target against this assessment
        and its review here, if any. Empty for a child's first assessment."""
        with self._context.transaction() as uow:
            assessment = uow.assessments.get(assessment_id)
            previous = self._previous(uow, assessment)
        if previous is None:
            return []
        instrument = self._assessments.instrument_for(assessment)
        previous_instrument = self._assessments.instrument_for(previous)
        reviews = {review.action_id: review for review in assessment.action_reviews}
        judged_on = self._judged_on(assessment)
        found = []
        for action in previous.plan:
            target = evaluate_target(action, assessment, instrument, on=judged_on,
                                     planned_at=(previous, previous_instrument))
            found.append(PreviousAction(
                action=action,
                previous_assessment_id=previous.id,
                target=target,
                suggested_outcome=_suggested_outcome(target, previous, previous_instrument),
                review=reviews.get(action.id),
                carried_to=next((a for a in assessment.plan if a.carried_from_id == action.id), None),
            ))
        return found

    def open_actions_to_review(self, assessment_id: UUID) -> list[PreviousAction]:
        """The previous plan's actions not yet reviewed here."""
        return [entry for entry in self.previous_plan_review(assessment_id) if not entry.reviewed]

    def review_action(self, assessment_id: UUID, action_id: UUID, outcome: ActionOutcome, note: str = "",
                      carry_forward: bool = False, *, by_when: date | None = None,
                      target_grade: int | None = None) -> Assessment:
        """Record how an action of the previous plan turned out, and whether it goes on. Carried forward, it is
        copied into this plan (``carried_from_id``), with a new date and target if given; its old date must not
        have passed, or a new one is needed. Not carried forward, it is closed, and any copy made earlier goes.
        Reviewing again replaces the review."""
        review = build(ActionReview, action_id=action_id, outcome=outcome, note=note.strip(),
                       carried_forward=carry_forward)

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            previous = self._previous(uow, assessment)
            if previous is None:
                raise NotAllowed("This is the child's first assessment: there is no previous plan to review.")
            action = _find(previous.plan, action_id, "That action is not part of the previous plan.")
            old_review = next((r for r in assessment.action_reviews if r.action_id == action_id), None)
            old_copy = next((a for a in assessment.plan if a.carried_from_id == action_id), None)
            copy = None
            if carry_forward:
                copy = self._carried_copy(instrument, assessment, action, old_copy, by_when, target_grade)
            plan = [a for a in assessment.plan if a.carried_from_id != action_id]
            if copy is not None:
                at = assessment.plan.index(old_copy) if old_copy is not None else len(plan)
                plan.insert(at, copy)
            if plan != assessment.plan:
                uow.assessments.set_plan(assessment.id, plan)
            reviews = [review if r.action_id == action_id else r for r in assessment.action_reviews]
            if old_review is None:
                reviews.append(review)
            uow.assessments.update_fields(assessment.id, action_reviews=reviews)
            return (_dumped(old_review, old_copy), _dumped(review, copy))

        return self._assessments.edit(assessment_id, "assessment.plan.review-action", change)

    def withdraw_review(self, assessment_id: UUID, action_id: UUID) -> Assessment:
        """Undo a review, and the copy it carried forward, so the action shows as waiting for review again."""

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            old_review = next((r for r in assessment.action_reviews if r.action_id == action_id), None)
            if old_review is None:
                raise NotFound("That action has not been reviewed on this assessment.")
            old_copy = next((a for a in assessment.plan if a.carried_from_id == action_id), None)
            if old_copy is not None:
                uow.assessments.set_plan(assessment.id, [a for a in assessment.plan if a is not old_copy])
            reviews = [r for r in assessment.action_reviews if r.action_id != action_id]
            uow.assessments.update_fields(assessment.id, action_reviews=reviews)
            return _dumped(old_review, old_copy), None

        return self._assessments.edit(assessment_id, "assessment.plan.withdraw-review", change)

    def _carried_copy(self, instrument: Instrument, assessment: Assessment, action: PlanAction,
                      old_copy: PlanAction | None, by_when: date | None, target_grade: int | None) -> PlanAction:
        base = old_copy or action
        new_date = by_when or base.by_when
        if by_when is None and new_date < self._judged_on(assessment):
            raise InvalidInput([Problem(
                "By when", f"the action's date, {format_date(new_date)}, had passed by this assessment: give a new "
                           "date to carry it forward")])
        copy = build(PlanAction, **{
            **base.model_dump(),
            "id": old_copy.id if old_copy is not None else uuid4(),
            "by_when": new_date,
            "target_grade": base.target_grade if target_grade is None else target_grade,
            "progress_notes": "" if old_copy is None else old_copy.progress_notes,
            "carried_from_id": action.id,
        })
        # A kept date was checked above.
        self._check_action(instrument, assessment, copy, copy if by_when is None else None)
        return copy

    @staticmethod
    def _previous(uow: UnitOfWork, assessment: Assessment) -> Assessment | None:
        previous_id = uow.previous.previous_id(assessment.id)
        return None if previous_id is None else uow.assessments.get(previous_id)


def _find(actions: list[PlanAction], action_id: UUID,
          message: str = "That action is not part of this assessment's plan.") -> PlanAction:
    found = next((action for action in actions if action.id == action_id), None)
    if found is None:
        raise NotFound(message)
    return found


def _suggested_outcome(target: TargetResult, previous: Assessment,
                       previous_instrument: Instrument) -> ActionOutcome | None:
    if target.met is None:
        return None
    if target.met:
        return ActionOutcome.MET
    domain_ids = {domain.id for domain in previous_instrument.domains}
    then = (effective_domain_grade(previous_instrument, previous, target.action.domain_id)
            if target.action.domain_id in domain_ids else None)
    if then is not None and target.grade_now is not None and target.grade_now < then:
        return ActionOutcome.PARTLY_MET
    return ActionOutcome.NOT_MET


def _dumped(review: ActionReview | None, copy: PlanAction | None) -> dict[str, Any] | None:
    if review is None and copy is None:
        return None
    return {"review": review.model_dump(mode="json") if review else None,
            "carried": copy.model_dump(mode="json") if copy else None}
