"""Assessing brothers and sisters together: one assessment per chosen child, started in one step on the same first
visit, so that what belongs to the household is entered once (``household_facts``) while each child keeps their own
profile, grades and voice. Case reviews of neglected sibling groups keep finding each child seen on their own and
the family's whole picture missed; practitioners assess sibling groups together on multi-child paper profiles.

All or nothing: if any chosen child cannot start (another team's record, an assessment already in progress), none
starts, and the message names the child.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ..domain.assessment import Assessment, Visit
from ..domain.errors import InvalidInput, Problem
from ..scoring.drift import assessment_date
from ..scoring.flags import concern_domains
from . import audit_payloads as payloads
from .assessments import AssessmentService
from .base import Service
from .context import ServiceContext
from .sibling_grid import SiblingGrade, sibling_grades
from .validation import build


class SiblingAssessmentService(Service):
    def __init__(self, context: ServiceContext):
        self._context = context
        self._assessments = AssessmentService(context)
        """Starting and storing visits as a single assessment does, inside this service's one transaction."""

    def start_together(self, child_ids: list[UUID], *, on: date, announced: bool = True,
                       visitors: list[str] | None = None, note: str = "") -> list[Assessment]:
        """Start an assessment for each child (brothers and sisters in one household) with the same first visit;
        returns them in the order given."""
        ids = list(dict.fromkeys(child_ids))
        if len(ids) < 2:
            raise InvalidInput([Problem("Children", "choose at least two children to assess together")])
        visit = build(Visit, date=on, announced=announced, visitors=visitors or [], note=note,
                      recorded_on=self._context.today())
        with self._context.transaction() as uow:
            children = [uow.children.get(child_id) for child_id in ids]
            households = {child.household_id for child in children}
            if len(households) != 1 or None in households:
                raise InvalidInput([Problem("Children", "children assessed together must live in one household")])
            started = [self._assessments._start_in(uow, child.id, None) for child in children]
            for assessment in started:
                instrument = self._assessments.instrument_for(assessment)
                self._assessments._store_visits(uow, assessment, instrument, [visit])
                uow.audit.record(self._context.actor_id, "assessment.add-visit", "assessment", str(assessment.id),
                                 None, payloads.created(visit))
                updated = uow.assessments.get(assessment.id)
                uow.assessments.set_summary(assessment.id, assessment_date(updated),
                                            concern_domains(instrument, updated))
            uow.audit.record(self._context.actor_id, "household.assess-together", "household",
                             str(households.pop()), None,
                             {"assessment_ids": [str(a.id) for a in started], "visit_id": str(visit.id)})
            return [uow.assessments.get(a.id) for a in started]

    def siblings_of(self, assessment_id: UUID) -> list[Assessment]:
        """The open assessments of brothers and sisters on the same visits as this one."""
        from .household_facts import siblings_on_the_same_visits

        with self._context.transaction() as uow:
            return siblings_on_the_same_visits(uow, uow.assessments.get(assessment_id))

    def siblings_named(self, assessment_id: UUID) -> list[tuple[UUID, str]]:
        """``(assessment id, given name)`` of each brother and sister assessed on the same visits, to choose from."""
        from .household_facts import siblings_on_the_same_visits

        with self._context.transaction() as uow:
            return [(other.id, uow.children.get(other.child_id).given_name)
                    for other in siblings_on_the_same_visits(uow, uow.assessments.get(assessment_id))]

    def sibling_grades(self, assessment_id: UUID, item_id: str) -> list[SiblingGrade]:
        """This child's grade of the item, then each sibling's on the same visits: the family in one glance."""
        with self._context.transaction() as uow:
            return sibling_grades(uow, assessment_id, item_id)

