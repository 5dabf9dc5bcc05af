"""The outcome plan: actions added, edited and removed on an editable assessment, reviewed at the next assessment
and carried forward or closed; locked assessments refuse every change."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from gcp_desk.domain.enums import ActionOutcome, AssessmentStatus
from gcp_desk.domain.errors import IncompleteAssessment, InvalidInput, NotAllowed, NotFound, RecordLocked
from gcp_desk.scoring.completeness import GapKind
from gcp_desk.services.plan import PlanService

from conftest_services import PASSWORD, TODAY
from history_builders import action, context_for, profile, store, weeks_ago
from test_assessment_service import fill_in


@pytest.fixture
def plans(services) -> PlanService:
    return PlanService(context_for(services.backend, services.user))


@pytest.fixture
def draft(services, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    return services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=2))


def plan_audit(services, assessment_id):
    with services.backend.db.transaction() as uow:
        return [e for e in uow.audit.for_entity(assessment_id) if e.action.startswith("assessment.plan.")]


def add_food(plans, assessment_id, **overrides):
    values = dict(domain_id="nutritional", what_will_change="Three meals a day, with breakfast before school",
                  who="Alex Testcase (mother)", agency="", by_when=TODAY + timedelta(weeks=8), target_grade=2)
    values.update(overrides)
    return plans.add_action(assessment_id, **values)


def test_an_action_is_added_with_everything_it_names_and_audited(services, plans, draft):
    updated = add_food(plans, draft.id, agency=" Family ")
    [stored] = updated.plan
    assert (stored.domain_id, stored.who, stored.agency, stored.target_grade, stored.carried_from_id) == (
        "nutritional", "Alex Testcase (mother)", "Family", 2, None)
    assert services.assessments.get(draft.id).plan == [stored]
    [event] = plan_audit(services, draft.id)
    words = "Three meals a day, with breakfast before school"
    assert (event.action, event.before, event.after["what_will_change"], event.actor_id) == (
        "assessment.plan.add-action", None, "sha256:" + hashlib.sha256(words.encode()).hexdigest(), services.user.id)
    assert event.after["domain_id"] == "nutritional" and event.after["target_grade"] == 2  # the words' digest only


def test_an_action_is_refused_without_who_with_an_unknown_domain_or_a_past_date(services, plans, draft):
    with pytest.raises(InvalidInput, match="Who"):
        add_food(plans, draft.id, who=" ")
    with pytest.raises(InvalidInput, match="'housing' is not a domain"):
        add_food(plans, draft.id, domain_id="housing")
    with pytest.raises(InvalidInput, match="By when.*is before the assessment's last visit"):
        add_food(plans, draft.id, by_when=TODAY - timedelta(days=3))
    with pytest.raises(InvalidInput, match="Target grade"):
        add_food(plans, draft.id, target_grade=0)
    assert services.assessments.get(draft.id).plan == []


def test_editing_keeps_the_action_and_its_place_and_removing_takes_it_away(services, plans, draft):
    add_food(plans, draft.id)
    second = plans.add_action(draft.id, domain_id="supervision", what_will_change="Collected from school",
                              who="Grandmother", by_when=TODAY + timedelta(weeks=4), target_grade=2).plan[1]
    first = services.assessments.get(draft.id).plan[0]
    edited = plans.update_action(draft.id, first.model_copy(update={"progress_notes": "Breakfast seen twice",
                                                                     "target_grade": 1}))
    assert [(a.id, a.target_grade, a.progress_notes) for a in edited.plan] == [
        (first.id, 1, "Breakfast seen twice"), (second.id, 2, "")]
    event = plan_audit(services, draft.id)[-1]
    assert (event.action, event.before["target_grade"], event.after["target_grade"]) == (
        "assessment.plan.update-action", 2, 1)

    removed = plans.remove_action(draft.id, first.id)
    assert [a.id for a in removed.plan] == [second.id]
    with pytest.raises(NotFound):
        plans.remove_action(draft.id, first.id)


def test_a_locked_assessment_refuses_every_plan_change(services, plans, child_with_parents):
    [signed] = store(services.backend, profile(child_with_parents, weeks_ago(3), {"nutritional": 4},
                                               plan=[action("nutritional", 2, TODAY + timedelta(weeks=6))]))
    [submitted] = store(services.backend, profile(child_with_parents, weeks_ago(1), {},
                                                  status=AssessmentStatus.SUBMITTED))
    existing = signed.plan[0]
    for locked, words in ((signed, "countersigned"), (submitted, "submitted")):
        calls = [
            lambda: add_food(plans, locked.id),
            lambda: plans.update_action(locked.id, existing.model_copy(update={"progress_notes": "x"})),
            lambda: plans.remove_action(locked.id, existing.id),
            lambda: plans.review_action(locked.id, existing.id, ActionOutcome.MET),
            lambda: plans.withdraw_review(locked.id, existing.id),
        ]
        for call in calls:
            with pytest.raises(RecordLocked, match=words):
                call()
    assert services.assessments.get(signed.id).plan == signed.plan
    assert plan_audit(services, signed.id) == []


@pytest.fixture
def reassessment(services, child_with_parents):
    """A countersigned assessment with two actions (food by a date already passed, safety still to come), and
    the next assessment started, with food now at 3 and supervision at 2."""
    food = action("nutritional", 2, TODAY - timedelta(weeks=1), what="Food in the cupboards every day")
    safety = action("supervision", 1, TODAY + timedelta(weeks=3), what="An adult home after school")
    [previous] = store(services.backend, profile(child_with_parents, weeks_ago(13),
                                                 {"nutritional": 4, "supervision": 4}, plan=[food, safety]))
    assessment = services.assessments.start(child_with_parents.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=1))
    svc = services.assessments
    instrument = svc.instrument_for(assessment)
    for domain_id, grade in (("nutritional", 3), ("supervision", 2)):
        for item in instrument.items_for(domain_id, assessment.age_band):
            assessment = svc.grade_item(assessment.id, item.id, grade)
    return previous, assessment, food, safety


def test_the_previous_plan_is_listed_for_review_with_each_target_read_now(plans, reassessment):
    previous, assessment, food, safety = reassessment
    open_actions = plans.open_actions_to_review(assessment.id)
    assert [entry.action.id for entry in open_actions] == [food.id, safety.id]
    food_entry, safety_entry = open_actions
    assert food_entry.previous_assessment_id == previous.id
    assert (food_entry.target.grade_now, food_entry.target.met, food_entry.target.overdue) == (3, False, True)
    assert food_entry.suggested_outcome is ActionOutcome.PARTLY_MET  # 4 then, 3 now, target 2
    assert (safety_entry.target.grade_now, safety_entry.target.met) == (2, False)
    assert safety_entry.target.sentence.endswith("now 2: not met yet.")
    assert safety_entry.suggested_outcome is ActionOutcome.PARTLY_MET


def test_carrying_an_action_forward_copies_it_into_the_new_plan_as_one_thread(services, plans, reassessment):
    previous, assessment, food, safety = reassessment
    new_date = TODAY + timedelta(weeks=10)
    with pytest.raises(InvalidInput, match="had passed by this assessment: give a new date"):
        plans.review_action(assessment.id, food.id, ActionOutcome.PARTLY_MET, "Better, not yet every day", True)

    updated = plans.review_action(assessment.id, food.id, ActionOutcome.PARTLY_MET, "Better, not yet every day",
                                  carry_forward=True, by_when=new_date)

    [review] = updated.action_reviews
    assert (review.action_id, review.outcome, review.note, review.carried_forward) == (
        food.id, ActionOutcome.PARTLY_MET, "Better, not yet every day", True)
    [copy] = updated.plan
    assert copy.id != food.id and copy.carried_from_id == food.id
    assert (copy.what_will_change, copy.who, copy.target_grade, copy.by_when) == (
        food.what_will_change, food.who, 2, new_date)
    assert services.assessments.get(previous.id).plan == previous.plan  # the signed plan is untouched
    assert [entry.action.id for entry in plans.open_actions_to_review(assessment.id)] == [safety.id]
    reviewed = plans.previous_plan_review(assessment.id)[0]
    assert reviewed.review == review and reviewed.carried_to == copy
    event = plan_audit(services, assessment.id)[-1]
    assert event.action == "assessment.plan.review-action"
    assert event.before is None and event.after["carried"]["carried_from_id"] == str(food.id)


def test_closing_an_action_is_reviewing_it_without_carrying_it_forward(plans, reassessment):
    _, assessment, food, safety = reassessment
    carried = plans.review_action(assessment.id, safety.id, ActionOutcome.NOT_MET, carry_forward=True)
    assert [a.carried_from_id for a in carried.plan] == [safety.id]
    assert carried.plan[0].by_when == safety.by_when  # its date has not passed, so it may stay

    closed = plans.review_action(assessment.id, safety.id, ActionOutcome.MET, "Grandmother now collects him")
    assert closed.plan == []
    assert [(r.action_id, r.outcome, r.carried_forward) for r in closed.action_reviews] == [
        (safety.id, ActionOutcome.MET, False)]


def test_removing_a_carried_copy_closes_its_action_and_withdrawing_a_review_reopens_it(plans, reassessment):
    _, assessment, food, safety = reassessment
    carried = plans.review_action(assessment.id, safety.id, ActionOutcome.NOT_MET, carry_forward=True)
    after_removal = plans.remove_action(assessment.id, carried.plan[0].id)
    assert after_removal.plan == []
    assert after_removal.action_reviews[0].carried_forward is False

    plans.review_action(assessment.id, safety.id, ActionOutcome.NOT_MET, carry_forward=True)
    withdrawn = plans.withdraw_review(assessment.id, safety.id)
    assert withdrawn.plan == [] and withdrawn.action_reviews == []
    assert [e.action.id for e in plans.open_actions_to_review(assessment.id)] == [food.id, safety.id]
    with pytest.raises(NotFound, match="has not been reviewed"):
        plans.withdraw_review(assessment.id, safety.id)


def test_only_actions_of_the_previous_plan_can_be_reviewed(plans, reassessment):
    _, assessment, _, _ = reassessment
    with pytest.raises(NotFound, match="not part of the previous plan"):
        plans.review_action(assessment.id, action("physical", 2, TODAY).id, ActionOutcome.MET)


def test_a_first_assessment_has_no_previous_plan(services, plans, child_with_parents):
    first = services.assessments.start(child_with_parents.id)
    assert plans.open_actions_to_review(first.id) == []
    with pytest.raises(NotAllowed, match="first assessment"):
        plans.review_action(first.id, action("physical", 2, TODAY).id, ActionOutcome.MET)


def test_submit_waits_for_every_review_and_an_action_for_each_domain_at_4_or_5(services, plans, reassessment):
    _, assessment, food, safety = reassessment
    complete = fill_in(services, services.assessments.get(assessment.id),
                       grade_for=lambda item_id: 4 if item_id == "clothing" else 2)
    kinds = [gap.kind for gap in services.assessments.gaps(complete)]
    assert kinds.count(GapKind.ACTION_NOT_REVIEWED) == 2 and kinds.count(GapKind.CONCERN_WITHOUT_ACTION) == 1
    with pytest.raises(IncompleteAssessment) as caught:
        services.assessments.submit(complete.id, PASSWORD)
    assert any("the previous plan's action \"Food in the cupboards every day\"" in gap for gap in caught.value.gaps)
    assert "Physical care is graded 4 but the plan has no action for it." in caught.value.gaps

    plans.review_action(complete.id, food.id, ActionOutcome.MET, "Food seen on every visit")
    plans.review_action(complete.id, safety.id, ActionOutcome.MET, "Grandmother collects him")
    add_food(plans, complete.id, domain_id="physical", what_will_change="Clothes that fit and are washed")
    submitted = services.assessments.submit(complete.id, PASSWORD)
    assert submitted.status is AssessmentStatus.SUBMITTED


def test_the_plan_to_review_is_the_amendments_not_the_one_it_replaced(services, plans, child_with_parents):
    replaced_plan = [action("physical", 2, TODAY + timedelta(weeks=2), what="Replaced wording")]
    amended_plan = [action("physical", 2, TODAY + timedelta(weeks=2), what="Corrected wording")]
    amendment = profile(child_with_parents, weeks_ago(12), {"physical": 4}, plan=amended_plan)
    # Made after the amendment, so on the same visit date the replaced one sorts last: it must still be skipped.
    replaced = profile(child_with_parents, weeks_ago(12), {"physical": 4}, plan=replaced_plan,
                       status=AssessmentStatus.AMENDED)
    store(services.backend, amendment, replaced)
    started = services.assessments.start(child_with_parents.id)
    assert [entry.action.what_will_change for entry in plans.open_actions_to_review(started.id)] == [
        "Corrected wording"]


def test_visit_date_an_assessment_written_up_weeks_after_its_visits_keeps_the_plan_dates_agreed_then(
        services, plans, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY - timedelta(weeks=6))
    agreed = TODAY - timedelta(weeks=2)  # agreed at the visit, already past on the day it is typed up
    updated = add_food(plans, assessment.id, by_when=agreed)
    assert updated.plan[0].by_when == agreed
    with pytest.raises(InvalidInput, match="before the assessment's last visit"):
        add_food(plans, assessment.id, by_when=TODAY - timedelta(weeks=7))


def test_visit_date_the_previous_plan_is_judged_on_this_assessments_visit_not_today(
        services, plans, child_with_parents):
    food = action("nutritional", 2, TODAY - timedelta(weeks=3), what="Food in the cupboards every day")
    store(services.backend, profile(child_with_parents, weeks_ago(20), {"nutritional": 4}, plan=[food]))
    assessment = services.assessments.start(child_with_parents.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY - timedelta(weeks=5))
    [entry] = plans.previous_plan_review(assessment.id)
    # On the visit, five weeks ago, the target date was still two weeks off.
    assert entry.target.overdue is False
    assert "not graded now" in entry.target.sentence or "not met yet" in entry.target.sentence
