"""A plan action shared by brothers and sisters: added once to several children's plans, kept in step, reviewed once
with an outcome for each child; each child's own actions stay their own; every change audited."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from gcp_desk.domain.enums import ActionOutcome, AssessmentStatus
from gcp_desk.domain.errors import InvalidInput, NotFound
from gcp_desk.services.family_plan import FamilyPlanService
from gcp_desk.services.plan import PlanService
from gcp_desk.services.siblings import SiblingAssessmentService

from conftest_services import TODAY

HEATING = dict(domain_id="physical", what_will_change="The home has working heating", who="Dee Quill with the "
               "housing officer", by_when=TODAY + timedelta(weeks=6), target_grade=2, agency="Housing")


@pytest.fixture
def family(services):
    first = services.children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2012, 2, 1),
                                           new_household=("Quill household", "4 Mill Lane"))
    others = [services.children.create_child(given_name=name, family_name="Quill", date_of_birth=born,
                                             household_id=first.household_id)
              for name, born in (("Ben", date(2015, 3, 3)), ("Eve", date(2025, 6, 6)))]
    return [first, *others]


@pytest.fixture
def svc(services):
    context = services.children._context
    return SiblingAssessmentService(context), FamilyPlanService(context), PlanService(context)


def test_shared_plan_action_is_in_each_chosen_childs_plan_and_audited(services, family, svc):
    together, family_plan, plans = svc
    ava, ben, eve = together.start_together([k.id for k in family], on=TODAY - timedelta(days=3))
    plans.add_action(ava.id, domain_id="educational", what_will_change="Ava at school every day",
                     who="Dee Quill", by_when=TODAY + timedelta(weeks=4), target_grade=2)
    ava_now, ben_now = family_plan.add_family_action(ava.id, [ben.id], **HEATING)
    (shared_ava,) = [a for a in ava_now.plan if a.family_id is not None]
    (shared_ben,) = ben_now.plan
    assert shared_ava.family_id == shared_ben.family_id and shared_ava.id != shared_ben.id
    assert shared_ben.what_will_change == "The home has working heating" and shared_ben.agency == "Housing"
    assert services.assessments.get(eve.id).plan == []  # not chosen for it
    assert [a.what_will_change for a in ava_now.plan] == ["Ava at school every day", "The home has working heating"]
    with services.backend.db.transaction() as uow:
        events = [e for e in uow.audit.for_entity(str(ben.id)) if e.action == "assessment.plan.add-family-action"]
    assert [e.after["family_id"] for e in events] == [str(shared_ben.family_id)]
    assert "heating" not in str(events[0].after)  # ids, never words

    # Changed in Ben's plan, Ava's copy follows; Ava's own action is untouched.
    later = shared_ben.model_copy(update={"by_when": TODAY + timedelta(weeks=8), "progress_notes": "Engineer booked."})
    plans.update_action(ben.id, later)
    ava_plan = services.assessments.get(ava.id).plan
    assert [(a.by_when, a.progress_notes) for a in ava_plan if a.family_id] == [(later.by_when, "Engineer booked.")]
    assert ava_plan[0].what_will_change == "Ava at school every day"
    # Removed from Ben's plan alone: Ava keeps hers.
    plans.remove_action(ben.id, shared_ben.id)
    assert [a.family_id for a in services.assessments.get(ava.id).plan][1] == shared_ava.family_id


def test_shared_plan_action_refused_for_a_child_not_on_the_same_visits(services, family, svc):
    together, family_plan, _ = svc
    ava, ben = together.start_together([k.id for k in family[:2]], on=TODAY - timedelta(days=3))
    eve = services.assessments.start(family[2].id)
    with pytest.raises(InvalidInput, match="open and on the same visits"):
        family_plan.add_family_action(ava.id, [ben.id, eve.id], **HEATING)
    assert services.assessments.get(ava.id).plan == [] and services.assessments.get(ben.id).plan == []


def test_shared_plan_action_reviewed_once_with_an_outcome_for_each_child(services, family, svc, backend):
    together, family_plan, plans = svc
    ava, ben, eve = together.start_together([k.id for k in family], on=TODAY - timedelta(days=60))
    family_plan.add_family_action(ava.id, [ben.id, eve.id], **{**HEATING, "by_when": TODAY - timedelta(days=10)})
    with backend.db.transaction() as uow:
        for first in (ava, ben, eve):
            uow.assessments.update_fields(first.id, status=AssessmentStatus.COUNTERSIGNED)
    ava2, ben2, eve2 = together.start_together([k.id for k in family], on=TODAY - timedelta(days=2))

    (entry,) = family_plan.family_actions_to_review(ava2.id)
    assert [child.given_name for child, *_ in entry.children] == ["Ava", "Ben", "Eve"]
    assert all(outcome is None for *_, outcome in entry.children)
    reviewed = family_plan.review_family_action(ava2.id, entry.family_id, {
        ava2.id: ActionOutcome.MET, ben2.id: ActionOutcome.MET, eve2.id: ActionOutcome.PARTLY_MET},
        note="Boiler fixed; the baby's room still cold.")
    assert [a.action_reviews[0].outcome for a in reviewed] == [ActionOutcome.MET, ActionOutcome.MET,
                                                                ActionOutcome.PARTLY_MET]
    (entry,) = family_plan.family_actions_to_review(ben2.id)
    assert {child.given_name: outcome for child, _, _, outcome in entry.children} == {
        "Ben": ActionOutcome.MET, "Ava": ActionOutcome.MET, "Eve": ActionOutcome.PARTLY_MET}
    assert plans.open_actions_to_review(eve2.id) == []
    # Reviewed again, carried forward: each child's plan gets its copy, still one shared action.
    carried = family_plan.review_family_action(ava2.id, entry.family_id, {ava2.id: ActionOutcome.NOT_MET,
                                                                         ben2.id: ActionOutcome.NOT_MET},
                                               carry_forward=True, by_when=TODAY + timedelta(weeks=6))
    assert len({a.plan[0].family_id for a in carried}) == 1 and carried[0].plan[0].family_id is not None
    with pytest.raises(InvalidInput, match="whose previous plan holds this shared action"):
        family_plan.review_family_action(ava2.id, entry.family_id, {uuid4(): ActionOutcome.MET})


def test_shared_plan_action_removed_from_every_siblings_plan_or_from_one_only(services, family, svc):
    together, family_plan, plans = svc
    ava, ben, eve = together.start_together([k.id for k in family], on=TODAY - timedelta(days=3))
    plans.add_action(ava.id, domain_id="educational", what_will_change="Ava at school every day",
                     who="Dee Quill", by_when=TODAY + timedelta(weeks=4), target_grade=2)
    ava_now, *_ = family_plan.add_family_action(ava.id, [ben.id, eve.id], **HEATING)
    family_id = next(a.family_id for a in ava_now.plan if a.family_id)
    assert [c.given_name for c in family_plan.children_sharing(ava.id, family_id)] == ["Ava", "Ben", "Eve"]

    eve_copy = next(a for a in services.assessments.get(eve.id).plan if a.family_id)
    plans.remove_action(eve.id, eve_copy.id)  # from Eve's plan only: the others keep theirs
    assert [c.given_name for c in family_plan.children_sharing(ava.id, family_id)] == ["Ava", "Ben"]

    family_plan.remove_family_action(ben.id, family_id)  # from every plan that still holds it
    assert [a.what_will_change for a in services.assessments.get(ava.id).plan] == ["Ava at school every day"]
    assert services.assessments.get(ben.id).plan == []
    with services.backend.db.transaction() as uow:
        events = [e for kid in (ava, ben) for e in uow.audit.for_entity(str(kid.id))
                  if e.action == "assessment.plan.remove-family-action"]
    assert len(events) == 2 and all(e.before["family_id"] == str(family_id) for e in events)
    with pytest.raises(NotFound, match="not in this child's plan"):
        family_plan.remove_family_action(ava.id, family_id)
