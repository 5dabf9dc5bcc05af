"""A plan action shared by brothers and sisters: one action for several children of the household (e.g. "The home
has working heating by 1 February"), shown in each child's plan, kept in step, and at the next assessments reviewed
once with the outcome recorded for each child. Each child's own actions stay their own.

Each child's plan holds its own copy of the action (its own id, so each child's signed record stands alone), and
all copies carry the same ``family_id``. Adding one is all or nothing: every chosen sibling's assessment must be
open and on the same visits. Editing a copy brings the others up to date (``household_facts``); removing one takes
it from that child's plan alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from ..domain.assessment import Assessment, PlanAction
from ..domain.enums import ActionOutcome
from ..domain.errors import InvalidInput, NotFound, Problem
from ..domain.people import Child
from ..scoring.drift import assessment_date
from ..scoring.flags import concern_domains
from .assessments import AssessmentService
from .base import Service
from .context import ServiceContext
from .edit_rules import check_author, check_editable
from .household_facts import siblings_on_the_same_visits
from .plan import PlanService
from .validation import build


@dataclass(frozen=True, slots=True)
class FamilyActionToReview:
    """A shared action of the previous plans, as the children assessed now see it: for each child, the assessment
    where its outcome is recorded, the child's copy of the action, and the review recorded so far."""

    family_id: UUID
    action: PlanAction
    children: list[tuple[Child, UUID, PlanAction, ActionOutcome | None]]


class FamilyPlanService(Service):
    def __init__(self, context: ServiceContext):
        self._context = context
        self._assessments = AssessmentService(context)
        self._plan = PlanService(context)

    def add_family_action(self, assessment_id: UUID, sibling_assessment_ids: list[UUID], *, domain_id: str,
                          what_will_change: str, who: str, by_when: date, target_grade: int,
                          agency: str = "", progress_notes: str = "") -> list[Assessment]:
        """Add one action to this child's plan and to each chosen sibling's, in one step; returns the assessments
        in the order this one, then the siblings given."""
        family_id = uuid4()
        action = build(PlanAction, domain_id=domain_id, what_will_change=what_will_change, who=who,
                       agency=agency.strip(), by_when=by_when, target_grade=target_grade,
                       progress_notes=progress_notes, family_id=family_id)
        wanted = list(dict.fromkeys(sibling_assessment_ids))
        if not wanted or assessment_id in wanted:
            raise InvalidInput([Problem("Children", "choose at least one brother or sister for a shared action")])
        actor_id = self._context.actor_id
        with self._context.transaction() as uow:
            this = uow.assessments.get(assessment_id)
            open_siblings = {a.id: a for a in siblings_on_the_same_visits(uow, this)}
            missing = [aid for aid in wanted if aid not in open_siblings]
            if missing:
                raise InvalidInput([Problem("Children", "a shared action needs each child's assessment open and on "
                                            "the same visits as this one")])
            changed = []
            for assessment in [this, *(open_siblings[aid] for aid in wanted)]:
                check_editable(assessment)
                check_author(uow, assessment, actor_id)
                instrument = self._assessments.instrument_for(assessment)
                if all(domain.id != domain_id for domain in instrument.domains):
                    raise InvalidInput([Problem("Domain", f"'{domain_id}' is not a domain of {instrument.title}")])
                copy = action.model_copy(update={"id": uuid4()})
                uow.assessments.set_plan(assessment.id, [*assessment.plan, copy])
                uow.audit.record(actor_id, "assessment.plan.add-family-action", "assessment", str(assessment.id),
                                 None, {"id": str(copy.id), "family_id": str(family_id), "domain_id": domain_id,
                                        "target_grade": target_grade})
                updated = uow.assessments.get(assessment.id)
                uow.assessments.set_summary(assessment.id, assessment_date(updated),
                                            concern_domains(instrument, updated))
                changed.append(updated)
            return changed

    def family_actions_to_review(self, assessment_id: UUID) -> list[FamilyActionToReview]:
        """The shared actions of this child's previous plan, each with every child assessed now on the same visits
        whose previous plan holds a copy of it."""
        with self._context.transaction() as uow:
            this = uow.assessments.get(assessment_id)
            found: dict[UUID, FamilyActionToReview] = {}
            for assessment in [this, *siblings_on_the_same_visits(uow, this)]:
                previous_id = uow.previous.previous_id(assessment.id)
                if previous_id is None:
                    continue
                reviews = {r.action_id: r.outcome for r in assessment.action_reviews}
                child = uow.children.get(assessment.child_id)
                for action in uow.assessments.get(previous_id).plan:
                    if action.family_id is None or (assessment is not this and action.family_id not in found):
                        continue
                    entry = found.setdefault(action.family_id, FamilyActionToReview(action.family_id, action, []))
                    entry.children.append((child, assessment.id, action, reviews.get(action.id)))
            return list(found.values())

    def review_family_action(self, assessment_id: UUID, family_id: UUID,
                             outcomes: dict[UUID, ActionOutcome], note: str = "", carry_forward: bool = False, *,
                             by_when: date | None = None, target_grade: int | None = None) -> list[Assessment]:
        """Review a shared action once: ``outcomes`` gives, for each child's assessment (this one or a sibling's
        on the same visits), how the action turned out for that child. Every child is checked before anything is
        stored; each review is then recorded in that child's assessment with its own audit event. Carried
        forward, each child's plan gets its copy, still shared (the same ``family_id``)."""
        entry = next((e for e in self.family_actions_to_review(assessment_id) if e.family_id == family_id), None)
        if entry is None:
            raise NotFound("That shared action is not part of this child's previous plan.")
        copies = {aid: action for _child, aid, action, _outcome in entry.children}
        unknown = [aid for aid in outcomes if aid not in copies]
        if unknown or not outcomes:
            raise InvalidInput([Problem("Children", "give an outcome only for children whose previous plan holds "
                                        "this shared action")])
        return [self._plan.review_action(aid, copies[aid].id, ActionOutcome(outcome), note, carry_forward,
                                         by_when=by_when, target_grade=target_grade)
                for aid, outcome in outcomes.items()]

    def children_sharing(self, assessment_id: UUID, family_id: UUID) -> list[Child]:
        """This child and each brother and sister on the same visits whose open plan holds the shared action."""
        with self._context.transaction() as uow:
            return [uow.children.get(a.child_id) for a in self._holding(uow, assessment_id, family_id)]

    def remove_family_action(self, assessment_id: UUID, family_id: UUID) -> list[Assessment]:
        """Remove a shared action from this child's plan and from each brother's and sister's on the same visits,
        in one step: every plan is checked first, then each loses its copy with its own audit event. A copy that
        carried an earlier action forward closes that action, as removing it from one plan does."""
        actor_id = self._context.actor_id
        with self._context.transaction() as uow:
            holding = self._holding(uow, assessment_id, family_id)
            if not holding:
                raise NotFound("That shared action is not in this child's plan.")
            for assessment in holding:
                check_editable(assessment)
                check_author(uow, assessment, actor_id)
            changed = []
            for assessment in holding:
                copy = next(a for a in assessment.plan if a.family_id == family_id)
                uow.assessments.set_plan(assessment.id, [a for a in assessment.plan if a.id != copy.id])
                if copy.carried_from_id is not None:
                    reviews = [r.model_copy(update={"carried_forward": False}) if r.action_id == copy.carried_from_id
                               else r for r in assessment.action_reviews]
                    uow.assessments.update_fields(assessment.id, action_reviews=reviews)
                uow.audit.record(actor_id, "assessment.plan.remove-family-action", "assessment", str(assessment.id),
                                 {"id": str(copy.id), "family_id": str(family_id)}, {"removed": str(copy.id)})
                updated = uow.assessments.get(assessment.id)
                uow.assessments.set_summary(assessment.id, assessment_date(updated),
                                            concern_domains(self._assessments.instrument_for(updated), updated))
                changed.append(updated)
            return changed

    @staticmethod
    def _holding(uow, assessment_id: UUID, family_id: UUID) -> list[Assessment]:
        this = uow.assessments.get(assessment_id)
        if not any(a.family_id == family_id for a in this.plan):
            return []
        return [this, *(other for other in siblings_on_the_same_visits(uow, this)
                        if any(a.family_id == family_id for a in other.plan))]
